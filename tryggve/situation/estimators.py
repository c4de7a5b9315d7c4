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

Post-strata as response groups (`design(..., stratified=True)`, what `collapsing.Collapsed.design`
gives). The formula above understates the variance of a cell of n_h respondents by the factor
(n_h − 1)/n_h, and a cell with one respondent adds none. Treating each post-stratum as a group
of residents who answer at random within it (a response homogeneity group, the conditional
variance of the post-stratified estimator that Statistics Sweden's practice follows), the same
estimate has the variance

    Σ_h w_h² · (1 - n_h / N_h) · n_h / (n_h - 1) · ( Σ_{S∩h} r² - n_h · m_h² )

which is R's for the design declared stratified by post-stratum with its population as fpc:

    d <- svydesign(ids = ~1, strata = ~stratum, fpc = ~population, data = respondents)
    svymean(~y, d, na.rm = TRUE); svyby(~y, ~area, d, svymean, na.rm = TRUE)

A post-stratum of one respondent adds nothing (R: options(survey.lonely.psu = "certainty"));
collapsing.collapse joins cells so that this does not happen. `degrees_of_freedom` gives R's
degf for either form, and `logit_interval` the interval of a share on the logit scale.
"""

import functools
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
    `stratified`: the variance treats each cell as a response group (module docstring).
    """

    respondents: dict[Cell, int]
    weights: dict[Cell, float]
    size: int
    without_population: list[Cell] = field(default_factory=list)
    without_respondents: list[Cell] = field(default_factory=list)
    stratified: bool = False


def design(
    respondents: Mapping[Cell, int], population: Mapping[Cell, float], stratified: bool = False
) -> Design:
    cells = [cell for cell, n in respondents.items() if n > 0 and population.get(cell, 0) > 0]
    return Design(
        stratified=stratified,
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
    # For a share: the degrees of freedom of its logit interval (`logit_interval`), which the
    # interval then is; None: the normal interval estimate ± 1.96 se (means, differences).
    logit_df: int | None = None

    @property
    def ci_low(self) -> float | None:
        return self._interval()[0]

    @property
    def ci_high(self) -> float | None:
        return self._interval()[1]

    def _interval(self) -> tuple[float | None, float | None]:
        if self.estimate is None or self.se is None:
            return None, None
        if self.logit_df is None:
            return self.estimate - Z95 * self.se, self.estimate + Z95 * self.se
        found = logit_interval(self, self.logit_df)
        return found if found is not None else (None, None)

    def logit_interval(self, df: float) -> tuple[float, float] | None:
        """The 95 % interval of a share on the logit scale (see `logit_interval`)."""
        return logit_interval(self, df)


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
    if sample.stratified:
        # Per response group: its finite population correction and n_h / (n_h - 1).
        factors = {
            cell: max(1 - 1 / sample.weights[cell], 0.0) * n / (n - 1)
            for cell in cells
            if (n := sample.respondents[cell]) > 1
        }
        terms = [
            sample.weights[cell] ** 2 * factors[cell] * (squares - total_r**2 / sample.respondents[cell])
            for cell, (total_r, squares) in cells.items()
            if cell in factors
        ]
        return math.sqrt(max(math.fsum(terms), 0.0))
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


def degrees_of_freedom(sample: Design, respondents: Mapping[Cell, int]) -> int:
    """R's degf for a domain: its respondents in the design (with an answer or not), less one,
    or, when the design is stratified, less the number of post-strata they are in.

    `respondents` are the domain's respondents per cell of the design (the whole: the design's
    own `respondents`); cells the design leaves out do not count.
    """
    counts = [n for cell, n in respondents.items() if n > 0 and cell in sample.weights]
    return sum(counts) - (len(counts) if sample.stratified else 1)


def logit_interval(result: Estimate, df: float) -> tuple[float, float] | None:
    """The 95 % interval of a share on the logit scale, as R's survey package gives it.

    R: svyciprop(~y, design, method = "logit") (and svyby(~y, ~area, design, svyciprop,
    method = "logit", vartype = "ci") per domain). The share's logit has the standard error
    se / (p (1 − p)) (svyglm's quasibinomial intercept, whose variance is the delta method's
    on svymean's se), and the bounds are expit(logit(p) ∓ t · se / (p (1 − p))) with t the 97.5 %
    quantile of Student's t on df degrees of freedom: R's default df = degf(design) of the
    domain, which `degrees_of_freedom` gives.
    The interval stays within 0 and 1 and is wider on the side away from 0 or 1, which the
    normal interval p ∓ 1.96 se is not; se is svymean's either way. (R's "logit" fits the glm
    iteratively, so its bounds differ from these exact ones by about 1e-11; "xlogit" is exact.)

    None when there is no estimate or standard error, or df < 1 (R: NaN). A share of 0 or 1, or
    a standard error of 0, gives the point itself: (p, p), as R does up to 1e-12.
    """
    p, se = result.estimate, result.se
    if p is None or se is None or not df >= 1:
        return None
    if p <= 0 or p >= 1 or se == 0:
        return (p, p)
    centre = math.log(p / (1 - p))
    half = t975(df) * se / (p * (1 - p))
    return (_expit(centre - half), _expit(centre + half))


def _expit(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


@functools.lru_cache(maxsize=4096)
def t975(df: float) -> float:
    """The 97.5 % quantile of Student's t on df degrees of freedom (R: qt(0.975, df)), to ~1e-14.

    df is a whole number (a count of respondents minus one) or inf (the normal quantile, Z95).
    Up to 2,000: Newton's method on the exact distribution function (Abramowitz and Stegun
    26.7.3–4: a finite sum in cos θ, θ = atan(t / √df)), from the Cornish–Fisher expansion
    (26.7.5); beyond that the expansion alone, whose error there is below 1e-14. Remembered per
    df: a page's intervals ask for the same few hundred, and each costs up to a millisecond.
    """
    if math.isinf(df):
        return Z95
    if df < 1 or df != int(df):
        raise ValueError(f"degrees of freedom must be a whole number from 1: {df}")
    z = Z95
    expansion = (
        z
        + (z**3 + z) / 4 / df
        + (5 * z**5 + 16 * z**3 + 3 * z) / 96 / df**2
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384 / df**3
        + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160 / df**4
    )
    if df > 2000:
        return expansion
    whole = int(df)
    t = expansion if whole > 2 else {1: 12.706204736174707, 2: 4.302652729749464}[whole]
    density_constant = math.exp(math.lgamma((whole + 1) / 2) - math.lgamma(whole / 2)) / math.sqrt(
        whole * math.pi
    )
    for _ in range(50):
        step = (_t_central(t, whole) - 0.95) / (
            2 * density_constant * (1 + t * t / whole) ** (-(whole + 1) / 2)
        )
        t -= step
        if abs(step) < 1e-15 * t:
            break
    return t


def _t_central(t: float, df: int) -> float:
    """P(|T| ≤ t) for Student's t on a whole number df of degrees of freedom (A&S 26.7.3–4)."""
    theta = math.atan(t / math.sqrt(df))
    sine, cosine2 = math.sin(theta), math.cos(theta) ** 2
    if df % 2 == 0:
        term, total = 1.0, 1.0
        for k in range(2, df, 2):  # (1·3···(k−1)) / (2·4···k) cos^k θ
            term *= (k - 1) / k * cosine2
            total += term
        return sine * total
    if df == 1:
        return 2 * theta / math.pi
    term = math.cos(theta)
    total = term
    for k in range(3, df - 1, 2):  # (2·4···(k−1)) / (1·3···k) cos^k θ
        term *= (k - 1) / k * cosine2
        total += term
    return 2 / math.pi * (theta + sine * total)


@dataclass
class CountTable:
    """A table of counts with its margins as published: None where a count is hidden."""

    cells: list[list[int | None]]
    rows: list[int | None]  # each row's total
    columns: list[int | None]  # each column's total
    whole: int | None


def count_table(cells: list[list[int]], minimum: int) -> CountTable:
    """Counts (of reports, say: not respondents) per row and column with the rows' and columns'
    totals, hidden where a small group could be read from them.

    A count above 0 and below `minimum` is hidden. A total is hidden too while the hidden counts
    it adds up, together, are above 0 and below `minimum` (the total minus the shown ones would
    tell them); the totals of the rows and of the columns add up to the whole, which is checked
    the same way, until nothing more needs hiding. Zeros are shown: they tell of no one.
    """
    width = len(cells[0]) if cells else 0
    row_totals = [sum(row) for row in cells]
    column_totals = [sum(row[j] for row in cells) for j in range(width)]
    whole = sum(row_totals)

    def small(n: int) -> bool:
        return 0 < n < minimum

    cell_hidden = [[small(n) for n in row] for row in cells]
    row_hidden = [small(n) for n in row_totals]
    column_hidden = [small(n) for n in column_totals]
    whole_hidden = small(whole)

    def exposed(values: list[int], hidden: list[bool]) -> bool:
        return small(sum(n for n, out in zip(values, hidden, strict=True) if out))

    changed = True
    while changed:
        changed = False
        for i, row in enumerate(cells):
            if not row_hidden[i] and exposed(row, cell_hidden[i]):
                row_hidden[i] = changed = True
        for j in range(width):
            column = [row[j] for row in cells]
            if not column_hidden[j] and exposed(column, [hidden[j] for hidden in cell_hidden]):
                column_hidden[j] = changed = True
        if not whole_hidden and (exposed(row_totals, row_hidden) or exposed(column_totals, column_hidden)):
            whole_hidden = changed = True

    def shown(n: int, hidden: bool) -> int | None:
        return None if hidden else n

    return CountTable(
        cells=[
            [shown(n, out) for n, out in zip(row, hidden, strict=True)]
            for row, hidden in zip(cells, cell_hidden, strict=True)
        ],
        rows=[shown(n, out) for n, out in zip(row_totals, row_hidden, strict=True)],
        columns=[shown(n, out) for n, out in zip(column_totals, column_hidden, strict=True)],
        whole=shown(whole, whole_hidden),
    )
