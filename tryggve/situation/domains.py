"""Indicators of one survey, per area, per group of areas and for the whole municipality.

An indicator is the share of respondents whose answer to a question (or matrix item) is one
of some values, or the mean of a numeric answer or of scores given to the answers. Answers
outside the scale ("don't know", "I never go out") and missing answers are left out of its
base and counted separately. Everything comes from the running sums (models.py), loaded once
per survey into a `Sample`.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.conf import settings

from tryggve.core.models import Area, Population
from tryggve.surveys.models import Question, Survey

from . import collapsing, estimators
from .estimators import Cell
from .models import CellCount, Tally, Weighting

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
    group: str = ""  # the sex or age band of a row by group (report_by), "" for the whole


@dataclass(frozen=True)
class Report:
    rows: list[Row]
    design: estimators.Design
    areas: dict[int, Area]

    def row(self, domain: str) -> Row:
        return next(row for row in self.rows if row.domain == domain)


# A respondent's background as answered: (area id, 0 if not said; sex; age band).
Key = tuple[int, str, str]

# The domains an indicator can be broken down by (`estimates --by`, the lägesbild's group tables):
# what each takes from a respondent's background. A respondent who did not say (area 0, sex or
# age band empty) is in the whole only.
BY: dict[str, Callable[[Key], Hashable]] = {
    "area": lambda key: key[0],
    "sex": lambda key: key[1],
    "age_band": lambda key: key[2],
    "area,sex": lambda key: (key[0], key[1]),
}


def _said(domain: Hashable) -> bool:
    parts = domain if isinstance(domain, tuple) else (domain,)
    return all(part not in (0, "") for part in parts)


class Sample:
    """A survey's weighting design and running sums, read once for any number of indicators.

    Answers are kept by the respondents' background as answered (`Key`), so any domain can be
    cut from them; each key is weighted in one post-stratum of the design (`stratum`)."""

    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.areas = {area.pk: area for area in Area.objects.filter(municipality_id=survey.municipality_id)}
        joined = Weighting.objects.filter(survey=survey).values_list("age_band_groups", flat=True).first()
        self.age_bands: dict[str, str] = joined or {}
        self.respondents: Counter[Key] = Counter()
        for area, sex, age, n in CellCount.objects.filter(survey=survey).values_list(
            "area_key", "sex", "age_band", "respondents"
        ):
            self.respondents[(area, sex, age)] += n
        per_cell: Counter[Cell] = Counter()
        for key, n in self.respondents.items():
            per_cell[self.cell(*key)] += n
        population: dict[Cell, float] = defaultdict(float)
        for area, sex, age, count in Population.objects.filter(
            area__municipality_id=survey.municipality_id, year=survey.year
        ).values_list("area_id", "sex", "age_band", "count"):
            population[self.cell(area, sex, age)] += count
        # Cells too small to weight on their own are joined with their neighbours (collapsing.py).
        self.collapsed = collapsing.collapse(per_cell, population)
        self.design = self.collapsed.design()
        # The post-stratum each background is weighted in; backgrounds not here cannot be weighted.
        self.stratum: dict[Key, Cell] = {
            key: stratum
            for key in self.respondents
            if (stratum := self.collapsed.stratum.get(self.cell(*key))) in self.design.weights
        }
        self.per_area: Counter[int] = Counter()
        # Respondents who can be weighted: the base of every published count (n, outside the
        # scale, missing), so that no count shows how many in an area could not be weighted.
        self.weighted_per_area: Counter[int] = Counter()
        for key, n in self.respondents.items():
            self.per_area[key[0]] += n
            if key in self.stratum:
                self.weighted_per_area[key[0]] += n
        self._tallies: dict[tuple[int, str], list[tuple[Key, int, int]]] | None = None

    def weighted(self, domain_of: Callable[[Key], Hashable]) -> Counter[Hashable]:
        """Respondents who can be weighted, per domain."""
        found: Counter[Hashable] = Counter()
        for key in self.stratum:
            found[domain_of(key)] += self.respondents[key]
        return found

    def tallies(self, question: Question, item: str) -> list[tuple[Key, int, int]]:
        """(background, answer value, respondents) of one question or matrix item."""
        if self._tallies is None:
            self._tallies = defaultdict(list)
            rows = Tally.objects.filter(survey=self.survey, count__gt=0).values_list(
                "question_id", "item", "area_key", "sex", "age_band", "value", "count"
            )
            for question_id, item_code, area, sex, age, value, count in rows.iterator(chunk_size=5000):
                self._tallies[(question_id, item_code)].append(((area, sex, age), value, count))
        return self._tallies.get((question.pk, item), [])

    def strata_counts(self, domain_of: Callable[[Key], Hashable]) -> dict[Hashable, Counter[Cell]]:
        """Per domain, its weighted respondents per post-stratum (answered or not): what the
        degrees of freedom of its shares' logit intervals are counted from (R's degf)."""
        found: dict[Hashable, Counter[Cell]] = defaultdict(Counter)
        for key, stratum in self.stratum.items():
            found[domain_of(key)][stratum] += self.respondents[key]
        return found

    def cell(self, area: int, sex: str, age_band: str) -> Cell:
        return (area, sex, self.age_bands.get(age_band, age_band))

    def cell_name(self, cell: Cell) -> str:
        """A weighting cell, or a post-stratum of joined cells, as the analyst knows it:
        area / sex / age band, e.g. "Norr / kvinna / 16-24 + 25-44"."""
        if isinstance(cell, collapsing.Stratum):
            return cell.describe(self._area_name)
        area_key, sex, age_band = cell
        return f"{self._area_name(area_key)} / {sex or '–'} / {age_band or '–'}"

    def _area_name(self, key: int) -> str:
        return self.areas[key].name if key in self.areas else "–"

    @property
    def joined(self) -> list[str]:
        """The post-strata of more than one cell, named: what the lägesbild notes."""
        return [self.cell_name(stratum) for stratum in self.collapsed.joined]


@dataclass(frozen=True)
class DomainSums:
    """An indicator's running sums per domain and post-stratum, and its answers per domain."""

    sums: dict[Hashable, dict[Cell, estimators.Sums]]
    outside_scale: dict[Hashable, int]
    answered: dict[Hashable, int]


