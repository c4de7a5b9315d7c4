"""The municipality's areas as places: where residents live, and which area holds a point.

Shared by the survey (a resident's area and marked places), the partners' reports and the
police's events, and the lägesbild's map; `geojson.contains` does the geometry.
"""

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from .geojson import contains
from .models import Area, Landmark, Municipality, Organisation

# A hotspot is named after a named place no farther than this from its centre, else after its area.
LANDMARK_WITHIN = 1000.0


def resident_areas(municipality: Municipality) -> list[Area]:
    """The areas a resident can say they live in: all but the whole-municipality outline."""
    return [a for a in municipality.areas.all() if a.kind != Area.Kind.MUNICIPALITY]


def outside_municipality(areas: Iterable[Area], latitude: float, longitude: float) -> bool:
    """Whether a point lies outside every outline of the municipality's areas (if it has any)."""
    outlines = [area.geometry for area in areas if area.geometry]
    return bool(outlines) and not any(contains(outline, longitude, latitude) for outline in outlines)


def area_at(areas: Iterable[Area], latitude: float, longitude: float) -> Area | None:
    """The resident area (not the whole-municipality outline) that holds the point, if any."""
    return next(
        (
            area
            for area in areas
            if area.kind != Area.Kind.MUNICIPALITY
            and area.geometry
            and contains(area.geometry, longitude, latitude)
        ),
        None,
    )


def metres_between(latitude: float, longitude: float, other_latitude: float, other_longitude: float) -> float:
    """Metres between two nearby points: on a small map a degree of longitude shrinks with the
    latitude (within a municipality this is off by well under a metre per kilometre)."""
    dx = (other_longitude - longitude) * 111_320 * math.cos(math.radians(latitude))
    dy = (other_latitude - latitude) * 110_574
    return math.hypot(dx, dy)


def nearest_landmark(
    landmarks: Iterable[Landmark], latitude: float, longitude: float, within: float = LANDMARK_WITHIN
) -> tuple[str, int] | None:
    """The named place nearest the point, if one lies within `within` metres, and how far it is
    (to the nearest 50 m, so the words say no more than the grid square they describe)."""
    best = min(
        ((metres_between(latitude, longitude, p.latitude, p.longitude), p.name) for p in landmarks),
        default=None,
    )
    if best is None or best[0] > within:
        return None
    return best[1], int(round(best[0] / 50) * 50)


def nearest_place(areas: Iterable[Area], latitude: float, longitude: float) -> tuple[str, int] | None:
    """The named area (not the whole municipality) whose centre is nearest the point, and how
    far that centre is in metres (to the nearest 50): words a reader knows, for a position."""
    best: tuple[float, str] | None = None
    for area in areas:
        if area.kind == Area.Kind.MUNICIPALITY or not area.geometry:
            continue
        rings = (
            [area.geometry["coordinates"]]
            if area.geometry["type"] == "Polygon"
            else area.geometry["coordinates"]
        )
        points = [point for polygon in rings for point in polygon[0]]
        centre_lon = sum(p[0] for p in points) / len(points)
        centre_lat = sum(p[1] for p in points) / len(points)
        distance = metres_between(latitude, longitude, centre_lat, centre_lon)
        if best is None or distance < best[0]:
            best = (distance, area.name)
    return (best[1], int(round(best[0] / 50) * 50)) if best else None


def place_names(municipality_id: int) -> list[str]:
    """The names that free text keeps when names of people are removed (`core.scrub`): the
    municipality's areas, its own names and its organisations'."""
    return _place_names(Municipality.objects.only("name", "official_name").get(pk=municipality_id))


def _place_names(place: Municipality) -> list[str]:
    names = [place.name, place.official_name]
    # The rest in one query (every form that scrubs free text asks for these).
    names += (
        Area.objects.filter(municipality_id=place.pk)
        .order_by()
        .values_list("name", flat=True)
        .union(
            Landmark.objects.filter(municipality_id=place.pk).order_by().values_list("name", flat=True),
            Organisation.objects.filter(municipalities=place.pk).order_by().values_list("name", flat=True),
            all=True,
        )
    )
    return [name for name in names if name]


@dataclass(frozen=True)
class KnownPlaces:
    """A municipality's areas by name (without their outlines) and its `place_names`."""

    areas: tuple[Area, ...]
    names: tuple[str, ...]


_known: dict[int, tuple[int, KnownPlaces]] = {}
_known_lock = threading.Lock()


def known_places(place: Municipality) -> KnownPlaces:
    """The municipality's `KnownPlaces`, read once per server process for each of its
    `places_version`s (`core.place_versions`): the resident's place report form lists and checks
    the areas and scrubs with the names on every request, and they seldom change."""
    kept = _known.get(place.pk)
    if kept is not None and kept[0] == place.places_version:
        return kept[1]
    found = KnownPlaces(
        areas=tuple(Area.objects.filter(municipality_id=place.pk).order_by("name").defer("geometry")),
        names=tuple(_place_names(place)),
    )
    with _known_lock:
        _known[place.pk] = (place.places_version, found)
    return found
