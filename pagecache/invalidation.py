"""Invalidate exactly what a change touches, after it commits.

The content's app says, from its ``AppConfig.ready()``, which models public pages show and
which dependency keys (``pagecache.deps``) a row stands for::

    invalidation.watch(Comment, keys=lambda comment: [f"post:{comment.post_id}"] if comment.approved else [])

That one line is all a new model needs: a save touches the keys of the row as it was before and
as it is after (the stored row is read before the save), so approving a comment invalidates
its post's page and unapproving it does too. Keys the row stood for before and no longer does
(and everything on a delete) are *removals*: no stale copy of a page showing them is served,
not even while it is rebuilt. Optionally:

* ``placement(row)``: where the row sits in lists (e.g. a post's state, date and author); only
  when it differs before and after,
* ``moved(row)``: the keys of the lists it leaves or joins (and of its neighbours) are touched
  too. A post whose title is edited then invalidates the pages showing it, not every list.

``invalidation.watch_all(Model)`` is the blunt alternative: any change invalidates everything.
``invalidation.schedule(next_change, due)`` tells when content changes by itself (a scheduled
post going live at ``next_change()``) and what then changes (``due(start, end)``: keys).

A write in autocommit mode is delivered at once. A write inside a transaction is delivered once,
after the commit (``pagecache.purge.deliver``: the shared state, then the edge caches): earlier,
another worker could cache the old rows as current. Until then only this process sees its
uncommitted rows, so it bumps its keys before its own next lookup (what a test inside a
never-committed transaction relies on).

Bulk operations (``QuerySet.update``, ``bulk_create``, ``loaddata``'s raw saves) send no or
partial signals: code that uses them calls ``version.bump()`` (everything) or
``invalidation.changed(keys)`` itself.
"""

import contextvars
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from . import purge, version

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Watched:
    keys: object
    placement: object = None
    moved: object = None

    def where(self, row):
        return self.placement(row) if self.placement and row is not None else None

    def moved_keys(self, row):
        return frozenset(self.moved(row)) if self.moved and row is not None else frozenset()


NOTHING = (frozenset(), None, frozenset())


_watched = {}


def watch(model=None, keys=None, *, placement=None, moved=None, models=()):
    """Invalidate ``keys(row)`` (see the module docstring) whenever a row of ``model`` is saved
    or deleted. ``models=[...]`` without keys: ``watch_all``."""
    if model is None:
        watch_all(*models)
        return
    _watched[model] = Watched(keys, placement, moved)
    uid = f"pagecache.{model._meta.label_lower}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid + ".pre_save")
    post_save.connect(_after_save, sender=model, dispatch_uid=uid + ".save")
    pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid + ".pre_delete")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + ".delete")


def watch_all(*models):
    for model in models:
        watch(model, keys=lambda row: [version.ALL])


def schedule(next_change=None, due=None):
    version.set_schedule(next_change, due)


# --- Bulk writes ----------------------------------------------------------------------------
_bulk = contextvars.ContextVar("pagecache_bulk", default=False)


class bulk:
    """``with invalidation.bulk():`` for writers of many rows (an import): each transaction is
    delivered as a change to everything (``version.ALL``) after its commit, as usual, but no
    row's keys are computed (the reads that costs per row: its stored state, its lists, its
    neighbours). Pages are as current as with exact keys; they are only rebuilt more widely."""

    def __enter__(self):
        self.token = _bulk.set(True)

    def __exit__(self, *exc):
        _bulk.reset(self.token)


def in_bulk():
    return _bulk.get()


# --- Signals ------------------------------------------------------------------------------
def _stored(sender, instance):
    if instance.pk is None or instance._state.adding:
        return None
    return sender._base_manager.using(instance._state.db or "default").filter(pk=instance.pk).first()


def _before_save(sender, instance, raw=False, using="default", **kwargs):
    if raw or _bulk.get():
        return
    watched = _watched[sender]
    old = _stored(sender, instance)
    if old is None:
        instance._pagecache_before = NOTHING
        return
    where = watched.where(old)
    # Read now, while the database still has the row where it was (its old neighbours).
    moved = watched.moved_keys(old) if where != watched.where(instance) else frozenset()
    instance._pagecache_before = (frozenset(watched.keys(old)), where, moved)


def _after_save(sender, instance, raw=False, using="default", **kwargs):
    if raw or _bulk.get():  # loaddata (related rows may not exist yet), or a bulk writer
        changed([version.ALL], using=using)
        return
    old_keys, old_where, old_moved = getattr(instance, "_pagecache_before", NOTHING)
    watched = _watched[sender]
    keys = frozenset(watched.keys(instance))
    moved = watched.moved_keys(instance) if watched.where(instance) != old_where else frozenset()
    hard = (old_keys - keys) | (old_moved - moved)
    changed(keys | old_keys | moved | old_moved, hard=hard, using=using)


def _before_delete(sender, instance, using="default", **kwargs):
    if _bulk.get():
        instance._pagecache_deleted = frozenset({version.ALL})
        return
    watched = _watched[sender]
    instance._pagecache_deleted = frozenset(watched.keys(instance)) | watched.moved_keys(instance)


def _after_delete(sender, instance, using="default", **kwargs):
    gone = getattr(instance, "_pagecache_deleted", frozenset())
    changed(gone, hard=gone, using=using)


# --- Delivery after the commit ------------------------------------------------------------
class _Pending:
    """The keys one transaction touched, delivered once after its commit."""

    def __init__(self):
        self.soft, self.hard = set(), set()

    def __call__(self):
        purge.deliver(self.soft, self.hard)


def changed(keys, hard=(), using="default"):
    """Deliver a change to ``keys`` (``hard``: removals) now, or after the current commit."""
    keys, hard = set(keys) | set(hard), set(hard)
    if not keys:
        return
    if _bulk.get():
        keys, hard = {version.ALL}, set()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        purge.deliver(keys, hard)  # autocommit: the rows are already committed
        return
    version.mark_changed_locally(keys, hard)
    pending = next((entry[1] for entry in connection.run_on_commit if isinstance(entry[1], _Pending)), None)
    if pending is None:
        pending = _Pending()
        transaction.on_commit(pending, using=using, robust=True)
    pending.soft |= keys
    pending.hard |= hard
