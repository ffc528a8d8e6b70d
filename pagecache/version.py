"""What changed when: dependency keys and the sequence of changes, in the shared state cache.

Every cached page and figure knows what it shows as *dependency keys*: strings the content's
app names ("post:12", "list:home", "site:tags"...; see ``pagecache.deps``). The state lives in
the cache alias ``PAGE_CACHE_STATE_ALIAS`` (Redis on a site with several hosts, a diskcache
directory of its own on one machine, where no flood of pages can evict it):

* two counters, *started* and *finished*. A committed change takes a sequence number
  ``s = incr(started)``, writes ``(s, time, hard)`` under every key it touches, then increments
  *finished*. The counters start at a random epoch in their high bits, so counters lost with a
  flushed or restarted cache never match an entry made before;
* per key, its last change: ``(seq, time, hard)``; ``hard`` marks a removal (a delete, an
  unpublish), after which no stale copy may be served, not even for a few seconds;
* ``meta``: when the content last changed (``Last-Modified``), when it next changes by itself
  (a scheduled post going live, told by the content's app through
  ``invalidation.schedule``), and when that was computed.

An entry remembers *started* as it was read before its content was read from the database
(``rendered_at``), and its keys. It is current while none of its keys has a change numbered
above ``rendered_at``: a change committed before the content was read is in it; one committed
after is numbered above it. Checking costs one read of the keys' records; once an entry has
been found current while no change was in flight (started == finished), its ``rendered_at``
moves up to *started*, and until the next change anywhere it is current without reading a key.

A request reads the counters and ``meta`` once (``snapshot()``, pinned for the request by the
middleware): every page and figure of one request is checked against the same snapshot.
"""

import contextvars
import logging
import secrets
import threading
import time
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

ALL = "all"  # every entry depends on it: ``bump()`` with no keys invalidates everything
ANY = "any"  # touched by every change: what a response that declared nothing depends on
EPOCH_SHIFT = 32
# A clock that went back by more than this (a host with a skewed clock, a test travelling in
# time) invalidates everything: the horizon was computed for a later "now" and could hide a
# post that is no longer public.
CLOCK_SKEW = 5.0
# A change whose *finished* increment never came (its process died half way) stops blocking
# revalidation after this long.
STUCK_SECONDS = 10.0
HORIZON_LOCK_SECONDS = 10


def state_cache():
    return caches[settings.PAGE_CACHE_STATE_ALIAS]


def shared_cache(volatile=False):
    """Where pages and figures are kept (bounded; may evict); ``volatile``: those keyed by what
    readers type (a search, a page number), in a budget of their own."""
    return caches[settings.PAGE_CACHE_QUERY_ALIAS if volatile else settings.PAGE_CACHE_ALIAS]


_release = None


def release():
    """Pages rendered by another release (templates, hashed static URLs) never match."""
    global _release
    if _release is None:
        from django.contrib.staticfiles.storage import staticfiles_storage

        manifest = getattr(staticfiles_storage, "manifest_hash", "") or ""
        _release = f"{settings.PAGE_CACHE_RELEASE}{manifest}"
    return _release


def _name(part):
    return f"pagecache:{release()}:{part}"


def key_record_name(key):
    return _name(f"k:{key}")


def epoch(seq):
    return seq >> EPOCH_SHIFT


@dataclass(frozen=True)
class Snapshot:
    started: int
    finished: int
    stamp: float  # when the content last changed (Last-Modified)
    next_change: float | None  # when it changes by itself next
    computed_at: float
    bypass: bool = False  # the horizon passed and another process is moving it: serve uncached

    @property
    def settled(self):
        return self.started == self.finished


@dataclass(frozen=True)
class Verdict:
    current: bool
    rendered_at: int = 0  # for a current entry: the value it may be kept under from now on
    stale_ok: bool = False  # for an entry that is not: whether it may still be served briefly
    changed_at: float = 0.0  # when the newest change to its keys was made


