"""Delivering a committed change: to the page cache's state, and as purges by key to the edge
caches in front of the site. Nothing is lost, nothing fails the save.

Right after each commit, ``deliver(soft, hard)`` records the change in the shared state
(``version.bump``), then purges its keys from every configured edge cache (Varnish, a CDN), in
that order: an edge that refetched before the bump would get the old page from our cache. A
delivery that fails (the cache or an edge is down or hung) is written to the *outbox*, a
diskcache index on local disk (``PAGE_CACHE_OUTBOX``), logged, and retried by a background
thread of whichever process of this machine runs next (backoff 1 s doubling to 60 s, due
entries to one target merged into one delivery). A purge that stayed undelivered for longer
than an edge keeps a page (``PAGE_CACHE_EDGE_TTL`` + stale-while-revalidate) is dropped with
an error in the log: every copy it would have removed has expired by then. Changes to the
state are never dropped.

An edge cache is one class (``PAGE_CACHE_PURGERS``: ``{"BACKEND": "dotted.Path", "OPTIONS":
{...}}``, made with ``**OPTIONS``)::

    class MyCDNPurger(Purger):
        def __init__(self, zone, token, timeout=2.0):
            self.name = f"mycdn:{zone}"        # stable: outbox entries name their purger
            ...
        def purge(self, keys):                 # an iterable of dependency keys (str)
            ...                                # send them; raise anything on failure

``VarnishPurger`` sends ``PURGE /`` with the keys in an ``xkey-purge`` header, which
``deploy/varnish/default.vcl`` hands to ``xkey.purge()``.
"""

import logging
import os
import threading
import time
import urllib.request
import uuid
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from . import version

logger = logging.getLogger(__name__)

STATE = "state"  # the outbox's name for the page cache's own state
MAX_BACKOFF = 60.0
IDLE_SECONDS = 5.0  # how often an idle drainer looks for entries other processes left
HEADER_BUDGET = 4000  # characters of keys per purge request (Varnish allows 8 KB headers)


class Purger:
    """An edge cache that purges by dependency key (see the module docstring)."""

    name = ""

    def purge(self, keys):
        raise NotImplementedError


class VarnishPurger(Purger):
    """HTTP ``PURGE`` with an ``xkey-purge`` header, to one Varnish address."""

    def __init__(self, url, timeout=1.0, header="xkey-purge"):
        self.url, self.timeout, self.header = url.rstrip("/") + "/", timeout, header
        self.name = f"varnish:{self.url}"

    def purge(self, keys):
        for batch in batches(sorted(keys), HEADER_BUDGET):
            request = urllib.request.Request(self.url, method="PURGE", headers={self.header: " ".join(batch)})
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()


def batches(keys, budget):
    batch, length = [], 0
    for key in keys:
        if batch and length + len(key) + 1 > budget:
            yield batch
            batch, length = [], 0
        batch.append(key)
        length += len(key) + 1
    if batch:
        yield batch


@lru_cache(maxsize=1)
def _configured(spec):
    return tuple(import_string(backend)(**dict(options)) for backend, options in spec)


def purgers():
    spec = tuple(
        (item["BACKEND"], tuple(sorted(item.get("OPTIONS", {}).items()))) for item in settings.PAGE_CACHE_PURGERS
    )
    return _configured(spec)


# --- Delivery -------------------------------------------------------------------------
def deliver(soft, hard=()):
    """After a commit: the state, then every edge cache; what fails goes to the outbox."""
    soft, hard = set(soft), set(hard)
    queued = False
    try:
        version.bump(soft, hard, read=False)
    except Exception as exc:
        logger.error("Could not record a change in the page cache (%s); kept in the outbox for retry", exc)
        _outbox_add(STATE, soft, hard)
        queued = True
    finally:
        version.forget_local_changes(soft, hard)
    # Every change touches ANY: what pages that declared nothing (or a figure that did not say
    # what it holds) depend on, at the edge as in the shared state.
    edge = soft | hard | {version.ANY}
    for purger in purgers():
        try:
            purger.purge(edge)
        except Exception as exc:
            logger.warning("Edge purge via %s failed (%s); kept in the outbox for retry", purger.name, exc)
            _outbox_add(purger.name, edge, ())
            queued = True
    if queued:
        kick()


def _deliver_to(target, soft, hard):
    if target == STATE:
        version.bump(soft, hard)
        return
    purger = next((p for p in purgers() if p.name == target), None)
    if purger is None:
        raise LookupError(f"no purger {target} is configured any more")
    purger.purge(soft | hard)


# --- The outbox -----------------------------------------------------------------------
_outbox = None


def outbox():
    global _outbox
    if _outbox is None or _outbox.directory != str(settings.PAGE_CACHE_OUTBOX):
        from diskcache import Index

        _outbox = Index(str(settings.PAGE_CACHE_OUTBOX))
    return _outbox


