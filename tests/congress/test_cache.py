"""The cache degrades to a miss when Redis is down; pages and rules keep working."""

import socket
import threading

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from congress import rules
from congress.cache import ResilientRedisCache
from tests.factories.congress import PASSWORD

CLOSED_PORT = "redis://127.0.0.1:1/0"
OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def _cache(location: str = CLOSED_PORT) -> ResilientRedisCache:
    return ResilientRedisCache(location, {"OPTIONS": OPTIONS})


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "congress.cache.ResilientRedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": OPTIONS,
        }
    }


@pytest.fixture
def broken_server():
    """A TCP server that counts connections and closes each one at once."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def serve():
        while True:
            try:
                connection, _address = listener.accept()
            except OSError:
                return
            accepted.append(connection)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0", accepted
    listener.close()


def test_cache_down_reads_give_the_default():
    cache = _cache()
    assert cache.get("key") is None
    assert cache.get("key", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("key") is False
    assert cache.get_or_set("key", "computed") == "computed"


def test_cache_down_writes_do_not_raise():
    cache = _cache()
    cache.set("key", 1)
    assert cache.add("key", 1) is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.touch("key") is False
    assert cache.delete("key") is False
    cache.delete_many(["a", "b"])
    assert cache.clear() is False


def test_cache_down_incr_behaves_as_a_missing_key():
    cache = _cache()
    with pytest.raises(ValueError, match="not found"):
        cache.incr("counter")
    with pytest.raises(ValueError, match="not found"):
        cache.decr("counter")


def test_cache_up_stores_values():
    cache = _cache(django_settings.REDIS_URL)
    cache.set("congress-test-cache", {"a": 1})
    assert cache.get("congress-test-cache") == {"a": 1}
    cache.delete("congress-test-cache")


def test_cache_down_skips_redis_for_a_while_after_a_failure(broken_server):
    location, accepted = broken_server
    cache = _cache(location)
    assert cache.get("key", "fallback") == "fallback"
    attempts = len(accepted)
    assert attempts >= 1
    for _call in range(5):
        assert cache.get("key", "fallback") == "fallback"
    assert len(accepted) == attempts


def test_cache_down_tries_redis_again_after_the_backoff(broken_server):
    location, accepted = broken_server
    cache = _cache(location)
    cache.backoff_seconds = 0
    cache.get("key")
    attempts = len(accepted)
    cache.get("key")
    assert len(accepted) > attempts


def test_rules_get_reads_the_database_while_redis_is_down(
    db, redis_down, django_capture_on_commit_callbacks
):
    key = rules.LOGIN_FAILURE_LIMIT.key
    assert rules.get(key) == 5
    with django_capture_on_commit_callbacks(execute=True):
        rules.rule_set(key, 7)
    assert rules.get(key) == 7


def test_login_page_works_while_redis_is_down(client, db, redis_down):
    assert client.get(reverse("login")).status_code == 200


def test_login_works_while_redis_is_down(client, deputy, redis_down):
    # A failed login makes django-axes read the lockout rules through the cache.
    wrong = {"username": deputy.username, "password": "wrong"}
    assert client.post(reverse("login"), wrong).status_code == 200
    right = {"username": deputy.username, "password": PASSWORD}
    assert client.post(reverse("login"), right).status_code == 302
