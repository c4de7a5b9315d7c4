"""Who must give a second factor, and whether this session has."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django_otp import user_has_device

from tryggve.core.models import Membership

# Set in the session when the municipality's identity provider logged the user in.
SSO_SESSION_KEY = "tryggve_sso"


def required(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True when one of the user's organisations requires two-factor login."""
    if user.pk is None:
        return False
    return Membership.objects.filter(user_id=user.pk, organisation__require_two_factor=True).exists()


def enrolled(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user_has_device(user, confirmed=True))


def verified(request: HttpRequest) -> bool:
    """True when this session gave a code, or came through single sign-on that counts as two-factor."""
    if request.session.get(SSO_SESSION_KEY) and settings.OIDC_COUNTS_AS_TWO_FACTOR:
        return True
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())
