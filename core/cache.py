"""The Redis cache backend with its client object built once.

Django's RedisCacheClient wraps the pooled connection in a new `redis.Redis` object on every cache call
(`get_client()`), which showed in the public QR page's profile (issue 18: "the cache client is rebuilt
per call"). A `redis.Redis` over a connection pool is thread-safe, so one per server is kept and reused.
"""

import logging
import time

from django.core.cache.backends import redis as django_redis

logger = logging.getLogger(__name__)


class ReusingRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


# After a failed cache call, skip the cache for a while instead of making every request wait for the
# socket timeout again (0.5 s). One state per process: every caller talks to the same Redis.
CACHE_BACKOFF_SECONDS = 30
_down_until = 0.0


def fail_open(fn, default, skipped: str):
    """Run a cache operation; on any error remember the outage for CACHE_BACKOFF_SECONDS, log what is
    `skipped` meanwhile and return `default` (also while the outage is remembered)."""
    global _down_until
    if time.monotonic() < _down_until:
        return default
    try:
        return fn()
    except Exception:
        _down_until = time.monotonic() + CACHE_BACKOFF_SECONDS
        logger.warning("cache unavailable: %s (fail open)", skipped, exc_info=True)
        return default


def reset_backoff() -> None:
    global _down_until
    _down_until = 0.0
