"""Small weighting cells are joined by the documented rule, and the joined design equals R's.

The fixtures (tests/fixtures/collapsed_*.csv) are made by make_collapsed_fixtures.R, which
implements the rule of situation/collapsing.py again in R and estimates with the survey package
on the joined design: svymean, svyby and svyciprop(method = "logit" and "xlogit").
"""

import csv
from collections import Counter
from pathlib import Path

import pytest

from tryggve.situation import collapsing, estimators
from tryggve.situation.collapsing import Stratum

FIXTURES = Path(__file__).parent / "fixtures"
MINIMUM = 5  # the minimum make_collapsed_fixtures.R joins to

Cell = tuple[str, str, str]


def read(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def cell(row: dict[str, str]) -> Cell:
    return (row["area"], row["sex"], row["age_band"])


@pytest.fixture(scope="module")
def survey() -> tuple[list[dict[str, str]], collapsing.Collapsed]:
    rows = read("collapsed_respondents.csv")
    population = {cell(row): float(row["population"]) for row in read("collapsed_population.csv")}
    return rows, collapsing.collapse(Counter(cell(row) for row in rows), population, MINIMUM)


def sums(rows: list[dict[str, str]], indicator: str, domain: str) -> dict[Cell, estimators.Sums]:
    found: dict[Cell, estimators.Sums] = {}
    for row in rows:
        if (domain == "ALL" or row["area"] == domain) and row[indicator] != "":
            y = float(row[indicator])
            found[cell(row)] = found.get(cell(row), estimators.Sums()) + estimators.Sums(1, y, y * y)
    return found


def test_the_cells_are_joined_as_r_joins_them(
    survey: tuple[list[dict[str, str]], collapsing.Collapsed],
) -> None:
    _rows, collapsed = survey
    by_r: dict[str, set[Cell]] = {}
    for row in read("collapsed_strata.csv"):
        by_r.setdefault(row["stratum"], set()).add(cell(row))
    ours = {frozenset(stratum.cells) for stratum in collapsed.respondents if stratum.cells[0][1]}
    assert ours == {frozenset(cells) for cells in by_r.values()}


def test_every_post_stratum_but_the_unweighted_has_the_minimum(
    survey: tuple[list[dict[str, str]], collapsing.Collapsed],
) -> None:
    _rows, collapsed = survey
    design = collapsed.design()
    # The respondent who gave no sex has no population count: not joined, left out and named.
    stray = Stratum((("norr", "", "25-44"),))
    assert design.without_population == [stray]
    assert collapsed.stratum[("norr", "", "25-44")] == stray
    # Nobody answered in skogen, but its residents are represented (pooled with byn's two).
    assert design.without_respondents == []
    assert all(n >= MINIMUM for n in design.respondents.values())
    assert sum(collapsed.population.values()) == sum(
        float(row["population"]) for row in read("collapsed_population.csv")
    )


def test_what_was_joined_can_be_named(survey: tuple[list[dict[str, str]], collapsing.Collapsed]) -> None:
    _rows, collapsed = survey
    names = {stratum.describe(str.capitalize) for stratum in collapsed.joined}
    assert "Norr / kvinna / 16-24 + 25-44" in names  # step 1: adjacent age bands
    assert "Hamnen / kvinna + man / 65-84" in names  # step 2: hardly any man answered in hamnen
    pooled = next(name for name in names if name.startswith("Byn"))  # step 3: byn and skogen
    assert pooled == (
        "Byn / kvinna + man / 16-24 + 25-44 + 45-64 + 65-84; "
        "Skogen / kvinna + man / 16-24 + 25-44 + 45-64 + 65-84; "
        "Soder / man / 16-24 + 25-44 + 45-64"
    )
    assert all(len(stratum.cells) > 1 for stratum in collapsed.joined)
    assert Stratum((("norr", "kvinna", "45-64"),)) not in collapsed.joined


def test_estimates_intervals_and_degrees_of_freedom_equal_r(
    survey: tuple[list[dict[str, str]], collapsing.Collapsed],
) -> None:
    rows, collapsed = survey
    design = collapsed.design()  # R: svydesign(ids = ~1, strata = ~stratum, fpc = ~population)
    poststratified = estimators.design(collapsed.respondents, collapsed.population)  # R: postStratify
    expected = read("collapsed_expected.csv")
    assert len(expected) == 2 * 8  # two indicators: ALL and seven areas with respondents
    for row in expected:
        domain = collapsed.sums(sums(rows, row["indicator"], row["domain"]))
        found = estimators.mean(design, domain)
        assert found.estimate == pytest.approx(float(row["estimate"]), abs=1e-12), row
        assert found.se == pytest.approx(float(row["se"]), abs=1e-12), row
        other = estimators.mean(poststratified, domain)
        assert other.estimate == pytest.approx(float(row["poststratified_estimate"]), abs=1e-12), row
        assert other.se == pytest.approx(float(row["poststratified_se"]), abs=1e-12), row
        # R's degf: the domain's respondents in the design (answered or not), less its strata.
        respondents = collapsed.counts(Counter(cell(r) for r in rows if row["domain"] in ("ALL", r["area"])))
        df = estimators.degrees_of_freedom(design, respondents)
        assert df == int(row["df"]), row
        assert estimators.degrees_of_freedom(poststratified, respondents) == int(row["poststratified_df"])
        if row["indicator"] != "unsafe":
            continue
        interval = found.logit_interval(df)
        assert interval is not None
        if row["xlogit_low"]:
            # svyciprop(method = "xlogit") is the same formula, exactly; "logit" up to its glm fit.
            assert interval == pytest.approx((float(row["xlogit_low"]), float(row["xlogit_high"])), abs=1e-12)
            assert interval == pytest.approx((float(row["logit_low"]), float(row["logit_high"])), abs=1e-9)
        else:  # byn: nobody unsafe, R gives (0, NaN); Tryggve the point itself
            assert found.estimate == 0 and float(row["logit_low"]) == 0
            assert interval == (0.0, 0.0)


def test_a_cell_with_enough_respondents_is_left_alone() -> None:
    population = {("a", sex, band): 100.0 for sex in ("kvinna", "man") for band in ("16-24", "25-44", "65+")}
    respondents = dict.fromkeys(population, 7)
    collapsed = collapsing.collapse(respondents, population, 5)
    assert collapsed.joined == []
    assert collapsed.design().weights == {Stratum((c,)): 100 / 7 for c in population}


def test_age_bands_are_joined_in_age_order_with_the_smaller_neighbour() -> None:
    bands = ["9-15", "16-24", "25-44", "45-64", "65+"]  # "9-15" sorts after "65+" as text
    population = {("a", "kvinna", band): 100.0 for band in bands}
    counts = dict(zip(bands, [6, 2, 9, 4, 8], strict=True))
    collapsed = collapsing.collapse({("a", "kvinna", b): n for b, n in counts.items()}, population, 5)
    groups = sorted([c[2] for c in stratum.cells] for stratum in collapsed.respondents)
    # 16-24 (2) joins 9-15 (6, smaller than 25-44's 9); then 45-64 (4) joins 65+ (8).
    assert groups == [["25-44"], ["45-64", "65+"], ["9-15", "16-24"]]


def test_a_lone_area_below_the_minimum_stays_one_post_stratum() -> None:
    population = {("a", "kvinna", "16-24"): 50.0, ("a", "man", "16-24"): 40.0}
    collapsed = collapsing.collapse({("a", "kvinna", "16-24"): 2}, population, 5)
    assert list(collapsed.respondents.values()) == [2]
    assert collapsed.design().weights == {Stratum(tuple(sorted(population))): 45.0}


def test_logit_interval_degenerate_cases() -> None:
    share = estimators.Estimate(0.2, 0.05, 60)
    low, high = share.logit_interval(59)  # type: ignore[misc]
    assert low < 0.2 < high and high - 0.2 > 0.2 - low  # longer away from 0
    assert share.logit_interval(float("inf")) == pytest.approx(
        estimators.logit_interval(share, 10**9), abs=1e-9
    )
    assert share.logit_interval(0) is None
    assert estimators.Estimate(None, None, 0, estimators.NO_BASE).logit_interval(10) is None
    assert estimators.Estimate(1.0, 0.0, 40).logit_interval(39) == (1.0, 1.0)
    with pytest.raises(ValueError, match="whole number"):
        share.logit_interval(2.5)


def test_t_quantile_equals_r() -> None:
    # R: qt(0.975, df)
    for df, quantile in [
        (1, 12.706204736174694),
        (2, 4.3026527297494619),
        (5, 2.5705818356363137),
        (39, 2.0226909200367604),
        (59, 2.000995378088267),
        (351, 1.9667455609476518),
        (1799, 1.9612835181402226),
        (2001, 1.961150232622441),
        (10**6, 1.9599663568141066),
    ]:
        assert estimators.t975(df) == pytest.approx(quantile, rel=1e-13), df


def test_a_response_group_of_one_adds_no_variance_as_r_certainty() -> None:
    # R: options(survey.lonely.psu = "certainty"); svydesign(ids = ~1, strata = ~s, fpc = ~N)
    # with A (N 100): y = 1, 0, 1 and B (N 50): y = 1 gives 0.777777777777778, se 0.21886350670658.
    design = estimators.design({"A": 3, "B": 1}, {"A": 100, "B": 50}, stratified=True)
    found = estimators.mean(design, {"A": estimators.Sums(3, 2.0, 2.0), "B": estimators.Sums(1, 1.0, 1.0)})
    assert found.estimate == pytest.approx(0.77777777777777779, abs=1e-15)
    assert found.se == pytest.approx(0.21886350670658009, abs=1e-15)
    assert estimators.degrees_of_freedom(design, design.respondents) == 2
