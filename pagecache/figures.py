"""Data that pages show and that costs a query growing with the site (counts, tag clouds,
related posts…), remembered until a change touches what it depends on.

``cached(name, compute, keys)`` keeps ``compute()`` under ``name`` with its dependency keys
(a list, or a function of the value: related posts depend on the posts they list). Reading a
figure declares its keys for the response being rendered (``pagecache.deps``), so a page using
it is invalidated with it. Entries are checked like pages (``pagecache.version.check``); when
one is missing or out of date, one process computes it while the others wait for its copy
(``pagecache.stampede``). Without the shared cache, figures are computed every time.
"""

import logging
import pickle
import time
from dataclasses import dataclass, replace

from config.cachebackends import CacheUnavailable

from . import deps, stampede, version
from .lru import SegmentedLRU

logger = logging.getLogger(__name__)

MAX_AGE = 10 * 60  # seconds; a safety net (a change invalidates at once)
LOCAL_ENTRIES = 1000  # figures each process keeps in memory
LOCAL_BYTES = 16 * 1024 * 1024
WAIT_SECONDS = 1.0  # for another process computing the same figure


@dataclass(frozen=True)
class Figure:
    rendered_at: int
    keys: frozenset
    value: object
    expires: float  # wall clock: the shared entry's timeout, kept by the local copy too
    size: int = 0


# This process's copies, a shortcut past the shared cache (a read and unpickling per figure).
# Values are shared between requests and must be treated as read-only.
_local = SegmentedLRU(LOCAL_ENTRIES, LOCAL_BYTES, size=lambda figure: figure.size)


def _keys_of(keys, value):
    """What a figure holds; ``None`` (no keys given) is ``version.ANY``: a figure that does not say
    what it shows is invalidated by every change, never kept stale."""
    if keys is None:
        return frozenset({version.ANY})
    return frozenset(keys(value) if callable(keys) else keys)


def _shared_name(name):
    return f"pagecache:{version.release()}:figure:{name}"


def cached(name, compute, keys=None, declare=True, volatile=False):
    """``compute()``, remembered under ``name`` until a change touches ``keys`` (every change,
    when none are given: ``version.ANY``); reading it
    declares those keys for the response being rendered (unless ``declare`` is False: the
    caller declares what of it the response shows). ``volatile``: a figure named by what a
    reader typed (a search's count), kept in the budget of such things."""
    try:
        snap = version.snapshot()
        figure = None if snap.bypass else _current(name, snap, volatile)
        if figure is None:
            figure = _rebuild(name, compute, keys, snap, volatile)
    except CacheUnavailable:
        figure = _compute(compute, keys, None)
    if declare:
        deps.declare_all(figure.keys)
    return figure.value


def _current(name, snap, volatile):
    figure = _local.get(name)
    if figure is not None:
        figure = _checked(name, figure, snap, local=True)
    if figure is None:
        figure = _from_shared(name, snap, volatile)
    return figure


def _checked(name, figure, snap, local):
    if figure.expires <= time.time():
        _local.pop(name)
        return None
    verdict = version.check(figure.keys, figure.rendered_at, snap)
    if not verdict.current:
        if local:
            _local.pop(name)
        return None
    if verdict.rendered_at != figure.rendered_at:
        figure = replace(figure, rendered_at=verdict.rendered_at)
        _local.put(name, figure)
    return figure


def _from_shared(name, snap, volatile=False):
    raw = version.shared_cache(volatile).get(_shared_name(name))
    if not isinstance(raw, tuple) or len(raw) != 4:
        return None
    figure = Figure(*raw, size=len(pickle.dumps(raw[2], pickle.HIGHEST_PROTOCOL)))
    figure = _checked(name, figure, snap, local=False)
    if figure is not None:
        _local.put(name, figure)
    return figure


def _compute(compute, keys, snap):
    with deps.collecting(propagate=False) as inner:  # figures it reads itself (counts of tags...) count too
        value = compute()
    size = len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    rendered_at = snap.started if snap else 0
    return Figure(rendered_at, _keys_of(keys, value) | inner.keys, value, time.time() + MAX_AGE, size)


def _rebuild(name, compute, keys, snap, volatile=False):
    if not stampede.acquire(f"figure:{name}"):
        figure = stampede.wait_for(lambda: _from_shared(name, snap, volatile), WAIT_SECONDS)
        if figure is not None:
            return figure
        return _store(name, _compute(compute, keys, snap), snap, volatile)
    try:
        return _store(name, _compute(compute, keys, snap), snap, volatile)
    finally:
        stampede.release_lock(f"figure:{name}")


def _store(name, figure, snap, volatile=False):
    if snap.bypass or not version.seal(figure.keys, snap):
        return figure  # changed while it was computed: good for this request only
    raw = (figure.rendered_at, figure.keys, figure.value, figure.expires)
    version.shared_cache(volatile).set(_shared_name(name), raw, MAX_AGE)
    _local.put(name, figure)
    return figure


def forget_local():
    """Drop this process's copies (tests that change content behind the cache's back)."""
    _local.clear()
