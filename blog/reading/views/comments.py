"""Readers' comments: posting (from a cached page), replying, and the signed links sent by
mail (confirming an address, unsubscribing, deleting one's comment).

The post page is cached for every anonymous reader, so it carries no per-reader secret: Django's
CSRF token would have to be baked into the cached HTML, or the page could not be cached. Its
"Leave a comment" and "Reply" links open the form's own page (never cached; ``comments.js``
shows its form in place), and posting is guarded by (1) the browser's ``Origin`` header
(``Referer`` when a browser sends no Origin), which must be this site: a form another site makes
a visitor submit is refused; and (2) a signed form token for the post, dated when the form was
opened, which dates the submission for the spam checks.
The views acting on signed links need neither: the token in the link is the authority, and
nothing rides on the reader's cookies (mail clients' one-click unsubscribe POSTs without them).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from ...models import Comment, CommentSubscriber, Post
from ...writing import comment_tokens, comments, notifications, privacy, spam
from ...writing.spam import Refused
from .. import comments as shown
from .. import seo
from ..comment_form import CommentForm


def same_origin(request):
    """The POST came from a page of this site (``Origin``, else ``Referer``)."""
    allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.META.get("HTTP_ORIGIN")
    if origin:
        return origin in allowed
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    return bool(referer.netloc) and f"{referer.scheme}://{referer.netloc}" in allowed


def base_url(request):
    return settings.BLOG.get("SITE_URL") or f"{request.scheme}://{request.get_host()}"


@dataclass(frozen=True)
class FormContext:
    """What ``blog/includes/comments_form.html`` needs."""

    post_id: int
    form: CommentForm
    token: str
    mail: bool
    parent: object = None
    message: str = ""
    cancel_url: str = ""


def form_page(request, post, form, message="", status=200, parent=None):
    """The comment form on a page of its own: a new comment, a reply, or a comment sent back
    with the reason (everything typed is in it). Never cached: its token is dated now."""
    context = {
        "post": post,
        "parent": parent,
        "comment_form": FormContext(
            post_id=post.pk,
            form=form,
            token=spam.form_token(post.pk),
            mail=notifications.mail_enabled(),
            parent=parent,
            message=message,
            cancel_url=f"{post.get_absolute_url()}#comments",
        ),
        "meta": seo.page_meta(request, title=_("Comment on “%(title)s”") % {"title": post.title}, noindex=True),
    }
    response = render(request, "blog/comment_form_page.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _published_post(post_id):
    post = Post.objects.published().select_related("author").filter(pk=post_id).first()
    if post is None:
        raise Http404("No such post.")
    return post


def _submission(request, post, data):
    return comments.Submission(
        post=post,
        name=data["name"],
        email=data["email"],
        website=data["website"],
        body=data["body"],
        parent_id=data["parent"],
        notify=data["notify"],
        address=privacy.client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        user=request.user if request.user.is_authenticated else None,
        base_url=base_url(request),
        language=get_language() or "",
    )


@csrf_exempt
def post_comment(request, post_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    post = _published_post(post_id)
    form = CommentForm(request.POST)
    if not same_origin(request):
        message = _("This comment was sent from another site, so it was not posted. Send it from this page.")
        return form_page(request, post, form, message, status=403)
    if not form.is_valid():
        return form_page(request, post, form, _("Please correct the marked fields."), status=400)
    try:
        spam.check_honeypot(form.cleaned_data["url"])
        spam.check_token(form.cleaned_data["token"], post.pk)
        comment = comments.submit(_submission(request, post, form.cleaned_data))
    except Refused as refusal:
        return form_page(request, post, form, refusal.message, status=refusal.status)
    response = HttpResponseRedirect(f"{post.get_absolute_url()}#comment-{comment.pk}", status=303)
    response.status_code = 303
    shown.remember(response, request, post, comment)
    return response


def new_comment(request, post_id):
    """The form for a new comment on a post ("Leave a comment"; shown in place by
    ``comments.js``)."""
    post = _published_post(post_id)
    if not post.accepts_comments:
        raise Http404("Comments are closed on this post.")
    return form_page(request, post, CommentForm())


def reply_form(request, comment_id):
    """The form for answering one comment ("Reply")."""
    parent = Comment.objects.visible().select_related("post").filter(pk=comment_id).first()
    if parent is None or not parent.post.accepts_comments:
        raise Http404("No such comment.")
    return form_page(request, parent.post, CommentForm(initial={"parent": parent.pk}), parent=parent)


# --- Signed links ----------------------------------------------------------------------------------
def link_page(request, title, message, status=200, action="", button="", comment=None):
    context = {
        "title": title,
        "message": message,
        "action": action,
        "button": button,
        "comment": comment,
        "meta": seo.page_meta(request, title=title, noindex=True),
    }
    return render(request, "blog/comment_link.html", context, status=status)


def _bad_link(request):
    return link_page(
        request,
        _("This link does not work"),
        _("It may have been copied incompletely, or it has expired. Nothing was changed."),
        status=404,
    )


@never_cache
@csrf_exempt
def confirm(request, token):
    subscriber = CommentSubscriber.objects.filter(pk=comment_tokens.read("confirm", token) or 0).first()
    if subscriber is None:
        return _bad_link(request)
    if request.method == "POST":
        notifications.confirm(subscriber)
        return link_page(request, _("Address confirmed"), _("You will get an email when someone replies to you."))
    return link_page(
        request,
        _("Confirm your address"),
        _("Press the button to receive an email when someone replies to your comments."),
        action=request.path,
        button=_("Confirm"),
    )


@never_cache
@csrf_exempt
def unsubscribe(request, token):
    subscriber = CommentSubscriber.objects.filter(pk=comment_tokens.read("unsubscribe", token) or 0).first()
    if subscriber is None:
        return _bad_link(request)
    if request.method == "POST":  # the button, or a mail client's one-click (RFC 8058)
        notifications.unsubscribe(subscriber)
        return link_page(request, _("Unsubscribed"), _("You will get no more emails about replies."))
    return link_page(
        request,
        _("Stop reply emails"),
        _("Press the button to stop all emails about replies to your comments."),
        action=request.path,
        button=_("Unsubscribe"),
    )


@never_cache
@csrf_exempt
def delete(request, token):
    comment = Comment.objects.select_related("post").filter(pk=comment_tokens.read("delete", token) or 0).first()
    if comment is None:
        return _bad_link(request)
    if request.method == "POST":
        post = comment.post
        comments.delete(comment)
        return link_page(
            request, _("Comment deleted"), _("Your comment on “%(title)s” is deleted.") % {"title": post.title}
        )
    return link_page(
        request,
        _("Delete your comment"),
        _("Press the button to delete this comment for good."),
        action=request.path,
        button=_("Delete"),
        comment=comment,
    )
