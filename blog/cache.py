"""Full-page cache for anonymous readers, invalidated by one shared version.

Every public page depends on the same few tables (posts, tags, authors,
pages), so instead of tracking which pages a change touches we keep one
*content version* in the shared cache (Redis, or the file cache that all
gunicorn workers on a machine share) and store each page together with the
version it was rendered under. Any change bumps the version (``blog.signals``),
which every worker on every host sees on its next request; an entry whose
version is not the current one is simply a miss.

The version also records when the next scheduled post goes live. Once that
moment has passed the version is bumped, so a cached page never outlives it.

Only anonymous GET/HEAD requests are looked up, and only responses that are
the same for every anonymous reader of the same host, path, query and UI
language are stored: 200, no cookie set, not private/no-store/no-cache, no
Vary beyond Cookie. Every eligible response (cached or not) carries an ETag
and a Last-Modified (the version's timestamp) and conditional GETs get 304.
"""

import contextvars
import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .middleware import chosen_language

logger = logging.getLogger(__name__)

# A clock that went back by more than this (a host with a skewed clock, a
# test travelling in time) recomputes the version: the publish horizon was
# computed for a later "now" and could hide a post that is no longer public.
CLOCK_SKEW = 5.0

_UNCACHEABLE_CONTROL = ("private", "no-store", "no-cache")


@dataclass(frozen=True)
class Version:
    """The content version every cached page is checked against."""

    token: str
    stamp: float  # when the content last changed (Last-Modified)
    next_publish: float | None  # when the next scheduled post goes live
    computed_at: float

    def is_current(self, now):
        if self.next_publish is not None and now >= self.next_publish:
            return False
        return now >= self.computed_at - CLOCK_SKEW

    def as_tuple(self):
        return (self.token, self.stamp, self.next_publish, self.computed_at)


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


_release = None


def release():
    """Pages rendered by another release (templates, hashed static URLs) never match."""
    global _release
    if _release is None:
        from django.contrib.staticfiles.storage import staticfiles_storage

        manifest = getattr(staticfiles_storage, "manifest_hash", "") or ""
        _release = f"{settings.PAGE_CACHE_RELEASE}{manifest}"
    return _release


def version_key():
    return f"pagecache:version:{release()}"


def _next_publish():
    from django.db.models import Min

    from .models import Post

    when = Post.objects.scheduled().aggregate(first=Min("publish"))["first"]
    return when.timestamp() if when else None


def _new_version():
    now = time.time()
    return Version(uuid.uuid4().hex, now, _next_publish(), now)


# Set when this process wrote rows it has not committed yet (see blog.signals).
_changed_locally = False


def mark_changed_locally():
    global _changed_locally
    _changed_locally = True


# The version a request in progress was served under (see ``pinned``): every
# figure of one page is read under the same version, and the shared cache is
# asked for it once per request instead of once per figure.
_pinned = contextvars.ContextVar("blog_pinned_version", default=None)


def bump():
    """Invalidate every cached page, on every worker and host, at once."""
    global _changed_locally
    _changed_locally = False
    version = _new_version()
    _cache().set(version_key(), version.as_tuple(), None)
    if _pinned.get() is not None:
        _pinned.set(version)  # a write during the request: later reads see it
    return version


def current_version(raw=None):
    """The version in force, made (or renewed past a publish time) when needed."""
    if _changed_locally:
        return bump()
    if raw is None and (pinned := _pinned.get()) is not None:
        return pinned
    cache = _cache()
    if raw is None:
        raw = cache.get(version_key())
    if raw is None:
        # First request after a start or a cache flush: add() so concurrent
        # workers agree on a single version rather than each making one.
        cache.add(version_key(), _new_version().as_tuple(), None)
        raw = cache.get(version_key())
        if raw is None:  # a cache that stores nothing (e.g. DummyCache)
            return _new_version()
    version = Version(*raw)
    if not version.is_current(time.time()):
        version = bump()
    return version


class pinned:
    """``with pinned(version):`` ``current_version()`` answers ``version``
    without asking the shared cache (a local write still bumps it)."""

    def __init__(self, version):
        self.version = version

    def __enter__(self):
        self.token = _pinned.set(self.version)
        return self.version

    def __exit__(self, *exc):
        _pinned.reset(self.token)


def _page_key(request, language):
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"pagecache:page:{release()}:{request.scheme}:{request.get_host()}:{language}:{path}"


