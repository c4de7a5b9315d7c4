"""Do the lägesbild's 95 % intervals cover the truth in small areas? A simulation, pure Python.

A fixed finite population (seed 22): 20 areas of 800–6,000 residents aged 16–84, each resident
in one weighting cell (area × 2 sexes × 4 age bands) and feeling unsafe or not, more often
women, young women, the old and some areas, less often young men. Residents answer with a
probability that depends on their sex and age (young men least, old women most, a fifth as
often) and is set per area so that 40–80 are expected to answer there: the cells of the young
then have 0–3 respondents in most areas. Each of 2,000 replicates draws who answers, counts the
cells, weights them and estimates the share who feel unsafe per area and for the whole
municipality with its 95 % interval, and counts how often the interval holds the population's
true share. Prints

    interval_coverage_small_areas   the lägesbild's rule, over every area's interval: cells
                                    joined (situation.collapsing, minimum 5), post-strata as
                                    response groups, intervals of shares on the logit scale
                                    (estimators.logit_interval with R's degf)
    interval_coverage_all           the same, for the whole municipality
    interval_coverage_small_areas_uncollapsed   every cell weighted on its own, postStratify's
    interval_coverage_all_uncollapsed           variance and p ± 1.96 se: the method before
    interval_coverage_small_areas_collapsed_poststratified   cells joined, but postStratify's
    interval_coverage_all_collapsed_poststratified           variance (logit intervals)
    interval_coverage_small_areas_collapsed_normal   cells joined as response groups, but
    interval_coverage_all_collapsed_normal           p ± 1.96 se
    interval_coverage_s             the simulation's time (about 1.5 minutes on two cores)

Every area has 40 or more respondents, so each has an interval; coverage counts them all.
BENCH_REPLICATES changes the number of replicates, BENCH_MINIMUM the rule's minimum (to see why
it is 5: collapsing.py's docstring has the figures).
"""

import math
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tryggve.situation import collapsing, estimators  # noqa: E402

SEED = 22
AREAS = 20
SEXES = ("kvinna", "man")
BANDS = ("16-24", "25-44", "45-64", "65-84")
AGE_SHARES = (0.14, 0.33, 0.31, 0.22)
# Relative response propensity per sex and age band: young men answer least, old women most.
PROPENSITY = {
    "kvinna": (0.55, 0.8, 1.1, 1.5),
    "man": (0.3, 0.55, 0.9, 1.3),
}
# Log-odds of feeling unsafe: women, the young women and the old more often; young men less.
SEX_EFFECT = {"kvinna": 0.8, "man": 0.0}
BAND_EFFECT = (0.3, 0.0, 0.1, 0.6)
YOUNG_MEN = -0.5

Cell = tuple[int, str, str]


@dataclass(frozen=True)
class Population:
    residents: dict[Cell, int]
    unsafe: dict[Cell, int]  # residents of the cell who feel unsafe
    response: dict[Cell, float]  # each resident's probability of answering

    def truth(self, area: int | None) -> float:
        cells = [cell for cell in self.residents if area is None or cell[0] == area]
        return sum(self.unsafe[c] for c in cells) / sum(self.residents[c] for c in cells)


def population(rng: random.Random) -> Population:
    residents: dict[Cell, int] = {}
    unsafe: dict[Cell, int] = {}
    response: dict[Cell, float] = {}
    for area in range(1, AREAS + 1):
        size = rng.randint(800, 6000)
        area_effect = rng.gauss(-1.2, 0.5)
        cells = []
        for sex in SEXES:
            for band, share in zip(BANDS, AGE_SHARES, strict=True):
                cells.append((area, sex, band))
                residents[(area, sex, band)] = max(1, round(size * share / 2 * rng.uniform(0.7, 1.3)))
        target = rng.randint(40, 80)  # respondents expected in the area
        weight = sum(residents[c] * PROPENSITY[c[1]][BANDS.index(c[2])] for c in cells)
        for cell in cells:
            _area, sex, band = cell
            index = BANDS.index(band)
            response[cell] = target * PROPENSITY[sex][index] / weight
            logit = (
                area_effect
                + SEX_EFFECT[sex]
                + BAND_EFFECT[index]
                + (YOUNG_MEN if sex == "man" and index == 0 else 0)
            )
            p = 1 / (1 + math.exp(-logit))
            unsafe[cell] = sum(rng.random() < p for _ in range(residents[cell]))
    return Population(residents, unsafe, response)


