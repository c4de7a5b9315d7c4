"""The yearly follow-up report (uppföljningsrapport) as plain data, generated from what is logged.

For a municipality and a year it gathers every measure (activity, public or internal) of the
year's promises that the parties decided (adopted, published or archived; the newest version
of each): what was planned for the year and what the log says was done (never a number typed by
hand, `progress.planned_by` and the log of every earlier version of the activity), each
indicator's movement from its baseline to its latest value up to the year (`indicators.measure`,
lägesbild figures as published), the promise's evaluation where one may be published
(`evaluation_pages.published`), and the analysts' texts. `content` is that data; deciding a
version freezes it (`decide`), so what was decided never changes with later logs.

`public` is the report's public form, built field by field from the declared publishable ones:
internal measures (activities with *del av det offentliga löftet* unticked), their notes and
indicators, and the internal commentary never leave the staff side.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext

from tryggve.core.forms import LANGUAGES
from tryggve.core.languages import current_language
from tryggve.core.models import Municipality
from tryggve.promises.models import Activity, Problem, Promise
from tryggve.situation.feedback import Feedback
from tryggve.situation.references import Figures

from . import evaluation_pages
from .indicators import measure
from .models import ActivityLog, FollowupReport, FollowupReportVersion
from .progress import ON_TRACK, Status, lineage, planned_by

# The promises a follow-up reports on: decided by the parties, newest version of each.
DECIDED = (Promise.Status.ADOPTED, Promise.Status.PUBLISHED, Promise.Status.ARCHIVED)

# What of the report may be published, field by field (`public`): nothing else leaves staff pages.
PUBLIC_REPORT = ("year", "municipality", "generated_on", "promises", "groups", "evaluations", "texts")
PUBLIC_PROMISE = ("period", "slug", "public")
PUBLIC_GROUP = ("problem", "title", "summary", "measures")
PUBLIC_MEASURE = (
    "activity", "title", "unit", "per", "planned", "done", "entries", "people_met", "status", "indicators",
    "change",
)  # fmt: skip
PUBLIC_INDICATOR = (
    "title", "source", "kind", "baseline_year", "baseline", "latest_year", "latest", "target_year", "target",
    "worse",
)  # fmt: skip
PUBLIC_EVALUATION = ("period", "message", "preliminary", "focus", "before", "after", "indicators")
PUBLIC_EVALUATED = (
    "code", "titles", "estimate", "se", "ci_low", "ci_high", "n", "suppressed", "shown", "kind",
)  # fmt: skip


def promises_of(place: Municipality, year: int) -> list[Promise]:
    """The decided promises running in `year`, the newest version of each."""
    found = (
        Promise.objects.filter(municipality=place, status__in=DECIDED, cycle__year__lte=year)
        .select_related("cycle", "municipality")
        .order_by("cycle__year", "revision")
    )
    running = [promise for promise in found if promise.last_year >= year]
    # A new version adopted while the one it replaces is still published: the new one only.
    replaced = {promise.revision_of_id for promise in running}
    return [promise for promise in running if promise.pk not in replaced]


def _texts(instance: Any, name: str) -> dict[str, str]:
    """A translated field's texts per language, the empty ones left out."""
    return {
        language.code: text
        for language in LANGUAGES
        if (text := getattr(instance, f"{name}_{language.code}", "") or "")
    }


def _unit_texts(activity: Activity) -> dict[str, str]:
    found = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found[language] = str(activity.get_unit_display())
    return found


def _done(activities: list[Activity], year: int) -> dict[int, dict[str, int]]:
    """Per activity, what its log (with its earlier versions') holds for the year: one query."""
    owner = lineage(activities)
    sums: dict[int, dict[str, int]] = {}
    for row in (
        ActivityLog.objects.filter(activity__in=list(owner), done_on__year=year)
        .values("activity")
        .annotate(done=Sum("quantity"), entries=Count("id"), people=Sum("people_met"))
        .order_by()
    ):
        total = sums.setdefault(owner[row["activity"]], {"done": 0, "entries": 0, "people": 0})
        for key in total:
            total[key] += row[key] or 0
    return sums


def _planned(activity: Activity, year: int, today: datetime.date) -> tuple[int | None, float | None]:
    """What the plan asks of the year, and of it by `today` (the year's end once it is over)."""
    quantity = activity.planned_quantity
    if quantity is None:
        return None, None
    before = planned_by(activity, quantity, datetime.date(year - 1, 12, 31))
    whole = planned_by(activity, quantity, datetime.date(year, 12, 31)) - before
    by_now = planned_by(activity, quantity, min(today, datetime.date(year, 12, 31))) - before
    return round(whole), by_now


