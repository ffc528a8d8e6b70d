"""Serve anonymous readers whole pages from the shared cache.

Only anonymous GET/HEAD requests are looked up, and only responses that are the same for every
anonymous reader of the same host, path, query and UI language are stored: 200, no cookie set,
not private/no-store/no-cache, no Vary beyond Cookie; which query strings count is
``pagecache.query``'s. A page is stored with what it shows (``pagecache.deps``) and checked
against the changes to those keys on every request (``pagecache.version``).

When a page is missing or out of date, one process renders it (``pagecache.stampede``); the
others serve the previous copy for at most ``PAGE_CACHE_STALE_SECONDS`` after the change that
invalidated it, unless that change removed something (a delete, an unpublish: never served
again), or wait up to ``PAGE_CACHE_WAIT_SECONDS`` for the new copy, then render it themselves.

Every eligible response carries an ETag, a Last-Modified and the edge-cache headers
(``pagecache.headers``); conditional GETs get 304. Without the shared cache (down, hung, its
breaker open) pages are rendered uncached and nothing is stored.
"""

import hashlib
import logging

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from config.cachebackends import CacheUnavailable
from config.language import chosen_language

from . import deps, purge, query, stampede, version
from .headers import KEY_HEADERS, add_edge_headers, not_for_the_edge
from .lru import SegmentedLRU
from .record import CachedPage

logger = logging.getLogger(__name__)

_UNCACHEABLE_CONTROL = ("private", "no-store", "no-cache")
_NOT_STORED = ("X-Cache", *KEY_HEADERS)  # a Cache-Control of the view's own is kept


def page_key(request, language, query_key):
    path = hashlib.md5(f"{request.path}?{query_key}".encode(), usedforsecurity=False).hexdigest()
    return f"pagecache:{version.release()}:page:{request.scheme}:{request.get_host()}:{language}:{path}"


def local_pages(max_entries, max_bytes):
    """This process's copies of recently served pages: a shortcut past reading (and unpickling)
    the page from the shared cache. Checked against the shared state like any copy."""
    return SegmentedLRU(max_entries, max_bytes, size=lambda page: len(page.body))


