"""Builds the lägesbild of one survey as plain data: what the pages show and an adopted version freezes.

For every indicator (indicators_for): the estimate per area and for the whole municipality with
its 95 % interval, n, answers outside the scale and missing answers, the change since the
previous year's survey with its test, and the chosen focus areas against the rest of the
municipality. For every matrix question on a problem scale: the 0–6 problem index per area.

The result is JSON-ready, in the declared shape of shape.Picture (build); what of it may be
published is built from the publishable fields by publication.public.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from tryggve.core.areas import area_at, nearest_landmark, nearest_place
from tryggve.core.counties import county_of
from tryggve.core.languages import SITE_LANGUAGES, texts
from tryggve.core.models import Area, Landmark, Municipality
from tryggve.inputs import kolada, police, summaries
from tryggve.inputs.models import PoliceEvent
from tryggve.surveys.models import Option, Question, Survey

from . import estimators, national, publication, running_sums, shape, themes
from .domains import ALL, Indicator, Report, Row, Sample, report, report_by
from .models import CellCount, PlaceCount, Situation

FOCUS = "focus"
REST = "rest"
INDEX_TOP = 6.0  # the police's problem index runs from 0 (almost no problems) to 6 (alarming)
# The groups the main indicators (the shares of the scale questions) are shown by, beside areas.
GROUPS = ("sex", "age_band", "area,sex")


@dataclass(frozen=True)
class Spec:
    """One indicator of the picture and how to describe it."""

    code: str  # question code, or question.item
    indicator: Indicator
    title: dict[str, str]  # per language
    counts: dict[str, str]  # which answers count, per language ("" for a mean)


def problem_scores(options: list[Option]) -> dict[int, float]:
    """0 for the first step of the scale, 6 for the last, evenly between (see docs/formats.md)."""
    steps = len(options) - 1
    return {option.code: INDEX_TOP * place / steps for place, option in enumerate(options)}


def _or(options: list[Option], language: str) -> str:
    labels = [texts(option, "label")[language] for option in options]
    word = " eller " if language == "sv" else " or "
    return ", ".join(labels[:-1]) + word + labels[-1] if len(labels) > 1 else "".join(labels)


def questions_of(survey: Survey) -> dict[str, Question]:
    found = survey.questions.select_related("page").prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("order", "code")), "items"
    )
    return {question.code: question for question in found}


def indicators_for(questions: dict[str, Question]) -> list[Spec]:
    """Every scale question and matrix item as the share answering the question's counted answers
    (Question.counted_options: those marked, or the steps above the middle of the scale), and
    every number question as its mean. Background (weighting) questions are left out."""
    specs = []
    for question in sorted(questions.values(), key=lambda q: (q.page.number, q.order, q.pk)):
        if question.weighting:
            continue
        title = texts(question, "text")
        if question.kind == Question.Kind.NUMBER:
            specs.append(
                Spec(question.code, Indicator(question, None), title, dict.fromkeys(SITE_LANGUAGES, ""))
            )
            continue
        if question.kind not in (Question.Kind.SCALE, Question.Kind.MATRIX):
            continue
        scale = question.scale()
        if len(scale) < 2:
            continue
        counted = question.counted_options()
        values = frozenset(option.code for option in counted)
        counts = {language: _or(counted, language) for language in SITE_LANGUAGES}
        if question.kind == Question.Kind.SCALE:
            specs.append(Spec(question.code, Indicator(question, values), title, counts))
        for item in question.items.all() if question.kind == Question.Kind.MATRIX else []:
            specs.append(
                Spec(
                    f"{question.code}.{item.code}",
                    Indicator(question, values, item.code),
                    texts(item, "label"),
                    counts,
                )
            )
    return specs


def _most_answered(surveys: Any) -> Survey | None:
    found = list(surveys)
    counted = dict(
        CellCount.objects.filter(survey__in=found).values_list("survey").annotate(n=Sum("respondents"))
    )
    return max(found, key=lambda s: (counted.get(s.pk, 0), -s.pk), default=None)


def survey_of_year(municipality_id: int, year: int) -> Survey | None:
    """The survey a year's lägesbild is built from: the one with the most respondents."""
    return _most_answered(Survey.objects.filter(municipality_id=municipality_id, year=year))


