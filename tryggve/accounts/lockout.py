"""Which address a login attempt came from, for django-axes' lockout."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from tryggve.core.models import AuditEntry


def client_address(request: HttpRequest) -> str:
    """The client's address: behind our TLS proxy, the one the proxy added last to X-Forwarded-For.

    Earlier entries are whatever the client sent, so only the proxy's own entry is trusted.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def locked_out(request: HttpRequest, original_response: object, credentials: dict | None) -> HttpResponse:
    """The page a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE), recorded in the audit log."""
    username = str((credentials or {}).get("username", ""))[:150]
    AuditEntry.objects.create(
        username=username,
        action="locked_out",
        what=gettext("Login blocked after repeated failures"),
        path=request.get_full_path()[:500],
    )
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"lockout_minutes": minutes}, status=429)
