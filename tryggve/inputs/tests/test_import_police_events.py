"""`import_police_events`: the police's open events feed, stored once per id (and updated when
the feed changes an event), for the installed municipalities and their counties; summaries
are kept apart; a malformed feed changes nothing."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tryggve.inputs import police
from tryggve.inputs.models import PoliceEvent

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_IDS = (900_000, 900_999)  # the demo has invented events of its own


def run(source: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_police_events", str(source), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_events_are_attached_to_municipalities_counties_and_own_positions(demo: None) -> None:
    out, _err = run(FIXTURES / "police_events.json")
    assert out.splitlines()[-2:] == ["updated: 0", "imported: 5, unchanged: 1, rejected: 0"]  # no Stockholm
    halmstad = PoliceEvent.objects.filter(municipality__slug="halmstad", event_id__range=FIXTURE_IDS)
    assert set(halmstad.values_list("kind", flat=True)) == {"Trafikolycka", "Skadegörelse", "Brand"}
    # Two events share Halmstad's feed point: no area. The fire has a position of its own.
    assert list(halmstad.filter(area__isnull=False).values_list("event_id", "area__name")) == [
        (900003, "Andersberg")
    ]
    county = PoliceEvent.objects.get(event_id=900004)
    assert county.municipality is None and county.county == "Hallands län"
    assert PoliceEvent.objects.get(event_id=900006).municipality.slug == "laholm"  # type: ignore[union-attr]
    assert not PoliceEvent.objects.filter(event_id=900005).exists()
    happened = PoliceEvent.objects.get(event_id=900001).happened_at
    assert happened.isoformat() == "2026-11-20T07:55:32+00:00"


def test_importing_the_same_feed_again_changes_nothing(demo: None) -> None:
    run(FIXTURES / "police_events.json")
    before = list(PoliceEvent.objects.order_by("event_id").values())
    out, _err = run(FIXTURES / "police_events.json")
    assert out.splitlines()[-1] == "imported: 0, unchanged: 6, rejected: 0"
    assert list(PoliceEvent.objects.order_by("event_id").values()) == before


def test_since_skips_older_events(demo: None) -> None:
    out, _err = run(FIXTURES / "police_events.json", "--since", "2026-11-22")
    assert out.splitlines()[-1] == "imported: 3, unchanged: 3, rejected: 0"
    assert not PoliceEvent.objects.filter(event_id__in=[900001, 900002]).exists()


def test_a_malformed_feed_changes_nothing_and_names_each_event(demo: None) -> None:
    before = PoliceEvent.objects.count()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command(
            "import_police_events", str(FIXTURES / "police_events_malformed.json"), stdout=out, stderr=err
        )
    assert out.getvalue().splitlines()[-2:] == ["updated: 0", "imported: 0, unchanged: 0, rejected: 3"]
    problems = err.getvalue()
    assert "händelse 900102: datetime ska se ut som 2019-11-25 8:55:32 +01:00" in problems
    assert "händelse 900103: gps ska vara ”latitud,longitud”" in problems
    assert "händelse 900104: id ska vara ett positivt heltal" in problems
    assert PoliceEvent.objects.count() == before


def test_a_position_shared_later_is_taken_as_the_municipality_point(demo: None, tmp_path: Path) -> None:
    event = json.loads((FIXTURES / "police_events.json").read_text())[2]  # the fire in Andersberg
    first = tmp_path / "first.json"
    first.write_text(json.dumps([event]))
    run(first)
    assert PoliceEvent.objects.get(event_id=900003).area is not None
    second = tmp_path / "second.json"
    second.write_text(json.dumps([{**event, "id": 900010}]))
    run(second)
    assert PoliceEvent.objects.filter(event_id__in=[900003, 900010], area__isnull=True).count() == 2


def test_a_file_that_is_not_a_feed_says_so(demo: None, tmp_path: Path) -> None:
    for text, message in (("<html>", "Flödet är inte JSON"), ('{"id": 1}', "en JSON-lista av händelser")):
        path = tmp_path / "feed.json"
        path.write_text(text)
        err = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_police_events", str(path), stdout=io.StringIO(), stderr=err)
        assert message in err.getvalue()


def test_an_event_changed_in_the_feed_is_updated_not_skipped(demo: None) -> None:
    run(FIXTURES / "police_events.json")
    assert PoliceEvent.objects.get(event_id=900003).area is not None
    out, _err = run(FIXTURES / "police_events_changed.json")
    # Its text (900001), type (900002) and place (900003) changed; the other three did not.
    assert out.splitlines()[-2:] == ["updated: 3", "imported: 0, unchanged: 3, rejected: 0"]
    assert "sjukhus" in PoliceEvent.objects.get(event_id=900001).summary
    graffiti = PoliceEvent.objects.get(event_id=900002)
    assert (graffiti.kind, graffiti.name) == ("Klotter", "21 november 22.10, Klotter, Halmstad")
    fire = PoliceEvent.objects.get(event_id=900003)
    # Moved to the municipality's point, which other events share: no longer in Andersberg.
    assert (fire.latitude, fire.longitude, fire.area) == (56.674375, 12.857788, None)
    out, _err = run(FIXTURES / "police_events_changed.json")
    assert out.splitlines()[-2:] == ["updated: 0", "imported: 0, unchanged: 6, rejected: 0"]


def test_summaries_are_stored_but_never_placed_in_an_area(demo: None) -> None:
    out, _err = run(FIXTURES / "police_events_summaries.json")
    assert out.splitlines()[-2:] == ["updated: 0", "imported: 3, unchanged: 0, rejected: 0"]
    summaries = PoliceEvent.objects.filter(event_id__in=[900201, 900202])
    assert [s.kind for s in summaries.order_by("event_id")] == [
        "Sammanfattning natt",
        "Sammanfattning kväll och natt",
    ]
    # The second is pinned inside Andersberg at a position of its own, yet tells of many places.
    assert not summaries.filter(area__isnull=False).exists()
    assert police.is_summary("Sammanfattning natt") and not police.is_summary("Stöld")
    halmstad = PoliceEvent.objects.filter(event_id__in=[900201, 900202, 900203])
    assert list(police.events_only(halmstad).values_list("event_id", flat=True)) == [900203]
    assert police.summaries_only(halmstad).count() == 2
