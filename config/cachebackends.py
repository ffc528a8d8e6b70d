"""Cache backends that fail fast: a short timeout on every call and a circuit breaker.

A cache is an optimisation, never a dependency. When the shared cache is down (connection
refused) or hung (a socket that accepts and never answers), a call costs at most the client's
socket timeout; the first failure opens the breaker for ``BREAKER_SECONDS``, during which every
call fails at once without touching the network; then one call tries again (and either closes
the breaker or opens it for another interval). A dead cache so costs each process one timeout per
interval, not one per call.

Two behaviours, chosen per alias with ``OPTIONS["STRICT"]``:

* lenient (the default alias, what third-party code sees): a failed read is a miss, a failed
  write is dropped; ``incr``/``decr``/``clear`` raise ``CacheUnavailable``;
* strict (the page cache's alias): every failure raises ``CacheUnavailable``, so the caller can
  tell an outage from a miss (the page cache then serves pages uncached, rather than trusting
  what it cannot check).

Aliases on the same server share one breaker per process.
"""

import logging
import threading
import time

from diskcache import DjangoCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

logger = logging.getLogger(__name__)

BREAKER_SECONDS = 5.0


class CacheUnavailable(Exception):
    """The cache did not answer (or its breaker is open): treat it as absent."""


class Breaker:
    """Open for ``interval`` seconds after a failure; one trial call then decides."""

    def __init__(self, name, interval=BREAKER_SECONDS):
        self.name = name
        self.interval = interval
        self.open_until = 0.0
        self.failures = 0  # consecutive, for the log
        self.trial = False
        self.lock = threading.Lock()

    @property
    def is_open(self):
        return time.monotonic() < self.open_until

    def before_call(self):
        """Raise while open; let one caller through when the interval has passed."""
        if not self.open_until:
            return
        with self.lock:
            if time.monotonic() < self.open_until or self.trial:
                raise CacheUnavailable(f"cache {self.name} unavailable (breaker open)")
            self.trial = True

    def succeeded(self):
        if self.open_until:
            with self.lock:
                logger.warning("Cache %s answers again after %d failed calls", self.name, self.failures)
                self.open_until, self.failures, self.trial = 0.0, 0, False
            for callback in _recovery_callbacks:
                try:
                    callback(self.name)
                except Exception:
                    logger.exception("Cache %s: a recovery callback failed", self.name)

    def failed(self, exc):
        with self.lock:
            self.failures += 1
            self.trial = False
            self.open_until = time.monotonic() + self.interval
        logger.error("Cache %s unavailable (%s: %s); not asked again for %.0f s", self.name, type(exc).__name__, exc,
                     self.interval)  # fmt: skip


_breakers = {}
_breakers_lock = threading.Lock()
_recovery_callbacks = []


def on_recovery(callback):
    """Call ``callback(location)`` whenever a cache of this process answers again after an
    outage (what was written meanwhile never reached it)."""
    _recovery_callbacks.append(callback)


def breaker_for(location):
    with _breakers_lock:
        if location not in _breakers:
            _breakers[location] = Breaker(location)
        return _breakers[location]


def breakers():
    """Every breaker of this process, by location (for /healthz)."""
    return dict(_breakers)


# Operation -> what a lenient cache answers when the call fails (None: it raises).
_LENIENT = {
    "get": lambda args, kwargs: kwargs.get("default", args[1] if len(args) > 1 else None),
    "get_many": lambda args, kwargs: {},
    "has_key": lambda args, kwargs: False,
    "add": lambda args, kwargs: False,
    "set": lambda args, kwargs: None,
    "set_many": lambda args, kwargs: list(args[0]) if args else [],
    "touch": lambda args, kwargs: False,
    "delete": lambda args, kwargs: False,
    "delete_many": lambda args, kwargs: None,
    "incr": None,
    "decr": None,
    "clear": None,
}


class GuardedMixin:
    """Every cache operation through the breaker; failures raise or degrade (see module doc)."""

    failure_errors = (OSError,)

    def _setup_guard(self, location, options):
        self.strict = bool(options.pop("STRICT", False))
        self.breaker = breaker_for(location)

    def _guarded(self, operation, call, args, kwargs):
        try:
            self.breaker.before_call()
            result = call(*args, **kwargs)
        except CacheUnavailable:
            return self._degrade(operation, args, kwargs, None)
        except self.failure_errors as exc:
            self.breaker.failed(exc)
            return self._degrade(operation, args, kwargs, exc)
        except Exception:
            self.breaker.succeeded()  # it answered (incr of a missing key, a value error...)
            raise
        self.breaker.succeeded()
        return result

    def _degrade(self, operation, args, kwargs, exc):
        answer = _LENIENT[operation]
        if self.strict or answer is None:
            raise CacheUnavailable(f"cache {self.breaker.name} unavailable") from exc
        return answer(args, kwargs)


def _guard(operation):
    def method(self, *args, **kwargs):
        return self._guarded(operation, getattr(super(GuardedMixin, self), operation), args, kwargs)

    method.__name__ = operation
    return method


for _operation in _LENIENT:
    setattr(GuardedMixin, _operation, _guard(_operation))


class RedisCache(GuardedMixin, DjangoRedisCache):
    """Django's Redis cache with short socket timeouts (OPTIONS, e.g. 0.25 s) and the breaker."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._setup_guard(server if isinstance(server, str) else ",".join(server), options)
        super().__init__(server, {**params, "OPTIONS": options})
        import redis

        self.failure_errors = (redis.RedisError, OSError)


class DiskCache(GuardedMixin, DjangoCache):
    """diskcache's Django backend (SQLite-indexed files: no directory scan), with the breaker (a
    full or read-only disk degrades like an outage) and two budgets: bytes
    (``OPTIONS["size_limit"]``, culled by diskcache's eviction policy) and entries
    (``OPTIONS["MAX_ENTRIES"]``: past it, the oldest stored entries go, checked every
    ``ENTRY_CHECK_EVERY`` writes)."""

    ENTRY_CHECK_EVERY = 64

    def __init__(self, directory, params):
        options = dict(params.get("OPTIONS", {}))
        self._setup_guard(directory, options)
        self.max_entries = options.pop("MAX_ENTRIES", None)
        self._writes = 0
        super().__init__(directory, {**params, "OPTIONS": options})
        import sqlite3

        self.failure_errors = (sqlite3.Error, OSError)

    def set(self, *args, **kwargs):
        result = super().set(*args, **kwargs)
        self._after_write()
        return result

    def add(self, *args, **kwargs):
        result = super().add(*args, **kwargs)
        self._after_write()
        return result

    def _after_write(self):
        self._writes += 1
        if not self.max_entries or self._writes % self.ENTRY_CHECK_EVERY:
            return
        try:
            self._evict_oldest(len(self._cache) - self.max_entries)
        except Exception as exc:  # a budget check must never fail a write
            logger.warning("Cache %s: entry budget not enforced (%s)", self.breaker.name, exc)

    def _evict_oldest(self, excess):
        shards = getattr(self._cache, "_shards", ())
        if excess <= 0 or not shards:
            return
        for shard in shards:
            for _ in range(excess // len(shards) + 1):
                try:
                    key, _value = shard.peekitem(last=False)
                except KeyError:
                    break
                shard.delete(key)

    def close(self, **kwargs):
        # Django closes caches after every request, and diskcache would reopen its SQLite files
        # on the next call. Keep them open: diskcache itself reconnects in a forked process.
        pass
