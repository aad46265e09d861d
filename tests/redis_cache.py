"""The Redis cache the test settings use: clearing it deletes only its own keys.

Django's RedisCache.clear() empties the whole Redis database (FLUSHDB). Two pytest-xdist workers
share one database (the one REDIS_URL names), each with its own KEY_PREFIX; a worker clearing the
cache before a test must not wipe the other worker's rate-limit counters in the middle of its test.
"""

from django.core.cache.backends.redis import RedisCache


class PrefixClearingRedisCache(RedisCache):
    def clear(self):
        client = self._cache.get_client(None, write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
        return True
