"""Keeps a logged-in user who still owes a second factor on the two-factor pages."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import two_factor

# Where an unverified session may go: the two-factor pages themselves, logging out, and files.
OPEN_URL_NAMES = ("accounts:verify", "accounts:two_factor", "accounts:logout", "accounts:login")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        owed = self.owed_step(request)
        if owed is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Log in with your two-factor code first.")}, status=403)
        return redirect(f"{reverse(owed)}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def owed_step(request: HttpRequest) -> str | None:
        """The page this session must pass before any other, or None."""
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # no session, so no login: residents' requests need not load one
        user = request.user
        if not user.is_authenticated or two_factor.verified(request):
            return None
        if request.path.startswith(("/static/", "/media/")):
            return None
        try:
            if resolve(request.path_info).view_name in OPEN_URL_NAMES:
                return None
        except Resolver404:
            pass
        if two_factor.enrolled(user):
            return "accounts:verify"
        if two_factor.required(user):
            return "accounts:two_factor"
        return None
