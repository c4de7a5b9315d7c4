"""A resident's place report becomes a safety walk's finding, and a walk's finding is published
as a place report; each link once, for the coordinator who moderates the area."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from tryggve.followup.models import Finding, Measure, SafetyWalk
from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.inputs.tests.conftest import IN_NORTH, Place, make_place
from tryggve.testing import assert_valid_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def place() -> Place:
    return make_place()


def walk_in(place: Place, status: str = SafetyWalk.Status.PLANNED) -> SafetyWalk:
    return SafetyWalk.objects.create(
        municipality=place.municipality,
        area=place.north,
        walk_on=date(2026, 11, 20),
        route="Torget",
        status=status,
    )


def report_in(place: Place, **more: object) -> PlaceReport:
    given = {
        "kind": PlaceKind.LIGHTING,
        "area": place.north,
        "received_on": date(2026, 11, 2),
        "latitude": IN_NORTH[0],
        "longitude": IN_NORTH[1],
        "place": "Tunneln vid skolan",
        "description": "Lampan är trasig sedan en vecka",
        **more,
    }
    return PlaceReport.objects.create(municipality=place.municipality, **given)


def test_the_coordinator_makes_a_report_a_finding_of_a_walk(place: Place) -> None:
    walk = walk_in(place)
    walk_in(place, SafetyWalk.Status.PROTOCOL)  # its protocol is done: not offered
    report = report_in(place)
    analyst = place.client("analyst")
    page = analyst.get(f"/testkommun/platsrapporter/{report.pk}/").content.decode()
    url = f"/testkommun/uppfoljning/vandringar/fran-platsrapport/{report.pk}/"
    assert url in page and "Gör den till ett fynd på en trygghetsvandring" in page
    form = analyst.get(url)
    assert form.status_code == 200
    assert_valid_html(form.content)
    assert list(form.context["form"].fields["walk"].queryset) == [walk]
    # A walk's findings are public: the place starts as the area, never the resident's words.
    assert form.context["form"]["place"].value() == "Norr"
    response = analyst.post(
        url, {"walk": walk.pk, "place": "Tunneln vid skolan", "description": "Trasig lampa"}
    )
    finding = Finding.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/vandringar/{walk.pk}/#f{finding.pk}"
    )
    assert (finding.walk, finding.kind, finding.place, finding.description) == (
        walk,
        "lighting",
        "Tunneln vid skolan",
        "Trasig lampa",
    )
    assert (finding.latitude, finding.longitude, finding.place_report) == (*IN_NORTH, report)
    page = analyst.get(f"/testkommun/platsrapporter/{report.pk}/").content.decode()
    assert "Ett fynd på trygghetsvandringen i Norr den 20 november 2026" in page
    assert url not in page
    walk_page = analyst.get(f"/testkommun/uppfoljning/vandringar/{walk.pk}/").content.decode()
    assert "Invånarnas platsrapport om den här platsen" in walk_page
    # Sent again (a double tap): nothing more is made.
    again = analyst.post(url, {"walk": walk.pk, "place": "Tunneln", "description": ""})
    assert again.status_code == 302 and Finding.objects.count() == 1


def test_bad_input_makes_no_finding(place: Place) -> None:
    walk_in(place)
    other = make_place("annanstans")
    elsewhere = walk_in(other)
    report = report_in(place)
    url = f"/testkommun/uppfoljning/vandringar/fran-platsrapport/{report.pk}/"
    analyst = place.client("analyst")
    response = analyst.post(url, {"walk": elsewhere.pk, "place": "Tunneln"})  # another municipality's walk
    assert response.status_code == 400 and response.context["form"].errors["walk"]
    response = analyst.post(url, {"walk": "", "place": ""})
    assert set(response.context["form"].errors) == {"walk", "place"}
    hidden = report_in(place, hidden=True, hidden_reason="Nonsens")
    refused = analyst.post(f"/testkommun/uppfoljning/vandringar/fran-platsrapport/{hidden.pk}/", {"walk": 1})
    assert refused.status_code == 400
    assert "En dold rapport eller en dubblett kan inte bli ett fynd." in refused.content.decode()
    assert_valid_html(refused.content)
    assert Finding.objects.count() == 0


def test_only_the_reports_moderator_who_plans_walks_may(place: Place) -> None:
    report = report_in(place)
    other = make_place("annanstans")
    foreign = report_in(other, area=other.north)
    url = f"/testkommun/uppfoljning/vandringar/fran-platsrapport/{report.pk}/"
    assert place.client("owner").get(url).status_code == 404  # plans walks, moderates no reports
    assert place.client("reporter").get(url).status_code == 403
    assert other.client("analyst").get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert (
        place.client("analyst")
        .get(f"/testkommun/uppfoljning/vandringar/fran-platsrapport/{foreign.pk}/")
        .status_code
        == 404
    )
    # The owner sees the walk's findings but is offered nothing on a report they cannot open.
    assert place.client("owner").get(f"/testkommun/platsrapporter/{report.pk}/").status_code == 404


def overgrown_path(place: Place, walk: SafetyWalk) -> Finding:
    """A walk's finding with the housing company's measure: bushes to cut by 1 December."""
    finding = Finding.objects.create(
        walk=walk,
        kind=PlaceKind.VEGETATION,
        place="Stigen bakom skolan",
        description="Buskarna skymmer sikten",
        latitude=IN_NORTH[0],
        longitude=IN_NORTH[1],
    )
    Measure.objects.create(
        finding=finding, organisation=place.housing, action="Klippa buskarna", due=date(2026, 12, 1)
    )
    return finding


def test_a_walks_finding_is_published_as_a_place_report_once(place: Place) -> None:
    walk = walk_in(place, SafetyWalk.Status.WALKED)
    finding = overgrown_path(place, walk)
    Measure.objects.create(
        finding=finding, organisation=place.kommun, action="Ny lampa", status="rejected", reason="Finns redan"
    )
    url = f"/testkommun/uppfoljning/vandringar/{walk.pk}/fynd/{finding.pk}/platsrapport/"
    analyst = place.client("analyst")
    assert (
        "Publicera som platsrapport"
        in analyst.get(f"/testkommun/uppfoljning/vandringar/{walk.pk}/").content.decode()
    )
    assert analyst.get(url).status_code == 404  # only sent as a form
    assert place.client("owner").post(url).status_code == 403  # logs walks, moderates no reports
    assert analyst.post(url).status_code == 302
    report = PlaceReport.objects.get()
    finding.refresh_from_db()
    assert finding.place_report == report
    assert (report.kind, report.area, report.place, report.received_on) == (
        "vegetation",
        place.north,
        "Stigen bakom skolan",
        date(2026, 11, 20),
    )
    # The walk's text waits for a moderator's approval, as a resident's does; the day is today's.
    assert (report.public_text, report.approved) == ("Buskarna skymmer sikten", False)
    assert report.status_on == timezone.localdate()
    assert (report.organisation, report.status, report.due) == (place.housing, "planned", date(2026, 12, 1))
    assert report.answer == f"{place.housing}: Klippa buskarna"
    assert not report.hidden and not report.photo
    analyst.post(url)
    assert PlaceReport.objects.count() == 1
    page = analyst.get(f"/testkommun/uppfoljning/vandringar/{walk.pk}/").content.decode()
    assert f"/testkommun/platsrapporter/{report.pk}/" in page and "Publicera som platsrapport" not in page
    # The owner, who cannot open the report, is told residents follow it.
    owner_page = place.client("owner").get(f"/testkommun/uppfoljning/vandringar/{walk.pk}/").content.decode()
    assert "Invånare följer den här platsen som en platsrapport." in owner_page
