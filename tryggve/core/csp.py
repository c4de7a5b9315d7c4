"""The Content-Security-Policy header, built once per process instead of on every response.

django-csp builds the header from the settings for each response. Tryggve's policy is the same
on every page: no view changes it (django-csp's csp_update and related decorators), no page
uses a nonce and there is no report-only policy, so the header is built once. A response that
does change it still goes through django-csp in full.
"""

from functools import cached_property

from csp.constants import HEADER
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

# Set on a response by django-csp's decorators.
CHANGES = tuple(
    f"_csp_{change}{ro}" for change in ("exempt", "config", "update", "replace") for ro in ("", "_ro")
)


class CSPMiddleware(DjangoCSPMiddleware):
    @cached_property
    def policy(self) -> str:
        return build_policy()

    @cached_property
    def excluded_prefixes(self) -> tuple[str, ...]:
        return tuple(settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES", ()))

    @cached_property
    def fixed(self) -> bool:
        """Whether every response gets the same header (DEBUG leaves error pages without)."""
        return not settings.DEBUG and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        changed = any(hasattr(response, name) for name in CHANGES) or getattr(request, "_csp_nonce", None)
        if not self.fixed or changed:
            return super().process_response(request, response)
        if HEADER not in response and not request.path_info.startswith(self.excluded_prefixes):
            response[HEADER] = self.policy
        return response
