"""A resident answers the survey page by page, without JavaScript, and sends it once."""

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tryggve.core.models import Area, AuditEntry
from tryggve.surveys.models import Draft, PlaceMark, Response, Survey
from tryggve.testing import assert_valid_html

pytestmark = pytest.mark.django_db


def url(survey: Survey, name: str = "start", number: int | None = None) -> str:
    args: list[Any] = [survey.municipality.slug, survey.slug]
    return reverse(f"surveys:{name}", args=[*args, number] if number else args)


def begin(client: Client, survey: Survey) -> None:
    response = client.post(url(survey))
    assert response.status_code == 302
    assert response["Location"] == url(survey, "page", 1)


def complete_answers(area: Area) -> dict[int, dict[str, Any]]:
    """Posted fields per page for a complete survey."""
    return {
        1: {"area": area.pk, "sex": 1, "age_band": 4, "years_in_area": "12"},
        2: {"unsafe_alone_evening": 4, "avoided_activity": 3},
        3: {"neighbourhood_problems.drug_dealing": 4, "neighbourhood_problems.littering": 9},
        4: {"trust_police": 3, "trust_kommun": 2, "victim_12m": [1, 3], "victim_reported": 3},
        5: {
            "safer_measures": [1, 3],
            "unsafe_places-1-area": area.pk,
            "unsafe_places-1-where": "Gångtunneln vid skolan",
            "unsafe_places-1-reason": "Mörkt, ring 070-123 45 67",
            "safer_text": "Mejla mig på anna@example.se",
            "action": "submit",
        },
    }


def test_complete_survey_is_stored_once_and_anonymously(client: Client, survey: Survey) -> None:
    area = Area.objects.get(slug="norr")
    before = Response.objects.filter(survey=survey).count()
    # A staff member who lives here answers like any resident: nothing ties the answers to them.
    client.force_login(User.objects.create_user("kommunpolis", is_staff=True))
    logged = AuditEntry.objects.count()
    begin(client, survey)
    for number, fields in complete_answers(area).items():
        page = client.get(url(survey, "page", number))
        assert page.status_code == 200
        assert f"Steg {number} av 5".encode() in page.content
        assert_valid_html(page.content)
        response = client.post(url(survey, "page", number), fields)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == url(survey, "thanks")
    # Sending the last page again (refresh, double click) adds nothing.
    again = client.post(url(survey, "page", 5), complete_answers(area)[5])
    assert again["Location"] == url(survey, "thanks")
    assert Response.objects.filter(survey=survey).count() == before + 1
    assert AuditEntry.objects.count() == logged

    stored = Response.objects.filter(survey=survey, area=area, sex="kvinna", age_band="65+").latest(
        "received_on"
    )
    values = {(a.question.code, a.item.code if a.item else None, a.value) for a in stored.answers.all()}
    assert ("unsafe_alone_evening", None, 4) in values
    assert ("neighbourhood_problems", "littering", 9) in values
    assert {("victim_12m", None, 1), ("victim_12m", None, 3)} <= values
    text = stored.answers.get(question__code="safer_text").text
    assert "anna@example.se" not in text and "[borttaget]" in text
    place = PlaceMark.objects.get(response=stored)
    assert place.area == area and "070" not in place.reason
    # Only the date is kept: the model has no field that could hold a time, address or agent.
    field_names = {field.name for field in Response._meta.get_fields()}
    assert not field_names & {"created", "ip", "ip_address", "user_agent", "user", "submitted_at"}
    assert not Draft.objects.filter(submitted=False, answers__has_key="area").exists()


def test_thanks_page_links_to_the_promise(client: Client, survey: Survey) -> None:
    page = client.get(url(survey, "thanks"))
    assert reverse("public_promises:current", args=[survey.municipality.slug]).encode() in page.content


def test_back_keeps_answers(client: Client, survey: Survey) -> None:
    begin(client, survey)
    area = Area.objects.get(slug="soder")
    client.post(url(survey, "page", 1), complete_answers(area)[1])
    response = client.post(url(survey, "page", 2), {"unsafe_alone_evening": 2, "action": "back"})
    assert response["Location"] == url(survey, "page", 1)
    page1 = client.get(url(survey, "page", 1)).content.decode()
    assert f'value="{area.pk}" id="id_area_' in page1
    page2 = client.get(url(survey, "page", 2)).content.decode()
    assert 'value="2" id="id_unsafe_alone_evening_1" checked' in page2


