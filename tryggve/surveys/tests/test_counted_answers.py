"""Which answers the lägesbild counts is part of the question (issue 22.4): Option.counted.

Set in the template, kept in the survey definition and its copies, ticked by analysts in the
admin; where nothing is ticked, the steps strictly above the middle of an odd scale and the
upper half of an even one. Answers outside the scale ("Vet ej") are never counted.
"""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tryggve.surveys.definition import build_survey, copy_survey, survey_definition
from tryggve.surveys.models import Question, Survey
from tryggve.surveys.standard_questions import DONT_KNOW, option, question, t
from tryggve.testing import form_data, small_municipality

from .conftest import analyst_of, open_survey

pytestmark = pytest.mark.django_db


def counted(found: Question) -> list[str]:
    return [o.label for o in found.counted_options()]  # in Swedish, the tests' language


def steps(*labels: str) -> list[dict[str, object]]:
    return [option(code, t(label, label, label)) for code, label in enumerate(labels, start=1)]


def scales_survey() -> Survey:
    """A survey with a 5-, a 3-, a 4- and a 2-step scale question, each with "Vet ej"."""
    five = steps("Mycket litet", "Ganska litet", "Varken eller", "Ganska stort", "Mycket stort")
    three = steps("Sällan", "Ibland", "Ofta")
    four = steps("Mycket trygg", "Ganska trygg", "Ganska otrygg", "Mycket otrygg")
    two = steps("Nej", "Ja")
    definition = {
        "title": t("Skalor", "Scales", "Scales"),
        "pages": [
            {
                "title": t("Sida", "Page", "Page"),
                "questions": [
                    question(code, "scale", t(code, code, code), options=[*scale, DONT_KNOW])
                    for code, scale in (("five", five), ("three", three), ("four", four), ("two", two))
                ],
            }
        ],
    }
    return build_survey(
        definition,
        municipality=small_municipality().municipality,
        year=2024,
        slug="skalor",
        opens=date(2024, 3, 1),
        closes=date(2024, 3, 31),
    )


def test_by_default_only_the_steps_above_the_middle_are_counted() -> None:
    questions = {q.code: q for q in scales_survey().questions.all()}
    assert counted(questions["five"]) == ["Ganska stort", "Mycket stort"]
    assert counted(questions["three"]) == ["Ofta"]
    assert counted(questions["four"]) == ["Ganska otrygg", "Mycket otrygg"]
    assert counted(questions["two"]) == ["Ja"]
    for found in questions.values():
        assert "Vet ej" not in counted(found)
    assert "Varken eller" not in counted(questions["five"]) and "Ibland" not in counted(questions["three"])


def test_ticked_answers_are_counted_instead_of_the_default() -> None:
    five = scales_survey().questions.get(code="five")
    five.options.filter(code__in=[3, 4, 5]).update(counted=True)
    assert counted(Question.objects.get(pk=five.pk)) == ["Varken eller", "Ganska stort", "Mycket stort"]


def test_an_answer_outside_the_scale_cannot_be_counted() -> None:
    dont_know = scales_survey().questions.get(code="five").options.get(is_special=True)
    dont_know.counted = True
    with pytest.raises(ValidationError, match="utanför skalan"):
        dont_know.full_clean()


def test_the_templates_questions_carry_their_counted_answers() -> None:
    questions = {q.code: q for q in open_survey().questions.all()}
    assert counted(questions["unsafe_alone_evening"]) == ["Ganska otrygg", "Mycket otrygg"]
    for code in ("trust_police", "trust_kommun"):
        assert counted(questions[code]) == ["Ganska stort", "Mycket stort"]
    assert counted(questions["neighbourhood_problems"]) == [
        "Ett ganska stort problem",
        "Ett mycket stort problem",
    ]
    # Avoided at all: not the 3-step default (the last step alone).
    assert counted(questions["avoided_activity"]) == ["Ja, någon gång", "Ja, flera gånger"]
    for found in questions.values():
        assert not any(o.counted for o in found.options.all() if o.is_special or found.kind == "single")


def test_the_definition_and_a_copied_survey_keep_the_counted_answers() -> None:
    survey = open_survey()
    trust = survey.questions.get(code="trust_police")
    trust.options.filter(code=3).update(counted=False)  # an analyst's choice: only "Mycket stort"
    definition = survey_definition(survey)
    exported = next(q for p in definition["pages"] for q in p["questions"] if q["code"] == "trust_police")
    assert [o["code"] for o in exported["options"] if o["counted"]] == [4]
    copy = copy_survey(survey, year=survey.year + 1, slug="nasta", opens=survey.opens, closes=survey.closes)
    assert survey_definition(copy)["pages"] == definition["pages"]
    assert counted(copy.questions.get(code="trust_police")) == ["Mycket stort"]
    assert counted(copy.questions.get(code="unsafe_alone_evening")) == ["Ganska otrygg", "Mycket otrygg"]


def test_an_analyst_ticks_the_counted_answers_in_the_admin(client: Client) -> None:
    survey = open_survey()
    client.force_login(analyst_of(survey))
    trust = survey.questions.get(code="trust_police")
    url = reverse("admin:surveys_question_change", args=[trust.pk])
    page = client.get(url)
    assert "Räknas i lägesbilden" in page.content.decode()
    data = form_data(page)
    forms = {o.code: i for i, o in enumerate(page.context["inline_admin_formsets"][0].formset.queryset)}
    data.pop(f"options-{forms[3]}-counted")  # "Ganska stort" no longer counted
    data[f"options-{forms[2]}-counted"] = "on"  # "Ganska litet" counted instead
    assert client.post(url, data).status_code == 302
    assert counted(Question.objects.get(pk=trust.pk)) == ["Ganska litet", "Mycket stort"]
    data[f"options-{forms[9]}-counted"] = "on"  # "Vet ej" cannot be
    page = client.post(url, data)
    assert page.status_code == 200 and "utanför skalan" in page.content.decode()


def test_the_migration_keeps_what_existing_even_scales_published() -> None:
    """surveys.0005 ticks the upper half of even scales (4 steps: the last 2) and leaves odd ones
    to the new default, which no longer counts their middle step."""
    mark_even_scales = importlib.import_module(
        "tryggve.surveys.migrations.0005_option_counted"
    ).mark_even_scales
    questions = {q.code: q for q in scales_survey().questions.all()}
    mark_even_scales(apps, None)
    ticked = {code: [o.code for o in q.options.all() if o.counted] for code, q in questions.items()}
    assert ticked == {"five": [], "three": [], "four": [3, 4], "two": [2]}
