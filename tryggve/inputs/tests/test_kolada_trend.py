"""The trend of a Kolada figure in the lägesbild: the latest year against the one before, and
the least-squares slope over the last five years (pure; the lägesbild freezes what it gives)."""

import pytest

from tryggve.inputs.kolada import trend


def test_the_slope_a_year_and_its_share_of_the_mean_give_the_direction() -> None:
    found = trend([(2016, 110.0), (2015, 100.0), (2017, 120.0)])
    assert found["slope"] == pytest.approx(10.0) and found["slope_percent"] == pytest.approx(100 * 10 / 110)
    assert (found["from_year"], found["to_year"], found["direction"]) == (2015, 2017, "up")
    assert (found["latest"], found["previous"], found["change"]) == (120.0, 110.0, 10.0)
    assert found["change_percent"] == pytest.approx(100 * 10 / 110)
    assert trend([(2015, 100.0), (2016, 90.0), (2017, 80.0)])["direction"] == "down"
    assert trend([(2015, 100.0), (2016, 101.0), (2017, 100.5)])["direction"] == "flat"


def test_only_the_last_five_years_with_a_figure_count() -> None:
    points = [(2010, 1000.0), (2011, None), *[(year, 100.0) for year in range(2015, 2020)]]
    found = trend(points)
    assert (found["from_year"], found["to_year"], found["slope"]) == (2015, 2019, 0.0)
    assert found["direction"] == "flat"


def test_too_few_figures_give_no_direction_but_the_change() -> None:
    found = trend([(2018, 50.0), (2019, None), (2020, 55.0)])
    assert found["direction"] == "" and found["slope"] is None
    assert (found["previous_year"], found["latest_year"], found["change"]) == (2018, 2020, 5.0)
    assert trend([])["latest"] is None
