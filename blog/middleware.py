from urllib.parse import unquote

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.utils import translation


class SiteLanguageMiddleware:
    """Activate the language the reader chose (cookie), else the site's language.

    Unlike Django's LocaleMiddleware this ignores Accept-Language: the UI
    matches the blog's own language unless the reader switches it, and a
    page's language depends only on that cookie (which the page cache keys on).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class LegacyRedirectMiddleware:
    """On a 404, answer 301 when the path is a known old URL of a published post."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        from .models import LegacyURL, Post

        path = request.path
        candidates = {path, unquote(path)}
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            candidates.add(path + "/")
        legacy = (
            LegacyURL.objects.filter(path__in=candidates, post__in=Post.objects.published())
            .select_related("post")
            .first()
        )
        if legacy is None:
            return response
        return HttpResponsePermanentRedirect(legacy.post.get_absolute_url())
