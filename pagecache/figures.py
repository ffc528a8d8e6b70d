"""Data that pages show and that costs a query growing with the site (counts, tag clouds,
related posts…), remembered until the content changes.

Keyed on the shared content version (``pagecache.version``), which every watched change bumps,
in every worker and on every host, and which runs out when the content next changes by itself.
"""

import time

from django.core.cache import cache

from . import version
from .lru import LRU

MAX_AGE = 10 * 60  # seconds; a safety net: changes invalidate at once
LOCAL_ENTRIES = 500  # figures each process keeps in memory
_MISSING = object()

# This process's copies, a shortcut past the shared cache (a file read and unpickling, or a round
# trip to Redis, per figure): name -> (token, expiry on the monotonic clock, value). An entry is
# used only under the token it was read with and for MAX_AGE at most, like the shared entries,
# so no worker answers from figures another has invalidated. Values are shared between requests
# and must be treated as read-only.
_local = LRU(max_entries=LOCAL_ENTRIES)


def cached(name, compute):
    """``compute()``, remembered under ``name`` until the content changes."""
    token = version.current_version().token
    local = _local.get(name)
    if local is not None and local[0] == token and time.monotonic() < local[1]:
        return local[2]
    key = f"pagecache:figure:{token}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, MAX_AGE)
    _local.put(name, (token, time.monotonic() + MAX_AGE, value))
    return value


def forget_local():
    """Drop this process's copies (tests that change content behind the cache's back)."""
    _local.clear()