# --- The schedule: told by the content's app ------------------------------------------------
_next_change = None  # () -> aware datetime or None
_due = None  # (start, end) -> keys of what went public in (start, end]


def set_schedule(next_change=None, due=None):
    global _next_change, _due
    _next_change, _due = next_change, due


def _next_change_ts():
    when = _next_change() if _next_change else None
    return when.timestamp() if when else None


# --- Reading ------------------------------------------------------------------------------
_pinned = contextvars.ContextVar("pagecache_pinned_snapshot", default=None)
_stuck = {"pair": None, "since": 0.0}


def snapshot():
    """The state in force (pinned for the request in progress); raises ``CacheUnavailable``."""
    _flush_local()
    if (pinned_snapshot := _pinned.get()) is not None:
        return pinned_snapshot
    if _outage["seen"]:
        logger.warning("Page cache back after an outage: invalidating every entry")
        snap = bump()
        _outage["seen"] = False
        return snap
    snap = _read()
    now = time.time()
    if now < snap.computed_at - CLOCK_SKEW:
        logger.warning("Clock before the page cache's last change: invalidating every entry")
        return bump()
    if snap.next_change is not None and now >= snap.next_change:
        return _advance_horizon(snap, now)
    return _heal_stuck(snap)


def _read():
    cache = state_cache()
    names = [_name("finished"), _name("started"), _name("meta")]
    raw = cache.get_many(names)
    if len(raw) < 3:
        _init(cache)
        raw = cache.get_many(names)
        if len(raw) < 3:  # a cache that stores nothing (DummyCache)
            now = time.time()
            return Snapshot(0, 0, now, None, now, bypass=True)
    finished, started, meta = (raw[name] for name in names)
    return Snapshot(started, finished, *meta)


def _init(cache, next_change=None):
    """Counters at a fresh random epoch, and ``meta``: ``add()`` so that concurrent processes
    agree on one."""
    now = time.time()
    if not cache.has_key(_name("meta")):
        cache.add(_name("meta"), (now, next_change() if next_change else _next_change_ts(), now), None)
    cache.add(_name("started"), (secrets.randbits(30) + 1) << EPOCH_SHIFT, None)
    started = cache.get(_name("started"))
    if started is None:
        return
    cache.add(_name("finished"), started, None)
    finished = cache.get(_name("finished"))
    if finished is None or epoch(finished) != epoch(started) or finished > started:
        cache.set(_name("finished"), started, None)


def _heal_stuck(snap):
    if snap.settled:
        return snap
    pair, now = (snap.started, snap.finished), time.monotonic()
    if _stuck["pair"] != pair:
        _stuck.update(pair=pair, since=now)
    elif now - _stuck["since"] > STUCK_SECONDS:
        logger.warning("A page cache change never finished; counting it as finished")
        state_cache().set(_name("finished"), snap.started, None)
        return replace(snap, finished=snap.started)
    return snap


def _advance_horizon(snap, now):
    """A scheduled change is due: one process bumps what went public; the others serve pages
    uncached until it has."""
    cache = state_cache()
    lock = _name(f"horizon:{snap.next_change}")
    if not cache.add(lock, 1, HORIZON_LOCK_SECONDS):
        return replace(snap, bypass=True)
    keys = set(_due(snap.computed_at, now)) if _due else None
    return bump(keys)


# A change committed while the cache was out never reached it (its delivery waits in the outbox,
# on the disk of the host that made it). A process that saw the outage cannot tell whether one
# was made, on this host or another: when the cache answers again, it invalidates everything
# before it trusts an entry again.
_outage = {"seen": False}


def cache_recovered(location):
    _outage["seen"] = True


