"""The effect evaluation counts the police feed's summaries apart from its events (issue 28.4).

A summary ("Sammanfattning natt") is one text about many events at many places, pinned at the
municipality's point: counting it as an event would add a fifth to the counts for nothing.
"""

import io
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from tryggve.core.models import Area
from tryggve.followup import evaluation
from tryggve.inputs.models import PoliceEvent

from .test_evaluate_promise import UNSAFE, small_town

pytestmark = pytest.mark.django_db


def event(number: int, kind: str, area: Area | None, day: date) -> PoliceEvent:
    return PoliceEvent.objects.create(
        event_id=number,
        happened_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        name=f"{day:%d %B} 12.00, {kind}, Trestad",
        kind=kind,
        location_name="Trestad",
        municipality=area.municipality if area else Area.objects.get(slug="trestad").municipality,
        area=area,
    )


def test_summaries_are_counted_apart_from_the_events_in_the_text_and_the_counts() -> None:
    small_town()
    focus = Area.objects.get(slug="andersberg")
    rest = Area.objects.get(slug="getinge")
    event(1, "Misshandel", focus, date(2018, 3, 1))
    event(2, "Skadegörelse", rest, date(2018, 4, 1))
    event(3, "Stöld", None, date(2019, 5, 1))
    # Summaries: the one a stale import once gave an area is no event of that area either.
    event(4, "Sammanfattning natt", None, date(2018, 6, 1))
    event(5, "Sammanfattning kväll och natt", focus, date(2019, 6, 2))
    event(6, "sammanfattning helg", None, date(2019, 6, 3))

    found = evaluation.comparison("trestad", 2019, today=date(2019, 11, 2))
    counted = {counts.year: counts for counts in evaluation.context(found)}
    assert (counted[2018].events_focus, counted[2018].events_rest, counted[2018].summaries) == (1, 1, 1)
    assert (counted[2019].events_focus, counted[2019].events_rest) == (0, 0)
    assert (counted[2019].events_without_position, counted[2019].summaries) == (1, 2)

    out = io.StringIO()
    call_command("evaluate_promise", "trestad", "2019", *UNSAFE, stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "2018: EST-rapporter 0 / 0; polisens händelser 1 / 1" in text
    assert "2019: EST-rapporter 0 / 0; polisens händelser 0 / 0" in text
    assert "1 av polisens händelser utan egen position räknas inte med." in text
    assert "3 sammanfattningar i polisens flöde (många händelser på en punkt) räknas för sig" in text
