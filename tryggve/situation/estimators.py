"""Post-stratified estimates with linearised standard errors, from per-cell sums only.

Pure Python, no Django: the numbers equal those of R's survey package for

    d <- svydesign(ids = ~1, data = respondents)
    d <- postStratify(d, ~cell, population, partial = TRUE)
    svymean(~y, d, na.rm = TRUE)               # the whole municipality
    svyby(~y, ~area, d, svymean, na.rm = TRUE)  # per area (any domain)

and, for the contrast of two disjoint domains of one survey with their covariance (`difference`),
svycontrast of svyby(..., covmat = TRUE) or of the ratios of svytotal. The CSV fixtures
respondents.csv, population.csv and expected.csv in tests/fixtures and in followup/tests/fixtures,
each made by its folder's make_fixtures.R, check this to 1e-9.

Why sums suffice. Post-stratification gives everyone in cell h the weight w_h = N_h / n_h
(N_h residents, n_h respondents in the cell). For an indicator y (1/0 for a share, a number for
a mean), with S the respondents in the domain who are in the indicator's base (not "don't know",
not missing), the estimate is Σ_S w y / Σ_S w. Its linearised variance, after R's
post-stratification adjustment (each cell's influence values are centred on the cell mean over
all n_h respondents, the ones outside S counting as 0), is

    n / (n - 1) · Σ_h w_h² · ( Σ_{S∩h} r² - n_h · m_h² ),   r = (y - ŷ) / W,  m_h = Σ_{S∩h} r / n_h

with W = Σ_S w and n the number of respondents in the design. Expanding r, each cell needs
only k_h = |S∩h|, Σ_{S∩h} y and Σ_{S∩h} y², so the cost depends on the number of cells, not on
the number of respondents, and the sums can be kept up to date as answers arrive.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# A post-stratum, e.g. (area, sex, age band): any hashable key.
Cell = Any

Z95 = 1.959963984540054  # the normal 97.5 % quantile, as R's confint() uses


@dataclass(frozen=True)
class Sums:
    """One post-stratum's part of an indicator: respondents in its base, Σy and Σy²."""

    count: int = 0
    total: float = 0.0
    squares: float = 0.0

    def __add__(self, other: "Sums") -> "Sums":
        return Sums(self.count + other.count, self.total + other.total, self.squares + other.squares)


@dataclass(frozen=True)
class Design:
    """The post-stratified sample: respondents and weight per cell.

    Only cells with both respondents and residents take part. The others are listed so the
    report can name them: respondents in a cell without a population count cannot be weighted
    (they are left out), and residents of a cell without respondents are not represented.
    """

    respondents: dict[Cell, int]
    weights: dict[Cell, float]
    size: int
    without_population: list[Cell] = field(default_factory=list)
    without_respondents: list[Cell] = field(default_factory=list)


def design(respondents: Mapping[Cell, int], population: Mapping[Cell, float]) -> Design:
    cells = [cell for cell, n in respondents.items() if n > 0 and population.get(cell, 0) > 0]
    return Design(
        respondents={cell: respondents[cell] for cell in cells},
        weights={cell: population[cell] / respondents[cell] for cell in cells},
        size=sum(respondents[cell] for cell in cells),
        without_population=sorted(
            (c for c, n in respondents.items() if n > 0 and population.get(c, 0) <= 0), key=str
        ),
        without_respondents=sorted(
            (c for c, count in population.items() if count > 0 and respondents.get(c, 0) <= 0), key=str
        ),
    )


@dataclass(frozen=True)
class Estimate:
    """A weighted share or mean with its standard error; None with a reason when there is none."""

    estimate: float | None
    se: float | None
    n: int
    reason: str = ""

    @property
    def ci_low(self) -> float | None:
        return None if self.estimate is None or self.se is None else self.estimate - Z95 * self.se

    @property
    def ci_high(self) -> float | None:
        return None if self.estimate is None or self.se is None else self.estimate + Z95 * self.se


NO_BASE = "no respondents in the indicator's base"
ONE_RESPONDENT = "one respondent in the design: no standard error"


def mean(sample: Design, sums: Mapping[Cell, Sums]) -> Estimate:
    """The post-stratified mean of y over the domain whose per-cell sums are given."""
    found = _linearised(sample, sums)
    if isinstance(found, Estimate):
        return found
    estimate, n, influence = found
    if sample.size < 2:
        return Estimate(estimate, None, n, ONE_RESPONDENT)
    return Estimate(estimate, _standard_error(sample, [influence]), n)


def difference(sample: Design, first: Mapping[Cell, Sums], second: Mapping[Cell, Sums]) -> Estimate:
    """The contrast first - second of two disjoint domains of one survey (focus areas and the rest).

    Its standard error holds the covariance of the two estimates: the contrast's influence value
    of a respondent is r_first - r_second, and post-stratification centres it per cell, so when
    the domains share post-strata their estimates covary (R: svycontrast of svyby with
    covmat = TRUE, or of the ratios of svytotal). When every cell lies in one domain (areas are
    part of the cells) the covariance is zero and the variance is the sum of the two.
    """
    one, other = _linearised(sample, first), _linearised(sample, second)
    if isinstance(one, Estimate) or isinstance(other, Estimate):
        n = (one.n if isinstance(one, Estimate) else one[1]) + (
            other.n if isinstance(other, Estimate) else other[1]
        )
        return Estimate(None, None, n, NO_BASE)
    estimate = one[0] - other[0]
    n = one[1] + other[1]
    if sample.size < 2:
        return Estimate(estimate, None, n, ONE_RESPONDENT)
    negated = {cell: (-total_r, squares) for cell, (total_r, squares) in other[2].items()}
    return Estimate(estimate, _standard_error(sample, [one[2], negated]), n)


