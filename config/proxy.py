"""The client's address, as sign-in throttling counts it (django-axes' AXES_CLIENT_IP_CALLABLE).

Directly exposed, it is the connection's (REMOTE_ADDR). Behind a proxy (DJANGO_BEHIND_PROXY=1)
it is the address the proxy saw, which the proxy appends to X-Forwarded-For: the last entry, or
the DJANGO_PROXY_COUNT-th from the end with several proxies in a row. Entries before those came
from the client itself and could say anything, so they are never read; without the setting the
header is ignored altogether.
"""

import ipaddress

from django.conf import settings


def _address(value):
    try:
        return str(ipaddress.ip_address(value.strip().strip("[]")))
    except ValueError:
        return None


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    count = max(1, settings.PROXY_COUNT)
    if len(forwarded) < count:
        return remote
    return _address(forwarded[-count]) or remote
