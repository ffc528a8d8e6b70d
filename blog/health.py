"""``/healthz`` for load balancers and orchestrators: is the database answering?"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """200 when ``SELECT 1`` succeeds, 503 when it does not.

    The cache is reported but does not fail the check: without it pages are
    rendered uncached, the site still works.
    """
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
    try:
        cache.get("healthz")
        body["cache"] = "ok"
    except Exception as exc:  # any backend error means the cache is out
        logger.warning("Health check: cache unavailable: %s", exc)
        body["cache"] = "unavailable"
    return JsonResponse(body, status=status)
