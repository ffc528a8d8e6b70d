"""The UI language: the reader's choice (a cookie, set by a plain link), else the site's."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def chosen_language(cookies):
    """The UI language for a request with these cookies: the reader's choice (the language
    cookie) if the site offers it, else the site's language."""
    language = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if language in dict(settings.LANGUAGES):
        return language
    return settings.LANGUAGE_CODE


class SiteLanguageMiddleware:
    """Activate the language the reader chose (cookie), else the site's language.

    Unlike Django's LocaleMiddleware this ignores Accept-Language: the UI matches the blog's own
    language unless the reader switches it, and a page's language depends only on that cookie
    (which the page cache keys on, through the same ``chosen_language``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(chosen_language(request.COOKIES))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


@never_cache
def set_language(request, code):
    """Remember the reader's UI language in a cookie and go back.

    A plain link (GET), not Django's POST form: public pages stay free of CSRF tokens and
    cookies, so the page cache can store them.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404("Unknown language.")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("blog:home")
    response = HttpResponseRedirect(iri_to_uri(next_url))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=COOKIE_MAX_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=request.is_secure() or settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
    return response
