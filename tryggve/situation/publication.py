"""What of a lägesbild may be published, and when: the one home of the publication rules.

- `public` builds the public form of a picture field by field from the publishable shape
  (shape.PublicPicture): nothing reaches a public page, download, the API, a promise's
  evidence or indicators unless it is declared there. A survey figure is published only when
  its domain is not suppressed (domains.report and estimators.suppressed decide which domains a
  small group could be worked out from) and has at least SITUATION_MIN_RESPONDENTS
  respondents; a hotspot square only with at least SITUATION_MIN_PLACES marks. Weighting cells
  and the respondent totals (whose difference is the few who could not be weighted) are never
  published. Counts of police events, incident reports and dialogues are not respondents. The
  residents' place reports are counted per area and kind with small counts hidden
  (`estimators.count_table`, below SITUATION_MIN_PLACES, as the hotspots).
- `may_publish` and `withdrawn_by` decide which adopted versions are public (see their notes).
- `place_report`, `place_point` and `place_squares`: what of a resident's place report is public,
  and where it is shown (issue 33; see their section).
"""

import math
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.db.models.functions import Floor
from django.utils import timezone
from typing_extensions import TypedDict

from tryggve.inputs.models import PlaceReport

from . import shape
from .domains import ALL
from .estimators import count_table
from .models import PlaceSquaresOfMonth
from .shape import PublicPicture, PublicRow, Row

FIGURES = ("estimate", "se", "ci_low", "ci_high", "n", "outside_scale", "missing")
EXAMPLES = 3


def minimum(data: dict[str, Any] | shape.Picture) -> int:
    """The threshold a picture is published with: the one it was built with, or today's if higher."""
    return max(int(data.get("min_respondents") or 0), settings.SITUATION_MIN_RESPONDENTS)


def shown(row: Row, least: int) -> bool:
    return not row["suppressed"] and row["n"] is not None and row["n"] >= least


def _row(row: Row, least: int, visible: bool = True) -> PublicRow:
    visible = visible and shown(row, least)
    earlier = visible and row.get("previous") is not None and not row.get("previous_suppressed")
    return {
        "area": row["area"],
        "area_id": row.get("area_id"),
        "estimate": row["estimate"] if visible else None,
        "se": row["se"] if visible else None,
        "ci_low": row["ci_low"] if visible else None,
        "ci_high": row["ci_high"] if visible else None,
        "n": row["n"] if visible else None,
        "outside_scale": row["outside_scale"] if visible else None,
        "missing": row["missing"] if visible else None,
        "suppressed": not visible,
        "previous": row.get("previous") if earlier else None,
        "change": row.get("change") if earlier else None,
        "p_value": row.get("p_value") if earlier else None,
        "significant": row.get("significant") if earlier else None,
    }


def _indicator(indicator: shape.IndicatorData, least: int) -> shape.PublicIndicator:
    focus = indicator["focus"]
    public_focus: shape.PublicFocus | None = None
    if focus is not None:
        visible = not focus["suppressed"] and shown(focus["focus"], least) and shown(focus["rest"], least)
        public_focus = {
            "focus": _row(focus["focus"], least, visible),
            "rest": _row(focus["rest"], least, visible),
            "difference": focus["difference"] if visible else None,
            "p_value": focus["p_value"] if visible else None,
            "significant": focus["significant"] if visible else None,
            "suppressed": not visible,
        }
    return {
        "code": indicator["code"],
        "kind": indicator["kind"],
        "values": indicator["values"],
        "title": indicator["title"],
        "counts": indicator["counts"],
        "rows": [_row(row, least) for row in indicator["rows"]],
        "focus": public_focus,
        "groups": [
            {
                "by": table["by"],
                "labels": table["labels"],
                "rows": [{**_row(row, least), "group": row["group"]} for row in table["rows"]],
            }
            for table in indicator["groups"]
        ],
        # Published figures of others, not respondents: no small-group rule applies; field by field.
        "comparison": [
            {
                "level": figure["level"],
                "year": figure["year"],
                "value": figure["value"],
                "source": figure["source"],
                "method_note": figure["method_note"],
            }
            for figure in indicator["comparison"]
        ],
    }


