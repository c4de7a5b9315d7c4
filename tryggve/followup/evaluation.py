"""Did the promise help? Its focus areas against the rest of the municipality, before and after.

A difference in differences of post-stratified estimates (docs/guides/analyst.md):

    did = (after - before in the focus areas) - (after - before in the rest)

in the indicator's unit (a fraction for a share). "Before" is the survey that fed the promise
(run the year before its first year), "after" the survey of its last year, or while that has
not closed, the latest closed survey since, marked as preliminary.

Each survey is one post-stratified design (situation.domains.Sample) with focus and rest as
domains: their contrast focus - rest is estimated with its linearised standard error, their
covariance included (situation.estimators.difference), and the two surveys are independent, so

    se(did) = sqrt(se(contrast after)² + se(contrast before)²),  95 % interval did ± 1.959964·se.

The numbers equal R's survey package (tests/fixtures/make_fixtures.R). Beside them, as context
and not as proof: EST reports and the police events that have a position of their own, in the
focus areas and the rest, in the same years.

`comparison` finds what to compare (a promise, or surveys and areas given by the analyst),
`evaluate` computes it, `as_text` and `as_csv` write it for the `evaluate_promise` command;
pages can use `Evaluation` as it is.
"""

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tryggve.core.models import Area, Municipality
from tryggve.inputs import police
from tryggve.inputs.models import Incident, PoliceEvent
from tryggve.promises.models import Promise
from tryggve.situation import estimators
from tryggve.situation.builder import survey_of_year
from tryggve.situation.domains import Indicator, Sample, area_sums, report
from tryggve.situation.long_table import text
from tryggve.surveys.models import Question, Survey

FOCUS = "focus"
REST = "rest"
QUANTITIES = [
    "focus_before",
    "focus_after",
    "rest_before",
    "rest_after",
    "focus_change",
    "rest_change",
    "did",
]
COLUMNS = ["quantity", "estimate", "se", "ci_low", "ci_high", "n", "suppressed"]


class EvaluationError(Exception):
    """What to compare does not exist, or there is nobody to compare: the message says which."""


@dataclass(frozen=True)
class Comparison:
    """What is compared: two surveys of one municipality, and the focus areas (the rest is the rest)."""

    municipality: Municipality
    before: Survey
    after: Survey
    focus: list[Area]
    promise: Promise | None = None
    preliminary: bool = False  # the after survey is not the promise's last one, or is still open


@dataclass(frozen=True)
class Quantity:
    name: str
    result: estimators.Estimate
    suppressed: bool  # too few respondents to publish (SITUATION_MIN_RESPONDENTS)

    @property
    def shows_change(self) -> bool:
        """Whether the 95 % interval leaves out 0."""
        low, high = self.result.ci_low, self.result.ci_high
        return low is not None and high is not None and (low > 0 or high < 0)


@dataclass(frozen=True)
class Counts:
    """EST reports and police events in one year: in the focus areas, in the rest, without an area."""

    year: int
    reports_focus: int
    reports_rest: int
    events_focus: int
    events_rest: int
    events_without_position: int
    # The feed's summaries ("Sammanfattning natt"): one text about many events at many places,
    # pinned at the municipality's point, so never an event of an area; counted apart.
    summaries: int = 0


@dataclass(frozen=True)
class Evaluation:
    comparison: Comparison
    question: str  # code, or code.item
    values: frozenset[int] | None  # None: a mean
    quantities: dict[str, Quantity]
    context: list[Counts] = field(default_factory=list)

    @property
    def did(self) -> Quantity:
        return self.quantities["did"]

    @property
    def too_small(self) -> list[str]:
        return [name for name in QUANTITIES[:4] if self.quantities[name].suppressed]


def _closed(survey: Survey, today: date) -> bool:
    return survey.closes < today


def _survey(municipality: Municipality, slug: str) -> Survey:
    found = Survey.objects.filter(municipality=municipality, slug=slug).first()
    if found is None:
        raise EvaluationError(
            _("%(municipality)s has no survey %(slug)s.") % {"municipality": municipality.slug, "slug": slug}
        )
    return found


def _promise(promise: Promise | None, place: Municipality, year: int) -> Promise:
    if promise is None:
        raise EvaluationError(
            _("%(municipality)s has no promise starting in %(year)s (or give --before, --after and --focus).")
            % {"municipality": place.slug, "year": year}
        )
    return promise


