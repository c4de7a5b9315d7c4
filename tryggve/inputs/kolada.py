"""Recorded crime from Kolada: reading its v2 API responses and storing the figures, idempotently.

Kolada (kolada.se, run by RKA) publishes Brå's reported-crime figures per municipality as key
figures (KPIs). A data response (`/v2/data/kpi/{ids}/municipality/{id}/year/{years}`) is

    {"count": 2, "values": [{"kpi": "N07403", "municipality": "1380", "period": 2019,
      "values": [{"gender": "T", "count": 1, "status": "", "value": 512.3}, …]}, …],
     "next_page": "https://api.kolada.se/v2/…?page=2" or absent}

and a KPI response (`/v2/kpi/{ids}`) holds the KPIs' metadata:
`{"count": 1, "values": [{"id": "N07403", "title": "…", "description": "…", …}]}`.
Every page is read (following `next_page`) and checked before anything is stored: a response
with any bad entry changes nothing. An entry is one value: a KPI, a municipality, a year and a
gender (T total, K women, M men), or in a KPI response one KPI.

Which KPIs a municipality takes: without `only`, the default set (DEFAULT_KPIS) and those it
already follows (KoladaKpi, also entered in the admin); any other KPI in the response is refused
as unknown. With `only` (the command's --kpi), just those, added to the ones it follows; other
KPIs in the response are skipped and counted as unchanged.
"""

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tryggve.core.models import Municipality

from .models import KOLADA_ID, KoladaKpi, KoladaValue

# A starting set of KPIs on crime, from Kolada's catalogue (titles as Kolada gives them; the
# KPI response replaces them). See docs/formats.md.
DEFAULT_KPIS: list[tuple[str, str]] = [
    ("N07403", "Anmälda våldsbrott, antal/100 000 inv"),
    ("N07540", "Anmälda brott totalt, antal/100 000 inv"),
    ("N07546", "Anmälda bostadsinbrott, antal/100 000 inv"),
    ("N07544", "Anmälda narkotikabrott, antal/100 000 inv"),
]
GENDERS = frozenset(KoladaValue.Gender.values)
MAX_PAGES = 200
MAX_TEXT = 5000
FIRST_YEAR, LAST_YEAR = 1950, 2100


@dataclass(frozen=True)
class Value:
    entry: int  # its entry's place in the response, for messages
    kpi: str
    municipality: str
    year: int
    gender: str
    value: float | None
    count: int
    status: str


@dataclass(frozen=True)
class Metadata:
    entry: int
    kpi: str
    title: str
    description: str
    unit: str


@dataclass
class Result:
    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        """A refused response rejects every entry it holds (one, if none could be read)."""
        return max(self.read, 1) if self.problems else 0


class Refused(ValueError):
    """The response as a whole cannot be read."""


def is_kpi_id(text: str) -> bool:
    try:
        KOLADA_ID(text)
    except ValidationError:
        return False
    return True


def unit_of(title: str) -> str:
    """Kolada's titles end with their unit after the last comma: "…, antal/100 000 inv"."""
    return title.rsplit(",", 1)[1].strip() if "," in title else ""


# ---------------------------------------------------------------- reading a response


def read_page(text: str) -> tuple[list[Any], str | None]:
    """The entries and the next page's address of one page of a response."""
    try:
        found = json.loads(text)
    except json.JSONDecodeError as error:
        raise Refused(_("The response is not JSON: %(error)s") % {"error": error}) from error
    if not isinstance(found, dict) or not isinstance(found.get("values"), list):
        raise Refused(
            _("The response must be a JSON object with a list of values, as Kolada's API gives it.")
        )
    following = found.get("next_page")
    if following is not None and (not isinstance(following, str) or not following.strip()):
        raise Refused(_("next_page must be an address or null."))
    return found["values"], following.strip() if following else None


def _text(entry: dict[str, Any], key: str, required: bool = False) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(_("%(field)s is missing or not text") % {"field": key})
    if len(value) > MAX_TEXT:
        raise ValueError(_("%(field)s is longer than %(max)s characters") % {"field": key, "max": MAX_TEXT})
    return value.strip()


def _year(period: object) -> int:
    if isinstance(period, str) and period.strip().isdigit():
        period = int(period)
    if not isinstance(period, int) or isinstance(period, bool) or not FIRST_YEAR <= period <= LAST_YEAR:
        raise ValueError(_("period must be a year, e.g. 2019"))
    return period


