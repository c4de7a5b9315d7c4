"""Indicators of one survey, per area, per group of areas and for the whole municipality.

An indicator is the share of respondents whose answer to a question (or matrix item) is one
of some values, or the mean of a numeric answer or of scores given to the answers. Answers
outside the scale ("don't know", "I never go out") and missing answers are left out of its
base and counted separately. Everything comes from the running sums (models.py), loaded once
per survey into a `Sample`.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.conf import settings

from tryggve.core.models import Area, Population
from tryggve.surveys.models import Question, Survey

from . import estimators
from .models import CellCount, Tally, Weighting
from .running_sums import Cell

ALL = "ALL"


@dataclass(frozen=True)
class Indicator:
    question: Question
    values: frozenset[int] | None  # None: a mean
    item: str = ""
    # For a mean: the score of each answer code (e.g. the 0–6 problem index); None: the code itself.
    scores: Mapping[int, float] | None = field(default=None, hash=False, compare=False)

    def y(self, value: int) -> float:
        if self.values is not None:
            return float(value in self.values)
        return self.scores.get(value, float(value)) if self.scores is not None else float(value)


@dataclass(frozen=True)
class Row:
    domain: str
    result: estimators.Estimate
    outside_scale: int  # answers such as "don't know", left out of the base
    missing: int  # respondents who did not answer
    suppressed: bool
    area_id: int | None = None  # None for ALL and groups of areas


@dataclass(frozen=True)
class Report:
    rows: list[Row]
    design: estimators.Design
    areas: dict[int, Area]

    def row(self, domain: str) -> Row:
        return next(row for row in self.rows if row.domain == domain)


class Sample:
    """A survey's weighting design and running sums, read once for any number of indicators."""

    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.areas = {area.pk: area for area in Area.objects.filter(municipality_id=survey.municipality_id)}
        joined = Weighting.objects.filter(survey=survey).values_list("age_band_groups", flat=True).first()
        self.age_bands: dict[str, str] = joined or {}
        self.respondents: dict[Cell, int] = defaultdict(int)
        for area, sex, age, n in CellCount.objects.filter(survey=survey).values_list(
            "area_key", "sex", "age_band", "respondents"
        ):
            self.respondents[self.cell(area, sex, age)] += n
        population: dict[Cell, float] = defaultdict(float)
        for area, sex, age, count in Population.objects.filter(
            area__municipality_id=survey.municipality_id, year=survey.year
        ).values_list("area_id", "sex", "age_band", "count"):
            population[self.cell(area, sex, age)] += count
        self.design = estimators.design(self.respondents, population)
        self.per_area: Counter[int] = Counter()
        # Respondents who can be weighted: the base of every published count (n, outside the
        # scale, missing), so that no count shows how many in an area could not be weighted.
        self.weighted_per_area: Counter[int] = Counter()
        for (area, sex, age), n in self.respondents.items():
            self.per_area[area] += n
            if (area, sex, age) in self.design.weights:
                self.weighted_per_area[area] += n
        self._tallies: dict[tuple[int, str], list[tuple[Cell, int, int]]] | None = None

    def tallies(self, question: Question, item: str) -> list[tuple[Cell, int, int]]:
        """(cell, answer value, respondents) of one question or matrix item."""
        if self._tallies is None:
            self._tallies = defaultdict(list)
            rows = Tally.objects.filter(survey=self.survey, count__gt=0).values_list(
                "question_id", "item", "area_key", "sex", "age_band", "value", "count"
            )
            for question_id, item_code, area, sex, age, value, count in rows.iterator(chunk_size=5000):
                self._tallies[(question_id, item_code)].append((self.cell(area, sex, age), value, count))
        return self._tallies.get((question.pk, item), [])

    def cell(self, area: int, sex: str, age_band: str) -> Cell:
        return (area, sex, self.age_bands.get(age_band, age_band))

    def cell_name(self, cell: Cell) -> str:
        """A weighting cell as the analyst knows it: area / sex / age band."""
        area_key, sex, age_band = cell
        area = self.areas[area_key].name if area_key in self.areas else "–"
        return f"{area} / {sex or '–'} / {age_band or '–'}"


@dataclass(frozen=True)
class AreaSums:
    """An indicator's running sums per area key and weighting cell, and its answers per area key."""

    sums: dict[int, dict[Cell, estimators.Sums]]
    outside_scale: dict[int, int]
    answered: dict[int, int]


def area_sums(sample: Sample, indicator: Indicator) -> AreaSums:
    """Σy and Σy² per area and cell of the indicator's base, for any domain made of areas.

    Only cells that can be weighted count: the others take no part in an estimate, and counting
    their answers beside it would tell how many they are."""
    special = {option.code for option in indicator.question.options.all() if option.is_special}
    sums: dict[int, dict[Cell, estimators.Sums]] = defaultdict(dict)
    outside: dict[int, int] = defaultdict(int)
    answered: dict[int, int] = defaultdict(int)
    for cell, value, count in sample.tallies(indicator.question, indicator.item):
        if cell not in sample.design.weights:
            continue
        area_key = cell[0]
        answered[area_key] += count
        if value in special:
            outside[area_key] += count
        else:
            y = indicator.y(value)
            sums[area_key][cell] = sums[area_key].get(cell, estimators.Sums()) + estimators.Sums(
                count, y * count, y * y * count
            )
    return AreaSums(sums, outside, answered)


def report(
    sample: Sample,
    indicator: Indicator,
    by_area: bool = True,
    groups: Mapping[str, Iterable[int]] | None = None,
) -> Report:
    """The indicator for each area (if by_area), each named group of areas, and ALL.

    Areas and groups are marked suppressed when publishing them could reveal a domain of fewer
    than SITUATION_MIN_RESPONDENTS respondents (see estimators.suppressed and estimators.group_hidden).
    """
    found = area_sums(sample, indicator)
    sums, outside, answered = found.sums, found.outside_scale, found.answered
    keys = sorted({cell[0] for cell in sample.respondents} | set(sums))

    def row(name: str, members: Iterable[int], area_id: int | None = None) -> Row:
        members = list(members)
        missing = sum(sample.weighted_per_area[k] for k in members) - sum(answered[k] for k in members)
        result = estimators.mean(sample.design, estimators.total(sums[k] for k in members))
        return Row(name, result, sum(outside[k] for k in members), max(missing, 0), False, area_id)

    named = sorted((sample.areas[k].name, k) for k in keys if k in sample.areas)
    per_area = [row(name, [key], key) for name, key in named]
    minimum = settings.SITUATION_MIN_RESPONDENTS
    base = {r.area_id: r.result.n for r in per_area}
    whole = row(ALL, keys)
    # Respondents in no area of the municipality are in the whole only: they pool with the hidden.
    hidden = estimators.suppressed(base, minimum, whole.result.n - sum(base.values()))
    rows = (
        [replace(r, suppressed=r.area_id in hidden or r.result.n < minimum) for r in per_area]
        if by_area
        else []
    )
    for name, members in (groups or {}).items():
        group = row(name, members)
        rows.append(replace(group, suppressed=estimators.group_hidden(base, hidden, set(members), minimum)))
    rows.append(replace(whole, suppressed=whole.result.n < minimum))
    return Report(rows, sample.design, sample.areas)