# Per cell of a domain: Σ r and Σ r² of the linearised influence values r = (y - ŷ) / W.
Influence = dict[Cell, tuple[float, float]]


def _linearised(sample: Design, sums: Mapping[Cell, Sums]) -> Estimate | tuple[float, int, Influence]:
    """A domain's estimate, respondents in its base and influence sums; an Estimate if none."""
    used = [(cell, sums[cell]) for cell in sample.weights if cell in sums and sums[cell].count > 0]
    n = sum(part.count for _cell, part in used)
    weight = math.fsum(sample.weights[cell] * part.count for cell, part in used)
    if n == 0 or weight <= 0:
        return Estimate(None, None, n, NO_BASE)
    estimate = math.fsum(sample.weights[cell] * part.total for cell, part in used) / weight
    influence = {
        cell: (
            (part.total - estimate * part.count) / weight,
            (part.squares - 2 * estimate * part.total + estimate**2 * part.count) / weight**2,
        )
        for cell, part in used
    }
    return estimate, n, influence


def _standard_error(sample: Design, domains: list[Influence]) -> float:
    """The linearised standard error of the sum of disjoint domains' influence values.

    Disjoint domains share no respondent, so within a cell Σ r² adds up and Σ r adds up; each
    cell's sum is centred on its mean over all n_h respondents (post-stratification).
    """
    cells: dict[Cell, tuple[float, float]] = {}
    for influence in domains:
        for cell, (total_r, squares) in influence.items():
            before = cells.get(cell, (0.0, 0.0))
            cells[cell] = (before[0] + total_r, before[1] + squares)
    terms = [
        sample.weights[cell] ** 2 * (squares - total_r**2 / sample.respondents[cell])
        for cell, (total_r, squares) in cells.items()
    ]
    variance = sample.size / (sample.size - 1) * math.fsum(terms)
    return math.sqrt(max(variance, 0.0))


def total(parts: Iterable[Mapping[Cell, Sums]]) -> dict[Cell, Sums]:
    """Per-cell sums of several domains together (the whole municipality, a group of areas)."""
    combined: dict[Cell, Sums] = {}
    for sums in parts:
        for cell, part in sums.items():
            combined[cell] = combined.get(cell, Sums()) + part
    return combined


@dataclass(frozen=True)
class Change:
    """The difference between two independent estimates (two years' surveys) and its test."""

    difference: float
    se: float
    p_value: float

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05


def change(before: Estimate, after: Estimate) -> Change | None:
    """A two-sided z test of after - before; None unless both have an estimate and an error."""
    if before.estimate is None or before.se is None or after.estimate is None or after.se is None:
        return None
    difference = after.estimate - before.estimate
    se = math.hypot(before.se, after.se)
    if se == 0:
        return Change(difference, 0.0, 1.0 if difference == 0 else 0.0)
    return Change(difference, se, math.erfc(abs(difference / se) / math.sqrt(2)))


def suppressed(
    counts: Mapping[Cell, int], minimum: int, unplaced: int = 0, hidden: Iterable[Cell] = ()
) -> set[Cell]:
    """Domains to hide when their parts and the whole are published together.

    A domain with fewer than `minimum` respondents is hidden, and so are those in `hidden`
    (hidden for another reason, e.g. in another margin of a table). If exactly one would be hidden,
    it could be worked out from the whole and the others, so the next smallest is hidden too.
    The whole minus the shown domains is the hidden ones together with the `unplaced`
    respondents (in no domain): while that pool has respondents but fewer than `minimum`, the
    next smallest domain is hidden too.
    """
    hidden = {domain for domain, n in counts.items() if n < minimum} | (set(hidden) & set(counts))

    def exposed() -> bool:
        pooled = unplaced + sum(counts[domain] for domain in hidden)
        return (len(hidden) == 1 and len(counts) > 1 and not unplaced) or 0 < pooled < minimum

    while exposed():
        shown = sorted((n, str(domain), domain) for domain, n in counts.items() if domain not in hidden)
        if not shown:
            break
        hidden.add(shown[0][2])
    return hidden


def group_hidden(counts: Mapping[Cell, int], hidden: set[Cell], members: set[Cell], minimum: int) -> bool:
    """Whether a group of domains (focus areas, say) must be hidden beside its parts and the whole.

    Published with the whole and the shown domains, a group reveals the hidden domains inside it
    and, by difference, the hidden ones outside it and everything outside it; each of those must
    be empty or have at least `minimum` respondents, and so must the group itself.
    """

    def risky(domains: Iterable[Cell]) -> bool:
        n = sum(counts[domain] for domain in domains)
        return 0 < n < minimum

    inside = [domain for domain in counts if domain in members]
    outside = [domain for domain in counts if domain not in members]
    return (
        sum(counts[domain] for domain in inside) < minimum
        or risky(outside)
        or risky(domain for domain in inside if domain in hidden)
        or risky(domain for domain in outside if domain in hidden)
    )