class LocalPages:
    """This process's copies of recently served pages, newest last.

    Only a shortcut: an entry is used only when it carries the current
    version, read from the shared cache on every request, so a change is
    still seen at once by every worker. It saves reading (and unpickling)
    the page itself from the shared cache on each hit.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = len(entry[2])
        if size > self.max_bytes:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old[2])
            self.entries[key] = entry
            self.size += size
            while self.size > self.max_bytes:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[2])

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


class PageCacheMiddleware:
    """Serve anonymous readers from the shared cache; see the module docstring.

    Placed right after WhiteNoise, so a hit skips sessions, auth, CSRF and the
    view; the security headers are added by the middleware around it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.PAGE_CACHE
        self.timeout = settings.PAGE_CACHE_TIMEOUT
        self.max_bytes = settings.PAGE_CACHE_MAX_BYTES
        self.excluded = tuple(settings.PAGE_CACHE_EXCLUDE)
        self.session_cookie = settings.SESSION_COOKIE_NAME
        self.language_cookie = settings.LANGUAGE_COOKIE_NAME
        self.local = LocalPages(settings.PAGE_CACHE_LOCAL_BYTES) if settings.PAGE_CACHE_LOCAL_BYTES else None

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(self.excluded):
            return self.get_response(request)
        cookies = request.COOKIES
        if self.session_cookie in cookies:
            # Possibly signed-in staff: their pages may differ (previews).
            return self.get_response(request)
        language = chosen_language(cookies)  # as blog.middleware.SiteLanguageMiddleware decides
        other_cookies = any(name != self.language_cookie for name in cookies)

        key = _page_key(request, language)  # a disallowed Host stops here (400)
        try:
            version, entry = current_version(), None
            if self.enabled:
                entry = self.local.get(key) if self.local else None
                if entry is None or entry[0] != version.token:
                    entry = _cache().get(key)
                    if entry is not None and self.local and entry[0] == version.token:
                        self.local.put(key, entry)
        except Exception:  # the cache is down: serve the page, uncached
            logger.exception("Page cache unavailable")
            return self.get_response(request)

        if entry is not None and entry[0] == version.token and not (entry[4] and other_cookies):
            return self._from_entry(request, entry, version)

        with pinned(version):
            response = self.get_response(request)
        vary_cookie = self._cacheable(request, response, other_cookies)
        if vary_cookie is None:
            return response
        self._add_validators(response, version)
        if self.enabled:
            if request.method == "GET":
                entry = (version.token, dict(response.items()), response.content, response["ETag"], vary_cookie)
                try:
                    _cache().set(key, entry, self.timeout)
                    if self.local:
                        self.local.put(key, entry)
                except Exception:
                    logger.exception("Page cache unavailable")
            response["X-Cache"] = "miss"
        response = get_conditional_response(
            request, etag=response["ETag"], last_modified=int(version.stamp), response=response
        )
        return _without_body_for_head(request, response)

    def _cacheable(self, request, response, other_cookies):
        """None if the response must not be stored, else whether it varies on Cookie."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        if isinstance(getattr(request, "_csp_nonce", None), str):
            return None  # the page carries this response's CSP nonce
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in _UNCACHEABLE_CONTROL):
            return None
        if len(response.content) > self.max_bytes:
            return None
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if vary - {"cookie", "accept-encoding"}:
            return None
        if "accept-encoding" in vary and response.has_header("Content-Encoding"):
            return None  # compressed for this reader only; identity bodies suit everyone
        vary_cookie = "cookie" in vary
        if vary_cookie and other_cookies:
            # Rendered for a reader with cookies we do not key on.
            return None
        return vary_cookie

    def _add_validators(self, response, version):
        if not response.has_header("ETag"):
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response["ETag"] = f'"{digest}"'
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(version.stamp)
        if not response.has_header("Cache-Control"):
            # Browsers and proxies may keep the page but must ask again (a
            # cheap 304) before showing it, so edits appear at once.
            response["Cache-Control"] = "max-age=0, must-revalidate"
        # The UI language comes from a cookie.
        patch_vary_headers(response, ("Cookie",))

    def _from_entry(self, request, entry, version):
        _token, headers, body, etag, _vary_cookie = entry
        response = HttpResponse(body, headers=headers)
        if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
            # A 304 (or the response itself when the reader's copy is stale).
            response = get_conditional_response(request, etag=etag, last_modified=int(version.stamp), response=response)
        response["X-Cache"] = "hit"
        return _without_body_for_head(request, response)


def _without_body_for_head(request, response):
    """HEAD gets the headers of GET (Content-Length included) and no body."""
    if request.method == "HEAD":
        response.content = b""
    return response
