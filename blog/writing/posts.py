"""Saving a post, the one way the admin, the importers and the demo data all use.

``save_post`` is everything a save involves, in order:

1. before any transaction of its own, a newly assigned header image is cleaned and stored with
   its resized variants (``headers.prepare``): the database's write lock is not held meanwhile;
2. in one transaction, the stored state is read and locked (``revisions.stored_state``), the
   post's ``version`` counted up, ``Post.save()`` renders the body into ``Post.DERIVED_FIELDS``
   (and fills in a missing slug), the tags are set, the ``SearchText`` row written;
3. when anything an editor can change changed, the previous state is kept as a ``Revision``
   (by whom: ``user``).

The page cache sees the change through the model signals it watches (``pagecache``), once per
transaction and after the commit. Bulk writers (``seed_demo``) call ``index_for_search`` and
``version.bump`` themselves, as ``QuerySet.update``/``bulk_create`` send no signals.
"""

from django.core.files.storage import default_storage
from django.db import transaction

from ..models import Author, SearchText
from . import headers, revisions


def save_post(post, *, user=None, update_fields=None, tags=None):
    """Save ``post`` with everything that goes with it (see the module docstring); ``tags``
    (names) replace the post's tags in the same transaction when given."""
    change = headers.prepare(post)
    if update_fields is not None and change.changed:
        update_fields = {*update_fields, "header_image", "header_image_variants"}
    try:
        with transaction.atomic():
            previous = revisions.stored_state(post)
            post.version = (previous["version"] if previous else post.version or 0) + 1
            post.save(update_fields=update_fields)
            if tags is not None:
                post.tags.set(list(tags))
            index_for_search([post])
            revisions.record(post, previous, user, tags)
            transaction.on_commit(change.committed)
    except BaseException:
        change.failed()
        raise
    return post


def index_for_search(posts):
    """Write the ``SearchText`` rows of ``posts`` (their rendered text, casefolded)."""
    rows = [SearchText(post=post, text=post.search_text()) for post in posts]
    SearchText.objects.bulk_create(rows, update_conflicts=True, unique_fields=["post"], update_fields=["text"])


def set_state(post, status, *, user=None):
    """Publish a draft or move a post back to draft; False when it already was."""
    if post.status == status:
        return False
    post.status = status
    save_post(post, user=user, update_fields=["status", "updated"])
    return True


def restore_revision(revision, user):
    """Put back every field ``revision`` kept (the text only, for an older one); the state it
    replaces becomes a revision too. ValidationError when it cannot be put back as it was
    (its address is now another post's)."""
    post = revision.post
    state = revisions.recorded(revision)
    for field in ("title", "subtitle", "slug", "body", "status", "publish", "summary", "hidden"):
        if field in state and state[field] is not None:
            setattr(post, field, state[field])
    for field in ("header_image_url", "header_mask"):
        if field in state:
            setattr(post, field, state[field] if field == "header_mask" else state[field] or "")
    if state.get("author") and Author.objects.filter(pk=state["author"]).exists():
        post.author_id = state["author"]
    _restore_header(post, state)
    post.validate_unique()
    return save_post(post, user=user, tags=state.get("tags"))


def _restore_header(post, state):
    """The revision's header image, if its file is still there (a replaced header is kept)."""
    if "header_image" not in state or state["header_image"] == (post.header_image.name or ""):
        return
    name = state["header_image"]
    if not name:
        post.header_image = None
    elif default_storage.exists(name):
        post.header_image = name  # headers.prepare makes its variants again