def _kpi(entry: dict[str, Any], key: str) -> str:
    kpi = _text(entry, key, required=True)
    if not is_kpi_id(kpi):
        raise ValueError(_("%(field)s must be a Kolada KPI id such as N07403") % {"field": key})
    return kpi


def _one_value(found: object, entry: int, kpi: str, municipality: str, year: int) -> Value:
    if not isinstance(found, dict):
        raise ValueError(_("each value must be an object with gender and value"))
    gender = found.get("gender")
    if gender not in GENDERS:
        raise ValueError(_("gender must be T, K or M"))
    number = found.get("value")
    if number is not None and (
        not isinstance(number, int | float) or isinstance(number, bool) or not math.isfinite(number)
    ):
        raise ValueError(_("value must be a number or null"))
    count = found.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValueError(_("count must be a whole number"))
    status = _text(found, "status")[:50]
    number = None if number is None else float(number)
    return Value(entry, kpi, municipality, year, str(gender), number, count, status)


def _label(position: int, *said: object) -> str:
    """How a message names an entry: its place in the response and what it says it is."""
    what = ", ".join(str(part) for part in said if part is not None and part != "")
    if what:
        return _("entry %(n)s (%(what)s)") % {"n": position, "what": what}
    return _("entry %(n)s") % {"n": position}


def _said(entry: object) -> list[object]:
    if not isinstance(entry, dict):
        return []
    return [entry.get(key) for key in ("kpi", "id", "municipality", "period")]


def parse_values(entry: object, position: int = 1) -> list[Value]:
    """One entry of a data response: a KPI, municipality and year with a value per gender."""
    if not isinstance(entry, dict):
        raise ValueError(_("an entry must be an object"))
    kpi = _kpi(entry, "kpi")
    municipality = _text(entry, "municipality", required=True)
    year = _year(entry.get("period"))
    values = entry.get("values")
    if not isinstance(values, list):
        raise ValueError(_("values must be a list of values per gender"))
    return [_one_value(found, position, kpi, municipality, year) for found in values]


def parse_metadata(entry: object, position: int = 1) -> Metadata:
    """One entry of a KPI response."""
    if not isinstance(entry, dict):
        raise ValueError(_("an entry must be an object"))
    kpi = _kpi(entry, "id")
    title = _text(entry, "title", required=True)[:300]
    unit = _text(entry, "unit")[:100] or unit_of(title)[:100]
    return Metadata(position, kpi, title, _text(entry, "description"), unit)


def _is_metadata(entries: list[Any]) -> bool:
    first = entries[0] if entries else None
    return isinstance(first, dict) and "id" in first and "period" not in first


@dataclass
class Response:
    """Every page of a response, read and checked."""

    values: list[Value] = field(default_factory=list)
    metadata: list[Metadata] = field(default_factory=list)
    read: int = 0
    problems: list[str] = field(default_factory=list)


def read_response(first: str, fetch: Callable[[str], str]) -> Response:
    """Read the first page and every page `next_page` leads to (fetch reads an address)."""
    response = Response()
    text: str | None = first
    seen: set[str] = set()
    position = 0
    kind_of_first: bool | None = None
    pages = 0
    while text is not None:
        pages += 1
        try:
            entries, following = read_page(text)
        except Refused as error:
            page = _("page %(n)s: %(error)s") % {"n": pages, "error": error}
            response.problems.append(page if pages > 1 else str(error))
            return response
        metadata = _is_metadata(entries) if kind_of_first is None else kind_of_first
        kind_of_first = metadata if entries else kind_of_first
        for entry in entries:
            position += 1
            try:
                if metadata:
                    response.metadata.append(parse_metadata(entry, position))
                    response.read += 1
                else:
                    found = parse_values(entry, position)
                    response.values.extend(found)
                    response.read += len(found)
            except ValueError as error:
                response.read += 1
                response.problems.append(f"{_label(position, *_said(entry))}: {error}")
        text = None
        if following is not None:
            if following in seen or pages >= MAX_PAGES:
                response.problems.append(
                    _("next_page leads back to a page already read, or past %(max)s pages: %(url)s")
                    % {"max": MAX_PAGES, "url": following}
                )
                return response
            seen.add(following)
            try:
                text = fetch(following)
            except ValueError as error:
                response.problems.append(_("page %(n)s: %(error)s") % {"n": pages + 1, "error": error})
                return response
    return response


# ---------------------------------------------------------------- storing


