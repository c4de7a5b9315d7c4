"""`manage.py estimates`: weighted indicators from the running sums, equal to the direct computation."""

import csv
import io
import json
from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tryggve.core.models import Population
from tryggve.situation import collapsing, estimators, running_sums
from tryggve.situation.models import CellCount, PlaceCount, Tally
from tryggve.surveys.models import Answer, Response, Survey
from tryggve.surveys.responses import responses_counted

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("estimates", "halmstad", "trygghetsmatning-2019", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def direct(survey: Survey, values: set[int], area_id: int | None) -> estimators.Estimate:
    """The same estimate computed straight from the stored answers."""
    counted = Response.objects.filter(survey=survey, quarantined=False)
    respondents = Counter((r.area_id or 0, r.sex, r.age_band) for r in counted)
    population = {
        (p.area_id, p.sex, p.age_band): float(p.count) for p in Population.objects.filter(year=survey.year)
    }
    sums: dict[tuple[int, str, str], estimators.Sums] = {}
    answers = Answer.objects.filter(
        response__in=counted, question__code="unsafe_alone_evening", value__in=[1, 2, 3, 4]
    ).select_related("response")
    for answer in answers:
        response = answer.response
        if area_id is None or response.area_id == area_id:
            cell = (response.area_id or 0, response.sex, response.age_band)
            y = float(answer.value in values)
            sums[cell] = sums.get(cell, estimators.Sums()) + estimators.Sums(1, y, y)
    # Small cells joined by the same rule, weighted as response groups (situation.collapsing).
    collapsed = collapsing.collapse(respondents, population)
    return estimators.mean(collapsed.design(), collapsed.sums(sums))


def test_shares_per_area_equal_the_direct_computation(demo: None) -> None:
    survey = Survey.objects.get(slug="trygghetsmatning-2019")
    rows = list(
        csv.DictReader(
            io.StringIO(run("--question", "unsafe_alone_evening", "--values", "3,4", "--by", "area"))
        )
    )
    assert list(rows[0]) == ["area", "estimate", "se", "ci_low", "ci_high", "n", "suppressed"]
    assert rows[-1]["area"] == "ALL"
    whole = direct(survey, {3, 4}, None)
    assert float(rows[-1]["estimate"]) == pytest.approx(whole.estimate, abs=1e-12)
    assert float(rows[-1]["se"]) == pytest.approx(whole.se, abs=1e-12)
    andersberg = next(row for row in rows if row["area"] == "Andersberg")
    area = survey.municipality.areas.get(name="Andersberg")
    assert float(andersberg["estimate"]) == pytest.approx(direct(survey, {3, 4}, area.pk).estimate, abs=1e-12)
    # Invented answers make Andersberg feel less safe than the municipality as a whole.
    assert float(andersberg["estimate"]) > float(rows[-1]["estimate"])
    assert sum(int(row["n"]) for row in rows[:-1]) <= int(rows[-1]["n"])


def test_json_and_mean(demo: None) -> None:
    rows = json.loads(run("--question", "unsafe_alone_evening", "--mean", "--format", "json"))
    assert [row["area"] for row in rows] == ["ALL"]
    assert 1 <= rows[0]["estimate"] <= 4
    assert rows[0]["ci_low"] < rows[0]["estimate"] < rows[0]["ci_high"]


def test_small_areas_are_marked_with_a_second_one_where_needed(demo: None, settings: Any) -> None:
    rows = json.loads(
        run("--question", "unsafe_alone_evening", "--values", "3,4", "--by", "area", "--format", "json")
    )
    areas = [row for row in rows if row["area"] != "ALL"]
    settings.SITUATION_MIN_RESPONDENTS = sorted(row["n"] for row in areas)[0] + 1
    rows = json.loads(
        run("--question", "unsafe_alone_evening", "--values", "3,4", "--by", "area", "--format", "json")
    )
    hidden = [row for row in rows if row["suppressed"]]
    assert len(hidden) == 2  # the smallest, and one more so it cannot be worked out from ALL
    assert hidden[0]["estimate"] is not None  # staff still see the value


def test_unknown_question_or_values_say_so(demo: None) -> None:
    with pytest.raises(CommandError, match="ingen fråga"):
        run("--question", "no_such_question", "--mean")
    with pytest.raises(CommandError, match="svarskoder"):
        run("--question", "unsafe_alone_evening", "--values", "tre")


def test_running_sums_equal_a_rebuild_after_quarantine(demo: None) -> None:
    survey = Survey.objects.get(slug="trygghetsmatning-2019")
    response = Response.objects.filter(survey=survey, places__latitude__isnull=False).first()
    assert response is not None
    response.quarantined = True
    response.save()
    answers, places = list(response.answers.select_related("item")), list(response.places.all())
    responses_counted.send(Response, built=[(response, answers, places)], sign=-1)

    def snapshot() -> tuple[set[tuple[object, ...]], ...]:
        return (
            {t for t in Tally.objects.filter(survey=survey, count__gt=0).values_list(
                "question_id", "item", "area_key", "sex", "age_band", "value", "count")},
            {c for c in CellCount.objects.filter(survey=survey, respondents__gt=0).values_list(
                "area_key", "sex", "age_band", "respondents")},
            {p for p in PlaceCount.objects.filter(survey=survey, count__gt=0).values_list(
                "row", "column", "count")},
        )  # fmt: skip

    running = snapshot()
    running_sums.rebuild(survey)
    assert snapshot() == running
    assert (
        sum(int(str(count)) for *_key, count in running[1])
        == Response.objects.filter(survey=survey, quarantined=False).count()
    )


def test_an_indicator_nobody_answered_says_why(demo: None) -> None:
    survey = Survey.objects.get(slug="trygghetsmatning-2019")
    Answer.objects.filter(question=survey.questions.get(code="trust_kommun")).delete()
    running_sums.rebuild(survey)
    out, err = io.StringIO(), io.StringIO()
    arguments = ["--question", "trust_kommun", "--values", "3,4"]
    call_command("estimates", "halmstad", "trygghetsmatning-2019", *arguments, stdout=out, stderr=err)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows == [{"area": "ALL", "estimate": "", "se": "", "ci_low": "", "ci_high": "", "n": "0",
                     "suppressed": "true"}]  # fmt: skip
    assert "ALL: inga svarande i indikatorns bas" in err.getvalue()
