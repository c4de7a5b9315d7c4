"""Indicators: baseline and target from the lägesbild or the log, and the latest value."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tryggve.core.models import Area
from tryggve.followup.indicators import check, measure
from tryggve.followup.models import ActivityLog, Indicator
from tryggve.promises.models import Activity
from tryggve.situation import references
from tryggve.situation.models import Situation


def controls() -> Activity:
    return Activity.objects.get(promise__municipality__slug="halmstad", promise__cycle__year=2019, order=0)


def test_a_survey_indicator_reads_its_baseline_and_later_years_from_the_adopted_lägesbilder(
    demo: None,
) -> None:
    vallas = Area.objects.get(slug="vallas")
    code = "neighbourhood_problems.disturbing_traffic"
    indicator = Indicator(activity=controls(), kind="survey", code=code, area=vallas, baseline_year=2018,
                          target_year=2021, target=0.2)  # fmt: skip
    measured = measure(indicator, date(2026, 1, 1))
    place = vallas.municipality
    assert measured.baseline == references.find(place, 2018, "survey", code, vallas).value  # type: ignore[union-attr]
    assert measured.latest == (2019, references.find(place, 2019, "survey", code, vallas).value)  # type: ignore[union-attr]
    assert measured.kind == "share"
    assert Situation.objects.filter(municipality=place, year__gt=2019).count() == 0  # 2020–2021: none yet


def test_a_log_indicator_counts_the_logged_quantity_per_year(demo: None) -> None:
    activity = controls()
    ActivityLog.objects.create(
        activity=activity, done_on=date(2019, 5, 1), quantity=5, organisation=activity.responsible.get()
    )
    logged = sum(entry.quantity for entry in activity.log.filter(done_on__year=2019))
    indicator = Indicator(activity=activity, kind="log", baseline_year=2018, target_year=2019, target=24)
    measured = measure(indicator, date(2026, 1, 1))
    assert (measured.baseline, measured.values) == (0.0, [(2019, float(logged))])


def test_an_indicator_without_a_figure_needs_a_baseline(demo: None) -> None:
    indicator = Indicator(
        activity=controls(), kind="survey", code="unknown", baseline_year=2018, target_year=2021, target=1
    )
    with pytest.raises(ValidationError, match="ange utgångsvärdet själv"):
        check(indicator)
    indicator.baseline = 0.5
    check(indicator)
    indicator.target_year = 2017
    with pytest.raises(ValidationError):
        check(indicator)
