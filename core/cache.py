"""The Redis cache backend with its client object built once.

Django's RedisCacheClient wraps the pooled connection in a new `redis.Redis` object on every cache call
(`get_client()`), which showed in the public QR page's profile (issue 18: "the cache client is rebuilt
per call"). A `redis.Redis` over a connection pool is thread-safe, so one per server is kept and reused.
"""

from django.core.cache.backends import redis as django_redis


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
