"""Comments as a post page shows them: the thread in reading order, and the comments only their
writer sees.

The thread of approved comments is the same for every reader: it is read once (one query) and
kept with the site's figures until the content changes, so a cached or uncached post page costs
no more queries with comments than without. A writer's own comments (held ones "awaiting
moderation", and a delete link on each) come from a signed cookie scoped to the post's address;
a page carrying them is rendered for that reader alone and marked ``private, no-store``, so it
never reaches the page cache or a shared cache in front of the site.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac

from pagecache.figures import cached

from .. import dependencies, links
from ..models import Comment
from ..writing import comment_tokens
from . import comment_feeds

COOKIE = "blog_comments"
COOKIE_SALT = "blog.comments.mine"
COOKIE_MAX_AGE = 30 * 24 * 3600
COOKIE_MAX_IDS = 20
AVATAR_HUES = 360  # degrees of the colour wheel
_FIELDS = ("pk", "parent_id", "name", "email", "website", "body_html", "created", "by_author", "status")


@dataclass(frozen=True)
class ShownComment:
    pk: int
    parent_pk: int | None
    name: str
    website: str  # http(s) only, else ""
    body_html: str
    created: datetime
    by_author: bool
    depth: int  # 0 for a top-level comment, at most MAX_DEPTH
    reply_to: str  # the name of the comment answered
    avatar: str  # the initial shown in the avatar
    hue: int  # its colour's hue, from a keyed hash of the email or name
    held: bool = False
    delete_url: str = ""


def avatar_of(name, email):
    """(initial, hue) of a generated avatar: no outside service, and nothing that reveals the
    email (the hue comes from a keyed hash of it)."""
    initial = next((char for char in name if not char.isspace()), "?").upper()
    digest = salted_hmac("blog.comments.avatar", (email or name).casefold()).hexdigest()
    return initial, int(digest[:8], 16) % AVATAR_HUES


def _shown(row, depth, reply_to):
    pk, parent_id, name, email, website, body_html, created, by_author, status = row
    initial, hue = avatar_of(name, email)
    return ShownComment(
        pk=pk,
        parent_pk=parent_id,
        name=name,
        website=website if website.startswith(("http://", "https://")) else "",
        body_html=body_html,
        created=created,
        by_author=by_author,
        depth=depth,
        reply_to=reply_to,
        avatar=initial,
        hue=hue,
        held=status != Comment.Status.APPROVED,
    )


def arrange(rows):
    """Rows (oldest first) in reading order: each comment followed by its replies, replies
    deeper than MAX_DEPTH shown at that depth."""
    max_depth = settings.BLOG_COMMENTS["MAX_DEPTH"]
    by_pk = {row[0]: row for row in rows}
    children = {}
    for row in rows:
        parent = row[1] if row[1] in by_pk else None
        children.setdefault(parent, []).append(row)
    shown = []
    stack = [(row, 0) for row in reversed(children.get(None, []))]
    while stack:
        row, depth = stack.pop()
        parent = by_pk.get(row[1])
        shown.append(_shown(row, min(depth, max_depth), parent[2] if parent else ""))
        stack.extend((child, depth + 1) for child in reversed(children.get(row[0], [])))
    return shown


def thread(post):
    """The approved comments of a post, arranged (kept with the figures)."""
    if not post.comment_count:
        return []
    return cached(
        f"comments:{post.pk}",
        lambda: arrange(list(post.comments.approved().order_by("created", "pk").values_list(*_FIELDS))),
        [dependencies.comments(post.pk)],
    )


# --- The writer's own comments ---------------------------------------------------------------
def own_ids(request):
    """Ids of the comments this reader wrote on the post (from the signed cookie)."""
    try:
        ids = signing.loads(request.COOKIES.get(COOKIE, ""), salt=COOKIE_SALT)
    except signing.BadSignature:
        return []
    return [pk for pk in ids if isinstance(pk, int)] if isinstance(ids, list) else []


def remember(response, request, post, comment):
    """Add ``comment`` to the reader's cookie for this post's page."""
    ids = [pk for pk in own_ids(request) if pk != comment.pk][-(COOKIE_MAX_IDS - 1) :] + [comment.pk]
    response.set_cookie(
        COOKIE,
        signing.dumps(ids, salt=COOKIE_SALT),
        max_age=COOKIE_MAX_AGE,
        path=post.get_absolute_url(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def thread_with_own(post, ids):
    """The thread as the writer of comments ``ids`` sees it: their held comments in place and
    a delete link on each of theirs."""
    rows = list(
        post.comments.filter(Q(status=Comment.Status.APPROVED) | Q(pk__in=ids))
        .order_by("created", "pk")
        .values_list(*_FIELDS)
    )
    mine = set(ids)
    return [
        replace(shown, delete_url=links.reverse("blog:comment_delete", token=comment_tokens.make("delete", shown.pk)))
        if shown.pk in mine
        else shown
        for shown in arrange(rows)
    ]


# --- The post page's context -----------------------------------------------------------------------
@dataclass(frozen=True)
class Comments:
    """What ``blog/includes/comments.html`` shows under a post. The form is not in it: the post
    page is cached for every reader, so "Leave a comment" and "Reply" open the form's own page
    (never cached, so its token is dated when the reader opens it), which ``comments.js`` shows
    in place."""

    post_id: int
    count: int
    thread: list
    open: bool
    private: bool  # rendered for one reader: never cache
    feed_url: str


def for_post(request, post):
    ids = own_ids(request)
    return Comments(
        post_id=post.pk,
        count=post.comment_count,
        thread=thread_with_own(post, ids) if ids else thread(post),
        open=post.accepts_comments,
        private=bool(ids),
        feed_url=comment_feeds.post_feed_url(post),
    )


def keep_private(response, comments):
    if comments.private:
        patch_cache_control(response, private=True, no_store=True)
    return response
