"""Did the promise help? The difference in differences equals R's survey package (issue 21.1).

tests/fixtures/make_fixtures.R draws two independent surveys of five areas and computes, with
R's survey package, focus (Andersberg, Vallås) and rest before and after, their changes, the
contrast focus - rest of each survey (its covariance included) and the difference in
differences. The pure part checks situation.estimators and followup.evaluation.combine on the sums;
the end-to-end part answers the same respondents into two surveys of a small municipality and
reads `manage.py evaluate_promise --format csv`.
"""

import csv
import io
import math
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from tryggve.core.models import Area, Cycle, Municipality, Population
from tryggve.followup import evaluation
from tryggve.promises.models import FocusArea, Promise
from tryggve.situation import estimators
from tryggve.surveys.definition import build_survey
from tryggve.surveys.responses import ResponseBuilder, save_responses, survey_questions
from tryggve.surveys.standard_questions import TEMPLATE

from .fixtures import FIXTURES

FOCUS = {"andersberg", "vallas"}
AREAS = {
    "andersberg": "Andersberg",
    "vallas": "Vallås",
    "stadskarnan": "Stadskärnan",
    "sondrum": "Söndrum",
    "getinge": "Getinge",
}
SEX = {"kvinna": 1, "man": 2}
AGE_BAND = {"16-24": 1, "25-44": 2, "45-64": 3, "65+": 4}
YEAR = {"before": 2018, "after": 2019}
RELATIVE = 1e-9


