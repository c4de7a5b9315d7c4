"""Guesses at one account from many addresses slow that account's logins down; nobody is locked out.

django-axes locks a user name from one address. Guesses spread over many addresses are counted
here per account, for a day from the first: after `TRYGGVE_ACCOUNT_FAILURE_LIMIT` (10) failures,
each next attempt waits a delay that doubles with every further failure (1 s, 2 s, 4 s, … up to
`TRYGGVE_ACCOUNT_DELAY_MAX_SECONDS`, 300 s). An attempt made during the wait is refused without
trying the password and is not counted. A browser the owner has logged in from before carries a
signed cookie and is never slowed, so an attacker cannot keep a colleague out; the owner gets an
e-mail when the delays start. A successful login does not start the count again (the attacker
would get ten quick guesses more each time the owner logs in); the count ends a day after its
first failure.
"""

import hashlib
import hmac
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext

from tryggve.core.clients import client_address, count

WINDOW_SECONDS = 24 * 60 * 60
KNOWN_COOKIE = "tryggve_known"
KNOWN_DAYS = 180
KNOWN_SALT = "tryggve.accounts.throttle.known"


def _now() -> float:
    return time.time()


def _account(username: str) -> str:
    """The counters' name for an account: a keyed hash, so the cache holds no user names."""
    key = hmac.new(settings.SECRET_KEY.encode(), b"login-account", hashlib.sha256).digest()
    return hmac.new(key, username.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def _known(request: HttpRequest) -> list[str]:
    try:
        value = signing.loads(
            request.COOKIES.get(KNOWN_COOKIE, ""), salt=KNOWN_SALT, max_age=KNOWN_DAYS * 86400
        )
    except signing.BadSignature:
        return []
    return [str(account) for account in value] if isinstance(value, list) else []


def seconds_to_wait(request: HttpRequest, username: str) -> int:
    """How long this attempt at the account must still wait; 0 when it may go ahead."""
    account = _account(username)
    failures = cache.get(f"login-failures:{account}", 0)
    if failures < settings.TRYGGVE_ACCOUNT_FAILURE_LIMIT or account in _known(request):
        return 0
    beyond = failures - settings.TRYGGVE_ACCOUNT_FAILURE_LIMIT
    delay = min(2**beyond, settings.TRYGGVE_ACCOUNT_DELAY_MAX_SECONDS)
    waited = _now() - cache.get(f"login-last-failure:{account}", 0.0)
    return max(0, int(delay - waited + 0.999))


class Backend:
    """First among the password backends: refuses an attempt that must still wait.

    Not a BaseBackend: without get_user it never becomes a session's backend.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, **kwargs: Any) -> None:
        if request is not None and username:
            wait = seconds_to_wait(request, username)
            if wait:
                request.account_wait = wait  # type: ignore[attr-defined]  # the login form says it
                raise PermissionDenied
        return None


def failed(request: HttpRequest | None, username: str) -> None:
    """Count a failed login for the account (from user_login_failed); e-mail its owner at the limit."""
    if not username or (request is not None and hasattr(request, "account_wait")):
        return  # refused while waiting: not tried, so not counted
    account = _account(username)
    failures = count(f"login-failures:{account}", WINDOW_SECONDS)
    cache.set(f"login-last-failure:{account}", _now(), WINDOW_SECONDS)
    if failures == settings.TRYGGVE_ACCOUNT_FAILURE_LIMIT:
        _warn_owner(username, failures)


def succeeded(request: HttpRequest, username: str, response: HttpResponse) -> None:
    """After a login on our page: remember this browser for the account."""
    account = _account(username)
    known = [account, *(other for other in _known(request) if other != account)][:10]
    response.set_cookie(
        KNOWN_COOKIE,
        signing.dumps(known, salt=KNOWN_SALT),
        max_age=KNOWN_DAYS * 86400,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def _warn_owner(username: str, failures: int) -> None:
    user = get_user_model().objects.filter(username__iexact=username.strip()).first()
    if user is None or not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            gettext("Tryggve: many failed logins to your account"),
            gettext(
                "There have been %(count)d failed attempts to log in to your Tryggve account "
                "%(username)s within a day. From now on, logins to the account are slowed down, "
                "except from browsers you have logged in from before.\n\n"
                "If it was you, nothing needs to be done. If not, someone may be guessing your "
                "password: choose a new, long one and turn on two-factor login."
            )
            % {"count": failures, "username": user.get_username()},
            None,
            [user.email],
        )


def resets_over_limit(request: HttpRequest, email: str) -> bool:
    """Count a password-reset request; True when its address or the entered e-mail is over the hour's limit.

    Counted per entered address whether or not an account has it, so a refusal says nothing
    about which addresses have accounts.
    """
    by_address = count(f"reset-address:{_account(client_address(request))}", 60 * 60)
    by_account = count(f"reset-account:{_account(email)}", 60 * 60)
    return (
        by_address > settings.TRYGGVE_PASSWORD_RESETS_PER_ADDRESS
        or by_account > settings.TRYGGVE_PASSWORD_RESETS_PER_ACCOUNT
    )