def accepted_kpis(municipality: Municipality, only: Iterable[str] | None) -> set[str]:
    if only is not None:
        return set(only)
    followed = KoladaKpi.objects.filter(municipality=municipality).values_list("kpi", flat=True)
    return {kpi for kpi, _title in DEFAULT_KPIS} | set(followed)


def _check(response: Response, municipality: Municipality, only: set[str] | None) -> None:
    """Add a problem for each entry this municipality cannot take (see the module's note)."""
    accepted = accepted_kpis(municipality, only)
    unknown = _(
        "unknown KPI %(kpi)s: name it with --kpi, or add it under Kolada key figures in the administration"
    )
    named: set[int] = set()
    seen: set[tuple[str, int, str]] = set()
    for value in response.values:
        where = _label(value.entry, value.kpi, value.municipality, value.year)
        if value.kpi not in accepted:
            if only is None and value.entry not in named:
                response.problems.append(f"{where}: {unknown % {'kpi': value.kpi}}")
                named.add(value.entry)
            continue
        if value.municipality != municipality.code and value.entry not in named:
            response.problems.append(
                f"{where}: "
                + _("the municipality %(given)s is not %(name)s (%(code)s)")
                % {"given": value.municipality, "name": municipality.official_name, "code": municipality.code}
            )
            named.add(value.entry)
        key = (value.kpi, value.year, value.gender)
        if key in seen:
            response.problems.append(
                f"{_label(value.entry, value.kpi, value.municipality, value.year, value.gender)}: "
                + _("the response holds this value twice")
            )
        seen.add(key)
    for meta in response.metadata:
        if meta.kpi not in accepted and only is None:
            response.problems.append(f"{_label(meta.entry, meta.kpi)}: {unknown % {'kpi': meta.kpi}}")


def _kpis(municipality: Municipality, wanted: Iterable[str]) -> tuple[dict[str, KoladaKpi], set[str]]:
    """The municipality's KoladaKpi for each id, those missing created (with the default title,
    or the id until Kolada's KPI response or the admin gives one); and the ids created."""
    defaults = [kpi for kpi, _title in DEFAULT_KPIS]
    titles = dict(DEFAULT_KPIS)
    found = {k.kpi: k for k in KoladaKpi.objects.filter(municipality=municipality, kpi__in=set(wanted))}
    last = KoladaKpi.objects.filter(municipality=municipality).order_by("-position").first()
    following = max(last.position + 1 if last else 0, len(defaults))
    created = set(wanted) - set(found)
    for kpi in sorted(created):
        title = titles.get(kpi, kpi)
        if kpi in titles:
            position = defaults.index(kpi)
        else:
            position, following = following, following + 1
        found[kpi] = KoladaKpi.objects.create(
            municipality=municipality, kpi=kpi, title=title, unit=unit_of(title), position=position
        )
    return found, created


def _store_values(values: list[Value], kpis: dict[str, KoladaKpi], result: Result) -> None:
    stored = {
        (v.kpi_id, v.year, v.gender): v for v in KoladaValue.objects.filter(kpi__in=list(kpis.values()))
    }
    new: list[KoladaValue] = []
    changed: list[KoladaValue] = []
    for value in values:
        kpi = kpis[value.kpi]
        found = stored.get((kpi.pk, value.year, value.gender))
        if found is None:
            new.append(
                KoladaValue(
                    kpi=kpi,
                    year=value.year,
                    gender=value.gender,
                    value=value.value,
                    count=value.count,
                    status=value.status,
                )
            )
        elif (found.value, found.count, found.status) != (value.value, value.count, value.status):
            found.value, found.count, found.status = value.value, value.count, value.status
            changed.append(found)
        else:
            result.unchanged += 1
    KoladaValue.objects.bulk_create(new, batch_size=2000)
    for found in changed:
        found.save(update_fields=["value", "count", "status", "updated_at"])
    result.imported += len(new)
    result.updated += len(changed)


def _store_metadata(
    metadata: list[Metadata], kpis: dict[str, KoladaKpi], created: set[str], result: Result
) -> None:
    """A KPI new to the municipality counts as imported, a changed title, description or unit
    as updated."""
    for meta in metadata:
        kpi = kpis[meta.kpi]
        now = (meta.title, meta.description, meta.unit)
        if (kpi.title, kpi.description, kpi.unit) != now:
            kpi.title, kpi.description, kpi.unit = now
            kpi.save(update_fields=["title", "description", "unit"])
            if meta.kpi not in created:
                result.updated += 1
                continue
        if meta.kpi in created:
            result.imported += 1
        else:
            result.unchanged += 1