def binomial(rng: random.Random, n: int, p: float) -> int:
    """A binomial draw by inversion (the means here are small)."""
    u = rng.random()
    k, pmf = 0, (1 - p) ** n
    cumulative = pmf
    while u > cumulative and k < n:
        pmf *= (n - k) / (k + 1) * p / (1 - p)
        k += 1
        cumulative += pmf
    return k


def draw(rng: random.Random, people: Population) -> tuple[dict[Cell, int], dict[Cell, estimators.Sums]]:
    """Who answers: respondents per cell, and the cell's sums of the indicator (1 = unsafe)."""
    respondents: dict[Cell, int] = {}
    sums: dict[Cell, estimators.Sums] = {}
    for cell, size in people.residents.items():
        n = binomial(rng, size, people.response[cell])
        if n:
            yes = sum(1 for i in rng.sample(range(size), n) if i < people.unsafe[cell])
            respondents[cell] = n
            sums[cell] = estimators.Sums(n, float(yes), float(yes))
    return respondents, sums


@dataclass(frozen=True)
class Method:
    """How a replicate is weighted and its intervals built."""

    minimum: int | None  # None: every cell weighted on its own (the method before the rule)
    stratified: bool  # post-strata as response groups (the rule's variance) or postStratify's
    logit: bool  # estimators.logit_interval with R's degf, or p ± 1.96 se


@dataclass
class Tally:
    covered: int = 0
    intervals: int = 0

    def add(self, interval: tuple[float, float] | None, truth: float) -> None:
        if interval is not None:
            self.intervals += 1
            self.covered += interval[0] <= truth <= interval[1]

    @property
    def coverage(self) -> float:
        return self.covered / self.intervals if self.intervals else float("nan")


def estimate(
    people: Population,
    respondents: dict[Cell, int],
    sums: dict[Cell, estimators.Sums],
    method: Method,
    areas: Tally,
    whole: Tally,
) -> None:
    """One replicate's intervals per area and for the whole municipality."""
    if method.minimum is None:
        collapsed = None
        sample = estimators.design(respondents, people.residents, method.stratified)
    else:
        collapsed = collapsing.collapse(respondents, people.residents, method.minimum)
        sample = estimators.design(collapsed.respondents, collapsed.population, method.stratified)

    def interval(cells: dict[Cell, estimators.Sums], counts: dict[Cell, int]) -> tuple[float, float] | None:
        if collapsed is None:
            result = estimators.mean(sample, cells)
            df = estimators.degrees_of_freedom(sample, counts)
        else:
            result = estimators.mean(sample, collapsed.sums(cells))
            df = estimators.degrees_of_freedom(sample, collapsed.counts(counts))
        if method.logit:
            return result.logit_interval(df)
        return None if result.ci_low is None or result.ci_high is None else (result.ci_low, result.ci_high)

    per_area: dict[int, dict[Cell, estimators.Sums]] = {}
    for cell, part in sums.items():
        per_area.setdefault(cell[0], {})[cell] = part
    for area in range(1, AREAS + 1):
        cells = per_area.get(area, {})
        areas.add(interval(cells, {cell: respondents[cell] for cell in cells}), people.truth(area))
    whole.add(interval(sums, respondents), people.truth(None))


def main() -> None:
    replicates = int(os.environ.get("BENCH_REPLICATES", "2000"))
    minimum = int(os.environ.get("BENCH_MINIMUM", str(collapsing.MINIMUM)))
    start = time.perf_counter()
    people = population(random.Random(SEED))
    rng = random.Random(SEED + 1)
    methods = {
        "": Method(minimum, stratified=True, logit=True),
        "_uncollapsed": Method(None, stratified=False, logit=False),
        "_collapsed_poststratified": Method(minimum, stratified=False, logit=True),
        "_collapsed_normal": Method(minimum, stratified=True, logit=False),
    }
    tallies = {name: (Tally(), Tally()) for name in methods}
    for _ in range(replicates):
        respondents, sums = draw(rng, people)
        for name, method in methods.items():
            estimate(people, respondents, sums, method, *tallies[name])
    for name, (areas, whole) in tallies.items():
        print(f"interval_coverage_small_areas{name}: {areas.coverage:.3f}")
        print(f"interval_coverage_all{name}: {whole.coverage:.3f}")
    print(f"interval_coverage_s: {time.perf_counter() - start:.1f}")


if __name__ == "__main__":
    main()
