"""Showing lägesbild figures: percent or decimals by kind, intervals, changes and bars."""

from typing import Any

from django import template
from django.utils import formats
from django.utils.dates import MONTHS_3
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from tryggve.core.languages import in_language
from tryggve.situation.domains import ALL

register = template.Library()

DASH = "–"


register.filter("in_language", in_language)


def _number(value: float | None, kind: str) -> str:
    if value is None:
        return DASH
    if kind == "share":
        return formats.number_format(value * 100, 0)
    return formats.number_format(value, 0 if kind == "count" else 1)


@register.filter
def figure(value: float | None, kind: str) -> str:
    """45 % for a share (shares are stored as fractions), 11,0 for a mean or index, 12 for a count."""
    text = _number(value, kind)
    return f"{text} %" if kind == "share" and value is not None else text


@register.filter
def interval(row: dict[str, Any], kind: str) -> str:
    low, high = row.get("ci_low"), row.get("ci_high")
    if low is None or high is None:
        return DASH
    if kind == "share":  # a share's interval cannot reach below 0 % or above 100 %
        low, high = max(low, 0.0), min(high, 1.0)
    return f"{_number(low, kind)}–{_number(high, kind)}"


@register.filter
def change(value: float | None, kind: str) -> str:
    """Signed, in percentage points for a share."""
    if value is None:
        return DASH
    text = _number(abs(value), kind)
    sign = "+" if value > 0 and text.strip("0,.") else "−" if value < 0 and text.strip("0,.") else "±"
    return f"{sign}{text}"


@register.simple_tag
def bar(row: dict[str, Any], kind: str, top: float) -> SafeString:
    """A bar with its 95 % interval, drawn on a common scale from 0 to `top`.

    Decorative (aria-hidden): the same numbers are in the table cells beside it.
    """
    estimate = row.get("estimate")
    if estimate is None or top <= 0:
        return mark_safe("")

    def x(value: float) -> float:
        return round(max(0.0, min(value / top, 1.0)) * 100, 2)

    low = x(row["ci_low"]) if row.get("ci_low") is not None else x(estimate)
    high = x(row["ci_high"]) if row.get("ci_high") is not None else x(estimate)
    return format_html(
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
        'focusable="false">'
        '<rect x="0" y="2" width="{}" height="6" class="bar-value"></rect>'
        '<line x1="{}" y1="5" x2="{}" y2="5" class="bar-interval"></line>'
        '<line x1="{}" y1="1" x2="{}" y2="9" class="bar-interval"></line>'
        '<line x1="{}" y1="1" x2="{}" y2="9" class="bar-interval"></line></svg>',
        x(estimate),
        low,
        high,
        low,
        low,
        high,
        high,
    )


@register.filter
def top_of(rows: list[dict[str, Any]], kind: str) -> float:
    """The end of a chart's scale: 100 % for shares, 6 for the index, else the largest bound."""
    if kind == "share":
        return 1.0
    if kind == "problem_index":
        return 6.0
    highs = [row.get("ci_high") or row.get("estimate") or 0.0 for row in rows]
    return max(highs, default=0.0) or 1.0


@register.filter
def index_band(value: float | None) -> str:
    """few (under 2), some (2 to under 4) or serious (4 and more) problems on the 0–6 index."""
    if value is None:
        return "none"
    return "few" if value < 2 else "some" if value < 4 else "serious"


@register.simple_tag
def month_abbreviations() -> list[str]:
    """Jan … dec in the page's language, for table headings."""
    return [str(MONTHS_3[number]).capitalize() for number in range(1, 13)]


@register.filter
def group_texts(table: dict[str, Any], group: str) -> dict[str, str]:
    """A group's name per language in a table by sex or age band (the stored label if none)."""
    return table.get("labels", {}).get(group) or {"sv": group}


@register.filter
def by_group(indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The indicators shown by group: each with its tables by sex and by age band (`parts`) and
    by area and sex (`area_sex`, None unless one of its groups may be shown)."""
    found = []
    for indicator in indicators:
        tables = {table["by"]: table for table in indicator.get("groups", [])}
        parts = [tables[by] for by in ("sex", "age_band") if by in tables]
        area_sex = tables.get("area,sex")
        if area_sex and all(row["suppressed"] for row in area_sex["rows"] if row["group"]):
            area_sex = None
        if parts or area_sex:
            found.append({"indicator": indicator, "parts": parts, "area_sex": area_sex})
    return found


@register.filter
def absolute(value: float | None) -> float | None:
    """A number without its sign, for sentences that say the direction in words."""
    return None if value is None else abs(value)


@register.filter
def whole_of(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The whole municipality's row of an indicator: what a national figure is compared with."""
    return next((row for row in rows if row.get("area") == ALL), None)
