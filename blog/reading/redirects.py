"""Old addresses keep working: on a 404, a 301 to where the thing lives now."""

from datetime import date
from urllib.parse import unquote

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.urls import Resolver404, resolve

from .. import links
from ..models import LegacyURL, Post
from ..writing.legacy import imported_asset_name


def candidates(path):
    """The spellings of ``path`` an old URL may be stored under: encoded or not, with or without
    the trailing slash or ``.html``, and a folder's ``index.html`` as the folder."""
    found = set()
    for candidate in (path, unquote(path)):
        found.add(candidate)
        if not candidate.endswith("/") and "." not in candidate.rsplit("/", 1)[-1]:
            found.add(candidate + "/")
        elif candidate.endswith("/") and len(candidate) > 1:
            found.add(candidate.rstrip("/"))
        if candidate.endswith("/index.html"):
            found.add(candidate[: -len("index.html")])
        if not candidate.endswith("/") and "." not in candidate.rsplit("/", 1)[-1]:
            found.add(candidate + ".html")  # static hosts serve /a/b.html at /a/b too
    return found


def old_post_url(path):
    """The permalink of the published post ``path`` is an old URL of, or None."""
    legacy = (
        LegacyURL.objects.filter(path__in=candidates(path), post__in=Post.objects.published())
        .select_related("post")
        .first()
    )
    if legacy is not None:
        return legacy.post.get_absolute_url()
    if path.endswith("/index.html"):
        return published_post_at(path[: -len("index.html")])
    return None


def published_post_at(path):
    """``path``'s canonical form if it is the permalink of a published post (Jekyll served every
    ``/dir/`` as ``/dir/index.html`` too)."""
    try:
        match = resolve(path)
        day = date(int(match.kwargs["year"]), int(match.kwargs["month"]), int(match.kwargs["day"]))
    except (Resolver404, KeyError, ValueError):
        return None
    if match.view_name != "blog:post":
        return None
    post = Post.objects.at(day, match.kwargs["slug"]).published().first()
    return post.get_absolute_url() if post else None


def imported_image_url(path):
    """Where an image an imported post linked by its old site path is kept now, or None."""
    name = imported_asset_name(unquote(path))
    if name is None:
        return None
    try:
        if default_storage.exists(name):
            return default_storage.url(name)
    except (SuspiciousFileOperation, OSError, ValueError):
        pass
    return None


class NotFoundFallback:
    """Middleware base: on a GET or HEAD answered 404, ``answer(request)`` may give another
    response (None keeps the 404)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        if "\x00" in unquote(request.path):
            return response  # no stored path has one (PostgreSQL cannot even compare it)
        return self.answer(request) or response

    def answer(self, request):
        raise NotImplementedError


class LegacyRedirectMiddleware(NotFoundFallback):
    """On a 404, answer 301 when the path is a known old URL of a published post, or the old
    path of an imported image."""

    def answer(self, request):
        target = old_post_url(request.path) or imported_image_url(request.path)
        return links.permanent_redirect(request, target) if target else None