class PageCacheMiddleware:
    """Placed right after WhiteNoise, so a hit skips sessions, auth, CSRF and the view; the
    security headers are added by the middleware around it."""

    def __init__(self, get_response):
        self.get_response = get_response
        entries, size = settings.PAGE_CACHE_LOCAL_ENTRIES, settings.PAGE_CACHE_LOCAL_BYTES
        self.local = local_pages(entries, size) if size and entries else None

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(tuple(settings.PAGE_CACHE_EXCLUDE)):
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Possibly signed-in staff: their pages may differ (previews); never stale for them.
            return self.get_response(request)
        if any(name in request.COOKIES for name in settings.PAGE_CACHE_PERSONAL_COOKIES):
            return self.get_response(request)  # a page that may show this reader's own things
        purge.ensure_drainer()
        original = request.META.get("QUERY_STRING", "")
        wanted = query.canonical(original)
        if not wanted.changed:
            return self._handle(request, wanted)
        _strip_query(request, wanted.clean)
        return _with_original_query(self._handle(request, wanted), original, wanted.clean)

    def _handle(self, request, wanted):
        key = page_key(request, chosen_language(request.COOKIES), wanted.key)  # a disallowed Host: 400
        try:
            snap = version.snapshot()
        except Exception as exc:  # CacheUnavailable, or a backend that raises its own errors
            if not isinstance(exc, CacheUnavailable):
                logger.warning("Page cache unavailable: %s: %s", type(exc).__name__, exc)
            return self._render(request, None, None)
        storable = settings.PAGE_CACHE and wanted.storable and not snap.bypass
        with version.pinned(snap):
            if not storable:
                return self._render(request, None, snap)
            return self._cached_or_rendered(request, key, snap, wanted)

    def _cached_or_rendered(self, request, key, snap, wanted):
        other_cookies = any(name != settings.LANGUAGE_COOKIE_NAME for name in request.COOKIES)
        try:
            page, verdict = self._find(key, snap, bool(wanted.key))
            if page is not None and verdict.current and not (page.vary_cookie and other_cookies):
                return self._from_page(request, page, "hit")
            if not stampede.acquire(key):
                served = self._while_another_renders(request, key, snap, page, verdict, other_cookies, wanted)
                if served is not None:
                    return served
                return self._render(request, key, snap, wanted)
        except CacheUnavailable:
            return self._render(request, None, None)
        try:
            return self._render(request, key, snap, wanted)
        finally:
            try:
                stampede.release_lock(key)
            except CacheUnavailable:
                pass

    def _while_another_renders(self, request, key, snap, page, verdict, other_cookies, wanted):
        if page is not None and verdict.stale_ok and not (page.vary_cookie and other_cookies):
            return self._from_page(request, page, "stale")

        def ready():
            found, found_verdict = self._find(key, snap, bool(wanted.key))
            return found if found is not None and found_verdict.current else None

        page = stampede.wait_for(ready, settings.PAGE_CACHE_WAIT_SECONDS)
        if page is not None and not (page.vary_cookie and other_cookies):
            return self._from_page(request, page, "hit")
        return None

    def _find(self, key, snap, volatile):
        """(page, verdict): the local copy if current, else the shared one."""
        page = self.local.get(key) if self.local is not None else None
        if page is not None:
            verdict = version.check(page.keys, page.rendered_at, snap, settings.PAGE_CACHE_STALE_SECONDS)
            if verdict.current:
                if verdict.rendered_at != page.rendered_at:
                    self.local.put(key, page.revalidated(verdict.rendered_at))
                return page, verdict
        shared = CachedPage.from_stored(version.shared_cache(volatile).get(key))
        if shared is None or (page is not None and shared.rendered_at <= page.rendered_at):
            return (page, verdict) if page is not None else (None, version.Verdict(False))
        verdict = version.check(shared.keys, shared.rendered_at, snap, settings.PAGE_CACHE_STALE_SECONDS)
        if verdict.current and self.local is not None:
            self.local.put(key, shared.revalidated(verdict.rendered_at))
        return shared, verdict

    def _render(self, request, key, snap, wanted=None):
        """The view's response; stored under ``key`` when there is one and it may be."""
        with deps.collecting() as collected:
            response = self.get_response(request)
        vary_cookie = self._cacheable(request, response)
        if vary_cookie is None:
            return response
        self._add_validators(response, snap.stamp if snap else None)
        keys = collected.final()
        if key is not None:
            if request.method == "GET":
                self._store(key, response, keys, snap, vary_cookie, wanted)
            response["X-Cache"] = "miss"
        add_edge_headers(response, keys, snap)
        response = get_conditional_response(
            request, etag=response["ETag"], last_modified=_last_modified(response), response=response
        )
        return _without_body_for_head(request, response)

    def _store(self, key, response, keys, snap, vary_cookie, wanted):
        headers = {name: value for name, value in response.items() if name not in _NOT_STORED}
        page = CachedPage(snap.started, keys, snap.stamp, headers, response.content, response["ETag"], vary_cookie)
        volatile = bool(wanted and wanted.key)
        timeout = settings.PAGE_CACHE_QUERY_TIMEOUT if volatile else settings.PAGE_CACHE_TIMEOUT
        try:
            if not version.seal(keys, snap):
                return  # something it shows changed while it was rendered
            version.shared_cache(volatile).set(key, page.stored(), timeout)
        except CacheUnavailable:
            return
        if self.local is not None:
            self.local.put(key, page)

    def _cacheable(self, request, response):
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
        if vary_cookie and any(name != settings.LANGUAGE_COOKIE_NAME for name in request.COOKIES):
            return None  # rendered for a reader with cookies we do not key on
        return vary_cookie

    def _add_validators(self, response, stamp):
        if not response.has_header("ETag"):
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response["ETag"] = f'"{digest}"'
        if not response.has_header("Last-Modified") and stamp is not None:
            response["Last-Modified"] = http_date(stamp)
        patch_vary_headers(response, ("Cookie",))  # the UI language comes from a cookie

    def _from_page(self, request, page, state):
        response = HttpResponse(page.body, headers=page.headers)
        if state == "stale":
            not_for_the_edge(response)
        else:
            add_edge_headers(response, page.keys, version.snapshot())
        if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
            # A 304 (or the response itself when the reader's copy is stale).
            response = get_conditional_response(
                request, etag=page.etag, last_modified=int(page.stamp), response=response
            )
        response["X-Cache"] = state
        return _without_body_for_head(request, response)


def _strip_query(request, clean):
    """The request as without its tracking parameters (the view never sees them)."""
    request.META["QUERY_STRING"] = clean
    request.__dict__.pop("GET", None)


def _with_original_query(response, original, clean):
    """A redirect keeps the tracking parameters the view never saw (campaign tags survive an
    old URL's 301)."""
    location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
    if location and "?" not in location and original != clean:
        response["Location"] = f"{location}?{original}"
    return response


def _last_modified(response):
    from django.utils.http import parse_http_date_safe

    return parse_http_date_safe(response.get("Last-Modified", "")) if response.has_header("Last-Modified") else None


def _without_body_for_head(request, response):
    """HEAD gets the headers of GET (Content-Length included) and no body."""
    if request.method == "HEAD":
        response.content = b""
    return response
