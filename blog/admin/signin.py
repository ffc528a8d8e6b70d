"""The page a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE): when to try again,
and that staff can unlock it sooner.

A lock holds for the cool-off time after the failures that caused it (it is not extended by
further tries: AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off), counted apart for the
account and for the client's address; the page gives the moment the later of the two ends.
"""

import math

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone


def unlocked_at(attempts, limit, cool_off):
    """When ``attempts`` ((time, failures) rows within the cool-off) stop adding up to ``limit``:
    the oldest rows leave the window first."""
    total = 0
    for moment, failures in sorted(attempts, reverse=True):
        total += failures
        if total >= limit:
            return moment + cool_off
    return None


def retry_at(request, credentials=None):
    """The moment a locked-out client may sign in again."""
    now = timezone.now()
    cool_off = get_cool_off(request) or settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off)
    criteria = {"ip_address": get_client_ip_address(request), "username": get_client_username(request, credentials)}
    ends = []
    for field, value in criteria.items():
        if value:
            rows = recent.filter(**{field: value}).values_list("attempt_time", "failures_since_start")
            ends.append(unlocked_at(list(rows), settings.AXES_FAILURE_LIMIT, cool_off))
    return max([end for end in ends if end] or [now + cool_off])


def lockout_response(request, original_response=None, credentials=None):
    """429 with the admin's sign-in look, the time to retry, and a Retry-After header."""
    when = retry_at(request, credentials)
    seconds = max(1, math.ceil((when - timezone.now()).total_seconds()))
    context = {
        **admin.site.each_context(request),
        "title": admin.site.site_header,
        "retry_at": timezone.localtime(when),
        "minutes": math.ceil(seconds / 60),
    }
    response = render(request, "admin/blog/lockout.html", context, status=429)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response