def _status(
    done: int, planned: int | None, expected: float | None, starts: datetime.date, today: datetime.date
) -> str:
    if planned is None or expected is None:
        return Status.UNPLANNED
    if done >= planned:
        return Status.DONE
    if today < starts:
        return Status.NOT_STARTED
    return Status.ON_TRACK if done >= ON_TRACK * expected else Status.BEHIND


def _indicators(activity: Activity, year: int, published: Figures) -> list[dict[str, Any]]:
    found = []
    for indicator in activity.indicators.all():
        measured = measure(indicator, datetime.date(year, 12, 31), published)
        latest = measured.latest
        found.append(
            {
                "title": measured.title,
                "source": indicator.kind if indicator.kind == indicator.LOG else "lagesbild",
                "kind": measured.kind,
                "baseline_year": indicator.baseline_year,
                "baseline": measured.baseline,
                "latest_year": latest[0] if latest else None,
                "latest": latest[1] if latest else None,
                "target_year": indicator.target_year,
                "target": indicator.target,
                "worse": measured.worse,
            }
        )
    return found


def _measures(
    promises: list[Promise], year: int, today: datetime.date, notes: Mapping[int, str]
) -> list[dict[str, Any]]:
    activities = list(
        Activity.objects.filter(promise__in=promises)
        .select_related("promise__cycle")
        .prefetch_related("indicators__area")
        .order_by("promise__cycle__year", "order", "pk")
    )
    done = _done(activities, year)
    published = Figures(promises[0].municipality) if promises else None
    found = []
    for activity in activities:
        logged = done.get(activity.pk, {})
        planned, expected = _planned(activity, year, today)
        found.append(
            {
                "activity": activity.pk,
                "promise": activity.promise_id,
                "problem": activity.problem_id,
                "title": _texts(activity, "title"),
                "public": activity.public,
                "unit": _unit_texts(activity),
                "per": activity.per,
                "planned": planned,
                "done": logged.get("done", 0),
                "entries": logged.get("entries", 0),
                "people_met": logged.get("people", 0),
                "status": _status(logged.get("done", 0), planned, expected, activity.first_day, today),
                "indicators": _indicators(activity, year, published) if published else [],
                "change": notes.get(activity.pk, ""),
            }
        )
    return found