def previous_survey(survey: Survey) -> Survey | None:
    return survey_of_year(survey.municipality_id, survey.year - 1)


def _row(row: Row) -> dict[str, Any]:
    result = row.result
    return {
        "area": row.domain,
        "area_id": row.area_id,
        "estimate": result.estimate,
        "se": result.se,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "n": result.n,
        "outside_scale": row.outside_scale,
        "missing": row.missing,
        "reason": result.reason,
        "suppressed": row.suppressed,
    }


def _tested(found: estimators.Change | None, difference: str) -> dict[str, Any]:
    """A difference and its test, as stored in a picture (all None when there is none)."""
    return {
        difference: found.difference if found else None,
        "p_value": found.p_value if found else None,
        "significant": found.significant if found else None,
    }


def _with_change(now: dict[str, Any], before: Row | None, current: Row) -> dict[str, Any]:
    found = estimators.change(before.result, current.result) if before is not None else None
    now["previous"] = before.result.estimate if before is not None else None
    now["previous_suppressed"] = before.suppressed if before is not None else None
    return {**now, **_tested(found, "change")}


def _rows(current: Report, before: Report | None) -> list[dict[str, Any]]:
    earlier = {row.domain: row for row in before.rows} if before is not None else {}
    return [
        _with_change(_row(row), earlier.get(row.domain), row)
        for row in current.rows
        if row.domain not in (FOCUS, REST)
    ]


Published = dict[str, tuple[list[int] | None, dict[str, shape.PublicRow]]]


def _published(municipality_id: int, year: int) -> Published | None:
    """The counted answers and rows of a year's newest readable adopted lägesbild, as published,
    per indicator (and area): the change since an adopted year is computed from what was
    published for it, so that later answers to that year's survey are never published through
    the next year's change."""
    adopted = Situation.objects.readable().filter(municipality_id=municipality_id, year=year)
    situation = adopted.order_by("-version").first()
    if situation is None:
        return None
    data = publication.public(situation.data)
    return {i["code"]: (i["values"], {row["area"]: row for row in i["rows"]}) for i in data["indicators"]}


def _rows_beside(current: Report, before: dict[str, shape.PublicRow]) -> list[dict[str, Any]]:
    rows = []
    for row in current.rows:
        if row.domain in (FOCUS, REST):
            continue
        now = _row(row)
        then = before.get(row.domain)
        shown = then is not None and not then["suppressed"] and then["estimate"] is not None
        earlier = (
            estimators.Estimate(then["estimate"], then["se"], then["n"] or 0) if then and shown else None
        )
        found = estimators.change(earlier, row.result) if earlier is not None else None
        now["previous"] = then["estimate"] if then and shown else None
        now["previous_suppressed"] = None if then is None else not shown
        rows.append({**now, **_tested(found, "change")})
    return rows


