"""The declared shape of a lägesbild's data: what `builder.build` returns and an adopted version
freezes (`Picture`), and what may leave the staff side (`PublicPicture`, built field by field
from this declaration by `publication.public`; the API's schema is generated from it).

`SCHEMA` is the version of the shape, stored in the data as `schema`. Versions adopted before
the shape was declared have no `schema` (version 1): `load` gives them every field added since,
so old versions load and render as new ones do.

Typed with typing_extensions.TypedDict, which pydantic (django-ninja) reads on Python 3.11.
"""

from typing import Any, NotRequired, cast

from typing_extensions import TypedDict

SCHEMA = 6  # 6: the residents' place reports per area and kind (issue 33.4)

Texts = dict[str, str]  # one text per language


# ---------------------------------------------------------------- what an adopted version stores


class Row(TypedDict):
    """One indicator in one domain: an area, ALL, or the focus areas or the rest."""

    area: str
    area_id: int | None
    estimate: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    outside_scale: int
    missing: int
    reason: str
    suppressed: bool
    previous: NotRequired[float | None]
    previous_suppressed: NotRequired[bool | None]
    change: NotRequired[float | None]
    p_value: NotRequired[float | None]
    significant: NotRequired[bool | None]


class Focus(TypedDict):
    focus: Row
    rest: Row
    difference: float | None
    p_value: float | None
    significant: bool | None
    suppressed: bool


class GroupRow(Row):
    """One indicator in one group: a sex or age band (area ALL), or a sex in an area."""

    group: str  # the sex or age band as in the population file; "" for the whole municipality


class GroupTable(TypedDict):
    by: str  # "sex", "age_band" or "area,sex" (domains.BY)
    labels: dict[str, Texts]  # each group's name per language
    rows: list[GroupRow]


class NationalFigure(TypedDict):
    """A national or county figure of another survey (e.g. Brå's NTU), beside an indicator."""

    level: str  # "national" or "county"
    year: int
    value: float  # a share, 0–1
    source: str  # e.g. "Brå, NTU 2024"
    method_note: str  # how its method differs from the municipality's survey


class IndicatorData(TypedDict):
    code: str
    kind: str  # "share" or "mean"
    values: list[int] | None
    title: Texts
    counts: Texts
    rows: list[Row]
    focus: Focus | None
    groups: list[GroupTable]  # the main indicators (scale questions) by sex and age band
    comparison: list[NationalFigure]  # national and county figures, published figures of others


class Titled(TypedDict):
    code: str
    title: Texts


class ProblemRow(TypedDict):
    area: str
    area_id: int | None
    index: float | None
    items: list[Row]
    suppressed: bool


class ProblemIndex(TypedDict):
    code: str
    title: Texts
    items: list[Titled]
    rows: list[ProblemRow]


class Square(TypedDict):
    south: float
    west: float
    north: float
    east: float
    count: int
    area: str
    # The nearest named area's name and the distance to its centre in metres (lägesbilder
    # adopted before issue 29 have neither: their table shows the corner's coordinates).
    near: NotRequired[str]
    near_metres: NotRequired[int]
    # The nearest named place (core.Landmark) within a kilometre of the square's middle and the
    # distance to it, to the nearest 50 m; a square with one has no `near`.
    landmark: NotRequired[str]
    landmark_metres: NotRequired[int]


class Hotspots(TypedDict):
    minimum: int
    squares: list[Square]


class AreaCount(TypedDict):
    area: str
    n: int | None


class Example(TypedDict):
    text: str
    approved: bool


class ThemeData(TypedDict):
    name: str
    total: int
    per_area: list[AreaCount]
    examples: list[Example]


class Themes(TypedDict):
    respondents: int
    themes: list[ThemeData]
    hidden_areas: list[str]


class EventType(TypedDict):
    kind: str
    months: list[int]
    total: int


class EventArea(TypedDict):
    area_id: int
    area: str
    types: dict[str, int]


class PoliceEvents(TypedDict):
    areas: list[EventArea]
    year: int
    types: list[EventType]  # the events, by type (summaries left out)
    summaries: list[EventType]  # the feed's summaries ("Sammanfattning natt", …), counted apart
    county: str | None
    county_events: int


class CountRow(TypedDict):
    area: str
    area_id: int | None
    counts: list[int]
    dialogues: NotRequired[int]
    participants: NotRequired[int]


class Counted(TypedDict):
    """Dialogue topics or incident categories of the year, per area (not survey respondents)."""

    year: int
    codes: list[str]
    labels: list[Texts]
    rows: list[CountRow]


class PublicCountRow(TypedDict):
    """One area's place reports as published: None where a small count is hidden."""

    area: str
    area_id: int | None
    counts: list[int | None]
    total: int | None


class PublicPlaceReports(TypedDict):
    """The residents' place reports of the year per area and kind: what residents chose to
    report, not a measure of safety to compare between areas. Counts above 0 and below
    `minimum` are hidden, and so are the totals they could be read from."""

    year: int
    minimum: int
    codes: list[str]
    labels: list[Texts]
    rows: list[PublicCountRow]
    whole: PublicCountRow  # the whole municipality: each kind, and every report


class SurveyRef(TypedDict):
    slug: str
    title: Texts
    year: int


# Recorded crime (issue 28.2): Kolada's figures per year, counts of reported crime, not respondents.


class CrimePoint(TypedDict):
    year: int
    value: float | None
    change: float | None  # since the year listed before it