def _groups(measures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The measures grouped by the prioritised problem of the action plan each answers, in the
    problems' priority, with the cause analysis's summary only where the analyst made it public;
    the measures that answer no problem last (`problem` None)."""
    problems = {
        problem.pk: problem
        for problem in Problem.objects.filter(
            pk__in={item["problem"] for item in measures if item["problem"]}
        )
        .select_related("analysis")
        .order_by("plan__cycle__year", "order", "pk")
    }
    groups = []
    for pk, problem in problems.items():
        analysis = getattr(problem, "analysis", None)
        summary = _texts(analysis, "public_summary") if analysis and analysis.summary_is_public else {}
        own = [item for item in measures if item["problem"] == pk]
        groups.append({"problem": pk, "title": _texts(problem, "title"), "summary": summary, "measures": own})
    rest = [item for item in measures if item["problem"] not in problems]
    if rest:
        groups.append({"problem": None, "title": {}, "summary": {}, "measures": rest})
    return groups


def _evaluations(promises: list[Promise], year: int, today: datetime.date) -> list[dict[str, Any]]:
    """Each promise ending in `year`: its published evaluation, or why there is none yet."""
    found = []
    for promise in promises:
        if promise.last_year != year:
            continue
        done = evaluation_pages.published(promise, today)
        found.append(
            {
                "promise": promise.pk,
                "period": promise.period,
                "message": str(done.message),
                "preliminary": done.preliminary,
                "focus": done.focus,
                "before": done.before.year if done.before else None,
                "after": done.after.year if done.after else None,
                "indicators": [
                    {
                        "code": indicator.code,
                        "titles": indicator.titles,
                        "estimate": indicator.did.estimate,
                        "se": indicator.did.se,
                        "ci_low": indicator.did.ci_low,
                        "ci_high": indicator.did.ci_high,
                        "n": indicator.did.n,
                        "suppressed": indicator.did.suppressed,
                        "shown": indicator.did.shown,
                        "kind": indicator.did.kind,
                    }
                    for indicator in done.indicators
                ],
            }
        )
    return found


def content(
    place: Municipality, year: int, found: FollowupReport | None, today: datetime.date
) -> dict[str, Any]:
    """The whole report as plain data (JSON), staff parts included: generated now from the log."""
    promises = promises_of(place, year)
    notes = dict(found.notes.values_list("activity_id", "change")) if found is not None and found.pk else {}
    measures = _measures(promises, year, today, notes)
    return {
        "year": year,
        "municipality": place.official_name,
        "generated_on": today.isoformat(),
        "promises": [
            {"id": promise.pk, "period": promise.period, "slug": promise.slug, "public": promise.is_public}
            for promise in promises
        ],
        "groups": _groups(measures),
        "evaluations": _evaluations(promises, year, today),
        "texts": {name: _texts(found, name) for name in FollowupReport.TEXTS} if found is not None else {},
        "internal_note": found.internal_note if found is not None else "",
    }


def _pick(data: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {name: data[name] for name in names if name in data}


def public(data: Mapping[str, Any]) -> dict[str, Any]:
    """The report's public form, built from the publishable fields only: the public measures of
    the public promises, with their indicators and notes, and the public texts. Measures and
    evaluations belong to a promise by its id, not its period: two promises (a public one and an
    internal one) can cover the same years."""
    shown = {item.get("id") for item in data.get("promises", []) if item.get("public")} - {None}
    groups = []
    for group in data.get("groups", []):
        measures = [
            {
                **_pick(item, PUBLIC_MEASURE),
                "indicators": [_pick(each, PUBLIC_INDICATOR) for each in item.get("indicators", [])],
            }
            for item in group.get("measures", [])
            if item.get("public") is True and item.get("promise") in shown
        ]
        if measures:
            groups.append({**_pick(group, PUBLIC_GROUP), "measures": measures})
    return {
        **_pick(data, PUBLIC_REPORT),
        "promises": [_pick(item, PUBLIC_PROMISE) for item in data.get("promises", []) if item.get("public")],
        "groups": groups,
        "evaluations": [
            {
                **_pick(each, PUBLIC_EVALUATION),
                "indicators": [_pick(one, PUBLIC_EVALUATED) for one in each.get("indicators", [])],
            }
            for each in data.get("evaluations", [])
            if each.get("promise") in shown
        ],
        "texts": {name: dict(data.get("texts", {}).get(name, {})) for name in FollowupReport.TEXTS},
    }


def decide(
    found: FollowupReport, decision: FollowupReportVersion, today: datetime.date, by: User | None
) -> FollowupReportVersion:
    """Records `decision` (its body, date and reference) as the report's next version, with the
    report as it is generated now. A decision with a fault (`Decision.decision_errors`) raises
    ValidationError and stores nothing."""
    decision.check_decision(today)
    with transaction.atomic():
        FollowupReport.objects.select_for_update().filter(pk=found.pk).first()
        last = found.versions.aggregate(last=Max("number"))["last"] or 0
        decision.report = found
        decision.number = last + 1
        decision.content = content(found.municipality, found.year, found, today)
        decision.decided_by = by
        decision.save()
    return decision


def decided(place: Municipality, year: int) -> FollowupReport | None:
    """The year's report if it has been decided, for the public pages and the next lägesbild."""
    return (
        FollowupReport.objects.filter(municipality=place, year=year, versions__isnull=False)
        .select_related("municipality")
        .distinct()
        .first()
    )


def feedback(place: Municipality, year: int) -> list[Feedback]:
    """The decided follow-up reports the lägesbild of `year` is written after (that year's and
    the year before's), each with its summary as decided, for the lägesbild's staff page."""
    found: list[Feedback] = []
    language = current_language()
    for version in (
        FollowupReportVersion.objects.filter(report__municipality=place, report__year__in=[year - 1, year])
        .select_related("report")
        .order_by("-report__year", "-number")
    ):
        if any(item.link.endswith(f"/{version.report.year}/") for item in found):
            continue  # the latest version of each year
        written = version.content.get("texts", {}).get("summary", {})
        summary, summary_language = (
            (written[language], language) if written.get(language) else (written.get("sv", ""), "sv")
        )
        assert version.decision_date is not None  # noqa: S101 (a version is decided)
        title = gettext("Follow-up report %(year)s, decided %(date)s (%(body)s)") % {
            "year": version.report.year,
            "date": formats.date_format(version.decision_date, "j F Y"),
            "body": version.decision_body,
        }
        link = reverse("followup:report", args=[place.slug, version.report.year])
        found.append(Feedback(title, link, summary, summary_language))
    return found
