"""Logins, failed logins and logouts go to the audit log; single sign-on marks the session."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext

from tryggve.core.audit import record
from tryggve.core.models import AuditEntry

from . import throttle
from .two_factor import SSO_SESSION_KEY

SSO_BACKEND = "tryggve.accounts.sso.Backend"


@receiver(user_logged_in)
def logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    sso = getattr(user, "backend", "") == SSO_BACKEND
    if sso and request is not None:
        request.session[SSO_SESSION_KEY] = True
    how = gettext("Logged in through single sign-on") if sso else gettext("Logged in with password")
    record(request, None, AuditEntry.Action.LOGIN, how, user=user)


@receiver(user_login_failed)
def login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))
    record(request, None, AuditEntry.Action.LOGIN_FAILED, gettext("Failed login"), username=username)
    throttle.failed(request, username)


@receiver(user_logged_out)
def logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(request, None, AuditEntry.Action.LOGOUT, gettext("Logged out"), user=user)
