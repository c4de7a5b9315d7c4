"""A municipality's `places_version` is new at every change to what residents' forms are drawn
from, so what a server process keeps of them (`core.areas.known_places`) is never stale."""

from collections.abc import Callable
from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tryggve.core.areas import known_places
from tryggve.core.models import Area, Landmark, Municipality, OpeningHours, Organisation
from tryggve.testing import SmallMunicipality, small_municipality


@pytest.fixture
def small(db: None) -> SmallMunicipality:
    return small_municipality()


def version(municipality: Municipality) -> int:
    return Municipality.objects.get(pk=municipality.pk).places_version


def landmark(small: SmallMunicipality) -> Landmark:
    return Landmark.objects.create(
        municipality=small.municipality, name="Torget", latitude=56.7, longitude=12.85
    )


def rename(row: Area | Landmark | Organisation) -> None:
    row.name = "Nytt namn"
    row.save()


def housing(small: SmallMunicipality) -> Organisation:
    return Organisation.objects.create(name="Bostäder", slug="bostader", kind=Organisation.Kind.HOUSING)


CHANGES: dict[str, Callable[[SmallMunicipality], object]] = {
    "the municipality saved": lambda small: small.municipality.save(),
    "an area renamed": lambda small: rename(small.north),
    "an area added": lambda small: Area.objects.create(
        municipality=small.municipality, name="Väster", slug="vaster"
    ),
    "an area removed": lambda small: Area.objects.filter(pk=small.south.pk).delete(),
    "a landmark added": landmark,
    "opening hours added": lambda small: OpeningHours.objects.create(
        municipality=small.municipality,
        kind="visitors",
        first_weekday=0,
        last_weekday=4,
        opens=time(8),
        closes=time(16),
    ),
    "an organisation renamed": lambda small: rename(small.kommun),
    "an organisation deleted": lambda small: small.kommun.delete(),
    "an organisation takes part": lambda small: housing(small).municipalities.add(small.municipality),
    "the municipality gets an organisation": lambda small: small.municipality.organisations.add(
        housing(small)
    ),
    "an organisation leaves": lambda small: small.kommun.municipalities.remove(small.municipality),
    "an organisation leaves every municipality": lambda small: small.kommun.municipalities.clear(),
    "the municipality loses its organisations": lambda small: small.municipality.organisations.clear(),
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_change_to_what_residents_forms_show_gives_a_new_version(
    small: SmallMunicipality, change: str
) -> None:
    before = version(small.municipality)
    CHANGES[change](small)
    assert version(small.municipality) != before


def test_a_change_elsewhere_keeps_the_version(small: SmallMunicipality) -> None:
    other = small_municipality("annankommun")
    before = version(small.municipality)
    rename(other.north)
    landmark_elsewhere = Landmark.objects.create(
        municipality=other.municipality, name="Torget", latitude=56.7, longitude=12.85
    )
    rename(landmark_elsewhere)
    assert version(small.municipality) == before


def test_the_kept_places_are_read_once_per_version_and_anew_after_a_change(small: SmallMunicipality) -> None:
    first = known_places(Municipality.objects.get(pk=small.municipality.pk))
    assert [area.name for area in first.areas] == ["Hela kommunen", "Norr", "Söder"]
    assert "Testkommun" in first.names and "testkommun kommun" in first.names
    place = Municipality.objects.get(pk=small.municipality.pk)
    with CaptureQueriesContext(connection) as queries:
        assert known_places(place) is first
    assert not queries.captured_queries
    landmark(small)
    again = known_places(Municipality.objects.get(pk=small.municipality.pk))
    assert again is not first and "Torget" in again.names
