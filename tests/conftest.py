"""Personas and test-only settings (CONVENTIONS §17)."""

import logging

import pytest
from celery.contrib.testing.worker import start_worker

from congress.celery import app as celery_app
from congress.roles import Role
from tests.factories.congress import OrganizationFactory, UserFactory

TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = TEST_PASSWORD_HASHERS
    # Tests log people in with force_login; the second factor's own tests
    # (tests/congress/test_second_factor.py) switch it back on.
    settings.STAFF_SECOND_FACTOR = False
    # Production settings otherwise: the test client speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    cache.clear()
    # Transactional tests flush the database and recreate the content types
    # with new ids: drop the ids cached by earlier tests.
    ContentType.objects.clear_cache()


class _Demo:
    seeded = False  # the demo county is in the database, committed
    keep = False  # the next test uses it too: do not flush it


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """The whole demo county (every app's seeder), seeded for the test module
    and committed; each test still runs in its own rolled-back transaction.
    The module's end flushes the database, as transactional tests do, unless
    the next test uses the demo too (the demo modules run one after another:
    seeding it once for all of them saves minutes)."""
    from django.core.management import call_command
    from django.test import override_settings

    from congress import demo

    with django_db_blocker.unblock():
        if not _Demo.seeded:
            with override_settings(PASSWORD_HASHERS=TEST_PASSWORD_HASHERS):
                demo.seed_all()
            _Demo.seeded = True
        yield
        if not _Demo.keep:
            call_command("flush", interactive=False, verbosity=0)
            _Demo.seeded = False


def _flushes(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    return transactional or bool(
        {"transactional_db", "live_server"} & set(item.fixturenames)
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    _Demo.keep = nextitem is not None and "demo_db" in nextitem.fixturenames
    try:
        return (yield)
    finally:
        if _flushes(item):  # a transactional test flushed the demo away
            _Demo.seeded = False


def pytest_collection_modifyitems(items):
    # The demo modules' tests run after the others, those on the demo county
    # last (one seeding serves them all; transactional ones, which flush it,
    # at the very end), then the live-server journeys (they flush the
    # database). A test without the demo never follows one with it in the
    # same module, where the module's fixture would not have flushed it yet.
    demo_modules = {item.module for item in items if "demo_db" in item.fixturenames}

    def order(item):
        in_demo_module = item.module in demo_modules
        return (
            item.get_closest_marker("browser") is not None,
            in_demo_module,
            in_demo_module and "demo_db" in item.fixturenames,
            in_demo_module and _flushes(item),
        )

    items.sort(key=order)


@pytest.fixture
def office(db):
    return UserFactory(username="t_office", roles=[Role.OFFICE], is_staff=True)


@pytest.fixture
def leader(db):
    return UserFactory(username="t_leader", roles=[Role.LEADER])


@pytest.fixture
def member(db):
    return UserFactory(username="t_member", roles=[Role.MEMBER])


@pytest.fixture
def deputy(db):
    return UserFactory(username="t_deputy", roles=[Role.DEPUTY])


@pytest.fixture
def other_deputy(db):
    return UserFactory(username="t_other_deputy", roles=[Role.DEPUTY])


@pytest.fixture
def liaison_a(db):
    org = OrganizationFactory(name="测试局甲")
    return UserFactory(
        username="t_liaison_a", roles=[Role.ORG_LIAISON], organization=org
    )


@pytest.fixture
def liaison_b(db):
    org = OrganizationFactory(name="测试局乙")
    return UserFactory(
        username="t_liaison_b", roles=[Role.ORG_LIAISON], organization=org
    )


@pytest.fixture
def station_manager(db):
    return UserFactory(username="t_station", roles=[Role.STATION_MANAGER])


@pytest.fixture
def other_station_manager(db):
    return UserFactory(username="t_other_station", roles=[Role.STATION_MANAGER])


@pytest.fixture
def celery_worker(transactional_db):
    # The worker runs in a thread with its own database connection, so it only
    # sees committed rows: hence the transactional database. No ping check:
    # it needs celery.contrib.testing's ping task registered on our app.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False) as worker:
            yield worker
    finally:
        # Celery's worker logging setup replaces the root handlers (pytest's too).
        root.handlers[:] = handlers
        root.setLevel(level)
