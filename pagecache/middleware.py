"""Serve anonymous readers whole pages from the shared cache.

Only anonymous GET/HEAD requests are looked up, and only responses that are the same for every
anonymous reader of the same host, path, query and UI language are stored: 200, no cookie set,
not private/no-store/no-cache, no Vary beyond Cookie. Every eligible response (cached or not)
carries an ETag and a Last-Modified (the content version's timestamp), and conditional GETs get
304. Entries are checked against the content version (``pagecache.version``) on every request.
"""

import hashlib
import logging

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from config.language import chosen_language

from .lru import LRU
from .record import CachedPage
from .version import current_version, pinned, release, shared_cache

logger = logging.getLogger(__name__)

_UNCACHEABLE_CONTROL = ("private", "no-store", "no-cache")


def page_key(request, language):
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"pagecache:page:{release()}:{request.scheme}:{request.get_host()}:{language}:{path}"


def local_pages(max_bytes):
    """This process's copies of recently served pages.

    Only a shortcut: an entry is used only when it carries the current version, read from the
    shared cache on every request, so a change is still seen at once by every worker. It saves
    reading (and unpickling) the page itself from the shared cache on each hit.
    """
    return LRU(max_bytes=max_bytes, size=lambda page: len(page.body))


class PageCacheMiddleware:
    """Placed right after WhiteNoise, so a hit skips sessions, auth, CSRF and the view; the
    security headers are added by the middleware around it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = local_pages(settings.PAGE_CACHE_LOCAL_BYTES) if settings.PAGE_CACHE_LOCAL_BYTES else None

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(tuple(settings.PAGE_CACHE_EXCLUDE)):
            return self.get_response(request)
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies:
            # Possibly signed-in staff: their pages may differ (previews).
            return self.get_response(request)
        language = chosen_language(cookies)  # as config.language.SiteLanguageMiddleware decides
        other_cookies = any(name != settings.LANGUAGE_COOKIE_NAME for name in cookies)

        key = page_key(request, language)  # a disallowed Host stops here (400)
        try:
            version = current_version()
            page = self._lookup(key, version) if settings.PAGE_CACHE else None
        except Exception:  # the cache is down: serve the page, uncached
            logger.exception("Page cache unavailable")
            return self.get_response(request)

        if page is not None and not (page.vary_cookie and other_cookies):
            return self._from_page(request, page, version)

        with pinned(version):
            response = self.get_response(request)
        vary_cookie = self._cacheable(request, response, other_cookies)
        if vary_cookie is None:
            return response
        self._add_validators(response, version)
        if settings.PAGE_CACHE:
            if request.method == "GET":
                self._store(
                    key,
                    CachedPage(version.token, dict(response.items()), response.content, response["ETag"], vary_cookie),
                )
            response["X-Cache"] = "miss"
        response = get_conditional_response(
            request, etag=response["ETag"], last_modified=int(version.stamp), response=response
        )
        return _without_body_for_head(request, response)

    def _lookup(self, key, version):
        page = self.local.get(key) if self.local else None
        if page is None or not page.is_current(version):
            page = CachedPage.from_stored(shared_cache().get(key))
            if page is None or not page.is_current(version):
                return None
            if self.local:
                self.local.put(key, page)
        return page

    def _store(self, key, page):
        try:
            shared_cache().set(key, page.stored(), settings.PAGE_CACHE_TIMEOUT)
            if self.local:
                self.local.put(key, page)
        except Exception:
            logger.exception("Page cache unavailable")

    def _cacheable(self, request, response, other_cookies):
        """None if the response must not be stored, else whether it varies on Cookie."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        if isinstance(getattr(request, "_csp_nonce", None), str):
            return None  # the page carries this response's CSP nonce
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in _UNCACHEABLE_CONTROL):
            return None
        if len(response.content) > settings.PAGE_CACHE_MAX_BYTES:
            return None
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if vary - {"cookie", "accept-encoding"}:
            return None
        if "accept-encoding" in vary and response.has_header("Content-Encoding"):
            return None  # compressed for this reader only; identity bodies suit everyone
        vary_cookie = "cookie" in vary
        if vary_cookie and other_cookies:
            return None  # rendered for a reader with cookies we do not key on
        return vary_cookie

    def _add_validators(self, response, version):
        if not response.has_header("ETag"):
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response["ETag"] = f'"{digest}"'
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(version.stamp)
        if not response.has_header("Cache-Control"):
            # Browsers and proxies may keep the page but must ask again (a cheap 304) before
            # showing it, so edits appear at once.
            response["Cache-Control"] = "max-age=0, must-revalidate"
        patch_vary_headers(response, ("Cookie",))  # the UI language comes from a cookie

    def _from_page(self, request, page, version):
        response = HttpResponse(page.body, headers=page.headers)
        if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
            # A 304 (or the response itself when the reader's copy is stale).
            response = get_conditional_response(
                request, etag=page.etag, last_modified=int(version.stamp), response=response
            )
        response["X-Cache"] = "hit"
        return _without_body_for_head(request, response)


def _without_body_for_head(request, response):
    """HEAD gets the headers of GET (Content-Length included) and no body."""
    if request.method == "HEAD":
        response.content = b""
    return response
