"""The estimates equal R's survey package (fixtures made by tests/fixtures/make_fixtures.R)."""

import csv
import math
from collections import Counter
from pathlib import Path

import pytest

from tryggve.situation import estimators

FIXTURES = Path(__file__).parent / "fixtures"
FOCUS = {"andersberg", "vallas"}


def read(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def cell_sums(
    rows: list[dict[str, str]], indicator: str, domain: str
) -> dict[tuple[str, ...], estimators.Sums]:
    sums: dict[tuple[str, ...], estimators.Sums] = {}
    for row in rows:
        in_domain = (
            domain == "ALL"
            or row["area"] == domain
            or (domain == "focus" and row["area"] in FOCUS)
            or (domain == "rest" and row["area"] not in FOCUS)
        )
        if in_domain and row[indicator] != "":
            y = float(row[indicator])
            cell = (row["area"], row["sex"], row["age_band"])
            sums[cell] = sums.get(cell, estimators.Sums()) + estimators.Sums(1, y, y * y)
    return sums


@pytest.fixture(scope="module")
def sample() -> tuple[list[dict[str, str]], estimators.Design]:
    rows = read("respondents.csv")
    respondents = Counter((row["area"], row["sex"], row["age_band"]) for row in rows)
    population = {
        (r["area"], r["sex"], r["age_band"]): float(r["population"]) for r in read("population.csv")
    }
    return rows, estimators.design(respondents, population)


def test_estimates_and_standard_errors_equal_r(
    sample: tuple[list[dict[str, str]], estimators.Design],
) -> None:
    rows, design = sample
    expected = read("expected.csv")
    assert len(expected) == 16  # both indicators: ALL, five areas, focus and rest
    for row in expected:
        found = estimators.mean(design, cell_sums(rows, row["indicator"], row["domain"]))
        assert found.estimate == pytest.approx(float(row["estimate"]), abs=1e-9), row
        assert found.se == pytest.approx(float(row["se"]), abs=1e-9), row


def test_the_whole_is_the_sum_of_its_areas(sample: tuple[list[dict[str, str]], estimators.Design]) -> None:
    rows, design = sample
    areas = ["andersberg", "vallas", "stadskarnan", "sondrum", "getinge"]
    combined = estimators.total(cell_sums(rows, "unsafe", area) for area in areas)
    assert estimators.mean(design, combined) == estimators.mean(design, cell_sums(rows, "unsafe", "ALL"))


def test_cells_that_cannot_be_weighted_are_named(
    sample: tuple[list[dict[str, str]], estimators.Design],
) -> None:
    _rows, design = sample
    assert design.without_respondents == [("getinge", "man", "16-24")]
    with_stray = estimators.design(
        {("a", "kvinna", "16-24"): 3, ("b", "man", "25-44"): 2}, {("a", "kvinna", "16-24"): 50}
    )
    assert with_stray.without_population == [("b", "man", "25-44")]
    assert with_stray.size == 3


def test_interval_uses_the_normal_quantile(sample: tuple[list[dict[str, str]], estimators.Design]) -> None:
    rows, design = sample
    found = estimators.mean(design, cell_sums(rows, "unsafe", "vallas"))
    assert found.estimate is not None and found.se is not None
    assert found.ci_low == pytest.approx(found.estimate - 1.959963984540054 * found.se)
    assert found.ci_high == pytest.approx(found.estimate + 1.959963984540054 * found.se)


def test_degenerate_data_says_why() -> None:
    design = estimators.design({"a": 1}, {"a": 100})
    assert estimators.mean(design, {}).reason == estimators.NO_BASE
    alone = estimators.mean(design, {"a": estimators.Sums(1, 1.0, 1.0)})
    assert (alone.estimate, alone.se, alone.reason) == (1.0, None, estimators.ONE_RESPONDENT)
    assert estimators.mean(estimators.design({}, {}), {}).estimate is None


def test_change_between_years() -> None:
    before, after = estimators.Estimate(0.30, 0.02, 500), estimators.Estimate(0.22, 0.02, 500)
    found = estimators.change(before, after)
    assert found is not None
    assert found.difference == pytest.approx(-0.08)
    assert found.p_value == pytest.approx(math.erfc(0.08 / math.hypot(0.02, 0.02) / math.sqrt(2)))
    assert found.significant
    assert not estimators.change(before, estimators.Estimate(0.29, 0.02, 500)).significant  # type: ignore[union-attr]
    assert estimators.change(before, estimators.Estimate(None, None, 0, estimators.NO_BASE)) is None
