import pytest
from django.contrib.auth.models import AnonymousUser, User

from tryggve.core.access import areas_for, municipalities_for
from tryggve.core.models import Area, Membership, Municipality

pytestmark = pytest.mark.django_db


def slugs(queryset: object) -> set[str]:
    return {obj.slug for obj in queryset}  # type: ignore[attr-defined]


def test_police_analyst_works_in_every_municipality_the_police_area_serves(demo: None) -> None:
    police = User.objects.get(username="kommunpolis")
    assert slugs(municipalities_for(police, Membership.Role.ANALYST)) == {"halmstad", "laholm"}
    assert slugs(municipalities_for(police, Membership.Role.APPROVER)) == set()


def test_kommun_analyst_sees_only_its_municipality(demo: None) -> None:
    analyst = User.objects.get(username="samordnare.laholm")
    assert slugs(municipalities_for(analyst)) == {"laholm"}
    halmstad = Municipality.objects.get(slug="halmstad")
    assert not areas_for(analyst, halmstad).exists()


def test_partner_reporter_sees_only_its_areas_and_what_lies_inside_them(demo: None) -> None:
    reporter = User.objects.get(username="hfab.rapportor")
    halmstad = Municipality.objects.get(slug="halmstad")
    assert slugs(areas_for(reporter, halmstad, Membership.Role.PARTNER_REPORTER)) == {"andersberg", "vallas"}
    # A block nested inside Vallås is covered by the Vallås membership.
    vallas = Area.objects.get(municipality=halmstad, slug="vallas")
    Area.objects.create(municipality=halmstad, slug="vallas-centrum", name="Vallås centrum", parent=vallas)
    assert "vallas-centrum" in slugs(areas_for(reporter, halmstad, Membership.Role.PARTNER_REPORTER))


def test_membership_without_areas_covers_the_whole_municipality(demo: None) -> None:
    analyst = User.objects.get(username="samordnare.halmstad")
    halmstad = Municipality.objects.get(slug="halmstad")
    assert areas_for(analyst, halmstad).count() == halmstad.areas.count()


def test_anonymous_and_inactive_users_see_nothing(demo: None) -> None:
    assert not municipalities_for(AnonymousUser()).exists()
    analyst = User.objects.get(username="samordnare.halmstad")
    analyst.is_active = False
    analyst.save()
    assert not municipalities_for(analyst).exists()
