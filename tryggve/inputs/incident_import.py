"""Incident reports from a partner's own system, as CSV: the same fields and rules as the form.

Columns: id,category,happened_at,area,latitude,longitude,address,description. `id` is the
report's id in the partner's system and makes the import idempotent; `category` is a category
code (e.g. graffiti); `happened_at` is local time as 2019-11-20 21:30; `area` is an area's name
or address name and may be empty when a position is given. A file with any bad line changes
nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tryggve.core.areas import place_names
from tryggve.core.csv_files import csv_reader
from tryggve.core.models import Area, Municipality, Organisation
from tryggve.core.scrub import scrub

from .forms import MAX_DESCRIPTION, check_time, locate
from .models import Category, Incident

COLUMNS = ["id", "category", "happened_at", "area", "latitude", "longitude", "address", "description"]
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")


@dataclass
class Result:
    imported: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[str] = field(default_factory=list)


def _time(text: str) -> datetime:
    for layout in TIME_FORMATS:
        try:
            return timezone.make_aware(datetime.strptime(text.strip(), layout))
        except ValueError:
            continue
    raise ValidationError(_("the time %(value)s is not like 2019-11-20 21:30") % {"value": text})


def _coordinate(text: str, name: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text.strip().replace(",", "."))
    except ValueError as error:
        raise ValidationError(_("%(field)s is not a number") % {"field": name}) from error


def import_incidents(
    text: str, place: Municipality, organisation: Organisation, allowed: list[Area]
) -> Result:
    """Read and store the file's reports, or none of them when any line is bad."""
    rows = list(csv_reader(text))
    data = [(line, row) for line, row in enumerate(rows[1:], start=2) if any(c.strip() for c in row)]
    result = Result()
    if not rows or [name.strip().lower() for name in rows[0]] != COLUMNS:
        result.rejected = len(data)
        result.problems.append(_("The first line must be %(columns)s.") % {"columns": ",".join(COLUMNS)})
        return result
    categories = {c.slug: c for c in Category.objects.filter(municipality=place)}
    everywhere = list(Area.objects.filter(municipality=place))
    by_name = {key: a for a in everywhere for key in (a.name.casefold(), a.slug)}
    known = set(Incident.objects.filter(organisation=organisation).values_list("external_id", flat=True))
    seen: set[str] = set()
    places = place_names(place.pk)  # kept when names are scrubbed
    new: list[Incident] = []
    for line, row in data:
        try:
            report = _report(row, categories, by_name, everywhere, allowed, seen, places)
        except ValidationError as error:
            result.problems.append(
                _("line %(line)s: %(problem)s") % {"line": line, "problem": " ".join(error.messages)}
            )
            continue
        if report.external_id in known:
            result.unchanged += 1
        else:
            report.municipality, report.organisation, report.source = (
                place,
                organisation,
                Incident.Source.IMPORT,
            )
            new.append(report)
    if result.problems:
        result.rejected, result.unchanged = len(data), 0
        return result
    with transaction.atomic():
        Incident.objects.bulk_create(new, batch_size=1000)
    result.imported = len(new)
    return result


def _report(
    row: list[str],
    categories: dict[str, Category],
    by_name: dict[str, Area],
    everywhere: list[Area],
    allowed: list[Area],
    seen: set[str],
    places: list[str],
) -> Incident:
    if len(row) != len(COLUMNS):
        raise ValidationError(
            _("%(n)s columns instead of %(expected)s") % {"n": len(row), "expected": len(COLUMNS)}
        )
    external_id, category, happened, area_name, latitude, longitude, address, description = (
        c.strip() for c in row
    )
    if not external_id:
        raise ValidationError(_("the id is missing"))
    if external_id in seen:
        raise ValidationError(_("the id %(id)s comes twice") % {"id": external_id})
    seen.add(external_id)
    if category not in categories:
        raise ValidationError(_("unknown category %(value)s") % {"value": category})
    moment = _time(happened)
    check_time(moment)
    area = by_name.get(area_name.casefold()) if area_name else None
    if area_name and area is None:
        raise ValidationError(_("unknown area %(value)s") % {"value": area_name})
    lat, lng = _coordinate(latitude, "latitude"), _coordinate(longitude, "longitude")
    if (lat is None) != (lng is None):
        raise ValidationError(_("give both latitude and longitude, or neither"))
    if len(description) > MAX_DESCRIPTION:
        raise ValidationError(
            _("the description has %(length)s characters; at most %(max)s")
            % {"length": len(description), "max": MAX_DESCRIPTION}
        )
    if len(address) > 200:
        raise ValidationError(_("the address is longer than 200 characters"))
    return Incident(
        category=categories[category],
        happened_at=moment,
        area=locate(everywhere, allowed, area, lat, lng),
        latitude=lat,
        longitude=lng,
        address=scrub(address, places),
        description=scrub(description, places),
        external_id=external_id[:100],
    )
