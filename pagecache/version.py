"""The content version every cached page and figure is checked against.

Instead of tracking which pages a change touches, one *content version* lives in the shared
cache (Redis, or the file cache all gunicorn workers on a machine share). Each page is stored
with the version it was rendered under; any change to watched content bumps the version
(``pagecache.invalidation``), which every worker on every host sees on its next request, and an
entry of another version is simply a miss.

The version also records when the next change happens by itself (a scheduled post going live,
as told by the content's app through ``invalidation.watch``): once that moment has passed, the
version is renewed, so no cached page outlives it.
"""

import contextvars
import time
import uuid
from dataclasses import astuple, dataclass

from django.conf import settings
from django.core.cache import caches

# A clock that went back by more than this (a host with a skewed clock, a test travelling in
# time) recomputes the version: the horizon was computed for a later "now" and could hide a post
# that is no longer public.
CLOCK_SKEW = 5.0


@dataclass(frozen=True)
class Version:
    token: str
    stamp: float  # when the content last changed (Last-Modified)
    next_change: float | None  # when the content changes by itself next
    computed_at: float

    def is_current(self, now):
        if self.next_change is not None and now >= self.next_change:
            return False
        return now >= self.computed_at - CLOCK_SKEW


def shared_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


_release = None


def release():
    """Pages rendered by another release (templates, hashed static URLs) never match."""
    global _release
    if _release is None:
        from django.contrib.staticfiles.storage import staticfiles_storage

        manifest = getattr(staticfiles_storage, "manifest_hash", "") or ""
        _release = f"{settings.PAGE_CACHE_RELEASE}{manifest}"
    return _release


def version_key():
    return f"pagecache:version:{release()}"


# Told by the content's app (``invalidation.watch``): when its next change happens by itself,
# as an aware datetime, or None.
_next_change = None


def set_next_change(callable_):
    global _next_change
    _next_change = callable_


def _new_version():
    now = time.time()
    when = _next_change() if _next_change else None
    return Version(uuid.uuid4().hex, now, when.timestamp() if when else None, now)


# Set when this process wrote rows it has not committed yet (see pagecache.invalidation).
_changed_locally = False


def mark_changed_locally():
    global _changed_locally
    _changed_locally = True


# The version a request in progress was served under (see ``pinned``): every figure of one page
# is read under the same version, and the shared cache is asked for it once per request.
_pinned = contextvars.ContextVar("pagecache_pinned_version", default=None)


def bump():
    """Invalidate every cached page and figure, on every worker and host, at once."""
    global _changed_locally
    _changed_locally = False
    version = _new_version()
    shared_cache().set(version_key(), astuple(version), None)
    if _pinned.get() is not None:
        _pinned.set(version)  # a write during the request: later reads see it
    return version


def current_version():
    """The version in force, made (or renewed past its horizon) when needed."""
    if _changed_locally:
        return bump()
    if (pinned_version := _pinned.get()) is not None:
        return pinned_version
    cache = shared_cache()
    raw = cache.get(version_key())
    if raw is None:
        # First request after a start or a cache flush: add() so that concurrent workers agree
        # on one version rather than each making its own.
        cache.add(version_key(), astuple(_new_version()), None)
        raw = cache.get(version_key())
        if raw is None:  # a cache that stores nothing (e.g. DummyCache)
            return _new_version()
    version = Version(*raw)
    if not version.is_current(time.time()):
        version = bump()
    return version


class pinned:
    """``with pinned(version):`` ``current_version()`` answers ``version`` without asking the
    shared cache (a local write still bumps it)."""

    def __init__(self, version):
        self.version = version

    def __enter__(self):
        self.token = _pinned.set(self.version)
        return self.version

    def __exit__(self, *exc):
        _pinned.reset(self.token)
