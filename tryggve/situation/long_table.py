"""A lägesbild as one long table (a row per indicator and domain), for CSV and Excel downloads.

Datasette-style: every figure on the page is a row with its code, so a download can be read
by people in Excel and by programs alike.
"""

from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tryggve.core.files import figure

from .builder import FOCUS, REST
from .domains import ALL

NATIONAL = "national_comparison"
COLUMNS = [
    "indicator",
    "kind",
    "question",
    "counted_answers",
    "area",
    "estimate",
    "ci_low",
    "ci_high",
    "se",
    "n",
    "outside_scale",
    "missing",
    "previous_year",
    "previous_estimate",
    "change",
    "p_value",
    "significant",
    "suppressed",
]


def _line(
    code: str, kind: str, title: str, counted: str, row: dict[str, Any], previous_year: Any
) -> list[Any]:
    return [
        code,
        kind,
        title,
        counted,
        row["area"],
        row.get("estimate"),
        row.get("ci_low"),
        row.get("ci_high"),
        row.get("se"),
        row.get("n"),
        row.get("outside_scale"),
        row.get("missing"),
        previous_year if row.get("previous") is not None else None,
        row.get("previous"),
        row.get("change"),
        row.get("p_value"),
        row.get("significant"),
        row["suppressed"],
    ]


def rows(data: Mapping[str, Any], language: str) -> Iterator[list[Any]]:
    """Indicators per area and ALL (and national and county figures beside them), focus areas
    against the rest, the problem index, the
    police's events per type and month (and the feed's summaries apart), Kolada's reported crime
    per year, the residents' place reports per area and kind, then dialogue topics and incident
    categories per area (counts in `n`)."""
    previous_year = data["previous_year"]
    for indicator in data["indicators"]:
        code, kind = indicator["code"], indicator["kind"]
        title, counted = indicator["title"][language], indicator["counts"][language]
        for row in indicator["rows"]:
            yield _line(code, kind, title, counted, row, previous_year)
        if indicator["focus"] is not None:
            for part in (FOCUS, REST):
                yield _line(code, kind, title, counted, indicator["focus"][part], None)
        # National and county figures of other surveys (issue 28.3), under a code of their own so
        # that no script filtering by the indicator's code takes them for the survey's areas: the
        # level in `area`, the figure in `estimate`, its year in `counted_answers`.
        for other in indicator.get("comparison", []):
            found = {"area": other["level"], "estimate": other["value"], "suppressed": False}
            yield _line(f"{NATIONAL}.{code}", NATIONAL, title, str(other["year"]), found, None)
    for matrix in data["problem_index"]:
        for row in matrix["rows"]:
            for item, found in zip(matrix["items"], row["items"], strict=True):
                code = f"{matrix['code']}.{item['code']}"
                yield _line(code, "problem_index", item["title"][language], "0-6", found, None)
            overall = {"area": row["area"], "estimate": row["index"], "suppressed": row["suppressed"]}
            yield _line(matrix["code"], "problem_index", matrix["title"][language], "0-6", overall, None)
    yield from _police_rows(data)
    yield from _recorded_crime_rows(data)
    yield from _place_report_rows(data, language)
    for name in ("dialogue_topics", "incident_categories"):
        counted = data.get(name) or {"rows": [], "codes": []}
        for row in counted["rows"]:
            area = row["area"] or ALL
            for code, label, n in zip(counted["codes"], counted["labels"], row["counts"], strict=True):
                found = {"area": area, "n": n, "suppressed": False}
                yield _line(f"{name}.{code}", "count", label[language], str(counted["year"]), found, None)


def _place_report_rows(data: Mapping[str, Any], language: str) -> Iterator[list[Any]]:
    """The residents' place reports per area and kind (`place_reports.<kind>`), then each
    area's and the whole municipality's every kind (`place_reports`); a count hidden as small is
    empty and marked suppressed."""
    counted = data.get("place_reports") or {"rows": [], "codes": []}
    year = str(counted["year"]) if "year" in counted else ""
    rows = [*counted["rows"], *([counted["whole"]] if counted.get("whole") else [])]
    for row in rows:
        area = row["area"] or ALL
        for code, label, n in zip(counted["codes"], counted["labels"], row["counts"], strict=True):
            found = {"area": area, "n": n, "suppressed": n is None}
            yield _line(f"place_reports.{code}", "count", label[language], year, found, None)
        if "total" in row:
            found = {"area": area, "n": row["total"], "suppressed": row["total"] is None}
            yield _line("place_reports", "count", _("Place reports of every kind"), year, found, None)