def _problem_index(matrix: shape.ProblemIndex, least: int) -> shape.PublicProblemIndex:
    rows: list[shape.PublicProblemRow] = []
    for row in matrix["rows"]:
        visible = not row["suppressed"] and all(shown(item, least) for item in row["items"])
        rows.append(
            {
                "area": row["area"],
                "area_id": row["area_id"],
                "index": row["index"] if visible else None,
                "items": [_row(item, least, visible) for item in row["items"]],
                "suppressed": not visible,
            }
        )
    return {
        "code": matrix["code"],
        "title": matrix["title"],
        "items": [{"code": item["code"], "title": item["title"]} for item in matrix["items"]],
        "rows": rows,
    }


def _hotspots(found: shape.Hotspots) -> shape.Hotspots:
    least = max(found["minimum"], settings.SITUATION_MIN_PLACES)
    squares: list[shape.Square] = []
    for square in found["squares"]:
        if square["count"] < least:
            continue
        shown: shape.Square = {
            "south": square["south"],
            "west": square["west"],
            "north": square["north"],
            "east": square["east"],
            "count": square["count"],
            "area": square["area"],
        }
        if "near" in square and "near_metres" in square:
            shown["near"], shown["near_metres"] = square["near"], square["near_metres"]
        if "landmark" in square and "landmark_metres" in square:
            shown["landmark"], shown["landmark_metres"] = square["landmark"], square["landmark_metres"]
        squares.append(shown)
    return {"minimum": least, "squares": squares}


def _themes(found: shape.Themes | None, whole_shown: bool) -> shape.PublicThemes | None:
    """Counts of areas too small to publish left out, and only examples an analyst approved."""
    if found is None:
        return None
    hidden = set(found["hidden_areas"])

    def per_area(theme: shape.ThemeData) -> list[shape.AreaCount]:
        return [
            {"area": part["area"], "n": None if part["area"] in hidden or not whole_shown else part["n"]}
            for part in theme["per_area"]
        ]

    def examples(theme: shape.ThemeData) -> list[shape.PublicExample]:
        approved: list[shape.PublicExample] = [
            {"text": example["text"]} for example in theme["examples"] if example["approved"]
        ]
        return approved[:EXAMPLES]

    published: list[shape.PublicTheme] = [
        {
            "name": theme["name"],
            "total": theme["total"] if whole_shown else None,
            "per_area": per_area(theme),
            "examples": examples(theme),
        }
        for theme in found["themes"]
    ]
    return {
        "respondents": found["respondents"] if whole_shown else None,
        "themes": published,
        "hidden_areas": sorted(hidden),
    }


def _counted(found: shape.Counted | None) -> shape.Counted | None:
    """Dialogue topics and incident categories: counts of dialogues and reports, published."""
    if found is None:
        return None
    rows: list[shape.CountRow] = []
    for row in found["rows"]:
        copied: shape.CountRow = {
            "area": row["area"],
            "area_id": row["area_id"],
            "counts": list(row["counts"]),
        }
        for extra in ("dialogues", "participants"):
            if extra in row:
                copied[extra] = row[extra]
        rows.append(copied)
    return {
        "year": found["year"],
        "codes": list(found["codes"]),
        "labels": list(found["labels"]),
        "rows": rows,
    }


def _place_reports(found: shape.Counted | None) -> shape.PublicPlaceReports | None:
    """The place reports per area and kind, each count above 0 and below SITUATION_MIN_PLACES
    hidden, and every total that would tell one; zeros shown (kinds no one reported in the year
    have no column)."""
    if found is None:
        return None
    least = settings.SITUATION_MIN_PLACES
    table = count_table([list(row["counts"]) for row in found["rows"]], least)
    rows: list[shape.PublicCountRow] = [
        {"area": row["area"], "area_id": row["area_id"], "counts": counts, "total": total}
        for row, counts, total in zip(found["rows"], table.cells, table.rows, strict=True)
    ]
    return {
        "year": found["year"],
        "minimum": least,
        "codes": list(found["codes"]),
        "labels": list(found["labels"]),
        "rows": rows,
        "whole": {"area": ALL, "area_id": None, "counts": table.columns, "total": table.whole},
    }