def test_missing_required_answer_is_explained_and_other_answers_kept(client: Client, survey: Survey) -> None:
    begin(client, survey)
    response = client.post(url(survey, "page", 1), {"sex": 2, "years_in_area": "3"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Svara på frågan ”I vilket område bor du?”" in content
    assert 'value="2" id="id_sex_1" checked' in content
    assert 'value="3"' in content


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"unsafe_alone_evening": 7}, "Välj ett giltigt alternativ"),
        ({"unsafe_alone_evening": "x"}, "Välj ett giltigt alternativ"),
    ],
)
def test_tampered_options_are_refused(
    client: Client, survey: Survey, fields: dict[str, Any], message: str
) -> None:
    begin(client, survey)
    client.post(url(survey, "page", 1), complete_answers(Area.objects.get(slug="norr"))[1])
    response = client.post(url(survey, "page", 2), {**fields, "avoided_activity": 2})
    assert response.status_code == 400
    assert message in response.content.decode()
    # The valid answer on the page is still there.
    assert 'value="2" id="id_avoided_activity_1" checked' in response.content.decode()


def test_out_of_range_number_and_point_outside_municipality(client: Client, survey: Survey) -> None:
    begin(client, survey)
    response = client.post(
        url(survey, "page", 1), {"area": Area.objects.get(slug="norr").pk, "years_in_area": "500"}
    )
    assert response.status_code == 400
    assert "mindre än eller lika med 100" in response.content.decode()
    client.post(url(survey, "page", 1), complete_answers(Area.objects.get(slug="norr"))[1])
    far_away = {
        "unsafe_places-1-lat": "59.33",
        "unsafe_places-1-lng": "18.07",
        "unsafe_places-1-reason": "Mörkt",
    }
    response = client.post(url(survey, "page", 5), far_away)
    assert response.status_code == 400
    assert "utanför Testkommun" in response.content.decode()


def test_point_inside_an_area_gets_that_area(client: Client, survey: Survey) -> None:
    north = Area.objects.get(slug="norr")
    begin(client, survey)
    answers = complete_answers(north)
    for number in (1, 2, 3, 4):
        client.post(url(survey, "page", number), answers[number])
    earlier = set(PlaceMark.objects.values_list("pk", flat=True))
    client.post(
        url(survey, "page", 5),
        {"unsafe_places-1-lat": "56.71", "unsafe_places-1-lng": "12.85", "action": "submit"},
    )
    (place,) = PlaceMark.objects.filter(question__survey=survey).exclude(pk__in=earlier)
    assert place.area == north and place.latitude == pytest.approx(56.71)


def test_skip_logic_drops_hidden_answers(client: Client, survey: Survey) -> None:
    earlier = set(Response.objects.values_list("pk", flat=True))
    begin(client, survey)
    answers = complete_answers(Area.objects.get(slug="norr"))
    answers[4] = {"victim_12m": [0], "victim_reported": 1}
    for number in (1, 2, 3, 4):
        client.post(url(survey, "page", number), answers[number])
    client.post(url(survey, "page", 5), {"action": "submit"})
    (new,) = Response.objects.exclude(pk__in=earlier)
    codes = set(new.answers.values_list("question__code", "value"))
    assert ("victim_12m", 0) in codes
    assert not {code for code, _value in codes if code == "victim_reported"}


def test_none_of_these_cannot_be_combined(client: Client, survey: Survey) -> None:
    begin(client, survey)
    response = client.post(url(survey, "page", 4), {"victim_12m": [0, 2]})
    assert response.status_code == 400
    assert "kan inte kombineras" in response.content.decode()


def test_expired_draft_keeps_the_answers_on_the_page(client: Client, survey: Survey) -> None:
    begin(client, survey)
    Draft.objects.update(expires="2000-01-01T00:00:00Z")
    response = client.post(url(survey, "page", 2), {"unsafe_alone_evening": 3})
    assert response.status_code == 400
    content = response.content.decode()
    assert "tagits bort" in content
    assert 'value="3" id="id_unsafe_alone_evening_2" checked' in content


def test_pages_need_a_started_survey(client: Client, survey: Survey) -> None:
    response = client.get(url(survey, "page", 2))
    assert response["Location"] == url(survey)


def test_paper_version_has_the_same_questions_and_codes(client: Client, survey: Survey) -> None:
    page = client.get(url(survey, "paper"))
    assert_valid_html(page.content)
    content = page.content.decode()
    for question in survey.questions.all():
        assert f"[{question.code}]" in content
    assert 'Går aldrig ut <span class="code">[8]</span>' in content
    assert "[neighbourhood_problems.drug_dealing]" in content
    assert 'href="/static/surveys/print.css"' in content


