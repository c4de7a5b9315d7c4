"""The lägesbild counts each question's counted answers and says which (issue 22.4).

Until now it counted the upper half of every scale, the middle step of an odd one included, so
a neutral answer was published as, say, trust in the police. A small municipality answers a
5-, a 3- and a 4-step scale once on every step (and once "Vet ej"), all in one weighting cell,
so each share is the counted answers over the answers on the scale.
"""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tryggve.core.models import Membership, Population
from tryggve.situation.models import Situation
from tryggve.surveys.definition import build_survey
from tryggve.surveys.models import Survey
from tryggve.surveys.responses import ResponseBuilder, save_responses, survey_questions
from tryggve.surveys.standard_questions import DONT_KNOW, option, question, t
from tryggve.testing import SmallMunicipality, assert_valid_html, form_data, small_municipality

from .helpers import built, table

pytestmark = pytest.mark.django_db

SCALES = {
    "trust_five": ["Mycket litet", "Ganska litet", "Varken eller", "Ganska stort", "Mycket stort"],
    "often_three": ["Sällan", "Ibland", "Ofta"],
    "unsafe_four": ["Mycket trygg", "Ganska trygg", "Ganska otrygg", "Mycket otrygg"],
}


def same(text: str) -> dict[str, str]:
    return t(text, text, text)


def answered_survey(place: SmallMunicipality | None = None, year: int = 2024) -> Survey:
    place = place or small_municipality()
    Population.objects.create(area=place.north, year=year, sex="kvinna", age_band="25-44", count=1000)
    background = [
        question("area", "area", same("Område"), weighting="area"),
        question(
            "sex",
            "single",
            same("Kön"),
            weighting="sex",
            options=[option(1, same("Kvinna"), population="kvinna")],
        ),
        question(
            "age_band",
            "single",
            same("Ålder"),
            weighting="age_band",
            options=[option(1, same("25–44"), population="25-44")],
        ),
    ]
    scales = [
        question(
            code,
            "scale",
            same(code),
            options=[*(option(i, same(s)) for i, s in enumerate(steps, 1)), DONT_KNOW],
        )
        for code, steps in SCALES.items()
    ]
    survey = build_survey(
        {"title": same("Skalor"), "pages": [{"title": same("Sida"), "questions": [*background, *scales]}]},
        municipality=place.municipality,
        year=year,
        slug=f"skalor-{year}",
        opens=date(year, 3, 1),
        closes=date(year, 3, 31),
    )
    builder = ResponseBuilder(survey, survey_questions(survey))
    given = []
    for code, steps in SCALES.items():
        for value in [*range(1, len(steps) + 1), 9]:
            given.append({"area": place.north.pk, "sex": 1, "age_band": 1, code: value})
    save_responses([builder.build(answers, received_on=survey.opens) for answers in given])
    return survey


def indicators(survey: Survey) -> dict[str, dict[str, Any]]:
    found = built(survey)["indicators"]
    return {i["code"]: {**i, "all": next(r for r in i["rows"] if r["area"] == "ALL")} for i in found}


def test_odd_scales_count_only_the_steps_above_the_middle_and_even_ones_the_upper_half() -> None:
    found = indicators(answered_survey())
    five, three, four = found["trust_five"], found["often_three"], found["unsafe_four"]
    assert five["values"] == [4, 5] and five["counts"]["sv"] == "Ganska stort eller Mycket stort"
    assert three["values"] == [3] and three["counts"]["sv"] == "Ofta"
    assert four["values"] == [3, 4] and four["counts"]["sv"] == "Ganska otrygg eller Mycket otrygg"
    # The middle answer ("Varken eller", "Ibland") and "Vet ej" are never counted.
    assert five["all"]["estimate"] == pytest.approx(2 / 5) and five["all"]["n"] == 5
    assert three["all"]["estimate"] == pytest.approx(1 / 3) and three["all"]["n"] == 3
    assert four["all"]["estimate"] == pytest.approx(2 / 4) and four["all"]["n"] == 4
    assert five["all"]["outside_scale"] == three["all"]["outside_scale"] == 1


def test_an_analysts_choice_in_the_admin_changes_what_is_counted_and_the_label(client: Client) -> None:
    survey = answered_survey()
    analyst = User.objects.create_user("analytiker", is_staff=True)
    kommun = survey.municipality.organisations.get()
    Membership.objects.create(
        user=analyst, organisation=kommun, municipality=survey.municipality, role=Membership.Role.ANALYST
    )
    client.force_login(analyst)
    trust = survey.questions.get(code="trust_five")
    url = reverse("admin:surveys_question_change", args=[trust.pk])
    page = client.get(url)
    data = form_data(page)
    forms = {o.code: i for i, o in enumerate(page.context["inline_admin_formsets"][0].formset.queryset)}
    for code in (3, 4, 5):  # the neutral middle counted too, as an analyst may decide
        data[f"options-{forms[code]}-counted"] = "on"
    assert client.post(url, data).status_code == 302

    five = indicators(survey)["trust_five"]
    assert five["values"] == [3, 4, 5]
    assert five["counts"]["sv"] == "Varken eller, Ganska stort eller Mycket stort"
    assert five["all"]["estimate"] == pytest.approx(3 / 5)
    staff = f"/{survey.municipality.slug}/lagesbild/2024/personal/"
    rows = table(client.get(staff + "tabell.csv").content)
    assert {r["counted_answers"] for r in rows if r["indicator"] == "trust_five"} == {
        "Varken eller, Ganska stort eller Mycket stort"
    }
    page = client.get(staff)
    assert_valid_html(page.content)
    assert "Varken eller, Ganska stort eller Mycket stort" in page.content.decode()


def test_no_change_is_shown_against_an_adopted_year_that_counted_other_answers(settings: Any) -> None:
    settings.SITUATION_MIN_RESPONDENTS = 1
    place = small_municipality()
    before = answered_survey(place, 2023)
    Situation.objects.create(
        municipality=place.municipality, year=2023, version=1, survey=before, adopted_on=date(2024, 1, 10),
        decision="KS § 1", data=built(before), public=True,
    )  # fmt: skip
    survey = answered_survey(place, 2024)
    survey.questions.get(code="trust_five").options.filter(code__in=[3, 4, 5]).update(counted=True)
    found = indicators(survey)
    assert found["unsafe_four"]["all"]["previous"] == pytest.approx(2 / 4)
    assert found["unsafe_four"]["all"]["change"] == pytest.approx(0)
    assert found["trust_five"]["values"] == [3, 4, 5]
    assert found["trust_five"]["all"]["previous"] is None and found["trust_five"]["all"]["change"] is None
