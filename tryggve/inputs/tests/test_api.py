"""The inputs API: incident reports scoped like the pages, weekly aggregates, dialogue topics."""

from tryggve.core.models import AuditEntry
from tryggve.inputs.models import Dialogue, Topic

from .conftest import Place, local

API = "/api/v1/municipalities/testkommun"


def test_incidents_are_scoped_to_the_reporters_areas_and_logged(place: Place) -> None:
    place.report(place.north, local(2019, 11, 5, 12, 0))
    place.report(place.south, local(2019, 11, 6, 12, 0), slug="littering")
    mine = place.client("reporter").get(f"{API}/incidents").json()
    assert mine["count"] == 1 and mine["items"][0]["area"] == "norr"
    assert mine["items"][0]["category"] == "graffiti"
    every = place.client("analyst").get(f"{API}/incidents?category=littering").json()
    assert [item["area"] for item in every["items"]] == ["soder"]
    assert AuditEntry.objects.filter(action="api").count() == 2


def test_bad_parameters_get_a_clear_error(place: Place) -> None:
    client = place.client("analyst")
    assert client.get(f"{API}/incidents?limit=0").status_code == 422
    assert client.get(f"{API}/incidents?since=igår").status_code == 422
    assert client.get(f"{API}/incidents/weeks/2019/60").status_code == 422


def test_the_weekly_aggregates(place: Place) -> None:
    place.report(place.north, local(2019, 11, 5, 12, 0))
    week = place.client("analyst").get(f"{API}/incidents/weeks/2019/45").json()
    assert week["monday"] == "2019-11-04" and week["total"]["reports"] == 1
    (north,) = week["areas"]
    graffiti = next(line for line in north["categories"] if line["category"] == "graffiti")
    assert (north["area"], graffiti["reports"], graffiti["usual"]) == ("norr", 1, 0.0)


def test_dialogue_topics_per_area(place: Place) -> None:
    dialogue = Dialogue.objects.create(
        municipality=place.municipality,
        held_on=local(2019, 5, 1, 0, 0).date(),
        format="walk",
        area=place.north,
        participants={"residents": 12},
    )
    dialogue.topics.set(Topic.objects.filter(municipality=place.municipality, slug="lighting"))
    summary = place.client("owner").get(f"{API}/dialogues/summary?year=2019").json()
    assert summary["areas"] == [
        {"area": "norr", "dialogues": 1, "participants": 12, "topics": {"lighting": 1}}
    ]
