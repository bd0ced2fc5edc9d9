"""A Redis cache that degrades to a miss instead of an error when Redis is down."""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _tolerant(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() >= self._skip_until:
                try:
                    return method(self, *args, **kwargs)
                except RedisError as error:
                    self._skip_until = time.monotonic() + self.backoff_seconds
                    logger.warning(
                        "cache %s failed; skipping Redis for %s s: %s",
                        method.__name__,
                        self.backoff_seconds,
                        error,
                    )
            return fallback(*args, **kwargs) if callable(fallback) else fallback

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _not_found(key, *args, **kwargs):
    # Django's contract for incr()/decr() on a key that is not there.
    raise ValueError(f"Key {key!r} not found.")


class ResilientRedisCache(RedisCache):
    # After a failure, calls skip Redis for a while: a hung server would
    # otherwise cost every cache call its full socket timeout.
    backoff_seconds = 5.0
    _skip_until = 0.0

    get = _tolerant(_default)(RedisCache.get)
    get_many = _tolerant(lambda *args, **kwargs: {})(RedisCache.get_many)
    set = _tolerant(None)(RedisCache.set)
    add = _tolerant(False)(RedisCache.add)
    set_many = _tolerant(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    incr = _tolerant(_not_found)(RedisCache.incr)
    clear = _tolerant(False)(RedisCache.clear)
