"""Comments as the blog's rules see them: who may comment where, what is held for moderation,
and the one way each change is made (posting, moderating, deleting, replying from the admin).

Every change keeps ``Post.comment_count`` (approved comments, shown on lists without a query)
true by recounting under a lock on the post's row, and queues the mail it causes
(``blog.writing.notifications``) in the same transaction, so a comment and its mail are saved
together or not at all; the mail itself is sent by the worker.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..content import comments as markup
from ..models import Comment, Post
from . import notifications, privacy, spam
from .spam import Refused

POLICIES = ("all", "first", "open")


@dataclass
class Submission:
    """A comment as a reader sent it (already cleaned by the form)."""

    post: Post
    name: str
    body: str
    email: str = ""
    website: str = ""
    parent_id: int | None = None
    notify: bool = False
    address: str = ""  # the client's IP: checked, hashed, never stored
    user_agent: str = ""
    user: object = None  # a signed-in staff user
    base_url: str = ""  # the site's address, for links in mail ("https://blog.example.com")
    language: str = ""  # the reader's UI language: mail to them is written in it


def policy():
    value = settings.BLOG_COMMENTS["MODERATION"]
    return value if value in POLICIES else "first"


def reply_target(post, parent_id):
    """The comment a reply answers: an approved comment of the same post."""
    if not parent_id:
        return None
    parent = Comment.objects.filter(pk=parent_id, post=post, status=Comment.Status.APPROVED).first()
    if parent is None:
        raise Refused(_("The comment you are replying to is not shown on this post (any more)."))
    return parent


def is_staff_writer(user):
    return user is not None and user.is_authenticated and user.is_active and user.is_staff


def known_commenter(name, email):
    """Someone whose comment under the same name and email was approved before."""
    return bool(email) and Comment.objects.approved().filter(email__iexact=email, name=name).exists()


def initial_status(sub, writer, body_html):
    """Approved, held or spam, by the site's rules (see README, "Comments")."""
    if is_staff_writer(sub.user):
        return Comment.Status.APPROVED
    if spam.blocked(writer) or spam.akismet_says_spam(
        writer, sub.post.get_absolute_url(), "reply" if sub.parent_id else "comment"
    ):
        return Comment.Status.SPAM
    if markup.link_count(body_html) > settings.BLOG_COMMENTS["MAX_LINKS"]:
        return Comment.Status.PENDING
    rule = policy()
    if rule == "open" or (rule == "first" and known_commenter(sub.name, sub.email)):
        return Comment.Status.APPROVED
    return Comment.Status.PENDING


def submit(sub):
    """Save a reader's comment, or raise ``Refused`` with the reason to show them."""
    post = sub.post
    if not post.accepts_comments:
        raise Refused(_("Comments are closed on this post."), status=403)
    parent = reply_target(post, sub.parent_id)
    client_hash = privacy.address_hash(sub.address)
    writer = spam.Writer(sub.name, sub.email, sub.website, sub.body, sub.address, client_hash, sub.user_agent)
    spam.check_rate(client_hash, sub.email)
    spam.check_duplicate(post, sub.body, sub.name, sub.email, client_hash)
    comment = Comment(
        post=post,
        parent=parent,
        name=sub.name,
        email=sub.email,
        website=sub.website,
        body=sub.body,
        notify=bool(sub.notify and sub.email and notifications.mail_enabled()),
        client_hash=client_hash,
        user_agent=sub.user_agent[:300],
        language=sub.language[:10],
    )
    if is_staff_writer(sub.user):
        comment.user = sub.user
        comment.by_author = post.author.user_id == sub.user.pk
    comment.status = initial_status(sub, writer, markup.render(sub.body))
    with transaction.atomic():
        lock_post(post.pk)
        comment.save()
        if comment.is_public:
            recount(post.pk)
        notifications.comment_posted(comment, sub.base_url)
    return comment


def lock_post(post_id):
    """Lock the post's row until the transaction ends (PostgreSQL; SQLite writes one
    transaction at a time anyway), before inserting a comment: the insert's foreign key check
    takes a share lock on the row, and two transactions both holding one could not then both
    take this lock to recount (a deadlock)."""
    list(Post.objects.select_for_update().filter(pk=post_id).values_list("pk", flat=True))


def recount(post_id):
    """Set the post's ``comment_count`` from its approved comments.

    The post's row is locked first, so two transactions changing comments of one post count
    one after the other, each seeing the other's committed rows. ``update()`` sends no signal:
    the comment's own save already invalidates the pages.
    """
    with transaction.atomic():  # the caller's transaction, or one of its own
        lock_post(post_id)
        count = Comment.objects.filter(post_id=post_id, status=Comment.Status.APPROVED).count()
        Post.objects.filter(pk=post_id).update(comment_count=count)


def set_status(comments, status, base_url):
    """Approve, hold or mark as spam; returns how many changed. Newly approved replies tell
    the comment they answer (if its writer asked)."""
    changed = 0
    for comment in comments:
        if comment.status == status:
            continue
        was_public = comment.is_public
        with transaction.atomic():
            comment.status = status
            comment.save(update_fields=["status"])
            recount(comment.post_id)
            if comment.is_public and not was_public:
                notifications.comment_published(comment, base_url)
        changed += 1
    return changed


def delete(comment):
    """Delete a comment; its replies move up to the comment it answered (or the top)."""
    with transaction.atomic():
        Comment.objects.filter(parent=comment).update(parent=comment.parent_id)
        post_id = comment.post_id
        comment.delete()
        recount(post_id)


def edit(comment, **fields):
    """Staff changing a comment's text or details in the admin."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(comment, name, value)
        comment.save()
        recount(comment.post_id)
    return comment


def staff_reply(parent, user, body, base_url):
    """A reply written in the admin: approved, by the staff user's name, marked as the
    author's when they wrote the post. Replying approves the comment answered."""
    author = getattr(user, "author", None)
    set_status([parent], Comment.Status.APPROVED, base_url)
    reply = Comment(
        post=parent.post,
        parent=parent,
        name=(author.name if author else "") or user.get_full_name() or user.get_username(),
        email=user.email,
        body=body,
        status=Comment.Status.APPROVED,
        user=user,
        by_author=parent.post.author.user_id == user.pk,
        created=timezone.now(),
    )
    with transaction.atomic():
        lock_post(reply.post_id)
        reply.save()
        recount(reply.post_id)
        notifications.comment_posted(reply, base_url)
    return reply