# The sums per area, which focus areas and groups of areas are made of.
AreaSums = DomainSums


def domain_sums(sample: Sample, indicator: Indicator, domain_of: Callable[[Key], Hashable]) -> DomainSums:
    """Σy and Σy² per domain and post-stratum of the indicator's base.

    Only respondents who can be weighted count: the others take no part in an estimate, and
    counting their answers beside it would tell how many they are."""
    special = {option.code for option in indicator.question.options.all() if option.is_special}
    sums: dict[Hashable, dict[Cell, estimators.Sums]] = defaultdict(dict)
    outside: dict[Hashable, int] = defaultdict(int)
    answered: dict[Hashable, int] = defaultdict(int)
    for key, value, count in sample.tallies(indicator.question, indicator.item):
        cell = sample.stratum.get(key)
        if cell is None:
            continue
        domain = domain_of(key)
        answered[domain] += count
        if value in special:
            outside[domain] += count
        else:
            y = indicator.y(value)
            sums[domain][cell] = sums[domain].get(cell, estimators.Sums()) + estimators.Sums(
                count, y * count, y * y * count
            )
    return DomainSums(sums, outside, answered)


def area_sums(sample: Sample, indicator: Indicator) -> DomainSums:
    return domain_sums(sample, indicator, BY["area"])


def _with_interval(
    sample: Sample, indicator: Indicator, result: estimators.Estimate, counts: Mapping[Cell, int]
) -> estimators.Estimate:
    """A share's interval on the logit scale, on its domain's degrees of freedom (R's
    svyciprop(method = "logit")); a mean keeps the normal interval."""
    if indicator.values is None:
        return result
    return replace(result, logit_df=estimators.degrees_of_freedom(sample.design, counts))


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
    keys = sorted({key[0] for key in sample.respondents} | {k for k in sums if isinstance(k, int)})

    counts = sample.strata_counts(BY["area"])

    def row(name: str, members: Iterable[int], area_id: int | None = None) -> Row:
        members = list(members)
        missing = sum(sample.weighted_per_area[k] for k in members) - sum(answered[k] for k in members)
        result = estimators.mean(sample.design, estimators.total(sums[k] for k in members))
        result = _with_interval(
            sample, indicator, result, sum((counts.get(k, Counter()) for k in members), Counter())
        )
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


