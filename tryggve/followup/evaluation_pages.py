"""Did the promise help, on pages: the analysts' *Utvärdering* and what residents and the API see.

The numbers are `evaluation.evaluate`'s. The staff page shows any comparison an analyst asks
for (indicator, surveys, focus areas), small groups included but marked. What is published
(`published`) is one fixed comparison: the promise's own focus areas, the survey that fed it
and the survey of its last year (or, while that has not closed, the latest closed one since,
marked preliminary), both closed and with a readable adopted lägesbild, on the lägesbild's headline
indicator (HEADLINE, counted as the lägesbild counts it: the question's counted answers) and every
other survey indicator the promise's public activities declare. A figure is published only
when the lägesbild's small-group rule lets it (publication.shown on estimates.report's
suppression, which weighs the focus areas and the rest beside every area and the whole): a
change only when both its ends are, the difference in differences only when all four are.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, cast

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tryggve.core.languages import page_language
from tryggve.promises.models import Promise
from tryggve.situation import builder, publication
from tryggve.situation.models import Situation
from tryggve.situation.shape import Row as FigureRow
from tryggve.surveys.models import Survey

from . import evaluation
from .evaluation import Evaluation, EvaluationError, Quantity

# The lägesbild's headline question (Brå's NTU question): unsafe out alone late in the evening.
HEADLINE = "unsafe_alone_evening"
GROUPS = ["focus_before", "focus_after", "rest_before", "rest_after"]


@dataclass(frozen=True)
class Choice:
    """An indicator an analyst can pick: a question (or matrix item) of a survey."""

    code: str
    title: dict[str, str]
    values: list[int] | None  # the lägesbild's counted answers; None for a number question
    counts: dict[str, str]  # which answers those are, per language


def choices(survey: Survey) -> list[Choice]:
    """The survey's indicators as the lägesbild defines them."""
    return [
        Choice(
            spec.code,
            spec.title,
            sorted(spec.indicator.values) if spec.indicator.values is not None else None,
            spec.counts,
        )
        for spec in builder.indicators_for(builder.questions_of(survey))
    ]


def _number(value: float | None, kind: str, signed: bool = False) -> str:
    if value is None:
        return "–"
    shown = value * 100 if kind == "share" else value
    text = formats.number_format(abs(shown) if signed else shown, 1 if kind == "share" else 2)
    if signed:
        text = ("+" if value > 0 else "−" if value < 0 else "±") + text
    elif shown < 0:
        text = "−" + text.lstrip("-")
    return text


def _unit(kind: str, change: bool) -> str:
    if kind != "share":
        return ""
    return " " + (_("percentage points") if change else "%")


@dataclass
class Row:
    """One of the seven quantities, ready to show."""

    name: str
    label: str
    estimate: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n: int | None
    suppressed: bool
    shown: bool  # False: hidden on the public side
    is_change: bool
    kind: str
    estimate_text: str = ""
    interval_text: str = ""
    contains_zero: bool = False

    def __post_init__(self) -> None:
        signed = self.is_change
        self.estimate_text = _number(self.estimate, self.kind, signed) + _unit(self.kind, signed)
        self.interval_text = (
            f"{_number(self.ci_low, self.kind, signed)} – {_number(self.ci_high, self.kind, signed)}"
            + _unit(self.kind, signed)
            if self.ci_low is not None and self.ci_high is not None
            else "–"
        )
        self.contains_zero = (
            self.ci_low is not None and self.ci_high is not None and self.ci_low <= 0 <= self.ci_high
        )


def _visible(quantities: dict[str, Quantity]) -> dict[str, bool]:
    """Which quantities the small-group rule lets out (the lägesbild's rule, one home)."""
    least = publication.minimum({})
    shown = {
        name: publication.shown(
            cast(FigureRow, {"suppressed": quantities[name].suppressed, "n": quantities[name].result.n}),
            least,
        )
        for name in GROUPS
    }
    shown["focus_change"] = shown["focus_before"] and shown["focus_after"]
    shown["rest_change"] = shown["rest_before"] and shown["rest_after"]
    shown["did"] = all(shown[name] for name in GROUPS)
    return shown


def rows(found: Evaluation, public: bool) -> list[Row]:
    """The seven quantities; on the public side a hidden one carries no figure at all."""
    kind = "mean" if found.values is None else "share"
    visible = _visible(found.quantities)
    named = evaluation.labels()
    made = []
    for name in evaluation.QUANTITIES:
        quantity = found.quantities[name]
        result = quantity.result
        out = public and not visible[name]
        made.append(
            Row(
                name=name,
                label=named[name],
                estimate=None if out else result.estimate,
                se=None if out else result.se,
                ci_low=None if out else result.ci_low,
                ci_high=None if out else result.ci_high,
                n=None if out else result.n,
                suppressed=not visible[name],
                shown=not out,
                is_change=name not in GROUPS,
                kind=kind,
            )
        )
    return made


# ---------------------------------------------------------------- the chart

WIDTH, LEFT, RIGHT, ROW, TOP = 320, 118, 12, 30, 26


