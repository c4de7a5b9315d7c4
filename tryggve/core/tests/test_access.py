import pytest
from django.contrib.auth.models import AnonymousUser, User

from tryggve.core.access import areas_for, holds_role_everywhere, municipalities_for, users_in
from tryggve.core.models import Area, Membership, Municipality, Organisation
from tryggve.testing import Neighbours

pytestmark = pytest.mark.django_db


def slugs(queryset: object) -> set[str]:
    return {obj.slug for obj in queryset}  # type: ignore[attr-defined]


def test_police_analyst_works_in_every_municipality_the_police_area_serves(neighbours: Neighbours) -> None:
    police = neighbours.police_analyst
    assert slugs(municipalities_for(police, Membership.Role.ANALYST)) == {"halmstad", "laholm"}
    assert slugs(municipalities_for(police, Membership.Role.APPROVER)) == set()


def test_kommun_analyst_sees_only_its_municipality(neighbours: Neighbours) -> None:
    Area.objects.create(municipality=neighbours.halmstad, slug="vallas", name="Vallås")
    assert slugs(municipalities_for(neighbours.laholm_analyst)) == {"laholm"}
    assert not areas_for(neighbours.laholm_analyst, neighbours.halmstad).exists()


def test_partner_reporter_sees_only_its_areas_and_what_lies_inside_them(neighbours: Neighbours) -> None:
    halmstad = neighbours.halmstad
    vallas, andersberg, _nyhem = (
        Area.objects.create(municipality=halmstad, slug=slug, name=slug.title())
        for slug in ("vallas", "andersberg", "nyhem")
    )
    housing = Organisation.objects.create(name="HFAB", slug="hfab", kind=Organisation.Kind.HOUSING)
    housing.municipalities.add(halmstad)
    reporter = User.objects.create_user("hfab.rapportor", is_staff=True)
    membership = Membership.objects.create(
        user=reporter, organisation=housing, municipality=halmstad, role=Membership.Role.PARTNER_REPORTER
    )
    membership.areas.set([vallas, andersberg])
    assert slugs(areas_for(reporter, halmstad, Membership.Role.PARTNER_REPORTER)) == {"andersberg", "vallas"}
    # A block nested inside Vallås is covered by the Vallås membership.
    Area.objects.create(municipality=halmstad, slug="vallas-centrum", name="Vallås centrum", parent=vallas)
    assert "vallas-centrum" in slugs(areas_for(reporter, halmstad, Membership.Role.PARTNER_REPORTER))


def test_membership_without_areas_covers_the_whole_municipality(neighbours: Neighbours) -> None:
    halmstad = neighbours.halmstad
    for slug in ("vallas", "andersberg"):
        Area.objects.create(municipality=halmstad, slug=slug, name=slug.title())
    assert areas_for(neighbours.halmstad_analyst, halmstad).count() == halmstad.areas.count() == 2


def test_anonymous_and_inactive_users_see_nothing(neighbours: Neighbours) -> None:
    assert not municipalities_for(AnonymousUser()).exists()
    analyst = neighbours.halmstad_analyst
    assert municipalities_for(analyst).exists()
    analyst.is_active = False
    analyst.save()
    assert not municipalities_for(analyst).exists()


def test_what_several_municipalities_share_asks_for_a_role_in_each(neighbours: Neighbours) -> None:
    both = {neighbours.halmstad.pk, neighbours.laholm.pk}
    admin = Membership.Role.ADMINISTRATOR
    assert holds_role_everywhere(neighbours.both_admin, both, admin)
    assert not holds_role_everywhere(neighbours.laholm_admin, both, admin)
    assert holds_role_everywhere(neighbours.laholm_admin, {neighbours.laholm.pk}, admin)
    assert not holds_role_everywhere(neighbours.police_analyst, both, admin)
    # What belongs to no municipality is the installation's.
    assert not holds_role_everywhere(neighbours.both_admin, set(), admin)
    assert holds_role_everywhere(User.objects.create_superuser("root", "root@example.se"), set(), admin)


def test_a_municipalitys_staff_are_those_with_a_role_there(neighbours: Neighbours) -> None:
    laholm = Municipality.objects.filter(pk=neighbours.laholm.pk)
    assert {user.username for user in users_in(laholm)} == {
        "admin.laholm",
        "admin.bada",
        "samordnare.laholm",
        "kommunpolis",
    }
