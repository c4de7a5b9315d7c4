"""Place reports as open data (issue 33.5): the API and the Atom feed carry the published reports
and their status, in their public form only."""

from datetime import date, timedelta
from typing import Any

import feedparser
import pytest
from django.test import Client

from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.public.feeds import PLACE, PLACE_ENTRIES
from tryggve.testing import SmallMunicipality, small_municipality

pytestmark = pytest.mark.django_db

API = "/api/v1/municipalities/testkommun/place-reports"


@pytest.fixture
def town(db: None) -> SmallMunicipality:
    return small_municipality()


def published(town: SmallMunicipality, **fields: Any) -> PlaceReport:
    values: dict[str, Any] = {
        "municipality": town.municipality,
        "kind": PlaceKind.LIGHTING,
        "area": town.north,
        "received_on": date(2026, 11, 2),
        "status": PlaceReport.Status.PLANNED,
        "status_on": date(2026, 11, 20),
        "organisation": town.kommun,
        "answer": "Vi byter lampan.",
        **fields,
    }
    return PlaceReport.objects.create(**values)


def test_the_api_lists_published_reports_newest_status_first_with_filters(town: SmallMunicipality) -> None:
    older = published(town, status_on=date(2026, 11, 1))
    newer = published(town, area=town.south, kind=PlaceKind.VEGETATION, status="done")
    published(town, hidden=True)
    published(town, status="new", status_on=None)
    client = Client()
    found = client.get(API).json()
    assert found["count"] == 2 and [item["id"] for item in found["items"]] == [newer.pk, older.pk]
    item = found["items"][1]
    assert item == {
        "id": older.pk, "kind": "lighting", "kind_name": "Belysning", "area": "norr", "area_name": "Norr",
        "status": "planned", "status_name": "Planerad", "status_on": "2026-11-01", "reason": "",
        "answer": "Vi byter lampan.", "description": "", "latitude": None, "longitude": None,
    }  # fmt: skip
    assert [i["id"] for i in client.get(API, {"area": "soder"}).json()["items"]] == [newer.pk]
    assert [i["id"] for i in client.get(API, {"status": "planned"}).json()["items"]] == [older.pk]
    assert [i["id"] for i in client.get(API, {"kind": "vegetation"}).json()["items"]] == [newer.pk]
    page = client.get(API, {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and [i["id"] for i in page["items"]] == [older.pk]
    assert client.get(f"{API}/{older.pk}").json()["id"] == older.pk


@pytest.mark.parametrize(
    "query", [{"status": "x"}, {"kind": "x"}, {"limit": 0}, {"limit": 1001}, {"offset": -1}]
)
def test_a_bad_parameter_is_refused_with_422(town: SmallMunicipality, query: dict[str, Any]) -> None:
    response = Client().get(API, query)
    assert response.status_code == 422 and response.json()["detail"]


def test_an_unpublished_report_or_another_municipalitys_is_not_found(town: SmallMunicipality) -> None:
    other = small_municipality("annanstans")
    hidden = published(town, hidden=True)
    unread = published(town, status="new", status_on=None)
    elsewhere = published(other)
    client = Client()
    for key in (hidden.pk, unread.pk, elsewhere.pk, 1):
        assert client.get(f"{API}/{key}").status_code == 404
    assert client.get("/api/v1/municipalities/ingen/place-reports").status_code == 404


def test_the_feed_carries_the_newest_published_reports_and_their_status(
    town: SmallMunicipality, settings: Any
) -> None:
    shown = published(town, status="not_done", reason="Marken är privat", answer="Vi kan inte.")
    published(town, hidden=True, answer="DOLD")
    published(town, status="new", status_on=None, answer="OLÄST")
    parsed = feedparser.parse(Client().get("/testkommun/flode.atom").content)
    assert parsed.bozo == 0
    entries = [entry for entry in parsed.entries if [tag.term for tag in entry.tags] == [PLACE]]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.title == "Belysning i Norr: görs inte"
    assert entry.link == f"http://testserver/testkommun/rapporterade-platser/{shown.pk}/"
    assert entry.updated.startswith("2026-11-20")
    assert "Marken är privat" in entry.summary and "Vi kan inte." in entry.summary
    assert entry.id.endswith(f"testkommun/{PLACE}/{shown.pk}")
    text = Client().get("/testkommun/flode.atom").content.decode()
    assert "DOLD" not in text and "OLÄST" not in text
    # Only the newest; the public list has them all.
    for day in range(1, PLACE_ENTRIES + 5):
        published(town, status_on=date(2026, 1, 1) + timedelta(days=day))
    parsed = feedparser.parse(Client().get("/testkommun/flode.atom").content)
    assert len([e for e in parsed.entries if [tag.term for tag in e.tags] == [PLACE]]) == PLACE_ENTRIES


def test_a_merged_report_leads_to_the_one_it_repeats_in_the_api_as_on_its_page(
    town: SmallMunicipality,
) -> None:
    original = published(town)
    duplicate = published(town, duplicate_of=original)
    client = Client()
    response = client.get(f"{API}/{duplicate.pk}")
    assert response.status_code == 302 and response["Location"] == f"{API}/{original.pk}"
    assert client.get(response["Location"]).json()["id"] == original.pk
    original.hidden = True
    original.save()
    assert client.get(f"{API}/{duplicate.pk}").status_code == 404
    assert client.get(f"{API}/{original.pk}").status_code == 404