def comparison(
    municipality: str,
    year: int,
    before: str | None = None,
    after: str | None = None,
    focus: Iterable[str] | None = None,
    today: date | None = None,
) -> Comparison:
    """The promise of `year` (its first year) in the municipality, or the surveys (slugs) and focus
    areas (slugs) given instead; with all three given no promise is needed."""
    today = today or timezone.localdate()
    place = Municipality.objects.filter(slug=municipality).first()
    if place is None:
        raise EvaluationError(_("There is no municipality %(slug)s.") % {"slug": municipality})
    promise = (
        Promise.objects.filter(municipality=place, cycle__year=year)
        .select_related("cycle")
        .order_by("-revision")
    ).first()
    focus_areas: list[Area]
    if focus:
        slugs = list(dict.fromkeys(focus))
        found = {area.slug: area for area in Area.objects.filter(municipality=place, slug__in=slugs)}
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            raise EvaluationError(
                _("%(municipality)s has no area %(slug)s.") % {"municipality": place.slug, "slug": missing[0]}
            )
        focus_areas = [found[slug] for slug in slugs]
    else:
        promise = _promise(promise, place, year)
        focus_areas = [chosen.area for chosen in promise.focus_areas.select_related("area").order_by("order")]
        if not focus_areas:
            raise EvaluationError(_("The promise has no focus areas (give --focus)."))
    preliminary = False
    if before:
        before_survey = _survey(place, before)
    else:
        promise = _promise(promise, place, year)
        fed_by = promise.cycle.survey_year
        found_before = survey_of_year(place.pk, fed_by)
        if found_before is None:
            raise EvaluationError(
                _("%(municipality)s has no survey of %(year)s, the one that fed the promise (give --before).")
                % {"municipality": place.slug, "year": fed_by}
            )
        before_survey = found_before
    if after:
        after_survey = _survey(place, after)
    else:
        promise = _promise(promise, place, year)
        last = survey_of_year(place.pk, promise.last_year)
        if last is None or not _closed(last, today):
            closed = [
                survey
                for survey in Survey.objects.filter(
                    municipality=place, year__gt=before_survey.year, year__lte=promise.last_year
                )
                if _closed(survey, today)
            ]
            if not closed:
                raise EvaluationError(
                    _(
                        "No survey has closed since the promise began, so there is no after yet "
                        "(give --after)."
                    )
                )
            latest = [survey for survey in closed if survey.year == max(s.year for s in closed)]
            most_answered = survey_of_year(place.pk, latest[0].year)
            last = most_answered if most_answered in latest else latest[0]
            preliminary = True
        after_survey = last
    if not _closed(after_survey, today):
        preliminary = True
    if after_survey.pk == before_survey.pk:
        raise EvaluationError(_("Before and after are the same survey."))
    own = before and after and focus  # the analyst's own comparison, not the promise's
    return Comparison(place, before_survey, after_survey, focus_areas, None if own else promise, preliminary)


def _question(survey: Survey, code: str) -> tuple[Question, str]:
    question_code, _dot, item = code.partition(".")
    question = survey.questions.prefetch_related("options").filter(code=question_code).first()
    if question is None or (item and not question.items.filter(code=item).exists()):
        raise EvaluationError(
            _("The survey %(survey)s has no question %(code)s.") % {"survey": survey.slug, "code": code}
        )
    return question, item


def _within(chosen: set[int], parents: Mapping[int, int | None]) -> set[int]:
    """The chosen areas and every area inside one of them (areas nest)."""
    inside = set()
    for pk in parents:
        current: int | None = pk
        seen: set[int] = set()
        while current is not None and current not in seen:
            if current in chosen:
                inside.add(pk)
                break
            seen.add(current)
            current = parents.get(current)
    return inside | chosen


def _members(sample: Sample, focus: list[Area]) -> tuple[list[int], list[int]]:
    """Area keys of the focus areas (with the areas inside them) and of the rest."""
    inside = _within({area.pk for area in focus}, {pk: area.parent_id for pk, area in sample.areas.items()})
    keys = sorted({cell[0] for cell in sample.respondents} | set(sample.areas))
    return [k for k in keys if k in inside], [k for k in keys if k not in inside]


def _survey_part(
    sample: Sample, indicator: Indicator, focus: list[Area]
) -> tuple[tuple[estimators.Estimate, bool], tuple[estimators.Estimate, bool], estimators.Estimate]:
    """Focus and rest (each with whether it is too small to publish) and their contrast."""
    inside, outside = _members(sample, focus)
    found = report(sample, indicator, by_area=False, groups={FOCUS: inside, REST: outside})
    sums = area_sums(sample, indicator).sums
    contrast = estimators.difference(
        sample.design,
        estimators.total(sums.get(k, {}) for k in inside),
        estimators.total(sums.get(k, {}) for k in outside),
    )
    focus_row, rest_row = found.row(FOCUS), found.row(REST)
    return (focus_row.result, focus_row.suppressed), (rest_row.result, rest_row.suppressed), contrast


