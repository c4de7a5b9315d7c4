"""Reading the Swedish Police's open events feed and storing its events, idempotently by id.

The feed (https://polisen.se/api/events) is a JSON list of events with `id`, `datetime`
("2019-11-25 8:55:32 +01:00"), `name`, `summary`, `url`, `type` and `location` (`name`, and
`gps` as "lat,lng"). It covers all of Sweden:

- an event whose location names an installed municipality ("Halmstad") is attached to it;
- one that names the county of an installed municipality ("Hallands län") is kept with its
  county as context for that county's municipalities;
- every other event is skipped and counted as unchanged.

An event already stored (by id) whose text, type, time, link, place or position changed in the
feed is updated and counted as updated; one that did not change is unchanged.

Summaries. About a fifth of the feed's events are summaries ("Sammanfattning natt",
"Sammanfattning kväll och natt", …): one text about many events at many places, pinned at the
municipality's point. Their type starts with "Sammanfattning" (SUMMARY); they are stored like
any event but never get an area, and the lägesbild counts them apart from the event types.

Positions. The feed mostly places an event at a fixed point for its municipality, not where it
happened. So an event gets an area only when its position lies inside one and no other event
of the municipality shares that exact position; positions shared by several events are taken
to be the municipality's point and give no area (also for events stored earlier).
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tryggve.core.areas import area_at
from tryggve.core.counties import county_of
from tryggve.core.models import Area, Municipality

from .models import PoliceEvent

MAX_TEXT = 5000
BATCH = 2000
SUMMARY_PREFIX = "Sammanfattning"
SUMMARY = Q(kind__istartswith=SUMMARY_PREFIX)
# What an event of the feed says, compared with what is stored to find changed events.
FIELDS = ("happened_at", "name", "summary", "url", "kind", "location_name", "latitude", "longitude")


def is_summary(kind: str) -> bool:
    """Whether an event type is one of the feed's summaries of many events ("Sammanfattning natt")."""
    return kind.casefold().startswith(SUMMARY_PREFIX.casefold())


def events_only(found: QuerySet[PoliceEvent]) -> QuerySet[PoliceEvent]:
    """The events, without the summaries."""
    return found.exclude(SUMMARY)


def summaries_only(found: QuerySet[PoliceEvent]) -> QuerySet[PoliceEvent]:
    return found.filter(SUMMARY)


@dataclass
class Result:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Parsed:
    event_id: int
    happened_at: datetime
    name: str
    summary: str
    url: str
    kind: str
    location: str
    latitude: float | None
    longitude: float | None


def _text(event: dict[str, Any], key: str, required: bool = False) -> str:
    value = event.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(_("%(field)s is missing or not text") % {"field": key})
    if len(value) > MAX_TEXT:
        raise ValueError(_("%(field)s is longer than %(max)s characters") % {"field": key, "max": MAX_TEXT})
    return value.strip()


def _position(gps: object) -> tuple[float | None, float | None]:
    if gps in (None, ""):
        return None, None
    try:
        latitude, longitude = (float(part) for part in str(gps).split(","))
    except ValueError as error:
        raise ValueError(_("gps must be “latitude,longitude”")) from error
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(_("gps is outside the globe"))
    return latitude, longitude


def parse(event: object) -> Parsed:
    """One event of the feed, checked; ValueError says what is wrong."""
    if not isinstance(event, dict):
        raise ValueError(_("an event must be an object"))
    event_id = event.get("id")
    if not isinstance(event_id, int) or isinstance(event_id, bool) or event_id <= 0:
        raise ValueError(_("id must be a positive whole number"))
    try:
        happened_at = datetime.strptime(_text(event, "datetime", required=True), "%Y-%m-%d %H:%M:%S %z")
    except ValueError as error:
        raise ValueError(_("datetime must look like 2019-11-25 8:55:32 +01:00")) from error
    location = event.get("location")
    if not isinstance(location, dict):
        raise ValueError(_("location must be an object with name and gps"))
    latitude, longitude = _position(location.get("gps"))
    return Parsed(
        event_id=event_id,
        happened_at=happened_at,
        name=_text(event, "name", required=True)[:300],
        summary=_text(event, "summary"),
        url=_text(event, "url")[:500],
        kind=_text(event, "type", required=True)[:100],
        location=_text(location, "name", required=True),
        latitude=latitude,
        longitude=longitude,
    )


def read_feed(text: str) -> list[object]:
    try:
        events = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(_("The feed is not JSON: %(error)s") % {"error": error}) from error
    if not isinstance(events, list):
        raise ValueError(_("The feed must be a JSON list of events."))
    return events