def test_untranslated_texts_fall_back_to_swedish_with_a_notice(client: Client, survey: Survey) -> None:
    begin(client, survey)
    page2 = "/ar" + url(survey, "page", 2)
    arabic = client.get(page2).content.decode()
    assert 'dir="rtl"' in arabic and 'lang="ar"' in arabic
    assert "لم تُترجم" not in arabic
    question = survey.questions.get(code="unsafe_alone_evening")
    setattr(question, "text_ar", "")  # noqa: B010 (a translation field mypy cannot see)
    question.save()  # as the admin does: the survey's version rises, so no server keeps the old text
    arabic = client.get(page2).content.decode()
    assert "لم تُترجم" in arabic
    (swedish,) = survey.questions.filter(pk=question.pk).values_list("text_sv", flat=True)
    assert swedish in arabic


def test_pages_shown_to_everyone_carry_each_visitors_own_csrf_token(survey: Survey) -> None:
    import re

    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        start = visitor.get(url(survey)).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', start)
        assert token is not None
        assert visitor.post(url(survey), {"csrfmiddlewaretoken": token.group(1)}).status_code == 302
        page = visitor.get(url(survey, "page", 1)).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        tokens.append(token.group(1))
        sent = visitor.post(
            url(survey, "page", 1), {"csrfmiddlewaretoken": token.group(1), "area": 0, "age_band": 1}
        )
        assert sent.status_code == 302
    assert tokens[0] != tokens[1]


def test_an_edited_question_shows_at_once(client: Client, survey: Survey) -> None:
    begin(client, survey)
    assert "Hur gammal är du?" in client.get(url(survey, "page", 1)).content.decode()
    question = survey.questions.get(code="age_band")
    setattr(question, "text_sv", "Hur många år fyllde du i år?")  # noqa: B010
    question.save()
    assert "Hur många år fyllde du i år?" in client.get(url(survey, "page", 1)).content.decode()


def test_answers_outside_the_scale_are_set_apart(client: Client, survey: Survey) -> None:
    begin(client, survey)
    page = client.get(url(survey, "page", 2)).content.decode()
    assert '<label class="special" for="id_unsafe_alone_evening_4">' in page  # Går aldrig ut
    assert '<label class="special" for="id_unsafe_alone_evening_5">' in page  # Vet ej
    assert '<label for="id_unsafe_alone_evening_3">' in page  # Mycket otrygg, on the scale


def test_sending_after_the_draft_was_lost_asks_for_the_missing_answers(
    client: Client, survey: Survey
) -> None:
    begin(client, survey)
    answers = complete_answers(Area.objects.get(slug="norr"))
    for number in (1, 2, 3, 4):
        client.post(url(survey, "page", number), answers[number])
    # The cookie is lost (a cleared browser, or the 48 hours passed): the resident sends.
    del client.cookies[f"tryggve-survey-{survey.municipality.slug}-{survey.slug}"]
    first = client.post(url(survey, "page", 5), answers[5])
    assert first.status_code == 400
    assert "tagits bort" in first.content.decode()
    # Sending again goes to the first page with a missing answer, which says what is missing.
    again = client.post(url(survey, "page", 5), answers[5])
    assert again["Location"] == url(survey, "page", 1) + "?missing=1"
    page1 = client.get(again["Location"])
    assert page1.status_code == 200
    assert_valid_html(page1.content)
    assert "Svara på frågan ”I vilket område bor du?”." in page1.content.decode()
    # The answers given since are kept.
    assert "Gångtunneln vid skolan" in client.get(url(survey, "page", 5)).content.decode()


def test_sending_from_a_later_step_asks_for_an_earlier_required_answer(
    client: Client, survey: Survey
) -> None:
    begin(client, survey)
    client.post(url(survey, "page", 1), complete_answers(Area.objects.get(slug="norr"))[1])
    assert client.get(url(survey, "page", 5)).status_code == 200
    sent = client.post(url(survey, "page", 5), {"safer_text": "Mer belysning", "action": "submit"})
    assert sent["Location"] == url(survey, "page", 2) + "?missing=1"
    page2 = client.get(sent["Location"])
    assert page2.status_code == 200
    assert_valid_html(page2.content)
    assert "Svara på frågan ”Om du går ut ensam sent en kväll" in page2.content.decode()
    assert "Mer belysning" in client.get(url(survey, "page", 5)).content.decode()