def combine(
    focus_before: estimators.Estimate,
    rest_before: estimators.Estimate,
    contrast_before: estimators.Estimate,
    focus_after: estimators.Estimate,
    rest_after: estimators.Estimate,
    contrast_after: estimators.Estimate,
) -> dict[str, estimators.Estimate]:
    """The changes and the difference in differences: the two surveys are independent."""

    def change(before: estimators.Estimate, after: estimators.Estimate) -> estimators.Estimate:
        found = estimators.change(before, after)
        if found is None:
            return estimators.Estimate(None, None, before.n + after.n, before.reason or after.reason)
        return estimators.Estimate(found.difference, found.se, before.n + after.n)

    return {
        "focus_before": focus_before,
        "focus_after": focus_after,
        "rest_before": rest_before,
        "rest_after": rest_after,
        "focus_change": change(focus_before, focus_after),
        "rest_change": change(rest_before, rest_after),
        "did": change(contrast_before, contrast_after),
    }


def evaluate(found: Comparison, question: str, values: Iterable[int] | None) -> Evaluation:
    """The four estimates, the two changes and the difference in differences of one indicator:
    the share answering one of `values`, or the mean of the answer (values None)."""
    chosen = frozenset(values) if values is not None else None
    parts = []
    for survey in (found.before, found.after):
        asked, item = _question(survey, question)
        if chosen is not None:
            scale = {option.code for option in asked.options.all() if not option.is_special}
            wrong = sorted(chosen - scale) if scale else []
            if wrong:
                raise EvaluationError(
                    _("%(code)s has no answer %(value)s on its scale in %(survey)s.")
                    % {"code": question, "value": wrong[0], "survey": survey.slug}
                )
        parts.append(_survey_part(Sample(survey), Indicator(asked, chosen, item), found.focus))
    (focus_before, small_fb), (rest_before, small_rb), contrast_before = parts[0]
    (focus_after, small_fa), (rest_after, small_ra), contrast_after = parts[1]
    for name, result, survey in (
        (_("the focus areas"), focus_before, found.before),
        (_("the rest of the municipality"), rest_before, found.before),
        (_("the focus areas"), focus_after, found.after),
        (_("the rest of the municipality"), rest_after, found.after),
    ):
        if result.estimate is None:
            raise EvaluationError(
                _("No respondents answered %(code)s in %(group)s in %(survey)s: there is nothing to compare.")
                % {"code": question, "group": name, "survey": survey.slug}
            )
        if result.se is None:
            raise EvaluationError(
                _("Too few respondents in %(survey)s for a standard error.") % {"survey": survey.slug}
            )
    estimates = combine(focus_before, rest_before, contrast_before, focus_after, rest_after, contrast_after)
    small = {
        "focus_before": small_fb,
        "focus_after": small_fa,
        "rest_before": small_rb,
        "rest_after": small_ra,
    }
    small["focus_change"] = small_fb or small_fa
    small["rest_change"] = small_rb or small_ra
    small["did"] = any(small.values())
    quantities = {name: Quantity(name, estimates[name], small[name]) for name in QUANTITIES}
    return Evaluation(found, question, chosen, quantities, context(found))