class CrimeTrend(TypedDict):
    """The latest figure against the one before, and the slope a year over the last five."""

    latest_year: int | None
    latest: float | None
    previous_year: int | None
    previous: float | None
    change: float | None
    change_percent: float | None
    from_year: int | None
    to_year: int | None
    slope: float | None
    slope_percent: float | None
    direction: str  # "up", "down", "flat", or "" with fewer than three figures


class CrimeSeries(TypedDict):
    kpi: str  # Kolada's id, e.g. N07403
    title: str  # Kolada's title, in Swedish
    description: str
    unit: str
    source: str
    points: list[CrimePoint]
    trend: CrimeTrend


class RecordedCrime(TypedDict):
    year: int  # figures up to this year
    series: list[CrimeSeries]


class Picture(TypedDict):
    schema: int
    municipality: str
    year: int
    survey: SurveyRef
    previous_year: int | None
    built_at: str
    min_respondents: int
    respondents: int
    weighted_respondents: int
    focus_areas: list[str]
    focus_area_ids: list[int]
    indicators: list[IndicatorData]
    problem_index: list[ProblemIndex]
    hotspots: Hotspots
    themes: Themes | None
    police_events: PoliceEvents | None
    dialogue_topics: Counted | None
    incident_categories: Counted | None
    place_reports: Counted | None  # the residents' place reports (issue 33.4)
    recorded_crime: RecordedCrime | None
    without_population: list[str]
    without_respondents: list[str]
    joined_cells: list[str]  # post-strata of weighting cells joined because they were small


# ---------------------------------------------------------------- what may be published


class PublicRow(TypedDict):
    """A figure as published: every value None where small-group protection hides it."""

    area: str
    area_id: int | None
    estimate: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n: int | None
    outside_scale: int | None
    missing: int | None
    suppressed: bool
    previous: float | None
    change: float | None
    p_value: float | None
    significant: bool | None


class PublicFocus(TypedDict):
    focus: PublicRow
    rest: PublicRow
    difference: float | None
    p_value: float | None
    significant: bool | None
    suppressed: bool


class PublicGroupRow(PublicRow):
    group: str


class PublicGroupTable(TypedDict):
    by: str
    labels: dict[str, Texts]
    rows: list[PublicGroupRow]


class PublicIndicator(TypedDict):
    code: str
    kind: str
    values: list[int] | None
    title: Texts
    counts: Texts
    rows: list[PublicRow]
    focus: PublicFocus | None
    groups: list[PublicGroupTable]
    comparison: list[NationalFigure]


class PublicProblemRow(TypedDict):
    area: str
    area_id: int | None
    index: float | None
    items: list[PublicRow]
    suppressed: bool


class PublicProblemIndex(TypedDict):
    code: str
    title: Texts
    items: list[Titled]
    rows: list[PublicProblemRow]


class PublicExample(TypedDict):
    text: str


class PublicTheme(TypedDict):
    name: str
    total: int | None
    per_area: list[AreaCount]
    examples: list[PublicExample]


class PublicThemes(TypedDict):
    respondents: int | None  # who wrote a free text, in the whole municipality
    themes: list[PublicTheme]
    hidden_areas: list[str]


class PublicPicture(TypedDict):
    schema: int
    municipality: str
    year: int
    survey: SurveyRef
    previous_year: int | None
    built_at: str
    min_respondents: int
    focus_areas: list[str]
    focus_area_ids: list[int]
    indicators: list[PublicIndicator]
    problem_index: list[PublicProblemIndex]
    hotspots: Hotspots
    themes: PublicThemes | None
    police_events: PoliceEvents | None
    dialogue_topics: Counted | None
    incident_categories: Counted | None
    place_reports: PublicPlaceReports | None
    recorded_crime: RecordedCrime | None


# ---------------------------------------------------------------- old versions


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {"area_id": None, "reason": "", "outside_scale": 0, "missing": 0, **row}


def load(data: dict[str, Any]) -> Picture:
    """Stored data in the current shape: a version adopted in an older shape gets the fields
    added since (empty or None), so every page and download reads every version the same way."""
    if data.get("schema") == SCHEMA:
        return data  # type: ignore[return-value]
    indicators = []
    for indicator in data.get("indicators", []):
        focus = indicator.get("focus")
        if focus is not None:
            focus = {**focus, "focus": _row(focus["focus"]), "rest": _row(focus["rest"])}
        rows = [{"previous_suppressed": None, **_row(row)} for row in indicator.get("rows", [])]
        indicators.append(
            {"values": None, "groups": [], "comparison": [], **indicator, "rows": rows, "focus": focus}
        )
    problems = [
        {**matrix, "rows": [{"area_id": None, **row, "items": [_row(i) for i in row["items"]]}
                            for row in matrix.get("rows", [])]}
        for matrix in data.get("problem_index", [])
    ]  # fmt: skip
    events = data.get("police_events")
    upgraded = {
        "previous_year": None,
        "built_at": "",
        "respondents": 0,
        "weighted_respondents": 0,
        "focus_areas": [],
        "focus_area_ids": [],
        "hotspots": {"minimum": 0, "squares": []},
        "themes": None,
        "dialogue_topics": None,
        "incident_categories": None,
        "place_reports": None,
        "recorded_crime": None,
        "without_population": [],
        "without_respondents": [],
        "joined_cells": [],
        **data,
        "schema": SCHEMA,
        "police_events": (
            {"areas": [], "county": None, "county_events": 0, "summaries": [], **events} if events else None
        ),
        "indicators": indicators,
        "problem_index": problems,
    }
    return cast(Picture, upgraded)
