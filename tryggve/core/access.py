"""Who may see what: staff see only their organisations' municipalities and areas."""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from .models import Area, Membership, Municipality, with_descendants

AnyUser = User | AnonymousUser


def memberships(user: AnyUser, *roles: str) -> QuerySet[Membership]:
    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    found = Membership.objects.filter(user=user)
    return found.filter(role__in=roles) if roles else found


def municipalities_for(user: AnyUser, *roles: str) -> QuerySet[Municipality]:
    """The municipalities where the user holds one of the roles (any role if none given)."""
    if user.is_authenticated and getattr(user, "is_superuser", False):
        return Municipality.objects.all()
    ids = memberships(user, *roles).values("municipality_id")
    return Municipality.objects.filter(pk__in=ids)


def holds_role(user: AnyUser, municipality_id: int, *roles: str) -> bool:
    """Whether the user holds one of the roles (any role if none given) in the municipality."""
    return municipalities_for(user, *roles).filter(pk=municipality_id).exists()


def holds_role_everywhere(user: AnyUser, municipality_ids: Iterable[int], *roles: str) -> bool:
    """Whether the user holds one of the roles in every one of the municipalities.

    What something shared by several municipalities (a police area's organisation, a colleague
    with roles in two) asks of whoever changes it. Something that belongs to no municipality is
    the installation's: only a superuser holds a role "everywhere" there.
    """
    if user.is_authenticated and getattr(user, "is_superuser", False):
        return True
    wanted = set(municipality_ids)
    if not wanted:
        return False
    held = set(municipalities_for(user, *roles).filter(pk__in=wanted).values_list("pk", flat=True))
    return held == wanted


def users_in(municipalities: QuerySet[Municipality]) -> QuerySet[User]:
    """The staff of the municipalities: the users who hold any role in one of them."""
    return User.objects.filter(memberships__municipality__in=municipalities).distinct()


def acting_user(user: AnyUser) -> User | None:
    """The user to record as having done something, or None for an anonymous request."""
    return user if isinstance(user, User) else None


def areas_for(user: AnyUser, municipality: Municipality, *roles: str) -> QuerySet[Area]:
    """The areas of one municipality the user may work with in one of the roles.

    A membership without areas covers the whole municipality; one with areas covers those
    areas and every area nested inside them.
    """
    in_municipality = Area.objects.filter(municipality=municipality)
    if user.is_authenticated and getattr(user, "is_superuser", False):
        return in_municipality
    held = memberships(user, *roles).filter(municipality=municipality).prefetch_related("areas")
    chosen: list[Area] = []
    for membership in held:
        areas = list(membership.areas.all())
        if not areas:
            return in_municipality
        chosen.extend(areas)
    return in_municipality.filter(pk__in=with_descendants(chosen))
