"""Headers for shared caches in front of the site (Varnish, a CDN).

A page the page cache may store is public for ``PAGE_CACHE_EDGE_TTL`` seconds at the edge
(``s-maxage``; browsers get ``max-age=0`` and revalidate with a cheap 304), never past the next
scheduled publication, with ``stale-while-revalidate`` and ``stale-if-error``; and it names what
it shows in the surrogate-key headers edges purge by: ``xkey`` (Varnish's vmod_xkey),
``Surrogate-Key`` (Fastly and others), ``Cache-Tag`` (Cloudflare). The purger
(``pagecache.purge``) sends those keys after each commit. Without an edge TTL (no purger
configured) pages are ``max-age=0, must-revalidate`` and carry no keys.
"""

import time

from django.conf import settings

from .version import ALL

REVALIDATE = "max-age=0, must-revalidate"
KEY_HEADERS = ("xkey", "Surrogate-Key", "Cache-Tag")


def shared_lifetime(snap, now=None):
    """(s-maxage, stale-while-revalidate) for a page under ``snap``."""
    ttl, swr = settings.PAGE_CACHE_EDGE_TTL, settings.PAGE_CACHE_EDGE_STALE_WHILE_REVALIDATE
    if snap is not None and snap.next_change is not None:
        until = int(snap.next_change - (now or time.time()))
        if until <= ttl + swr:
            # Nothing kept at the edge may outlive the next publication, served stale or not.
            ttl, swr = max(0, min(ttl, until)), 0
    return ttl, swr


def add_edge_headers(response, keys, snap):
    """Our Cache-Control and surrogate keys, unless the view chose a Cache-Control itself."""
    if response.has_header("Cache-Control"):
        return
    ttl, swr = shared_lifetime(snap)
    if ttl <= 0:
        response["Cache-Control"] = REVALIDATE
        return
    control = f"max-age=0, s-maxage={ttl}, stale-if-error={settings.PAGE_CACHE_EDGE_STALE_IF_ERROR}"
    if swr:
        control += f", stale-while-revalidate={swr}"
    response["Cache-Control"] = control
    names = sorted({*keys, ALL})
    response["xkey"] = response["Surrogate-Key"] = " ".join(names)
    response["Cache-Tag"] = ",".join(names)


def not_for_the_edge(response):
    """A response no shared cache may keep (a stale copy, a page rendered while the cache was
    unavailable)."""
    response["Cache-Control"] = REVALIDATE
    for name in KEY_HEADERS:
        if response.has_header(name):
            del response[name]