def chart(table: list[Row]) -> dict[str, Any] | None:
    """The four estimates with their 95 % intervals, before and after, for focus and rest: the
    geometry of a server-drawn SVG (the table beside it holds the same numbers)."""
    drawn = [row for row in table if row.name in GROUPS and row.shown and row.estimate is not None]
    if not drawn:
        return None
    kind = drawn[0].kind
    lows = [row.ci_low if row.ci_low is not None else row.estimate for row in drawn]
    highs = [row.ci_high if row.ci_high is not None else row.estimate for row in drawn]
    if kind == "share":
        low, high = 0.0, min(1.0, max(0.1, max(h for h in highs if h is not None) * 1.1))
    else:
        low = min(0.0, min(v for v in lows if v is not None))
        high = max(v for v in highs if v is not None) or 1.0
    span = (high - low) or 1.0
    inner = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return round(LEFT + max(0.0, min((value - low) / span, 1.0)) * inner, 1)

    marks = []
    for place, row in enumerate(drawn):
        estimate = row.estimate if row.estimate is not None else 0.0
        y = TOP + place * ROW + ROW / 2
        marks.append(
            {
                "label": row.label,
                "y": y,
                "text_y": y + 4,
                "x": x(estimate),
                "x_low": x(row.ci_low if row.ci_low is not None else estimate),
                "x_high": x(row.ci_high if row.ci_high is not None else estimate),
                "focus": row.name.startswith("focus"),
                "after": row.name.endswith("after"),
                "value": row.estimate_text,
            }
        )
    height = TOP + len(drawn) * ROW + 20
    ticks = [
        {
            "x": x(low + span * step / 4),
            "text": _number(low + span * step / 4, kind) + ("%" if kind == "share" else ""),
        }
        for step in range(5)
    ]
    return {
        "width": WIDTH,
        "height": height,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": height - 16,
        "tick_text_y": height - 4,
        "marks": marks,
        "ticks": ticks,
        "top": TOP - 8,
    }


# ---------------------------------------------------------------- what is published


@dataclass
class PublishedIndicator:
    code: str
    title: str
    counts: str
    # The same per language, for pages that mark a Swedish fallback (core.templatetags.languages).
    titles: dict[str, str]
    counts_texts: dict[str, str]
    kind: str
    values: list[int] | None
    rows: list[Row]
    chart: dict[str, Any] | None
    did: Row
    evaluation: Evaluation


@dataclass
class Published:
    """The public evaluation of a promise, or why there is none yet (`message`)."""

    message: str = ""
    reason: str = ""  # a code for the API: survey_open, not_adopted, not_evaluable
    preliminary: bool = False
    before: Survey | None = None
    after: Survey | None = None
    focus: list[str] = field(default_factory=list)
    indicators: list[PublishedIndicator] = field(default_factory=list)
    context: list[evaluation.Counts] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return bool(self.indicators)


def _adopted(survey: Survey) -> bool:
    """Whether a readable adopted lägesbild (public, not withdrawn) is built from the survey."""
    return (
        Situation.objects.readable()
        .filter(municipality_id=survey.municipality_id, year=survey.year, survey=survey)
        .exists()
    )


def published_codes(promise: Promise, offered: dict[str, Choice]) -> list[str]:
    """The headline question, then the survey indicators the promise's public activities declare."""
    codes = [HEADLINE] if HEADLINE in offered else []
    for activity in promise.activities.filter(public=True).prefetch_related("indicators"):
        for indicator in activity.indicators.all():
            if indicator.kind == "survey" and indicator.code in offered and indicator.code not in codes:
                codes.append(indicator.code)
    return codes


def published(promise: Promise, today: date | None = None) -> Published:
    """What of the promise's evaluation may be published today (see the module's note)."""
    today = today or timezone.localdate()
    waiting = _("The evaluation is shown when the survey of the promise's last year has closed.")
    try:
        found = evaluation.comparison(promise.municipality.slug, promise.cycle.year, today=today)
    except EvaluationError:
        return Published(message=waiting, reason="survey_open")
    own = [chosen.area for chosen in promise.focus_areas.select_related("area").order_by("order")]
    if not own:
        return Published(
            message=_("The surveys cannot be compared for this promise, so there is no evaluation."),
            reason="not_evaluable",
        )
    # Always this version's own focus areas (a newer draft of the same year may differ).
    found = replace(found, focus=own, promise=promise)
    if not (
        publication.window_closed(found.before.closes, today)
        and publication.window_closed(found.after.closes, today)
    ):
        return Published(message=waiting, reason="survey_open")
    if not (_adopted(found.before) and _adopted(found.after)):
        return Published(
            message=_("The evaluation is shown when the lägesbild of both survey years has been adopted."),
            reason="not_adopted",
        )
    offered = {choice.code: choice for choice in choices(found.after)}
    language = page_language()
    result = Published(
        preliminary=found.preliminary,
        before=found.before,
        after=found.after,
        focus=[area.name for area in found.focus],
    )
    for code in published_codes(promise, offered):
        choice = offered[code]
        try:
            done = evaluation.evaluate(found, code, choice.values)
        except EvaluationError:
            continue
        table = rows(done, public=True)
        result.indicators.append(
            PublishedIndicator(
                code=code,
                title=choice.title.get(language) or choice.title["sv"],
                counts=choice.counts.get(language) or choice.counts["sv"],
                titles=choice.title,
                counts_texts=choice.counts,
                kind="mean" if choice.values is None else "share",
                values=choice.values,
                rows=table,
                chart=chart(table),
                did=table[-1],
                evaluation=done,
            )
        )
        result.context = done.context
    if not result.indicators:
        result.message = _("The surveys cannot be compared for this promise, so there is no evaluation.")
        result.reason = "not_evaluable"
    return result