# --- Writing ------------------------------------------------------------------------------
def bump(keys=None, hard=(), read=True):
    """Record a committed change touching ``keys`` (and, as removals, ``hard``); with neither,
    a change to everything. Returns the new snapshot (unless ``read`` is False and no request is
    in progress: a writer after its commit does not need it)."""
    cache = state_cache()
    soft, hard = set(keys or ()), set(hard)
    if keys is None and not hard:
        soft = {ALL}
    soft |= {ANY}
    when = _next_change_ts()  # read after the commit, before the change is numbered
    now = time.time()
    seq = _incr(cache, "started", when)
    try:
        records = {key_record_name(key): (seq, now, False) for key in soft - hard}
        records.update({key_record_name(key): (seq, now, True) for key in hard})
        cache.set_many(records, None)
        cache.set(_name("meta"), (now, when, now), None)
    finally:
        _incr(cache, "finished", when)
    if not read and _pinned.get() is None:
        return None
    snap = _read()
    if _pinned.get() is not None:
        _pinned.set(snap)  # a write during the request: its later reads see it
    return snap


def _incr(cache, counter, next_change):
    try:
        return cache.incr(_name(counter))
    except ValueError:  # lost with a flush or an eviction: a new epoch
        _init(cache, lambda: next_change)
        return cache.incr(_name(counter))


# Keys this process changed in a transaction it has not committed yet (see
# ``pagecache.invalidation``): bumped before its own next read, since only it sees those rows.
_pending = {"soft": set(), "hard": set()}
_pending_lock = threading.Lock()


def mark_changed_locally(soft, hard=()):
    with _pending_lock:
        _pending["soft"].update(soft)
        _pending["hard"].update(hard)


def forget_local_changes(soft, hard=()):
    """After the commit bumped them itself."""
    with _pending_lock:
        _pending["soft"].difference_update(soft)
        _pending["hard"].difference_update(hard)


def _flush_local():
    if not (_pending["soft"] or _pending["hard"]):
        return
    with _pending_lock:
        soft, hard = set(_pending["soft"]), set(_pending["hard"])
        _pending["soft"].clear()
        _pending["hard"].clear()
    bump(soft, hard)


# --- Checking entries ---------------------------------------------------------------------
def check(keys, rendered_at, snap, stale_seconds=0.0):
    """Whether an entry with ``keys`` computed at ``rendered_at`` is current under ``snap``."""
    if epoch(rendered_at) != epoch(snap.started):
        return Verdict(False)
    if rendered_at >= snap.started:
        return Verdict(True, rendered_at)
    names = [key_record_name(key) for key in (*keys, ALL)]
    records = state_cache().get_many(names)
    missing = [name for name in names if name not in records]
    if missing:
        _fill_missing(missing, snap)
        return Verdict(False)
    changes = [record for record in records.values() if record[0] > rendered_at]
    if not changes:
        return Verdict(True, snap.started if snap.settled else rendered_at)
    changed_at = max(record[1] for record in changes)
    stale_ok = not any(record[2] for record in changes) and time.time() - changed_at <= stale_seconds
    return Verdict(False, stale_ok=stale_ok, changed_at=changed_at)


def seal(keys, snap):
    """Right before storing an entry computed under ``snap``: False if one of its keys changed
    meanwhile (it is stale already). Keys never changed get a record, so that later checks can
    tell them from records lost to an eviction."""
    names = [key_record_name(key) for key in (*keys, ALL)]
    records = state_cache().get_many(names)
    if any(record[0] > snap.started for record in records.values()):
        return False
    _fill_missing([name for name in names if name not in records], snap)
    return True


def _fill_missing(names, snap):
    """A key without a record changed, as far as anyone can tell, at ``snap.started`` at the
    latest (a change after that writes its own record, which ``add()`` does not overwrite)."""
    cache = state_cache()
    for name in names:
        cache.add(name, (snap.started, snap.stamp, False), None)


class pinned:
    """``with pinned(snap):`` ``snapshot()`` answers ``snap`` without asking the shared cache
    (a write during the block moves it)."""

    def __init__(self, snap):
        self.snap = snap

    def __enter__(self):
        self.token = _pinned.set(self.snap)
        return self.snap

    def __exit__(self, *exc):
        _pinned.reset(self.token)