def import_response(
    first: str, municipality: Municipality, fetch: Callable[[str], str], only: Iterable[str] | None = None
) -> Result:
    """Store a Kolada response for the municipality; any bad entry changes nothing."""
    wanted = set(only) if only is not None else None
    result = Result()
    if not municipality.code:
        result.problems.append(
            _("%(name)s has no municipality code: enter its four digits in the administration first.")
            % {"name": municipality.official_name}
        )
        return result
    response = read_response(first, fetch)
    _check(response, municipality, wanted)
    result.read = response.read
    result.problems = response.problems
    if result.problems:
        return result
    accepted = accepted_kpis(municipality, wanted)
    values = [value for value in response.values if value.kpi in accepted]
    metadata = [meta for meta in response.metadata if meta.kpi in accepted]
    result.unchanged += len(response.values) - len(values) + len(response.metadata) - len(metadata)
    with transaction.atomic():
        used = {v.kpi for v in values} | {m.kpi for m in metadata} | (wanted or set())
        kpis, created = _kpis(municipality, used)
        _store_values(values, kpis, result)
        _store_metadata(metadata, kpis, created, result)
    return result


# ---------------------------------------------------------------- the figures in the lägesbild

TREND_YEARS = 5  # the trend is fitted over the last five years with a value
TREND_LEAST = 3  # and needs at least three
FLAT_PERCENT = 2.0  # a slope under 2 % of the mean a year, either way, is "about the same"


def trend(points: list[tuple[int, float | None]]) -> dict[str, Any]:
    """The latest figure against the one before, and the straight line (least squares) through
    the last TREND_YEARS figures: its slope a year, in the unit and in percent of their mean, and
    its direction (up, down, flat; "" when there are too few figures). Pure, for the tests."""
    known = sorted((year, value) for year, value in points if value is not None)
    latest = known[-1] if known else None
    previous = known[-2] if len(known) > 1 else None
    change = latest[1] - previous[1] if latest and previous else None
    found: dict[str, Any] = {
        "latest_year": latest[0] if latest else None,
        "latest": latest[1] if latest else None,
        "previous_year": previous[0] if previous else None,
        "previous": previous[1] if previous else None,
        "change": change,
        "change_percent": 100 * change / previous[1]
        if change is not None and previous and previous[1]
        else None,
        "from_year": None,
        "to_year": None,
        "slope": None,
        "slope_percent": None,
        "direction": "",
    }
    window = known[-TREND_YEARS:]
    if len(window) < TREND_LEAST:
        return found
    years = [float(year) for year, _value in window]
    values = [value for _year, value in window]
    mean_year, mean_value = sum(years) / len(years), sum(values) / len(values)
    spread = sum((year - mean_year) ** 2 for year in years)
    slope = sum((y - mean_year) * (v - mean_value) for y, v in zip(years, values, strict=True)) / spread
    percent = 100 * slope / mean_value if mean_value else None
    direction = "flat" if percent is None or abs(percent) < FLAT_PERCENT else "up" if percent > 0 else "down"
    found.update(
        from_year=window[0][0], to_year=window[-1][0], slope=slope, slope_percent=percent, direction=direction
    )
    return found


def _with_change(points: list[tuple[int, float | None]]) -> list[dict[str, Any]]:
    """Each year's figure with its change since the year listed before it (None if either is missing)."""
    found = []
    before: float | None = None
    for position, (year, value) in enumerate(points):
        change = value - before if position and value is not None and before is not None else None
        found.append({"year": year, "value": value, "change": change})
        before = value
    return found


def recorded_crime(municipality: Municipality, up_to: int) -> dict[str, Any] | None:
    """The lägesbild's recorded crime: each KPI the municipality shows, its total (gender T) per
    year up to `up_to`, with its trend, title, description, unit and source; None when there is
    none. They count reported crime (see docs/formats.md), not respondents."""
    kpis = KoladaKpi.objects.filter(municipality=municipality, shown=True).prefetch_related("values")
    series = []
    for kpi in kpis:
        points = sorted(
            (value.year, value.value)
            for value in kpi.values.all()
            if value.gender == KoladaValue.Gender.TOTAL and value.year <= up_to
        )
        if not any(value is not None for _year, value in points):
            continue
        series.append(
            {
                "kpi": kpi.kpi,
                "title": kpi.title,
                "description": kpi.description,
                "unit": kpi.unit,
                "source": kpi.source,
                "points": _with_change(points),
                "trend": trend(points),
            }
        )
    return {"year": up_to, "series": series} if series else None
