from urllib.parse import unquote

from django.conf import settings
from django.utils import translation

from . import links


def chosen_language(cookies):
    """The UI language for a request with these cookies: the reader's choice
    (the language cookie) if the site offers it, else the site's language."""
    language = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if language in dict(settings.LANGUAGES):
        return language
    return settings.LANGUAGE_CODE


class SiteLanguageMiddleware:
    """Activate the language the reader chose (cookie), else the site's language.

    Unlike Django's LocaleMiddleware this ignores Accept-Language: the UI
    matches the blog's own language unless the reader switches it, and a
    page's language depends only on that cookie (which the page cache keys on,
    through the same ``chosen_language``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(chosen_language(request.COOKIES))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class LegacyRedirectMiddleware:
    """On a 404, answer 301 when the path is a known old URL of a published post.

    Old URLs come from imports (``LegacyURL``, stored percent-decoded, so a
    Chinese path matches whether it arrives encoded or not). Jekyll also served
    every ``/dir/`` as ``/dir/index.html``, and imported posts may link to
    images by their old site path: those are kept in media under ``jekyll/``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        if "\x00" in unquote(request.path):
            return response  # no stored path has one (PostgreSQL cannot even compare it)
        target = self.old_post_url(request.path) or self.imported_image_url(request.path)
        if target is None:
            return response
        return links.permanent_redirect(request, target)

    def old_post_url(self, path):
        from .models import LegacyURL, Post

        candidates = set()
        for candidate in (path, unquote(path)):
            candidates.add(candidate)
            if not candidate.endswith("/") and "." not in candidate.rsplit("/", 1)[-1]:
                candidates.add(candidate + "/")
            elif candidate.endswith("/") and len(candidate) > 1:
                candidates.add(candidate.rstrip("/"))
            if candidate.endswith("/index.html"):
                candidates.add(candidate[: -len("index.html")])
        legacy = (
            LegacyURL.objects.filter(path__in=candidates, post__in=Post.objects.published())
            .select_related("post")
            .first()
        )
        if legacy is not None:
            return legacy.post.get_absolute_url()
        if path.endswith("/index.html"):
            return self.published_post_at(path[: -len("index.html")])
        return None

    def published_post_at(self, path):
        """``path`` if it is the permalink of a published post."""
        from datetime import date

        from django.urls import Resolver404, resolve

        from .models import Post

        try:
            match = resolve(path)
            day = date(int(match.kwargs["year"]), int(match.kwargs["month"]), int(match.kwargs["day"]))
        except (Resolver404, KeyError, ValueError):
            return None
        if match.view_name != "blog:post":
            return None
        post = (
            Post.objects.on_day(day).published().filter(slug=match.kwargs["slug"]).first()
        )  # day first: see PostDetailView
        return post.get_absolute_url() if post else None

    def imported_image_url(self, path):
        from django.core.exceptions import SuspiciousFileOperation
        from django.core.files.storage import default_storage

        from .jekyll import imported_asset_name

        name = imported_asset_name(unquote(path))
        if name is None:
            return None
        try:
            if default_storage.exists(name):
                return default_storage.url(name)
        except (SuspiciousFileOperation, OSError, ValueError):
            pass
        return None
