"""Invalidate cached pages whenever watched content changes.

The content's app says what to watch, once, from its ``AppConfig.ready()``::

    invalidation.watch(models=[...], m2m=[...], next_change=callable)

A write in autocommit mode bumps the content version at once. A write inside a transaction bumps
it once, after the commit: a bump before it would let another worker cache the old rows under
the new version. Until then only this process sees its uncommitted rows, so it is told to bump
before its next lookup (which is what a test inside a never-committed transaction relies on).

Bulk operations (``QuerySet.update``, ``bulk_create``) send no signals: code that uses them calls
``version.bump()`` itself.
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import version

logger = logging.getLogger(__name__)


def bump_now():
    """Bump the version; a cache outage must not fail the write that asked for it."""
    try:
        version.bump()
    except Exception:
        logger.exception("Could not invalidate the page cache")


def _bump_after_commit():
    bump_now()


def content_changed(sender=None, using="default", **kwargs):
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump_now()  # autocommit: the row is already committed
        return
    version.mark_changed_locally()
    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is _bump_after_commit for entry in pending):
        return  # one bump per transaction is enough
    transaction.on_commit(_bump_after_commit, using=using)


def _relation_changed(sender, action, using="default", **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed(sender, using=using)


def watch(models=(), m2m=(), next_change=None):
    """Bump the version when a row of ``models`` is saved or deleted, or a relation through one
    of ``m2m`` changes; ``next_change()`` answers when the content next changes by itself (an
    aware datetime, or None)."""
    for model in models:
        uid = f"pagecache.{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid + ".delete")
    for through in m2m:
        m2m_changed.connect(
            _relation_changed, sender=through, dispatch_uid=f"pagecache.{through._meta.label_lower}.m2m"
        )
    if next_change is not None:
        version.set_next_change(next_change)
