"""Indicators of one survey, per area and for the whole municipality, from the running sums.

An indicator is the share of respondents whose answer to a question (or matrix item) is one
of some values, or the mean of a numeric answer. Answers outside the scale ("don't know",
"I never go out") and missing answers are left out of its base and counted separately.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from tryggve.core.models import Area, Population
from tryggve.surveys.models import Question, Survey

from . import stats
from .models import CellCount, Tally
from .tally import Cell

ALL = "ALL"


@dataclass(frozen=True)
class Indicator:
    question: Question
    values: frozenset[int] | None  # None: the mean of the answer
    item: str = ""

    def y(self, value: int) -> float:
        return float(value) if self.values is None else float(value in self.values)


@dataclass(frozen=True)
class Row:
    domain: str
    result: stats.Estimate
    outside_scale: int  # answers such as "don't know", left out of the base
    missing: int  # respondents who did not answer
    suppressed: bool


@dataclass(frozen=True)
class Report:
    rows: list[Row]
    design: stats.Design
    areas: dict[int, Area]


def weighting_design(survey: Survey) -> tuple[stats.Design, dict[Cell, int], dict[int, Area]]:
    """The survey's post-stratified design, weighted to the population of the year it ran, and
    the respondents of every cell (also those that cannot be weighted)."""
    areas = {area.pk: area for area in Area.objects.filter(municipality_id=survey.municipality_id)}
    respondents: dict[Cell, int] = {
        (c.area_key, c.sex, c.age_band): c.respondents for c in CellCount.objects.filter(survey=survey)
    }
    population: dict[Cell, float] = {
        (p.area_id, p.sex, p.age_band): float(p.count)
        for p in Population.objects.filter(area__municipality_id=survey.municipality_id, year=survey.year)
    }
    return stats.design(respondents, population), respondents, areas


def report(survey: Survey, indicator: Indicator, by_area: bool = True) -> Report:
    sample, respondents, areas = weighting_design(survey)
    special = {option.code for option in indicator.question.options.all() if option.is_special}
    sums: dict[int, dict[Cell, stats.Sums]] = defaultdict(dict)
    outside: dict[int, int] = defaultdict(int)
    answered: dict[int, int] = defaultdict(int)
    for tally in Tally.objects.filter(survey=survey, question=indicator.question, item=indicator.item):
        cell = (tally.area_key, tally.sex, tally.age_band)
        answered[tally.area_key] += tally.count
        if tally.value in special:
            outside[tally.area_key] += tally.count
        elif tally.count > 0:
            y = indicator.y(tally.value)
            part = stats.Sums(tally.count, y * tally.count, y * y * tally.count)
            sums[tally.area_key][cell] = sums[tally.area_key].get(cell, stats.Sums()) + part
    per_area: dict[int, int] = defaultdict(int)
    for (area_key, _sex, _age), count in respondents.items():
        per_area[area_key] += count

    def row(name: str, keys: list[int]) -> tuple[str, stats.Estimate, int, int]:
        missing = sum(per_area[k] for k in keys) - sum(answered[k] for k in keys)
        result = stats.mean(sample, stats.total(sums[k] for k in keys))
        return name, result, sum(outside[k] for k in keys), max(missing, 0)

    keys = sorted(set(per_area) | set(sums))
    named = sorted((areas[k].name, k) for k in keys if k in areas) if by_area else []
    found = [row(name, [key]) for name, key in named] + [row(ALL, keys)]
    minimum = settings.SITUATION_MIN_RESPONDENTS
    hidden = stats.suppressed({name: result.n for name, result, *_rest in found if name != ALL}, minimum)
    rows = [
        Row(name, result, outside_scale, missing, name in hidden or result.n < minimum)
        for name, result, outside_scale, missing in found
    ]
    return Report(rows, sample, areas)
