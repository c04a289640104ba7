"""Django's Redis cache, keeping its redis-py client instead of building a new one for every
cache call.

Django's RedisCacheClient.get_client makes a `redis.Redis` for each get or set; building one
registers some 170 reply parsers, which was a quarter of the time of serving a cached page
(bench/load.py). The client is kept per connection pool, and so per server. Django already gives
each thread its own cache object, and redis-py's pool checks the process id after a fork, so a
kept client is never shared between threads or processes.
"""
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
