"""The Content-Security-Policy header, built once instead of on every response.

django-csp rebuilds the header string from settings for each response; on a
page cache hit or a static file that was a third of the time spent in Python.
The site-wide policy only changes with settings, so it is built once and
reused. A response that asked for something of its own (a nonce, or the
``csp_update``/``csp_replace``/``csp_override`` decorators) goes through
django-csp unchanged.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy

_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
# (header, setting, exemption attribute, report only)
_HEADERS = (
    (HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt", False),
    (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro", True),
)
_policies = {}


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policies.clear()


def site_policy(setting, report_only):
    """(header value, excluded path prefixes) for the policy in settings."""
    if setting not in _policies:
        config = getattr(settings, setting, None) or {}
        _policies[setting] = (build_policy(report_only=report_only), tuple(config.get("EXCLUDE_URL_PREFIXES") or ()))
    return _policies[setting]


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, n) for n in _PER_RESPONSE):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages are left alone, as django-csp does
        for header, setting, exempt, report_only in _HEADERS:
            policy, excluded = site_policy(setting, report_only)
            if (
                policy
                and header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(excluded)
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