def group_labels(questions: dict[str, Question]) -> dict[str, dict[str, dict[str, str]]]:
    """Each sex and age band as stored (the population file's label) with its text per language."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for question in questions.values():
        if question.weighting in ("sex", "age_band"):
            found[question.weighting] = {
                option.population_label: texts(option, "label")
                for option in question.options.all()
                if option.population_label
            }
    return found


def _groups(sample: Sample, spec: Spec, labels: dict[str, dict[str, dict[str, str]]]) -> list[dict[str, Any]]:
    """A main indicator by sex, by age band and by area and sex (see domains.report_by)."""
    if spec.indicator.question.kind != Question.Kind.SCALE:
        return []
    tables = []
    for by in GROUPS:
        rows = [{**_row(row), "group": row.group} for row in report_by(sample, spec.indicator, by).rows]
        if any(row["group"] for row in rows):
            named = labels.get(by.split(",")[-1], {})
            tables.append(
                {
                    "by": by,
                    "labels": {row["group"]: named.get(row["group"]) or {} for row in rows if row["group"]},
                    "rows": rows,
                }
            )
    return tables


def _focus(current: Report) -> dict[str, Any] | None:
    names = {row.domain for row in current.rows}
    if FOCUS not in names or REST not in names:
        return None
    focus, rest = current.row(FOCUS), current.row(REST)
    return {
        "focus": _row(focus),
        "rest": _row(rest),
        **_tested(estimators.change(rest.result, focus.result), "difference"),
        "suppressed": focus.suppressed or rest.suppressed,
    }


def build(survey: Survey, focus: list[int] | None = None) -> shape.Picture:
    """The whole lägesbild of a survey, with the chosen focus areas (area ids) against the rest."""
    sample = Sample(survey)
    questions = questions_of(survey)
    before_survey = previous_survey(survey)
    before_sample = Sample(before_survey) if before_survey else None
    before_questions = questions_of(before_survey) if before_survey else {}
    chosen = sorted(set(focus or []) & set(sample.areas))
    # The rest is everyone else, those who named no area too, so focus and rest add up to the whole.
    everyone = set(sample.areas) | set(sample.per_area)
    groups = {FOCUS: chosen, REST: sorted(k for k in everyone if k not in chosen)} if chosen else None

    def earlier(indicator: Indicator) -> Report | None:
        question = before_questions.get(indicator.question.code)
        if before_sample is None or question is None:
            return None
        return report(
            before_sample,
            Indicator(question, indicator.values, indicator.item, indicator.scores),
            groups=groups,
        )

    published_before = _published(survey.municipality_id, before_survey.year) if before_survey else None
    labels = group_labels(questions)
    # National and county figures (e.g. Brå's NTU) up to the survey's year (issue 28.3).
    compared = national.figures_for(survey.municipality, survey.year)
    indicators = []
    for spec in indicators_for(questions):
        current = report(sample, spec.indicator, groups=groups)
        values = sorted(spec.indicator.values) if spec.indicator.values is not None else None
        if published_before is None:
            rows = _rows(current, earlier(spec.indicator))
        else:
            # A year that counted other answers has nothing to compare with.
            then_values, then_rows = published_before.get(spec.code, (None, {}))
            rows = _rows_beside(current, then_rows if then_values == values else {})
        indicators.append(
            {
                "code": spec.code,
                "kind": "share" if spec.indicator.values is not None else "mean",
                "values": values,
                "title": spec.title,
                "counts": spec.counts,
                "rows": rows,
                "focus": _focus(current),
                "groups": _groups(sample, spec, labels),
                "comparison": compared.get(spec.code, []),
            }
        )
    found = {
        "schema": shape.SCHEMA,
        "municipality": survey.municipality.slug,
        "year": survey.year,
        "survey": {"slug": survey.slug, "title": texts(survey, "title"), "year": survey.year},
        "previous_year": before_survey.year if before_survey else None,
        "built_at": timezone.localtime().isoformat(timespec="seconds"),
        "min_respondents": settings.SITUATION_MIN_RESPONDENTS,
        "respondents": sum(sample.respondents.values()),
        "weighted_respondents": sample.design.size,
        "focus_areas": [sample.areas[k].name for k in chosen],
        "focus_area_ids": chosen,
        "indicators": indicators,
        "problem_index": [
            _problem_index(sample, question, groups) for question in _problem_matrices(questions)
        ],
        "hotspots": hotspots(sample),
        "themes": _themes(sample),
        "police_events": police_events(survey.municipality, survey.year),
        # Citizen dialogues only: staff dialogues (medarbetardialog) stay internal.
        "dialogue_topics": summaries.topic_counts(survey.municipality, survey.year),
        "incident_categories": summaries.category_counts(survey.municipality, survey.year),
        # The residents' place reports of the year, their own input: reports, not a measure.
        "place_reports": summaries.place_report_counts(survey.municipality, survey.year),
        # Reported crime from Kolada, per year up to the survey's (issue 28.2).
        "recorded_crime": kolada.recorded_crime(survey.municipality, survey.year),
        "without_population": sorted(sample.cell_name(c) for c in sample.design.without_population),
        "without_respondents": sorted(sample.cell_name(c) for c in sample.design.without_respondents),
        "joined_cells": sample.joined,
    }
    return cast(shape.Picture, found)


def hotspots(sample: Sample) -> dict[str, Any]:
    """Grid squares where at least SITUATION_MIN_PLACES places were marked, most marks first.

    Only squares are kept, never points, and squares with fewer marks are left out entirely, so
    no single resident's mark can be located.
    """
    minimum = settings.SITUATION_MIN_PLACES
    found = PlaceCount.objects.filter(survey=sample.survey, count__gte=minimum).order_by(
        "-count", "row", "column"
    )
    areas = list(sample.areas.values())
    landmarks = list(Landmark.objects.filter(municipality=sample.survey.municipality))
    squares = []
    for place in found:
        south, west = place.row * running_sums.GRID_LATITUDE, place.column * running_sums.GRID_LONGITUDE
        north, east = south + running_sums.GRID_LATITUDE, west + running_sums.GRID_LONGITUDE
        area = area_at(areas, (south + north) / 2, (west + east) / 2)
        middle = ((south + north) / 2, (west + east) / 2)
        # Named from the square's middle only, so the words say nothing the square does not.
        landmark = nearest_landmark(landmarks, *middle)
        near = None if landmark else nearest_place(areas, *middle)
        squares.append(
            {
                "south": round(south, 6),
                "west": round(west, 6),
                "north": round(north, 6),
                "east": round(east, 6),
                "count": place.count,
                "area": area.name if area else "",
                **({"landmark": landmark[0], "landmark_metres": landmark[1]} if landmark else {}),
                **({"near": near[0], "near_metres": near[1]} if near else {}),
            }
        )
    return {"minimum": minimum, "squares": squares}


def _per_type_and_month(found: Any) -> list[dict[str, Any]]:
    per_type: dict[str, list[int]] = {}
    for kind, month, count in (
        found.annotate(month=ExtractMonth("happened_at"))
        .values_list("kind", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        per_type.setdefault(kind, [0] * 12)[month - 1] += count
    return [
        {"kind": kind, "months": months, "total": sum(months)}
        for kind, months in sorted(per_type.items(), key=lambda pair: (-sum(pair[1]), pair[0]))
    ]


def police_events(municipality: Municipality, year: int) -> dict[str, Any]:
    """The police's open events of the year: per type and month, and how many were county-wide.

    The feed's summaries ("Sammanfattning natt", …: one text about many events at many places)
    are counted apart, in `summaries`, never among the types or the areas (see inputs.police)."""
    everything = PoliceEvent.objects.filter(municipality=municipality, happened_at__year=year)
    found = police.events_only(everything)
    county = county_of(municipality.code)
    in_county = (
        police.events_only(PoliceEvent.objects.filter(county=county, happened_at__year=year)).count()
        if county
        else 0
    )
    # Only events placed at a position of their own have an area (see inputs.police).
    areas: dict[int, dict[str, Any]] = {}
    for area_id, name, kind, count in (
        found.filter(area__isnull=False)
        .values_list("area_id", "area__name", "kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        areas.setdefault(area_id, {"area_id": area_id, "area": name, "types": {}})["types"][kind] = count
    return {
        "areas": sorted(areas.values(), key=lambda row: row["area"]),
        "year": year,
        "types": _per_type_and_month(found),
        "summaries": _per_type_and_month(police.summaries_only(everything)),
        "county": county,
        "county_events": in_county,
    }


def _themes(sample: Sample) -> dict[str, Any]:
    """Theme counts per area; areas too small to publish are named in `hidden_areas`."""
    residential = {k: area for k, area in sample.areas.items() if area.kind != Area.Kind.MUNICIPALITY}
    found = themes.count(sample.survey, {k: area.name for k, area in residential.items()})
    respondents = {area.name: sample.per_area[k] for k, area in residential.items()}
    hidden = estimators.suppressed(respondents, settings.SITUATION_MIN_RESPONDENTS)
    return {**found, "hidden_areas": sorted(hidden)}


def map_data(data: Mapping[str, Any], language: str) -> dict[str, Any]:
    """What the map script needs: each share's value per area id, and the hotspot squares."""
    shares = [
        {
            "code": indicator["code"],
            "title": indicator["title"][language],
            "values": {
                str(row["area_id"]): row["estimate"]
                for row in indicator["rows"]
                if row["area_id"] is not None
            },
        }
        for indicator in data["indicators"]
        if indicator["kind"] == "share"
    ]
    return {"shares": shares, "hotspots": data.get("hotspots", {}).get("squares", [])}