def _where(
    event: Parsed, municipalities: dict[str, Municipality], counties: set[str]
) -> tuple[bool, Municipality | None]:
    """Whether the event is kept, and the municipality it names (None for a county's)."""
    place = event.location.casefold()
    return place in municipalities or place in counties, municipalities.get(place)


def _fields(event: Parsed, municipality: Municipality | None) -> dict[str, Any]:
    return {
        "happened_at": event.happened_at,
        "name": event.name,
        "summary": event.summary,
        "url": event.url,
        "kind": event.kind,
        "location_name": event.location,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "municipality": municipality,
        "county": "" if municipality is not None else event.location,
    }


def _changed(stored: PoliceEvent, now: dict[str, Any]) -> bool:
    return any(getattr(stored, name) != now[name] for name in FIELDS) or stored.municipality_id != (
        now["municipality"].pk if now["municipality"] is not None else None
    )


def import_events(text: str, since: date | None = None) -> Result:
    """Store the feed's new events and update changed ones; a feed with any malformed event
    changes nothing."""
    result = Result()
    try:
        events = read_feed(text)
    except ValueError as error:
        result.problems.append(str(error))
        return result
    parsed: list[Parsed] = []
    for position, event in enumerate(events, start=1):
        try:
            parsed.append(parse(event))
        except ValueError as error:
            given = event.get("id") if isinstance(event, dict) else None
            where = (
                _("event %(id)s") % {"id": given}
                if given is not None
                else _("event no. %(n)s") % {"n": position}
            )
            result.problems.append(f"{where}: {error}")
    if result.problems:
        return result
    municipalities: dict[str, Municipality] = {}
    counties = set()
    for installed in Municipality.objects.all():
        for name in (installed.name, installed.official_name):
            municipalities[name.casefold()] = installed
        if county := county_of(installed.code):
            counties.add(county.casefold())
    known = {e.event_id: e for e in PoliceEvent.objects.filter(event_id__in=[p.event_id for p in parsed])}
    new: list[PoliceEvent] = []
    changed: list[PoliceEvent] = []
    seen: set[int] = set()
    for event in parsed:
        wanted, municipality = _where(event, municipalities, counties)
        too_old = since is not None and event.happened_at.date() < since
        if not wanted or too_old or event.event_id in seen:
            result.unchanged += 1
            continue
        seen.add(event.event_id)
        now = _fields(event, municipality)
        stored = known.get(event.event_id)
        if stored is None:
            new.append(PoliceEvent(event_id=event.event_id, **now))
        elif _changed(stored, now):
            for name, value in now.items():
                setattr(stored, name, value)
            if municipality is None or event.latitude is None:
                stored.area = None  # _place_in_areas decides for events with a position of theirs
            changed.append(stored)
        else:
            result.unchanged += 1
    with transaction.atomic():
        PoliceEvent.objects.bulk_create(new, batch_size=BATCH)
        PoliceEvent.objects.bulk_update(
            changed, [*FIELDS, "municipality", "county", "area"], batch_size=BATCH
        )
        _place_in_areas([*new, *changed])
    result.imported = len(new)
    result.updated = len(changed)
    return result


def _place_in_areas(touched: list[PoliceEvent]) -> None:
    """Give events an area where their position is their own (see the module's note), after
    the new and changed events are saved.

    Only the positions of those events can have become shared, so only those are counted; all
    the events there count, summaries too (they are pinned at the municipality's point), but a
    summary never gets an area.
    """
    by_municipality: dict[int, set[tuple[float, float]]] = {}
    for event in touched:
        if event.municipality_id is not None and event.latitude is not None and event.longitude is not None:
            by_municipality.setdefault(event.municipality_id, set()).add((event.latitude, event.longitude))
    for municipality_id, positions in by_municipality.items():
        there = PoliceEvent.objects.filter(
            municipality_id=municipality_id, latitude__in={latitude for latitude, _longitude in positions}
        )
        events = [e for e in there.only("pk", "kind", "latitude", "longitude", "area_id") if
                  (e.latitude, e.longitude) in positions]  # fmt: skip
        shared = Counter((e.latitude, e.longitude) for e in events)
        areas = list(Area.objects.filter(municipality_id=municipality_id))
        placed = []
        for event in events:
            alone = shared[(event.latitude, event.longitude)] == 1 and not is_summary(event.kind)
            area = area_at(areas, event.latitude or 0.0, event.longitude or 0.0) if alone else None
            if (area.pk if area else None) != event.area_id:
                event.area = area
                placed.append(event)
        PoliceEvent.objects.bulk_update(placed, ["area"], batch_size=BATCH)
