"""How django-axes counts login attempts by user name (core.clients gives the address); the lockout page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from tryggve.core.audit import record
from tryggve.core.models import AuditEntry

USERNAME_LENGTH = 150  # django.contrib.auth's User.username


def username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The user name a login attempt is counted under (AXES_USERNAME_CALLABLE).

    As django-axes reads it, but cut to the longest user name there is: a longer one matches no
    account, and stored whole it would not fit the attempt's column (a server error on PostgreSQL).
    """
    given = (credentials or {}).get("username") if credentials else request.POST.get("username")
    return None if given is None else str(given)[:USERNAME_LENGTH]


def locked_out(request: HttpRequest, original_response: object, credentials: dict | None) -> HttpResponse:
    """The page a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE), recorded in the audit log."""
    tried = username(request, credentials) or ""
    record(
        request,
        None,
        AuditEntry.Action.LOCKED_OUT,
        gettext("Login blocked after repeated failures"),
        username=tried,
    )
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"lockout_minutes": minutes}, status=429)