def _problem_matrices(questions: dict[str, Question]) -> list[Question]:
    return [q for q in questions.values() if q.kind == Question.Kind.MATRIX and len(q.scale()) >= 2]


def _problem_index(sample: Sample, question: Question, groups: dict[str, list[int]] | None) -> dict[str, Any]:
    """Per area: each item's mean score on 0–6 with its interval, and their plain average."""
    scores = problem_scores(question.scale())
    items = list(question.items.all())
    reports = [report(sample, Indicator(question, None, item.code, scores), groups=groups) for item in items]
    rows = []
    for position, first in enumerate(reports[0].rows if reports else []):
        per_item = [found.rows[position] for found in reports]
        estimates = [row.result.estimate for row in per_item if row.result.estimate is not None]
        rows.append(
            {
                "area": first.domain,
                "area_id": first.area_id,
                "index": sum(estimates) / len(estimates) if estimates else None,
                "items": [_row(row) for row in per_item],
                "suppressed": any(row.suppressed for row in per_item),
            }
        )
    return {
        "code": question.code,
        "title": texts(question, "text"),
        "items": [{"code": item.code, "title": texts(item, "label")} for item in items],
        "rows": rows,
    }


# The public form of a picture is built by publication.public, the one home of publication rules.
public = publication.public


def area_story(data: Mapping[str, Any], area_id: int, name: str) -> dict[str, Any]:
    """Everything a lägesbild says about one area, each figure beside the whole municipality's:
    survey indicators, problem index, themes, hotspots, incident reports, place reports and
    dialogue topics."""

    def mine(row: dict[str, Any]) -> bool:
        return row.get("area_id") == area_id if "area_id" in row else row.get("area") == name

    def pair(rows: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        return next((r for r in rows if mine(r)), None), next((r for r in rows if r["area"] == ALL), None)

    indicators = []
    for indicator in data["indicators"]:
        row, whole = pair(indicator["rows"])
        if row is not None:
            indicators.append({**indicator, "row": row, "whole": whole})
    problems = []
    for matrix in data["problem_index"]:
        row, whole = pair(matrix["rows"])
        if row is not None and whole is not None:
            items = [
                {"title": item["title"], "row": found, "whole": overall}
                for item, found, overall in zip(matrix["items"], row["items"], whole["items"], strict=True)
            ]
            problems.append({"title": matrix["title"], "row": row, "whole": whole, "items": items})
    themes = [
        {"name": theme["name"], "n": part["n"], "total": theme["total"]}
        for theme in (data.get("themes") or {}).get("themes", [])
        for part in theme["per_area"]
        if part["area"] == name and part["n"]
    ]
    counts = {}
    for key in ("incident_categories", "dialogue_topics", "place_reports"):
        counted = data.get(key) or {"rows": [], "labels": []}
        row = next((r for r in counted["rows"] if mine(r)), None)
        counts[key] = (  # a place report count hidden as small (None) is named as such
            [(label, n) for label, n in zip(counted["labels"], row["counts"], strict=True) if n or n is None]
            if row
            else []
        )
    police = next((row for row in (data.get("police_events") or {}).get("areas", []) if mine(row)), None)
    return {
        "police_events": sorted(police["types"].items(), key=lambda pair: -pair[1]) if police else [],
        "indicators": indicators,
        "problem_index": problems,
        "themes": sorted(themes, key=lambda theme: -theme["n"]),
        "hotspots": [
            square for square in data.get("hotspots", {}).get("squares", []) if square["area"] == name
        ],
        **counts,
    }