def _events(found: shape.PoliceEvents | None) -> shape.PoliceEvents | None:
    if found is None:
        return None
    return {
        "areas": [
            {"area_id": a["area_id"], "area": a["area"], "types": dict(a["types"])} for a in found["areas"]
        ],
        "year": found["year"],
        "types": [
            {"kind": t["kind"], "months": list(t["months"]), "total": t["total"]} for t in found["types"]
        ],
        "summaries": [
            {"kind": t["kind"], "months": list(t["months"]), "total": t["total"]} for t in found["summaries"]
        ],
        "county": found["county"],
        "county_events": found["county_events"],
    }


def _whole_shown(picture: shape.Picture, least: int) -> bool:
    """Whether the whole municipality's figures may be published (its first indicator's row)."""
    whole = next(
        (row for indicator in picture["indicators"] for row in indicator["rows"] if row["area"] == ALL),
        None,
    )
    return whole is None or shown(whole, least)


def public(data: dict[str, Any] | shape.Picture) -> PublicPicture:
    """The public form of a picture (any stored version), built from publishable fields only."""
    picture = shape.load(dict(data))
    least = minimum(picture)
    whole_shown = _whole_shown(picture, least)
    return {
        "schema": shape.SCHEMA,
        "municipality": picture["municipality"],
        "year": picture["year"],
        "survey": {
            "slug": picture["survey"]["slug"],
            "title": picture["survey"]["title"],
            "year": picture["survey"]["year"],
        },
        "previous_year": picture["previous_year"],
        "built_at": picture["built_at"],
        "min_respondents": least,
        "focus_areas": list(picture["focus_areas"]),
        "focus_area_ids": list(picture["focus_area_ids"]),
        "indicators": [_indicator(indicator, least) for indicator in picture["indicators"]],
        "problem_index": [_problem_index(matrix, least) for matrix in picture["problem_index"]],
        "hotspots": _hotspots(picture["hotspots"]),
        "themes": _themes(picture["themes"], whole_shown),
        "police_events": _events(picture["police_events"]),
        "dialogue_topics": _counted(picture["dialogue_topics"]),
        "incident_categories": _counted(picture["incident_categories"]),
        "place_reports": _place_reports(picture["place_reports"]),
        "recorded_crime": _recorded_crime(picture["recorded_crime"]),
    }


# ---------------------------------------------------------------- recorded crime (issue 28.2)


def _recorded_crime(found: shape.RecordedCrime | None) -> shape.RecordedCrime | None:
    """Kolada's reported-crime figures per year: public statistics, not respondents, published
    field by field."""
    if found is None:
        return None
    series: list[shape.CrimeSeries] = []
    for one in found["series"]:
        trend = one["trend"]
        series.append(
            {
                "kpi": one["kpi"],
                "title": one["title"],
                "description": one["description"],
                "unit": one["unit"],
                "source": one["source"],
                "points": [
                    {"year": point["year"], "value": point["value"], "change": point["change"]}
                    for point in one["points"]
                ],
                "trend": {
                    "latest_year": trend["latest_year"],
                    "latest": trend["latest"],
                    "previous_year": trend["previous_year"],
                    "previous": trend["previous"],
                    "change": trend["change"],
                    "change_percent": trend["change_percent"],
                    "from_year": trend["from_year"],
                    "to_year": trend["to_year"],
                    "slope": trend["slope"],
                    "slope_percent": trend["slope_percent"],
                    "direction": trend["direction"],
                },
            }
        )
    return {"year": found["year"], "series": series}