def context(found: Comparison) -> list[Counts]:
    """EST reports and police events per year of the two surveys, in the focus areas and the rest."""
    parents = dict(Area.objects.filter(municipality=found.municipality).values_list("pk", "parent_id"))
    inside = _within({area.pk for area in found.focus}, parents)
    years = range(found.before.year, found.after.year + 1)
    counted = []
    for year in years:
        reports = dict(
            Incident.objects.filter(municipality=found.municipality, happened_at__year=year)
            .values_list("area_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        in_year = PoliceEvent.objects.filter(municipality=found.municipality, happened_at__year=year)
        events = dict(police.events_only(in_year).values_list("area_id").annotate(n=Count("id")).order_by())
        counted.append(
            Counts(
                year=year,
                reports_focus=sum(n for pk, n in reports.items() if pk in inside),
                reports_rest=sum(n for pk, n in reports.items() if pk not in inside),
                events_focus=sum(n for pk, n in events.items() if pk is not None and pk in inside),
                events_rest=sum(n for pk, n in events.items() if pk is not None and pk not in inside),
                events_without_position=events.get(None, 0),
                summaries=police.summaries_only(in_year).count(),
            )
        )
    return counted


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def _interval(result: estimators.Estimate) -> str:
    return f"{_number(result.estimate)} [{_number(result.ci_low)}, {_number(result.ci_high)}]"


def labels() -> dict[str, str]:
    """The seven quantities' names, in the active language: for the text output and the pages."""
    return {
        "focus_before": _("Focus areas, before"),
        "focus_after": _("Focus areas, after"),
        "rest_before": _("Rest, before"),
        "rest_after": _("Rest, after"),
        "focus_change": _("Change in the focus areas"),
        "rest_change": _("Change in the rest"),
        "did": _("Difference in differences"),
    }


def as_text(found: Evaluation) -> str:
    """The evaluation for a reader: the four estimates, the two changes, what can be said, the
    context, and last the line `did: ESTIMATE [LOW, HIGH]` (dot decimals)."""
    compared = found.comparison
    lines = []
    if compared.promise is not None:
        lines.append(str(compared.promise))
    lines.append(
        _("Focus areas: %(areas)s, against the rest of the municipality.")
        % {"areas": ", ".join(area.name for area in compared.focus)}
    )
    if found.values is None:
        lines.append(_("Indicator: the mean of %(code)s.") % {"code": found.question})
    else:
        lines.append(
            _("Indicator: the share answering %(values)s to %(code)s.")
            % {"values": ", ".join(str(v) for v in sorted(found.values)), "code": found.question}
        )
    lines.append(
        _("Before: %(before)s (%(before_year)s). After: %(after)s (%(after_year)s).")
        % {
            "before": compared.before.slug,
            "before_year": compared.before.year,
            "after": compared.after.slug,
            "after_year": compared.after.year,
        }
    )
    if compared.preliminary:
        lines.append(_("Preliminary: the after survey is not the promise's last one, or it has not closed."))
    named = labels()
    lines.append("")
    for name, label in named.items():
        if name == "did":
            continue  # the last line, below
        quantity = found.quantities[name]
        marks = _(" (too few to publish)") if quantity.suppressed else ""
        lines.append(f"{label}: {_interval(quantity.result)}, n = {quantity.result.n}{marks}")
    lines.append("")
    minimum = settings.SITUATION_MIN_RESPONDENTS
    for name in found.too_small:
        lines.append(
            _(
                "%(group)s: too small a group to publish (fewer than %(minimum)s respondents, "
                "or it would reveal one)."
            )
            % {"group": named[name], "minimum": minimum}
        )
    if found.did.shows_change:
        lines.append(
            _(
                "Compared with the rest, the focus areas changed by %(did)s (after minus before there, "
                "minus the same in the rest); the 95 per cent interval does not contain 0."
            )
            % {"did": _number(found.did.result.estimate)}
        )
    else:
        lines.append(
            _(
                "No change can be shown: the 95 per cent interval contains 0, so the focus areas may have "
                "changed as much as the rest."
            )
        )
    lines.append("")
    lines.append(_("Context, not proof (EST reports and police events, focus areas / rest):"))
    for counts in found.context:
        lines.append(
            _(
                "%(year)s: EST reports %(reports_focus)s / %(reports_rest)s; "
                "police events %(events_focus)s / %(events_rest)s"
            )
            % asdict(counts)
        )
    if not any(counts.events_focus or counts.events_rest for counts in found.context):
        lines.append(
            _("No police event in these years has a position of its own, so none can be placed in an area.")
        )
    without = sum(counts.events_without_position for counts in found.context)
    if without:
        lines.append(
            ngettext(
                "%(count)s police event without a position of its own is left out.",
                "%(count)s police events without a position of their own are left out.",
                without,
            )
            % {"count": without}
        )
    summaries = sum(counts.summaries for counts in found.context)
    if summaries:
        lines.append(
            ngettext(
                "%(count)s summary of the police feed (many events at one point) is counted apart, "
                "not as an event.",
                "%(count)s summaries of the police feed (many events at one point) are counted apart, "
                "not as events.",
                summaries,
            )
            % {"count": summaries}
        )
    lines.append(f"did: {_interval(found.did.result)}")
    return "\n".join(lines) + "\n"


def as_csv(found: Evaluation) -> str:
    """quantity,estimate,se,ci_low,ci_high,n,suppressed: full precision, dot decimals."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for name in QUANTITIES:
        quantity = found.quantities[name]
        result = quantity.result
        writer.writerow(
            [name]
            + [text(value) for value in (result.estimate, result.se, result.ci_low, result.ci_high, result.n)]
            + [text(quantity.suppressed)]
        )
    return out.getvalue()
