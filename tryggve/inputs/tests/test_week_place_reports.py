"""The EST weekly picture shows the week's place reports beside the incidents: counted per area
and kind against the area's own usual level; the reports themselves only to their moderators."""

from datetime import date

from tryggve.core.models import Area, AuditEntry
from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.testing import assert_valid_html

from .conftest import Place, local

URL = "/testkommun/est/vecka/2019-45/"  # Monday 4 November 2019


def reported(
    place: Place, area: Area, day: date, kind: str = PlaceKind.LIGHTING, **more: object
) -> PlaceReport:
    return PlaceReport.objects.create(
        municipality=place.municipality, kind=kind, area=area, received_on=day, place="Tunneln", **more
    )


def test_the_weeks_place_reports_are_counted_beside_the_incidents(place: Place) -> None:
    place.report(place.north, local(2019, 11, 5, 12, 0))  # an incident in the week
    for day in (4, 10):  # the Monday and the Sunday of week 45
        reported(place, place.north, date(2019, 11, day))
    reported(place, place.north, date(2019, 11, 6), PlaceKind.SAFE_PLACE)
    reported(place, place.north, date(2019, 11, 11))  # the next week
    for day in (7, 14, 21, 28):  # the four weeks before: one a week
        reported(place, place.north, date(2019, 10, day))
    reported(place, place.north, date(2018, 11, 6))  # week 45 of 2018
    reported(place, place.north, date(2019, 11, 5), hidden=True, hidden_reason="Nonsens")
    first = reported(place, place.south, date(2019, 11, 5), PlaceKind.GRAFFITI)
    reported(place, place.south, date(2019, 11, 5), PlaceKind.GRAFFITI, duplicate_of=first)
    response = place.client("analyst").get(URL)
    assert response.status_code == 200
    places = response.context["places"]
    north, south = places.areas
    assert (north.area, north.total.now, north.total.usual, north.total.last_year) == (place.north, 3, 1.0, 1)
    lighting = next(line for line in north.categories if line.key == "lighting")
    assert (lighting.now, lighting.usual, lighting.last_year) == (2, 1.0, 1)
    assert next(line for line in north.categories if line.key == "safe_place").now == 1
    assert (south.area, south.total.now) == (place.south, 1)  # the duplicate is not counted again
    assert places.total.now == 4
    assert places.kinds == ["Belysning", "Klotter", "En trygg plats"]
    html = response.content.decode()
    assert "Invånarnas platsrapporter" in html
    assert "inte hur tryggt ett område är" in html
    # The incidents are still there, and the analyst, who moderates, sees the reports themselves.
    assert response.context["picture"].total.now == 1
    assert len(response.context["place_reports"]) == 6  # the hidden one and the duplicate too
    assert f"/testkommun/platsrapporter/{first.pk}/" in html
    assert AuditEntry.objects.filter(what="platsrapporter, vecka 45", rows=6).count() == 1
    assert_valid_html(response.content)


def test_a_partner_sees_the_counts_of_their_areas_but_not_the_reports(place: Place) -> None:
    north = reported(place, place.north, date(2019, 11, 5))
    reported(place, place.south, date(2019, 11, 5))
    response = place.client("reporter").get(URL)
    assert [row.area for row in response.context["places"].areas] == [place.north]
    assert response.context["place_reports"] == []
    assert f"/platsrapporter/{north.pk}/" not in response.content.decode()


def test_a_week_without_place_reports_says_so(place: Place) -> None:
    response = place.client("analyst").get(URL)
    assert "Inga platsrapporter från invånare under de här veckorna." in response.content.decode()
