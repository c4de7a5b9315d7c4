"""The police's summaries ("Sammanfattning natt", …) in the lägesbild: counted apart from the
event types and the areas, in the picture, the pages, the downloads and the API (issue 28.4)."""

from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tryggve.core.models import Area, Municipality
from tryggve.inputs.models import PoliceEvent
from tryggve.testing import assert_valid_html

from .helpers import PUBLIC_URL, STAFF_URL, built, login, survey_2019, table

pytestmark = pytest.mark.django_db

SUMMARIES = [
    ("Sammanfattning natt", 3, 2),
    ("Sammanfattning natt", 5, 14),
    ("Sammanfattning kväll och natt", 5, 15),
]


def summaries_of_2019() -> None:
    halmstad = Municipality.objects.get(slug="halmstad")
    andersberg = Area.objects.get(slug="andersberg")
    for number, (kind, month, day) in enumerate(SUMMARIES):
        PoliceEvent.objects.create(
            event_id=9_900_000 + number,
            happened_at=timezone.make_aware(datetime(2019, month, day, 6, 10)),
            name=f"{day} 06.10, {kind}, Halmstad",
            kind=kind,
            location_name="Halmstad",
            latitude=56.6870,
            longitude=12.8860,
            municipality=halmstad,
            area=andersberg,  # as an import before summaries were known might have placed it
        )


def test_summaries_are_counted_apart_from_the_event_types_and_areas(client: Client, demo: None) -> None:
    before = built(survey_2019())["police_events"]
    summaries_of_2019()
    events = built(survey_2019())["police_events"]
    assert events["types"] == before["types"] and events["areas"] == before["areas"]
    assert {row["kind"]: row["total"] for row in events["summaries"]} == {
        "Sammanfattning natt": 2,
        "Sammanfattning kväll och natt": 1,
    }
    night = next(row for row in events["summaries"] if row["kind"] == "Sammanfattning natt")
    assert night["months"][2] == 1 and night["months"][4] == 1
    response = login(client, "samordnare.halmstad").post(
        STAFF_URL, {"adopted_on": "2019-12-10", "decision": "KS § 245"}
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(PUBLIC_URL)
    assert_valid_html(page.content)
    content = page.content.decode()
    assert "Polisens sammanfattningar" in content and "Sammanfattning kväll och natt" in content
    rows = table(client.get(f"{PUBLIC_URL}tabell.csv").content)
    summaries = [r for r in rows if r["indicator"] == "police_summaries"]
    assert {(r["question"], r["counted_answers"], r["n"]) for r in summaries if r["n"] != "0"} == {
        ("Sammanfattning natt", "2019-03", "1"),
        ("Sammanfattning natt", "2019-05", "1"),
        ("Sammanfattning kväll och natt", "2019-05", "1"),
    }
    assert not any(
        r["question"].startswith("Sammanfattning") for r in rows if r["indicator"] == "police_events"
    )
    found = client.get("/api/v1/municipalities/halmstad/situations/2019").json()["figures"]["police_events"]
    assert found["summaries"] == events["summaries"]