# ---------------------------------------------------------------- residents' place reports (issue 33)
#
# Which reports are public is the model's (`PlaceReport.objects.published()`: moderated, neither
# hidden nor merged); what of each is public is said here, field by field. Public: what it is
# about, its area, its status with the day staff set it (and the reason, when it will not be
# done), the responsible organisation's answer, and a description only once staff approved it
# (the approved text, never the resident's own). Never public: the resident's words, the place
# in words, the photo, the day it arrived, the organisation, who moderated it, the e-mail
# addresses of its followers.
#
# Its position follows TRYGGVE_PLACE_REPORT_POINTS, one rule for every output:
# - "rounded": a report is shown at the middle of its square of the place grid (about
#   100 × 100 m), the same square on every page, in the API and in the feed, so no two outputs
#   together place it more exactly than the square;
# - "grouped": no report has a position of its own anywhere; the map shows the squares where at
#   least SITUATION_MIN_PLACES published reports lie (of all of them, never of a filtered part,
#   whose difference could single one out), with their count; every report is counted per area.
#   The squares are fixed for a month (`PlaceSquaresOfMonth`), drawn on its first showing from
#   the reports received before the month began: a square's count never rises the day a report
#   is read, so two days' maps compared place no report. Counts are shown rounded down to a
#   multiple of SITUATION_MIN_PLACES: comparing two months' maps, a square one report richer
#   seldom shows it. What remains: a square that crosses a multiple in a month in which only one
#   report of its area was newly listed places that report in it; a small municipality that
#   worries about this sets a larger TRYGGVE_SITUATION_MIN_PLACES or keeps the rounded rule.

PLACE_GRID_LATITUDE = 0.0009  # 100 m
PLACE_GRID_LONGITUDE = 0.0016  # 100 m at 56° N (Skåne 105 m, Stockholm 92 m, Luleå 75 m)
ROUNDED, GROUPED = "rounded", "grouped"
# The squares the grouped map shows at most, most reports first.
MAP_SQUARES = 300


class PublicPlaceReport(TypedDict):
    id: int
    kind: str
    kind_name: str
    area: str
    area_name: str
    status: str
    status_name: str
    status_on: date | None
    reason: str
    answer: str
    description: str
    latitude: float | None
    longitude: float | None


class PlaceSquare(TypedDict):
    south: float
    west: float
    north: float
    east: float
    count: int


def place_square(latitude: float, longitude: float) -> tuple[int, int]:
    """The square of the place grid a point lies in (row, column)."""
    return math.floor(latitude / PLACE_GRID_LATITUDE), math.floor(longitude / PLACE_GRID_LONGITUDE)


def square_middle(row: int, column: int) -> tuple[float, float]:
    return round((row + 0.5) * PLACE_GRID_LATITUDE, 5), round((column + 0.5) * PLACE_GRID_LONGITUDE, 5)


def place_point(report: Any) -> tuple[float, float] | None:
    """Where a report is shown: the middle of its square under the rounded rule, else nowhere."""
    if settings.PLACE_REPORT_POINTS != ROUNDED or report.latitude is None or report.longitude is None:
        return None
    return square_middle(*place_square(report.latitude, report.longitude))


def place_report(report: Any) -> PublicPlaceReport:
    """The public form of a published place report (`PlaceReport.objects.published()`)."""
    point = place_point(report)
    return {
        "id": report.pk,
        "kind": report.kind,
        "kind_name": str(report.get_kind_display()),
        "area": report.area.slug,
        "area_name": report.area.name,
        "status": report.status,
        "status_name": str(report.get_status_display()),
        "status_on": report.status_on,
        "reason": report.reason if report.status == "not_done" else "",
        "answer": report.answer,
        "description": report.public_text if report.approved else "",
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
    }