def _police_rows(data: Mapping[str, Any]) -> Iterator[list[Any]]:
    """The police's events per type and month, per area and type, then the feed's summaries."""
    events = data.get("police_events") or {"types": []}
    for row in events["types"]:
        for month, count in enumerate(row["months"], start=1):
            found = {"area": ALL, "n": count, "suppressed": False}
            yield _line("police_events", "count", row["kind"], f"{events['year']}-{month:02}", found, None)
    for row in events.get("areas", []):
        for kind, count in row["types"].items():
            found = {"area": row["area"], "n": count, "suppressed": False}
            yield _line("police_events", "count", kind, str(events["year"]), found, None)
    # The feed's summaries ("Sammanfattning natt", …), apart from the event types.
    for row in events.get("summaries", []):
        for month, count in enumerate(row["months"], start=1):
            found = {"area": ALL, "n": count, "suppressed": False}
            yield _line("police_summaries", "count", row["kind"], f"{events['year']}-{month:02}", found, None)


def _recorded_crime_rows(data: Mapping[str, Any]) -> Iterator[list[Any]]:
    """Kolada's reported crime (issue 28.2): a row per KPI and year, the figure in `estimate`, the
    year in `counted_answers`, the year listed before it and the change since then beside it."""
    found = data.get("recorded_crime") or {"series": []}
    for series in found["series"]:
        code = f"recorded_crime.{series['kpi']}"
        before: dict[str, Any] | None = None
        for point in series["points"]:
            row = {"area": ALL, "estimate": point["value"], "suppressed": False, "change": point["change"]}
            if point["change"] is not None and before is not None:
                row["previous"] = before["value"]
            previous = before["year"] if before is not None else None
            yield _line(code, "reported_crime", series["title"], str(point["year"]), row, previous)
            before = point


def text(value: object) -> str:
    """Full precision for numbers, empty for none, true/false as in JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


# For people (Excel): the same rows and columns in the same order, headers in the reader's
# language, shares in per cent, figures rounded for reading. Full precision stays in the CSV.

ESTIMATES = {"estimate", "ci_low", "ci_high", "previous_estimate", "change"}


def people_header() -> list[str]:
    return [
        pgettext("download column", "Indicator"),
        pgettext("download column", "Kind"),
        pgettext("download column", "Question"),
        pgettext("download column", "Counted answers"),
        pgettext("download column", "Area"),
        pgettext("download column", "Estimate"),
        pgettext("download column", "95 % interval, low"),
        pgettext("download column", "95 % interval, high"),
        pgettext("download column", "Standard error"),
        pgettext("download column", "n"),
        pgettext("download column", "Outside the scale"),
        pgettext("download column", "No answer"),
        pgettext("download column", "Previous year"),
        pgettext("download column", "Previous estimate"),
        pgettext("download column", "Change"),
        pgettext("download column", "p-value"),
        pgettext("download column", "Significant"),
        pgettext("download column", "Hidden (small group)"),
    ]


def _kind(kind: str) -> str:
    return {
        "share": _("share (%)"),
        "mean": _("mean"),
        "problem_index": _("problem index (0–6)"),
        "count": _("count"),
        NATIONAL: _("share (%), another survey"),
    }.get(kind, kind)


def _area(area: str) -> str:
    return {
        ALL: _("Whole municipality"),
        FOCUS: _("Focus areas"),
        REST: _("The rest"),
        "national": _("The whole country"),
        "county": _("The county"),
    }.get(area, area)


def _counted(kind: str, counted: str) -> str:
    """A month of the police's events ("2019-03") as text Excel leaves alone ("2019, mars")."""
    year, _dash, month = counted.partition("-")
    if kind == "count" and month.isdigit() and year.isdigit() and len(month) == 2:
        return f"{year}, {MONTHS[int(month)]}"
    return counted


def people_line(line: list[Any]) -> list[Any]:
    """One row of `rows`, as people read it."""
    cells = dict(zip(COLUMNS, line, strict=True))
    kind = cells["kind"]
    share = kind in ("share", NATIONAL)  # national and county figures are shares too
    found: list[Any] = []
    for name in COLUMNS:
        value = cells[name]
        if name in ESTIMATES:
            value = figure(value, 1, share) if value is not None else None
        elif name == "se":
            value = figure(value, 1 if share else 2, share) if value is not None else None
        elif name == "p_value":
            value = figure(value, 3) if value is not None else None
        elif name == "kind":
            value = _kind(kind)
        elif name == "area":
            value = _area(value)
        elif name == "counted_answers":
            value = _counted(kind, value)
        found.append(value)
    return found


def people_rows(data: Mapping[str, Any], language: str) -> Iterator[list[Any]]:
    return (people_line(line) for line in rows(data, language))
