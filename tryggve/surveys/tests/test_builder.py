"""Analysts build surveys in the admin: from the template, as a copy, with validated questions."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tryggve.core.models import Municipality
from tryggve.surveys.definition import survey_definition
from tryggve.surveys.models import QuarantineLog, Question, Response, Survey
from tryggve.surveys.standard_questions import TEMPLATE

pytestmark = pytest.mark.django_db


def login(client: Client, username: str) -> Client:
    client.force_login(User.objects.get(username=username))
    return client


def test_analyst_creates_a_survey_from_the_template(client: Client, demo: None) -> None:
    login(client, "samordnare.laholm")
    url = reverse("admin:surveys_survey_from_template")
    form = client.get(url).content.decode()
    assert "Laholm" in form and "Halmstad" not in form.split("<form", 1)[1]
    response = client.post(
        url,
        {
            "municipality": Municipality.objects.get(slug="laholm").pk,
            "year": 2027,
            "slug": "trygghet-2027",
            "opens": "2027-10-01",
            "closes": "2027-10-31",
        },
    )
    survey = Survey.objects.get(municipality__slug="laholm", slug="trygghet-2027")
    assert response["Location"] == reverse("admin:surveys_survey_change", args=[survey.pk])
    definition = survey_definition(survey)
    assert definition["pages"] == TEMPLATE["pages"]
    unsafe = survey.questions.get(code="unsafe_alone_evening")
    scale = {option.code: option.is_special for option in unsafe.options.all()}
    assert scale == {1: False, 2: False, 3: False, 4: False, 8: True, 9: True}
    assert getattr(unsafe, "text_ar") and getattr(unsafe, "text_en")  # noqa: B009


def test_template_form_refuses_closing_before_opening(client: Client, demo: None) -> None:
    login(client, "samordnare.laholm")
    response = client.post(
        reverse("admin:surveys_survey_from_template"),
        {
            "municipality": Municipality.objects.get(slug="laholm").pk,
            "year": 2027,
            "slug": "x",
            "opens": "2027-10-31",
            "closes": "2027-10-01",
        },
    )
    assert "Enkäten kan inte stänga innan den öppnar." in response.content.decode()
    assert not Survey.objects.filter(slug="x").exists()


def test_copy_to_next_year_keeps_questions_and_moves_dates(client: Client, demo: None) -> None:
    source = Survey.objects.get(slug="trygghetsmatning-2019")
    login(client, "samordnare.halmstad").post(
        reverse("admin:surveys_survey_changelist"),
        {"action": "copy_to_next_year", "_selected_action": [source.pk]},
    )
    copy = Survey.objects.get(municipality=source.municipality, slug="trygghetsmatning-2020")
    assert (copy.year, str(copy.opens), str(copy.closes)) == (2020, "2020-10-28", "2020-11-24")
    assert survey_definition(copy)["pages"] == survey_definition(source)["pages"]
    assert not copy.responses.exists()


def test_analysts_of_another_municipality_do_not_see_the_survey(client: Client, demo: None) -> None:
    page = login(client, "samordnare.laholm").get(reverse("admin:surveys_survey_changelist"))
    assert "trygghetsmatning-2019" not in page.content.decode()
    survey = Survey.objects.get(slug="trygghetsmatning-2019")
    assert client.get(reverse("admin:surveys_survey_change", args=[survey.pk])).status_code == 302


def test_skip_logic_must_point_back_to_an_option_question(demo: None) -> None:
    survey = Survey.objects.get(slug="trygghetsmatning-2019")
    reported = survey.questions.get(code="victim_reported")
    reported.show_if = survey.questions.get(code="safer_text")
    with pytest.raises(ValidationError, match="svarsalternativ"):
        reported.full_clean()
    reported.show_if = survey.questions.get(code="unsafe_places")
    with pytest.raises(ValidationError):
        reported.full_clean()
    area = survey.questions.get(code="area")
    area.show_if = survey.questions.get(code="unsafe_alone_evening")
    area.show_if_values = [3, 4]
    with pytest.raises(ValidationError, match="tidigare"):
        area.full_clean()
    bad_code = Question(survey=survey, page=area.page, code="Otrygg kväll", kind="scale", text_sv="x")
    with pytest.raises(ValidationError, match="små bokstäver"):
        bad_code.full_clean()


def test_quarantine_needs_a_reason_and_is_logged(client: Client, demo: None) -> None:
    response = Response.objects.filter(survey__slug="trygghetsmatning-2019").first()
    assert response is not None
    url = reverse("admin:surveys_response_change", args=[response.pk])
    login(client, "kommunpolis")
    page = client.post(
        url,
        {"quarantined": "on", "quarantine_reason": "", "answers-TOTAL_FORMS": 0, "answers-INITIAL_FORMS": 0},
    )
    assert "Skriv varför" in page.content.decode()
    response.refresh_from_db()
    assert not response.quarantined
    client.post(
        url,
        {
            "quarantined": "on",
            "quarantine_reason": "Samma svar 40 gånger",
            "answers-TOTAL_FORMS": 0,
            "answers-INITIAL_FORMS": 0,
        },
    )
    response.refresh_from_db()
    assert response.quarantined
    entry = QuarantineLog.objects.get(response=response)
    assert (
        entry.reason == "Samma svar 40 gånger" and entry.by is not None and entry.by.username == "kommunpolis"
    )


def test_partner_reporters_cannot_read_responses(client: Client, demo: None) -> None:
    page = login(client, "hfab.rapportor").get(reverse("admin:surveys_response_changelist"))
    assert page.status_code == 403


def test_analyst_opens_every_builder_page(client: Client, demo: None) -> None:
    login(client, "samordnare.halmstad")
    survey = Survey.objects.get(slug="trygghetsmatning-2019")
    question = survey.questions.get(code="neighbourhood_problems")
    for url in (
        reverse("admin:surveys_survey_changelist"),
        reverse("admin:surveys_survey_change", args=[survey.pk]),
        reverse("admin:surveys_question_changelist") + f"?survey__id__exact={survey.pk}",
        reverse("admin:surveys_question_change", args=[question.pk]),
        reverse("admin:surveys_freetext_changelist"),
        reverse("admin:surveys_placemark_changelist"),
        reverse("admin:surveys_response_changelist"),
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("admin:surveys_question_change", args=[question.pk])).content.decode()
    # Translation tabs for every language, and the matrix items inline.
    assert 'name="text_ar"' in page and 'name="items-0-label_sv"' in page
    # Choice lists offer only this municipality's surveys.
    assert "Laholm" not in page.split('name="survey"', 1)[1].split("</select>", 1)[0]
