"""Revisions: every save of a post that changes what an editor can change keeps the state it had
before, whole (``FIELDS``: text, slug, tags, status, publish time, summary, header, author…).

``save_post`` reads the stored state before saving (``stored_state``, the row locked until the
save commits) and, when the saved state differs, keeps the previous one with who saved and the
version it was (``record``). ``posts.restore_revision`` puts a revision back, every field it
has; ``state_at`` and ``changes`` tell what changed between two versions (the revision page,
edit conflicts).
"""

from dataclasses import dataclass

from ..models import Author, Post, Revision

# What revisions have always kept; older revisions (``version`` null) keep only these.
TEXT_FIELDS = ("title", "subtitle", "body")
# Every field an editor can change, in the order the post form shows them.
FIELDS = (
    "title",
    "subtitle",
    "slug",
    "body",
    "tags",
    "status",
    "publish",
    "author",
    "hidden",
    "header_image",
    "header_image_url",
    "header_mask",
    "summary",
)
_COLUMNS = {"author": "author_id"}


def snapshot(post, tags):
    """The state of ``post`` as it is in memory, with ``tags`` (names)."""
    state = {field: getattr(post, _COLUMNS.get(field, field)) for field in FIELDS if field not in ("tags",)}
    state["header_image"] = post.header_image.name or ""
    state["tags"] = sorted(tags, key=str.casefold)
    return state


def stored_state(post):
    """The stored state of ``post`` and its ``version``, the row locked for the rest of the
    transaction (None for a post not saved yet)."""
    if post.pk is None or post._state.adding:
        return None
    columns = [_COLUMNS.get(field, field) for field in FIELDS if field != "tags"]
    row = Post.objects.select_for_update().filter(pk=post.pk).values("version", *columns).first()
    if row is None:
        return None
    state = {field: row[_COLUMNS.get(field, field)] for field in FIELDS if field != "tags"}
    state["header_image"] = state["header_image"] or ""
    state["tags"] = sorted(Post(pk=post.pk).tags.names(), key=str.casefold)
    state["version"] = row["version"]
    return state


def same(old, new):
    return all(_equal(field, old.get(field), new.get(field)) for field in FIELDS if field in old and field in new)


def _equal(field, a, b):
    if field == "tags":
        return [t.casefold() for t in a or []] == [t.casefold() for t in b or []]
    if field == "publish" and a is not None and b is not None:
        return a.replace(microsecond=0) == b.replace(microsecond=0)  # the form shows seconds
    return a == b


def record(post, previous, user=None, tags=None):
    """Keep ``previous`` (``stored_state`` before the save) as a revision if anything changed;
    ``tags`` are the tags the save sets (None: unchanged)."""
    if previous is None:
        return None
    current = snapshot(post, previous["tags"] if tags is None else tags)
    if same(previous, current):
        return None
    user = user if user is not None and user.is_authenticated else None
    fields = {_COLUMNS.get(field, field): previous[field] for field in FIELDS}
    return Revision.objects.create(post_id=post.pk, user=user, version=previous["version"], **fields)


def recorded(revision):
    """The fields ``revision`` kept, as a state (the text only for an older revision)."""
    fields = FIELDS if revision.version is not None else TEXT_FIELDS
    state = {field: getattr(revision, _COLUMNS.get(field, field)) for field in fields}
    if "header_image" in state:
        state["header_image"] = state["header_image"] or ""
    if "tags" in state:
        state["tags"] = list(state["tags"] or [])
    return state


def current_state(post):
    """The stored state of ``post`` (read, not locked), tags included."""
    return snapshot(Post.objects.get(pk=post.pk), list(Post(pk=post.pk).tags.names()))


def state_at(post, version):
    """The state ``post`` had at ``version``: the first revision kept since (each keeps the
    state a save replaced), else its current state, when no save since changed anything."""
    revision = post.revisions.filter(version__gte=version).order_by("version", "pk").first()
    return recorded(revision) if revision else current_state(post)


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


def changes(old, new):
    """The fields that differ from ``old`` to ``new`` (states), in form order."""
    return [
        Change(field, old[field], new[field])
        for field in FIELDS
        if field in old and field in new and not _equal(field, old[field], new[field])
    ]


def author_names(states):
    """The names of the authors ``states`` mention, by primary key."""
    ids = {state.get("author") for state in states} - {None}
    return dict(Author.objects.filter(pk__in=ids).values_list("pk", "name"))