def read(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def expected(indicator: str, design: str) -> dict[str, dict[str, str]]:
    return {
        row["quantity"]: row
        for row in read("expected.csv")
        if row["indicator"] == indicator and row["design"] == design
    }


def y(row: dict[str, str], indicator: str) -> float | None:
    if indicator == "unsafe":
        code = int(row["unsafe_alone_evening"])
        return None if code in (8, 9) else float(code in (3, 4))
    return float(row["years_in_area"]) if row["years_in_area"] else None


def assert_equal(found: estimators.Estimate, row: dict[str, str], name: str) -> None:
    for key, value in (
        ("estimate", found.estimate),
        ("se", found.se),
        ("ci_low", found.ci_low),
        ("ci_high", found.ci_high),
    ):
        assert value == pytest.approx(float(row[key]), rel=RELATIVE, abs=1e-13), (name, key)
    assert found.n == int(row["n"]), name


@pytest.mark.parametrize("indicator", ["unsafe", "years"])
@pytest.mark.parametrize("design", ["area", "crossing"])
def test_every_quantity_equals_r(indicator: str, design: str) -> None:
    """Post-strata of area x sex x age band (Tryggve's), and of sex x age band only, where focus
    and rest share post-strata and their covariance within a survey is not zero."""
    respondents, population = read("respondents.csv"), read("population.csv")

    def cell(row: dict[str, str]) -> tuple[str, ...]:
        key = (row["sex"], row["age_band"])
        return (row["area"], *key) if design == "area" else key

    parts: dict[str, tuple[estimators.Estimate, estimators.Estimate, estimators.Estimate]] = {}
    for survey, year in YEAR.items():
        rows = [row for row in respondents if row["survey"] == survey]
        counts: Counter[tuple[str, ...]] = Counter()
        for row in population:
            if int(row["year"]) == year:
                counts[cell(row)] += int(row["population"])
        sample = estimators.design(Counter(cell(row) for row in rows), counts)
        sums: dict[bool, dict[tuple[str, ...], estimators.Sums]] = {True: {}, False: {}}
        for row in rows:
            value = y(row, indicator)
            if value is not None:
                domain = sums[row["area"] in FOCUS]
                domain[cell(row)] = domain.get(cell(row), estimators.Sums()) + estimators.Sums(
                    1, value, value * value
                )
        parts[survey] = (
            estimators.mean(sample, sums[True]),
            estimators.mean(sample, sums[False]),
            estimators.difference(sample, sums[True], sums[False]),
        )
    r = expected(indicator, design)
    found = evaluation.combine(*parts["before"], *parts["after"])
    assert list(found) == evaluation.QUANTITIES
    for name, estimate in found.items():
        assert_equal(estimate, r[name], name)
    assert_equal(parts["before"][2], r["difference_before"], "difference_before")
    assert_equal(parts["after"][2], r["difference_after"], "difference_after")
    if design == "crossing":
        # Shared post-strata: the contrast's variance is not the sum of the two variances.
        focus, rest, contrast = parts["before"]
        assert focus.se is not None and rest.se is not None and contrast.se is not None
        covariance = (focus.se**2 + rest.se**2 - contrast.se**2) / 2
        assert covariance == pytest.approx(float(r["difference_before"]["covariance"]), rel=1e-7)
        assert abs(covariance) > 1e-6


def test_the_contrast_of_disjoint_cells_adds_the_variances() -> None:
    sample = estimators.design({"a": 3, "b": 4}, {"a": 30.0, "b": 50.0})
    first = {"a": estimators.Sums(3, 2.0, 2.0)}
    second = {"b": estimators.Sums(4, 1.0, 1.0)}
    one, other = estimators.mean(sample, first), estimators.mean(sample, second)
    contrast = estimators.difference(sample, first, second)
    assert one.se is not None and other.se is not None and contrast.se is not None
    assert contrast.estimate == pytest.approx(2 / 3 - 1 / 4)
    assert contrast.se == pytest.approx(math.hypot(one.se, other.se))
    assert estimators.difference(sample, first, {}).reason == estimators.NO_BASE


# The same respondents, answered into two surveys of a municipality with a promise.


def town(rows: list[dict[str, str]] | None = None) -> Municipality:
    """Trestad: the fixture's five areas, its population and respondents, a 2019 promise whose
    focus areas are Andersberg and Vallås, fed by the 2018 survey."""
    rows = read("respondents.csv") if rows is None else rows
    place = Municipality.objects.create(name="Trestad", official_name="Trestads kommun", slug="trestad")
    whole = Area.objects.create(
        municipality=place, name="Trestads kommun", slug="trestad", kind="municipality"
    )
    areas = {
        slug: Area.objects.create(municipality=place, name=name, slug=slug, parent=whole)
        for slug, name in AREAS.items()
    }
    Population.objects.bulk_create(
        Population(
            area=areas[row["area"]],
            year=int(row["year"]),
            sex=row["sex"],
            age_band=row["age_band"],
            count=int(row["population"]),
        )
        for row in read("population.csv")
    )
    for survey, year in YEAR.items():
        built = build_survey(
            TEMPLATE,
            municipality=place,
            year=year,
            slug=f"trygghetsmatning-{year}",
            opens=date(year, 10, 1),
            closes=date(year, 11, 1),
        )
        builder = ResponseBuilder(built, survey_questions(built))
        answers = []
        for row in rows:
            if row["survey"] != survey:
                continue
            given: dict[str, Any] = {
                "area": areas[row["area"]].pk,
                "sex": SEX[row["sex"]],
                "age_band": AGE_BAND[row["age_band"]],
                "unsafe_alone_evening": int(row["unsafe_alone_evening"]),
            }
            if row["years_in_area"]:
                given["years_in_area"] = int(row["years_in_area"])
            answers.append(builder.build(given, received_on=built.opens))
        save_responses(answers)
    promise = Promise.objects.create(
        municipality=place,
        cycle=Cycle.objects.create(municipality=place, year=2019),
        status=Promise.Status.PUBLISHED,
        pledge_sv="Vi lovar.",
    )
    for order, slug in enumerate(sorted(FOCUS)):
        FocusArea.objects.create(promise=promise, area=areas[slug], order=order)
    return place


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("evaluate_promise", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_gives_r_s_numbers_from_the_stored_answers() -> None:
    town()
    for indicator, chosen in (("unsafe", ["--values", "3,4"]), ("years", ["--mean"])):
        question = "unsafe_alone_evening" if indicator == "unsafe" else "years_in_area"
        output = run("trestad", "2019", "--question", question, *chosen, "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(output)))
        assert output.splitlines()[0] == "quantity,estimate,se,ci_low,ci_high,n,suppressed"
        assert [row["quantity"] for row in rows] == evaluation.QUANTITIES
        # Tryggve's design: small cells joined, post-strata as response groups, shares' intervals
        # on the logit scale (situation.collapsing; the fixture's "collapsed" design).
        r = expected(indicator, "collapsed")
        for row in rows:
            found = estimators.Estimate(float(row["estimate"]), float(row["se"]), int(row["n"]))
            for key in ("estimate", "se"):
                assert getattr(found, key) == pytest.approx(float(r[row["quantity"]][key]), rel=RELATIVE)
            assert found.n == int(r[row["quantity"]]["n"])
            for key in ("ci_low", "ci_high"):
                assert float(row[key]) == pytest.approx(float(r[row["quantity"]][key]), rel=RELATIVE)
            assert row["suppressed"] == "false"
