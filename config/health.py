"""``/healthz`` for load balancers and orchestrators.

The status code answers "should this host get traffic?": 200 while the database answers
``SELECT 1``, 503 when it does not. The body tells how well: ``"status": "ok"``, or
``"degraded"`` when a part the site can do without is out — the cache (pages are then rendered
uncached, every call failing fast behind its breaker), or deliveries waiting in the page
cache's outbox (edge purges that could not be sent yet). Apps add such parts with
``register(name, probe)``; a probe returns "ok" or a short description of what is wrong.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

_probes = {}


def register(name, probe):
    """Report ``probe()`` (``"ok"`` or what is wrong) under ``name``; anything but "ok" makes the
    status "degraded", never 503."""
    _probes[name] = probe


def cache_state():
    """ "ok", or "unavailable" when any configured cache does not answer (its breaker open: no
    wait; else one call, bounded by the cache's own timeout)."""
    for alias in settings.CACHES:
        try:
            caches[alias].get("healthz")
        except Exception as exc:  # any backend error means the cache is out
            logger.warning("Health check: cache %s unavailable: %s", alias, exc)
            return "unavailable"
        if getattr(getattr(caches[alias], "breaker", None), "is_open", False):
            return "unavailable"  # a lenient alias answered a miss for a dead cache
    return "ok"


@never_cache
@require_safe
def healthz(request):
    body = {"status": "ok", "database": "ok"}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.error("Health check: database unavailable: %s", exc)
        body.update(status="error", database="unavailable")
        status = 503
    body["cache"] = cache_state()
    for name, probe in _probes.items():
        try:
            body[name] = probe()
        except Exception as exc:
            body[name] = f"unavailable ({type(exc).__name__})"
    if status == 200 and any(value != "ok" for key, value in body.items() if key not in ("status", "database")):
        body["status"] = "degraded"
    return JsonResponse(body, status=status)