def report_by(sample: Sample, indicator: Indicator, by: str) -> Report:
    """The indicator per group of respondents, one of BY (area, sex, age band, area and sex), and ALL.

    A group is suppressed when publishing it beside the whole and the other groups could reveal
    one of fewer than SITUATION_MIN_RESPONDENTS respondents; by area and sex, the groups form a
    table whose margins (each area, each sex) are published too, so each of its rows and columns
    is checked as a whole, until no line of the table reveals a hidden group.
    """
    if by == "area":
        return report(sample, indicator)
    domain_of = BY[by]
    found = domain_sums(sample, indicator, domain_of)
    weighted = sample.weighted(domain_of)
    minimum = settings.SITUATION_MIN_RESPONDENTS
    per_area = report(sample, indicator, by_area=by == "area,sex")
    whole = per_area.rows[-1]

    counts = sample.strata_counts(domain_of)

    def row(domain: Hashable) -> Row:
        area_key, group = domain if isinstance(domain, tuple) else (None, domain)
        result = estimators.mean(sample.design, found.sums.get(domain, {}))
        result = _with_interval(sample, indicator, result, counts.get(domain, Counter()))
        missing = max(weighted[domain] - found.answered.get(domain, 0), 0)
        name = sample.areas[area_key].name if area_key is not None else ALL
        return Row(name, result, found.outside_scale.get(domain, 0), missing, False, area_key, str(group))

    domains = [
        domain
        for domain in weighted
        if _said(domain) and (not isinstance(domain, tuple) or domain[0] in sample.areas)
    ]
    rows = {domain: row(domain) for domain in domains}
    base = {domain: found_row.result.n for domain, found_row in rows.items()}
    if by == "area,sex":
        hidden = _table_hidden(base, per_area, report_by(sample, indicator, "sex"), minimum)
    else:
        hidden = estimators.suppressed(base, minimum, whole.result.n - sum(base.values()))
    ordered = sorted(rows.values(), key=lambda r: (r.domain if r.area_id is not None else "", r.group))
    shown = [
        replace(r, suppressed=(r.area_id, r.group) in hidden or r.group in hidden or r.result.n < minimum)
        for r in ordered
    ]
    return Report([*shown, whole], sample.design, sample.areas)


def _table_hidden(
    base: Mapping[Hashable, int], per_area: Report, per_sex: Report, minimum: int
) -> set[Hashable]:
    """The (area, sex) groups to hide when the table is published with its margins.

    Each area's row and each sex's column is a whole of its own: the line's respondents not in
    any of its groups (those who did not say their sex, or their area) pool with its hidden
    groups, as estimators.suppressed decides for one line; a hidden margin hides its whole line.
    Hiding in one line can expose another, so lines are checked again until nothing changes."""
    areas = {r.area_id: r for r in per_area.rows if r.area_id is not None}
    sexes = {r.group: r for r in per_sex.rows if r.group}
    lines: list[tuple[list[Hashable], int, bool]] = []
    for area_id, margin in areas.items():
        members = [domain for domain in base if domain[0] == area_id]  # type: ignore[index]
        lines.append((members, margin.result.n - sum(base[d] for d in members), margin.suppressed))
    for sex, margin in sexes.items():
        members = [domain for domain in base if domain[1] == sex]  # type: ignore[index]
        lines.append((members, margin.result.n - sum(base[d] for d in members), margin.suppressed))
    hidden: set[Hashable] = {domain for domain, n in base.items() if n < minimum}
    changed = True
    while changed:
        changed = False
        for members, unplaced, margin_hidden in lines:
            line = {domain: base[domain] for domain in members}
            found = set(line) if margin_hidden else estimators.suppressed(line, minimum, unplaced, hidden)
            if not found <= hidden:
                hidden |= found
                changed = True
    return hidden