def error_summary(content: bytes) -> tuple[list[tuple[str, str]], set[str]]:
    """The error summary's entries (text, link target) and every element id on the page."""
    import html5lib

    document = html5lib.parse(content, namespaceHTMLElements=False)
    entries = []
    for item in document.findall(".//div[@class='error-summary']//li"):
        link = item.find("a")
        entries.append(("".join(item.itertext()).strip(), link.get("href", "") if link is not None else ""))
    return entries, {element.get("id") for element in document.iter() if element.get("id")}


def assert_summary_names(content: bytes, expected: dict[str, str]) -> None:
    """Each error names its question and links to that question's field, which is on the page."""
    entries, ids = error_summary(content)
    assert len(entries) == len(expected), entries
    for (text, href), (question, field_id) in zip(entries, expected.items(), strict=True):
        assert question in text, (text, question)
        assert href == f"#{field_id}", (text, href)
        assert field_id in ids


def test_the_error_summary_names_each_question_and_links_to_its_field(client: Client, survey: Survey) -> None:
    begin(client, survey)
    # Posted: two required questions unanswered and a number out of range, all shown at once.
    response = client.post(url(survey, "page", 1), {"sex": 2, "years_in_area": "500"})
    assert response.status_code == 400
    assert_summary_names(
        response.content,
        {
            "I vilket område bor du?": "id_area_0",
            "Hur gammal är du?": "id_age_band_0",
            "Hur många år har du bott i området?": "id_years_in_area",
        },
    )
    # A refused answer in one row of a matrix names the question and the row.
    response = client.post(url(survey, "page", 3), {"neighbourhood_problems.drug_dealing": 77})
    assert response.status_code == 400
    (text, _href), *_rest = error_summary(response.content)[0]
    assert "Öppen narkotikahandel" in text
    assert_summary_names(
        response.content,
        {"Hur stort problem är följande i området där du bor?": "id_neighbourhood_problems.drug_dealing_0"},
    )
    # Sent from the last page with the first unanswered: the page says the same.
    client.post(url(survey, "page", 5), {"action": "submit"})
    page1 = client.get(url(survey, "page", 1) + "?missing=1")
    assert_summary_names(
        page1.content, {"I vilket område bor du?": "id_area_0", "Hur gammal är du?": "id_age_band_0"}
    )


def test_a_returning_resident_continues_where_they_left_off(client: Client, survey: Survey) -> None:
    begin(client, survey)
    assert "Fortsätt där du slutade" not in client.get(url(survey)).content.decode()
    answers = complete_answers(Area.objects.get(slug="norr"))
    for number in (1, 2):
        client.post(url(survey, "page", number), answers[number])
    start = client.get(url(survey))
    assert start.status_code == 200
    assert_valid_html(start.content)
    content = start.content.decode()
    assert "Fortsätt där du slutade" in content
    assert f'href="{url(survey, "page", 3)}"' in content
    # Going to the first step instead keeps the answers.
    assert client.post(url(survey))["Location"] == url(survey, "page", 1)
    page1 = client.get(url(survey, "page", 1)).content.decode()
    assert re.search(rf'value="{answers[1]["area"]}" id="id_area_\d+" checked', page1)
    # Others see the start page as before.
    assert "Fortsätt där du slutade" not in Client().get(url(survey)).content.decode()
    # Nothing new is stored to know where a resident stopped: it follows from the answers.
    assert {field.name for field in Draft._meta.get_fields()} == {
        "token",
        "survey",
        "answers",
        "invitation",
        "preview",
        "expires",
        "submitted",
    }


def test_continuing_goes_to_the_first_required_question_left_unanswered(
    client: Client, survey: Survey
) -> None:
    begin(client, survey)
    # Step 1 answered but for its required age band, then steps 3 and 4.
    client.post(url(survey, "page", 1), {"area": Area.objects.get(slug="norr").pk, "action": "back"})
    client.post(url(survey, "page", 3), {"neighbourhood_problems.littering": 2})
    client.post(url(survey, "page", 4), {"trust_police": 3})
    assert f'href="{url(survey, "page", 1)}"' in client.get(url(survey)).content.decode()
    client.post(url(survey, "page", 1), {"area": 0, "age_band": 2})
    # Step 2's required question is still unanswered.
    assert f'href="{url(survey, "page", 2)}"' in client.get(url(survey)).content.decode()
