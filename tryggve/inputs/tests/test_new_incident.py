"""Filing an EST report: what is stored, what is refused (and kept in the form), and for whom."""

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from tryggve.core.models import AuditEntry
from tryggve.inputs.models import Incident

from .conftest import BETWEEN, IN_NORTH, IN_SOUTH, OUTSIDE, Place

URL = "/testkommun/est/ny/"


def form(place: Place, **changes: Any) -> dict[str, Any]:
    data = {
        "pin-1-category": place.category("graffiti").pk,
        "pin-1-happened_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "pin-1-area": "",
        "pin-1-address": "Gångtunneln vid skolan",
        "pin-1-lat": "",
        "pin-1-lng": "",
        "pin-1-description": "Nytt klotter på väggen.",
        "pin-1-submission": str(uuid.uuid4()),
    }
    data.update({f"pin-1-{key}": value for key, value in changes.items()})
    return data


def test_a_reporter_files_a_report_with_a_pin_and_the_area_comes_from_the_map(place: Place) -> None:
    client = place.client("reporter")
    response = client.post(URL, form(place, lat=IN_NORTH[0], lng=IN_NORTH[1]), follow=True)
    assert "Tack, rapporten är sparad" in response.content.decode()
    report = Incident.objects.get()
    assert (report.area, report.organisation, report.reported_by) == (
        place.north,
        place.housing,
        place.users["reporter"],
    )
    assert report.category.slug == "graffiti"
    assert report.latitude == IN_NORTH[0]
    assert report.purge_after == timezone.localdate() + timedelta(days=90)


def test_sending_the_same_form_again_saves_one_report(place: Place) -> None:
    client = place.client("reporter")
    data = form(place, lat=IN_NORTH[0], lng=IN_NORTH[1])
    for _ in range(3):  # a retry on a bad network, a double tap
        assert "Tack, rapporten är sparad" in client.post(URL, data, follow=True).content.decode()
    assert Incident.objects.count() == 1
    # The next form is a new report.
    next_form = client.get(URL).content.decode()
    assert data["pin-1-submission"] not in next_form and 'name="pin-1-submission"' in next_form
    client.post(URL, form(place, lat=IN_NORTH[0], lng=IN_NORTH[1]))
    assert Incident.objects.count() == 2


def test_without_javascript_the_area_is_chosen_from_the_list(place: Place) -> None:
    place.client("analyst").post(URL, form(place, area=place.south.pk))
    assert Incident.objects.get().area == place.south


def test_personal_data_is_scrubbed_before_it_is_stored(place: Place) -> None:
    text = "Ring 070-123 45 67 eller mejla a.b@example.se om 19800101-1234."
    place.client("analyst").post(URL, form(place, area=place.south.pk, description=text))
    stored = Incident.objects.get().description
    assert "070" not in stored and "@" not in stored and "1234" not in stored
    assert stored.count("[borttaget]") == 3


def refused(place: Place, role: str, data: dict[str, Any]) -> str:
    response = place.client(role).post(URL, data)
    assert response.status_code == 200
    assert Incident.objects.count() == 0
    return response.content.decode()


def test_a_time_in_the_future_is_refused_and_the_form_keeps_what_was_typed(place: Place) -> None:
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = refused(place, "analyst", form(place, happened_at=later, area=place.south.pk))
    assert "Tiden kan inte vara i framtiden." in page
    assert "Gångtunneln vid skolan" in page and "Nytt klotter på väggen." in page


def test_a_pin_outside_the_municipality_is_refused(place: Place) -> None:
    page = refused(place, "analyst", form(place, lat=OUTSIDE[0], lng=OUTSIDE[1]))
    assert "Platsen på kartan ligger utanför kommunen." in page


def test_a_reporter_cannot_report_outside_their_areas(place: Place) -> None:
    page = refused(place, "reporter", form(place, lat=IN_SOUTH[0], lng=IN_SOUTH[1]))
    assert "Du rapporterar inte för Söder." in page
    page = refused(place, "reporter", form(place, lat=BETWEEN[0], lng=BETWEEN[1]))
    assert "Du rapporterar inte för Hela kommunen." in page


def test_a_pin_between_districts_belongs_to_the_whole_municipality(place: Place) -> None:
    place.client("analyst").post(URL, form(place, lat=BETWEEN[0], lng=BETWEEN[1]))
    assert Incident.objects.get().area == place.whole


def test_unknown_categories_missing_places_and_oversized_text_are_refused(place: Place) -> None:
    page = refused(place, "analyst", form(place, category="999999", area=place.south.pk))
    assert "Välj ett giltigt alternativ" in page
    page = refused(place, "analyst", form(place))
    assert "Välj ett område eller markera platsen på kartan." in page
    page = refused(place, "analyst", form(place, area=place.south.pk, description="x" * 501))
    assert "Håll beskrivningen till högst 500 tecken (den har 501)." in page


def test_roles_that_do_not_report_cannot_open_the_form(place: Place) -> None:
    for role in ("owner", "approver", "admin"):
        assert place.client(role).get(URL).status_code == 403
    assert Incident.objects.count() == 0
    assert not AuditEntry.objects.filter(action="view").exists()
