"""Omgångar: the municipality's cycles, and the next one started with its survey by an analyst."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tryggve.core.models import AuditEntry, Cycle, Membership, Municipality
from tryggve.surveys.definition import a_year_later, build_survey, survey_definition
from tryggve.surveys.models import Question, Survey
from tryggve.surveys.standard_questions import TEMPLATE
from tryggve.testing import administrator, assert_valid_html, client_of, small_municipality

pytestmark = pytest.mark.django_db


def login(username: str) -> Client:
    return client_of(User.objects.get(username=username))


def cycles_url(slug: str = "halmstad", *rest: object) -> str:
    if not rest:
        return reverse("cycles:index", args=[slug])
    if rest == ("ny",):
        return reverse("cycles:new", args=[slug])
    return reverse("cycles:cycle", args=[slug, *rest])


def current_survey() -> Survey:
    return Survey.objects.get(municipality__slug="halmstad", slug="trygghetsmatning")


def start_form(client: Client, slug: str = "halmstad") -> dict[str, str]:
    """What the form for the next cycle sends back as offered."""
    form = client.get(cycles_url(slug, "ny")).context["form"]
    return {
        name: (value.isoformat() if isinstance(value, date) else str(value))
        for name, value in ((name, form[name].value()) for name in form.fields)
    }


def test_the_demo_has_every_cycle_up_to_the_one_this_years_survey_feeds(demo: None) -> None:
    survey = current_survey()
    years = list(Cycle.objects.filter(municipality__slug="halmstad").values_list("year", flat=True))
    assert sorted(years) == list(range(2017, survey.year + 2))
    fed = Cycle.objects.get(municipality__slug="halmstad", year=survey.year + 1)
    assert (fed.survey_opens, fed.survey_closes) == (survey.opens, survey.closes)
    assert fed.survey_year == survey.year


def test_every_staff_role_sees_the_cycles_with_their_surveys(demo: None) -> None:
    survey = current_survey()
    page = login("hfab.rapportor").get(cycles_url())
    assert page.status_code == 200
    assert_valid_html(page.content)
    content = page.content.decode()
    for year in range(2017, survey.year + 2):
        assert f'href="{cycles_url("halmstad", year)}">{year}</a>' in content
    assert "Trygghetsmätning 2019" in content and "Öppen nu" in content
    # A partner reporter reads; only analysts and administrators start the next cycle.
    assert cycles_url("halmstad", "ny") not in content
    assert login("hfab.rapportor").get(cycles_url("halmstad", "ny")).status_code == 403
    analyst_page = login("samordnare.halmstad").get(cycles_url()).content.decode()
    assert f"Starta omgång {survey.year + 2}" in analyst_page


def test_other_municipalities_staff_and_visitors_are_refused(demo: None) -> None:
    assert Client().get(cycles_url()).status_code == 302
    laholm = login("samordnare.laholm")
    assert laholm.get(cycles_url()).status_code == 403
    assert laholm.get(cycles_url("halmstad", "ny")).status_code == 403
    assert laholm.post(cycles_url("halmstad", "ny"), {"year": 2030}).status_code == 403
    # A cycle only Halmstad has is not found under Laholm; a year without a cycle neither.
    assert laholm.get(cycles_url("laholm", 2027)).status_code == 404
    assert login("samordnare.halmstad").get(cycles_url("halmstad", 1999)).status_code == 404


def test_an_analyst_starts_the_next_cycle_as_a_copy_of_last_years_survey(demo: None) -> None:
    source = current_survey()
    year = source.year + 2
    client = login("samordnare.halmstad")
    offered = start_form(client)
    assert offered["year"] == str(year)
    assert offered["source"] == str(source.pk)
    assert offered["opens"] == a_year_later(source.opens).isoformat()
    assert offered["closes"] == a_year_later(source.closes).isoformat()
    assert offered["slug"] == f"trygghetsmatning-{source.year + 1}"
    assert_valid_html(client.get(cycles_url("halmstad", "ny")).content)
    response = client.post(cycles_url("halmstad", "ny"), offered)
    assert response.status_code == 302
    assert response["Location"] == cycles_url("halmstad", year)
    cycle = Cycle.objects.get(municipality__slug="halmstad", year=year)
    survey = Survey.objects.get(municipality__slug="halmstad", slug=offered["slug"])
    assert survey.year == source.year + 1 == cycle.survey_year
    assert (cycle.survey_opens, cycle.survey_closes) == (survey.opens, survey.closes)
    copied, original = survey_definition(survey), survey_definition(source)
    assert copied["pages"] == original["pages"] and copied["title"] == original["title"]
    assert survey.questions.count() == source.questions.count() > 10
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATED, what__contains=f"trygghetsmatning-{source.year + 1}"
    ).exists()
    page = client.get(response["Location"])
    assert_valid_html(page.content)
    content = page.content.decode()
    assert f"Omgång {year} är startad" in content
    assert f"{reverse('surveys:start', args=['halmstad', survey.slug])}?preview" in content
    # Next autumn's survey cannot open today: that is the running cycle's.
    assert "Öppna enkäten nu" not in content
    assert f"Enkäten för {source.year + 1} kan öppna tidigast 1 januari {source.year + 1}" in content


def test_starting_the_same_cycle_twice_makes_one(demo: None) -> None:
    client = login("kommunpolis")
    offered = start_form(client)
    client.post(cycles_url("halmstad", "ny"), offered)
    cycles, surveys = Cycle.objects.count(), Survey.objects.count()
    again = client.post(cycles_url("halmstad", "ny"), offered, follow=True)
    assert (Cycle.objects.count(), Survey.objects.count()) == (cycles, surveys)
    assert f"Omgång {offered['year']} var redan startad" in again.content.decode()


def test_a_failed_save_keeps_what_was_typed_and_says_why_in_swedish(demo: None) -> None:
    client = login("samordnare.halmstad")
    offered = start_form(client)
    typed = {**offered, "slug": "trygghetsmatning-2019", "opens": "2031-11-20", "closes": "2031-11-01"}
    response = client.post(cycles_url("halmstad", "ny"), typed)
    assert response.status_code == 400
    assert_valid_html(response.content)
    content = response.content.decode()
    assert "Kommunen har redan en enkät med det adressnamnet." in content
    assert "Enkäten kan inte stänga innan den öppnar." in content
    assert 'value="2031-11-20"' in content and 'value="trygghetsmatning-2019"' in content
    assert re.search(rf'name="source" value="{offered["source"]}"[^>]* checked', content)
    assert not Cycle.objects.filter(municipality__slug="halmstad", year=int(offered["year"])).exists()
    # The survey of a cycle runs the autumn before (or early in the promise year), in a year of its own.
    year = int(offered["year"])
    build_survey(
        TEMPLATE,
        municipality=Municipality.objects.get(slug="halmstad"),
        year=year,
        slug="ungdomsenkat",
        opens=date(year, 2, 1),
        closes=date(year, 2, 28),
    )
    for opens, message in (
        (f"{year + 1}-01-10", "Enkäten ligger till grund för löftet"),
        (f"{year - 3}-10-01", f"Enkäten för omgång {year} öppnar {year - 1}, eller tidigt {year}."),
        (f"{year}-01-10", f"Trygghetsmätning {year} genomförs redan {year}"),
    ):
        refused = client.post(
            cycles_url("halmstad", "ny"), {**offered, "opens": opens, "closes": f"{opens[:4]}-12-31"}
        )
        assert refused.status_code == 400
        assert message in " ".join(refused.context["form"].errors["opens"])
    assert not Cycle.objects.filter(municipality__slug="halmstad", year=int(offered["year"])).exists()


def test_another_municipalitys_survey_cannot_be_copied(demo: None) -> None:
    other = small_municipality("annan")
    foreign = build_survey(
        TEMPLATE,
        municipality=other.municipality,
        year=2026,
        slug="x",
        opens=date(2026, 1, 1),
        closes=date(2026, 1, 2),
    )
    client = login("samordnare.halmstad")
    offered = start_form(client)
    assert client.post(cycles_url("halmstad", "ny"), {**offered, "source": foreign.pk}).status_code == 404
    assert not Survey.objects.filter(municipality__slug="halmstad", slug=offered["slug"]).exists()


def test_only_analysts_and_administrators_start_a_cycle(demo: None) -> None:
    halmstad = Municipality.objects.get(slug="halmstad")
    for username in ("hfab.rapportor", "ks.ordforande"):
        assert login(username).post(cycles_url("halmstad", "ny"), {"year": 2030}).status_code == 403
    admin = administrator("admin.halmstad", halmstad)
    offered = start_form(client_of(admin))
    assert client_of(admin).post(cycles_url("halmstad", "ny"), offered).status_code == 302
    owner = User.objects.create_user("bara.agare")
    Membership.objects.create(
        user=owner, organisation=halmstad.organisations.get(slug="hfab"), municipality=halmstad, role="owner"
    )
    assert client_of(owner).get(cycles_url()).status_code == 200
    assert client_of(owner).get(cycles_url("halmstad", "ny")).status_code == 403


def place_with_analyst() -> tuple[Municipality, Client]:
    place = small_municipality().municipality
    user = administrator("analytiker", place, roles=["analyst"])
    return place, client_of(user)


def test_a_first_cycle_from_the_template_then_previewed_and_opened(db: None) -> None:
    place, client = place_with_analyst()
    today = timezone.localdate()
    offered = start_form(client, place.slug)
    assert offered["year"] == str(today.year + 1) and offered["source"] == "mall"
    assert offered["slug"] == f"trygghetsmatning-{date.fromisoformat(offered['opens']).year}"
    opens = today + timedelta(days=10)
    if opens.year != today.year:  # late December: a window that opens in the promise year
        opens = today
    response = client.post(
        cycles_url(place.slug, "ny"),
        {**offered, "opens": opens.isoformat(), "closes": (opens + timedelta(days=30)).isoformat()},
    )
    assert response.status_code == 302
    survey = Survey.objects.get(municipality=place)
    assert survey_definition(survey)["pages"] == TEMPLATE["pages"]
    assert survey.year == opens.year
    cycle_page = cycles_url(place.slug, today.year + 1)
    # Preview: the analyst walks through the survey before it opens; residents are told it is not open.
    start = reverse("surveys:start", args=[place.slug, survey.slug])
    if not survey.is_open():
        assert "Förhandsvisning för personal" in client.get(start + "?preview").content.decode()
        assert "Enkäten öppnar den" in Client().get(start).content.decode()
        assert "Öppna enkäten nu" in client.get(cycle_page).content.decode()
    opened = client.post(cycle_page, {"survey": survey.pk, "action": "open"}, follow=True)
    assert "Enkäten är öppen" in opened.content.decode() or "redan öppen" in opened.content.decode()
    survey.refresh_from_db()
    assert survey.is_open() and survey.opens <= today
    cycle = Cycle.objects.get(municipality=place, year=today.year + 1)
    assert cycle.survey_opens == survey.opens
    assert Client().get(start).status_code == 200


def test_the_window_is_changed_within_the_surveys_year(db: None) -> None:
    place, client = place_with_analyst()
    year = timezone.localdate().year + 5
    Cycle.objects.create(municipality=place, year=year)
    survey = build_survey(
        TEMPLATE,
        municipality=place,
        year=year - 1,
        slug="t",
        opens=date(year - 1, 10, 1),
        closes=date(year - 1, 10, 28),
    )
    page = cycles_url(place.slug, year)
    prefix = f"s{survey.pk}"
    refused = client.post(
        page,
        {
            "survey": survey.pk,
            "action": "window",
            f"{prefix}-opens": f"{year}-02-01",
            f"{prefix}-closes": f"{year}-02-20",
        },
    )
    assert refused.status_code == 400
    assert_valid_html(refused.content)
    assert f"Enkäten för {year - 1} öppnar {year - 1}" in refused.content.decode()
    assert f'value="{year}-02-01"' in refused.content.decode()
    saved = client.post(
        page,
        {
            "survey": survey.pk,
            "action": "window",
            f"{prefix}-opens": f"{year - 1}-11-02",
            f"{prefix}-closes": f"{year - 1}-11-30",
        },
    )
    assert saved.status_code == 302
    survey.refresh_from_db()
    assert survey.opens == date(year - 1, 11, 2)
    assert Cycle.objects.get(municipality=place, year=year).survey_closes == date(year - 1, 11, 30)
    # Not yet its year: it cannot open today.
    client.post(page, {"survey": survey.pk, "action": "open"})
    survey.refresh_from_db()
    assert survey.opens == date(year - 1, 11, 2)


def test_another_cycles_or_municipalitys_survey_is_not_found_on_a_cycle_page(demo: None) -> None:
    client = login("samordnare.halmstad")
    year = current_survey().year + 1
    older = Survey.objects.get(municipality__slug="halmstad", slug="trygghetsmatning-2019")
    other = small_municipality("annan")
    foreign = build_survey(
        TEMPLATE,
        municipality=other.municipality,
        year=2026,
        slug="x",
        opens=date(2026, 1, 1),
        closes=date(2026, 1, 2),
    )
    for survey in (older, foreign):
        response = client.post(cycles_url("halmstad", year), {"survey": survey.pk, "action": "open"})
        assert response.status_code == 404
    # A reporter reads the cycle's page but changes nothing.
    reporter = login("hfab.rapportor")
    assert reporter.get(cycles_url("halmstad", year)).status_code == 200
    assert reporter.post(cycles_url("halmstad", year), {"survey": current_survey().pk}).status_code == 403


def test_questions_of_a_copy_keep_their_skip_logic(demo: None) -> None:
    client = login("samordnare.halmstad")
    client.post(cycles_url("halmstad", "ny"), start_form(client))
    copy = Survey.objects.filter(municipality__slug="halmstad").order_by("-year").first()
    assert copy is not None
    conditional = Question.objects.filter(survey=copy).exclude(show_if=None)
    assert conditional.exists()
    assert {question.show_if.survey_id for question in conditional if question.show_if} == {copy.pk}
