"""A cache for expensive results, shared by every worker and host through Redis when
REDIS_URL is set, otherwise kept in each process.

Values are stored as bytes (JSON or a file's bytes, never pickles: a shared Redis must not be
able to run code in the app). Keys carry the model's identity, so a new model never reads an
old model's results. If Redis stops answering, each process caches in its own memory meanwhile
(logging that once), so answers get slower but never fail, and tries Redis again after RETRY
seconds.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import orjson

from model.learning.artifact import model_id

log = logging.getLogger("dashboard.cache")  # the name operators filter on
T = TypeVar("T")
RETRY = 10.0  # seconds before trying an unreachable Redis again
PREFIX = "earnings"


def digest(*parts: object) -> str:
    """A short, stable hash of JSON-able parts (a cache key's variable part)."""
    data = orjson.dumps(parts, default=str,
                        option=orjson.OPT_SORT_KEYS | orjson.OPT_SERIALIZE_NUMPY)
    return hashlib.sha256(data).hexdigest()[:32]


def dumps_json(value: object) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY)


class MemoryStore:
    """This process's store: least recently used entries go first past `max_bytes`."""

    name = "memory"
    available = True

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def set(self, key: str, value: bytes, ttl: int) -> None:
        if len(value) > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self._size += len(value) - (len(old) if old is not None else 0)
            self._items[key] = value
            while self._size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


class RedisStore:
    """A Redis server shared by every worker; while it is unreachable (logged once), this
    process's `fallback` memory answers instead."""

    name = "redis"

    def __init__(self, url: str, timeout: float = 0.25,
                 fallback: MemoryStore | None = None) -> None:
        self.fallback = fallback or MemoryStore(64 * 1024 * 1024)
        import redis  # only deployments with REDIS_URL need it loaded

        self._errors = (redis.RedisError, OSError)
        self._client = redis.Redis.from_url(url, socket_timeout=timeout,
                                            socket_connect_timeout=timeout,
                                            health_check_interval=30)
        self._where = self._client.connection_pool.connection_kwargs.get("host", "redis")
        self._down_until = 0.0
        self._down = False
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """False while Redis is known to be unreachable."""
        return not self._down

    def get(self, key: str) -> bytes | None:
        value = self._call(self._client.get, key)
        return self.fallback.get(key) if self._down else value

    def set(self, key: str, value: bytes, ttl: int) -> None:
        self._call(self._client.set, key, value, ex=ttl)
        if self._down:
            self.fallback.set(key, value, ttl)

    def _call(self, method, *args, **kwargs):
        if self._down and time.monotonic() < self._down_until:
            return None
        try:
            result = method(*args, **kwargs)
        except self._errors as exc:
            with self._lock:
                if not self._down:
                    log.warning("Redis at %s is unavailable (%s); caching in this process "
                                "until it is back", self._where, exc)
                self._down, self._down_until = True, time.monotonic() + RETRY
            return None
        if self._down:
            with self._lock:
                if self._down:
                    log.warning("Redis at %s is back; caching there again", self._where)
                    self.fallback.clear()
                self._down = False
        return result


class Cache:
    """`remember(kind, parts, compute)`: the stored result for these parts, or compute it,
    store it and return it. Keys are PREFIX:model:kind:digest(parts)."""

    def __init__(self, store: MemoryStore | RedisStore, model: str, ttl: int = 86_400) -> None:
        self.store, self.model, self.ttl = store, model, ttl
        self.hits = self.misses = 0

    @property
    def backend(self) -> str:
        """'redis' or 'memory'."""
        return self.store.name

    @property
    def available(self) -> bool:
        """False while Redis is unreachable (each process caches for itself meanwhile)."""
        return self.store.available

    def key(self, kind: str, parts: tuple) -> str:
        return f"{PREFIX}:{self.model}:{kind}:{digest(*parts)}"

    def remember(self, kind: str, parts: tuple, compute: Callable[[], T],
                 dumps: Callable[[T], bytes] = dumps_json,
                 loads: Callable[[bytes], T] = orjson.loads) -> T:
        key = self.key(kind, parts)
        stored = self.store.get(key)
        if stored is not None:
            self.hits += 1
            return loads(stored)
        self.misses += 1
        value = compute()
        self.store.set(key, dumps(value), self.ttl)
        return value


def make_cache(redis_url: str | None, metadata: dict, memory_mb: float = 64.0,
               ttl: int = 86_400) -> Cache:
    """Redis when `redis_url` is set (this process's memory while it is down), else this
    process's memory."""
    memory = MemoryStore(int(memory_mb * 1024 * 1024))
    store = RedisStore(redis_url, fallback=memory) if redis_url else memory
    return Cache(store, model_id(metadata), ttl)  # the id readiness and About show