def _outbox_add(target, soft, hard):
    now = time.time()
    entry = {"target": target, "soft": sorted(soft), "hard": sorted(hard), "created": now, "attempts": 0, "due": now}
    try:
        outbox()[f"{now:017.6f}-{uuid.uuid4().hex}"] = entry
    except Exception:
        logger.exception("Could not write to the page cache outbox %s: change to %s lost", settings.PAGE_CACHE_OUTBOX,
                         target)  # fmt: skip


def _entries(box):
    """(name, entry) in the order they were written (the drain lock lives beside them)."""
    for name in list(box.keys()):
        entry = box.get(name)
        if isinstance(entry, dict):
            yield name, entry


def pending():
    """How many deliveries wait in the outbox (for /healthz)."""
    return sum(1 for _ in _entries(outbox()))


def drain(now=None):
    """Deliver what is due, one merged delivery per target; returns the seconds until the next
    entry is due (None when the outbox is empty). One process at a time drains."""
    box = outbox()
    lock = f"drain:{os.getpid()}"
    if not box.cache.add("drain-lock", lock, expire=30):
        return IDLE_SECONDS
    try:
        return _drain(box, now or time.time())
    finally:
        if box.cache.get("drain-lock") == lock:
            box.cache.delete("drain-lock")


def _drain(box, now):
    due = {}
    for name, entry in _entries(box):
        if entry["due"] <= now:
            due.setdefault(entry["target"], []).append((name, entry))
    for target, entries in due.items():
        soft = {key for _name, entry in entries for key in entry["soft"]}
        hard = {key for _name, entry in entries for key in entry["hard"]}
        try:
            _deliver_to(target, soft, hard)
        except Exception as exc:
            _retry_later(box, target, entries, exc, now)
            continue
        logger.warning("Delivered %d queued change(s) to %s", len(entries), target)
        for name, _entry in entries:
            box.pop(name, None)
    upcoming = [entry["due"] for _name, entry in _entries(box)]
    return max(0.0, min(upcoming) - time.time()) if upcoming else None


def _retry_later(box, target, entries, exc, now):
    give_up = settings.PAGE_CACHE_EDGE_TTL + settings.PAGE_CACHE_EDGE_STALE_WHILE_REVALIDATE
    for name, entry in entries:
        if target != STATE and now - entry["created"] > give_up:
            logger.error("Edge purge via %s undelivered for %.0f s, dropped: its pages have expired at the edge",
                         target, now - entry["created"])  # fmt: skip
            box.pop(name, None)
            continue
        box[name] = {**entry, "attempts": entry["attempts"] + 1, "due": now + _backoff(target, entry["attempts"] + 1)}
    attempts = entries[0][1]["attempts"] + 1
    if attempts & (attempts - 1) == 0:  # the 1st, 2nd, 4th, 8th... retry: a line, not a flood
        logger.warning("Retry %d of a delivery to %s failed (%s); trying again in %.0f s", attempts, target, exc,
                       _backoff(target, attempts))  # fmt: skip


def _backoff(target, attempts):
    # The state is retried every second: while its breaker is open a try costs nothing, and once
    # the cache answers the change must reach it at once. Edges back off to a minute.
    return min(1.0 if target == STATE else MAX_BACKOFF, 2.0 ** (attempts - 1))


# --- The drainer thread -----------------------------------------------------------------
_wake = threading.Event()
_drainer = {"pid": None}


def kick():
    """Deliver the outbox soon, from a thread of this process."""
    ensure_drainer(force=True)
    _wake.set()


def ensure_drainer(force=False):
    """Start this process's drainer if something may need delivering: always with purgers,
    else when a delivery failed here or the outbox held entries when this process first looked
    (left by a process that stopped). Called on every request: costs a comparison after that."""
    pid = os.getpid()
    if not settings.PAGE_CACHE_OUTBOX_THREAD:
        return  # the test suite drains by hand
    if _drainer["pid"] == pid or (_drainer.get("looked") == pid and not force):
        return
    _drainer["looked"] = pid
    if not force and not settings.PAGE_CACHE_PURGERS:
        try:
            if not pending():
                return
        except Exception:
            return
    _drainer["pid"] = pid
    threading.Thread(target=_run, name="pagecache-outbox", daemon=True).start()


def _run():
    from django.db import connections

    while True:
        try:
            wait = drain()
        except Exception:
            logger.exception("Page cache outbox: drain failed")
            wait = IDLE_SECONDS
        finally:
            connections.close_all()  # this thread's own, if a delivery read the database
        _wake.wait(IDLE_SECONDS if wait is None else min(max(wait, 0.05), IDLE_SECONDS))
        _wake.clear()