def place_squares(municipality: Any, today: date) -> list[PlaceSquare]:
    """The grouped rule's squares for `today`'s month, most reports first; none under the rounded
    rule. Drawn once a month from the published reports received before it (`PlaceSquaresOfMonth`):
    a square's count never rises during the month, so the day a report is read does not show
    where it lies. It falls when one of its reports is hidden or merged, and a square with fewer
    than SITUATION_MIN_PLACES left is not shown; counts are shown rounded down to a multiple of
    SITUATION_MIN_PLACES ("at least"), so one report more next month seldom shows either."""
    if settings.PLACE_REPORT_POINTS != GROUPED:
        return []
    least = settings.SITUATION_MIN_PLACES
    month = today.replace(day=1)
    before = PlaceReport.objects.published().filter(municipality=municipality, received_on__lt=month)
    now = _square_counts(before, least)
    drawn = _drawn_for(municipality, month, now)
    left = ((row, column, min(stored, now.get((row, column), 0))) for row, column, stored in drawn)
    shown = [(row, column, count // least * least) for row, column, count in left if count >= least]
    shown.sort(key=lambda square: (-square[2], square[0], square[1]))  # most first
    return [
        {
            "south": round(row * PLACE_GRID_LATITUDE, 5),
            "west": round(column * PLACE_GRID_LONGITUDE, 5),
            "north": round((row + 1) * PLACE_GRID_LATITUDE, 5),
            "east": round((column + 1) * PLACE_GRID_LONGITUDE, 5),
            "count": count,
        }
        for row, column, count in shown[:MAP_SQUARES]
    ]


def _drawn_for(municipality: Any, month: date, now: dict[tuple[int, int], int]) -> list[tuple[int, int, int]]:
    """The month's squares as drawn on its first showing, `[row, column, count]`, drawing them
    from `now` (and forgetting earlier months') if they are not yet."""
    stored = PlaceSquaresOfMonth.objects.filter(municipality=municipality, month=month).first()
    if stored is not None:
        return [tuple(square) for square in stored.squares]
    drawn = [(row, column, count) for (row, column), count in now.items()]
    try:
        with transaction.atomic():
            PlaceSquaresOfMonth.objects.create(municipality=municipality, month=month, squares=drawn)
            PlaceSquaresOfMonth.objects.filter(municipality=municipality, month__lt=month).delete()
    except IntegrityError:  # drawn at the same moment by another request: that one stands
        stored = PlaceSquaresOfMonth.objects.get(municipality=municipality, month=month)
        return [tuple(square) for square in stored.squares]
    return drawn


def _square_counts(published: Any, least: int) -> dict[tuple[int, int], int]:
    """The squares of the place grid with at least `least` of the published reports that have a
    marked place, and their counts: one grouped query."""
    found = (
        published.exclude(latitude=None)
        .exclude(longitude=None)
        .annotate(
            row=Floor(F("latitude") / PLACE_GRID_LATITUDE),
            column=Floor(F("longitude") / PLACE_GRID_LONGITUDE),
        )
        .values_list("row", "column")
        .annotate(count=Count("pk"))
        .filter(count__gte=least)
        .order_by()
    )
    return {(int(row), int(column)): count for row, column, count in found}


def window_closed(closes: date | None, today: date | None = None) -> bool:
    """Whether a survey's answering window has closed, so its lägesbild may go public."""
    return closes is not None and closes < (today or timezone.localdate())


# ---------------------------------------------------------------- versions beside each other


def _published_figures(picture: shape.Picture) -> dict[tuple[Any, ...], Row]:
    """Every survey figure a version publishes, by what it is (indicator, domain, focus areas)."""
    least = minimum(picture)
    found: dict[tuple[Any, ...], Row] = {}
    chosen = tuple(picture["focus_area_ids"])
    for indicator in picture["indicators"]:
        for row in indicator["rows"]:
            if shown(row, least):
                found[(indicator["code"], row["area"])] = row
        for table in indicator["groups"]:
            for group_row in table["rows"]:
                if group_row["group"] and shown(group_row, least):
                    found[(indicator["code"], table["by"], group_row["area"], group_row["group"])] = group_row
        focus = indicator["focus"]
        if focus is not None and not focus["suppressed"]:
            found[(indicator["code"], "focus", chosen)] = focus["focus"]
            found[(indicator["code"], "rest", chosen)] = focus["rest"]
    for matrix in picture["problem_index"]:
        for problem in matrix["rows"]:
            for item, row in zip(matrix["items"], problem["items"], strict=True):
                if not problem["suppressed"] and shown(row, least):
                    found[(matrix["code"], item["code"], problem["area"])] = row
    return found


def _base(row: Row) -> int:
    return row["n"] + row["outside_scale"] + row["missing"]


def _theme_counts(picture: shape.Picture) -> dict[tuple[str, str], int]:
    """The free-text theme counts a version publishes: per theme, the whole and each shown area."""
    found = _themes(picture["themes"], _whole_shown(picture, minimum(picture)))
    counts: dict[tuple[str, str], int] = {}
    for theme in found["themes"] if found else []:
        if theme["total"] is not None:
            counts[(theme["name"], ALL)] = theme["total"]
        for part in theme["per_area"]:
            if part["n"] is not None:
                counts[(theme["name"], part["area"])] = part["n"]
    return counts


def _themes_reveal(earlier: shape.Picture, later: shape.Picture, least: int) -> bool:
    """A theme count that changed while the respondents changed by fewer than the threshold
    tells what those few wrote."""
    if earlier["themes"] is None or later["themes"] is None:
        return False
    before, after = _theme_counts(earlier), _theme_counts(later)
    changed = any(before[key] != after[key] for key in before.keys() & after.keys())
    moved = abs(later["themes"]["respondents"] - earlier["themes"]["respondents"])
    return changed and moved < least


def _focus_sets_reveal(earlier: shape.Picture, later: shape.Picture, least: int) -> bool:
    """Two focus sets read together split the hidden areas finer than either does alone.

    With focus F1 in one version and F2 in the other, the areas shown in neither fall into four
    groups (in both sets, in F1 only, in F2 only, in neither, with the respondents who named no
    area); an attacker can work out each group's figure from the published ones, so each must
    have no respondents or at least the threshold."""
    first, second = set(earlier["focus_area_ids"]), set(later["focus_area_ids"])
    if not first or not second or first == second:
        return False
    older = {indicator["code"]: indicator for indicator in earlier["indicators"]}
    for indicator in later["indicators"]:
        other = older.get(indicator["code"])
        if other is None or indicator["focus"] is None or other["focus"] is None:
            continue
        if indicator["focus"]["suppressed"] or other["focus"]["suppressed"]:
            continue
        known = {row["area_id"] for row in [*indicator["rows"], *other["rows"]] if shown(row, least)}
        groups: dict[tuple[bool, bool], int] = {}
        placed = 0
        whole = 0
        for row in indicator["rows"]:
            if row["area"] == ALL:
                whole = row["n"] or 0
                continue
            placed += row["n"] or 0
            if row["area_id"] is not None and row["area_id"] not in known:
                key = (row["area_id"] in first, row["area_id"] in second)
                groups[key] = groups.get(key, 0) + (row["n"] or 0)
        groups[(False, False)] = groups.get((False, False), 0) + whole - placed
        if any(0 < n < least for n in groups.values()):
            return True
    return False


def reveals(earlier: dict[str, Any], later: dict[str, Any]) -> bool:
    """Whether two versions of one year, read together, reveal a group below the threshold.

    Every figure both publish must be unchanged, or its base changed by at least the threshold:
    the respondents in its domain for the counts beside it, its own base for the estimate. A
    figure that changed while its base changed by fewer (or by none: one answer swapped for
    another) shows the answers of those few. The same holds for the free-text theme counts.
    Versions that differ only in the analyst's choices (focus areas, texts) reveal nothing,
    unless their focus sets together split the hidden areas into a group below the threshold.
    """
    least = max(minimum(earlier), minimum(later))
    old_picture, new_picture = shape.load(dict(earlier)), shape.load(dict(later))
    before, after = _published_figures(old_picture), _published_figures(new_picture)
    for key in before.keys() & after.keys():
        old, new = before[key], after[key]
        if (old["estimate"], old["n"], old["outside_scale"], old["missing"]) == (
            new["estimate"],
            new["n"],
            new["outside_scale"],
            new["missing"],
        ):
            continue
        if abs(_base(new) - _base(old)) < least:
            return True
        if old["estimate"] != new["estimate"] and abs(new["n"] - old["n"]) < least:
            return True
    return _themes_reveal(old_picture, new_picture, least) or _focus_sets_reveal(
        old_picture, new_picture, least
    )
