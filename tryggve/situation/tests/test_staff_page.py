"""The working version of the lägesbild: staff of the municipality see it, analysts adopt it."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tryggve.core.models import Area
from tryggve.situation.models import Situation
from tryggve.testing import assert_valid_html

from .helpers import STAFF_URL, login, survey_2019, table

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_and_other_municipalities_are_refused(client: Client, demo: None) -> None:
    assert client.get(STAFF_URL).status_code == 302
    assert login(client, "samordnare.laholm").get(STAFF_URL).status_code == 403


def test_an_analyst_sees_every_figure_with_the_publicly_hidden_ones_marked(
    client: Client, demo: None
) -> None:
    """The police's analyst as much as the kommun's; other roles get the published version
    (test_live_figures.py)."""
    page = login(client, "kommunpolis").get(STAFF_URL)
    assert page.status_code == 200
    assert_valid_html(page.content)
    content = page.content.decode()
    assert "Lägesbild 2019: arbetsversion" in content
    assert "Om du går ut ensam sent en kväll" in content
    assert "Andel som svarat Ganska otrygg eller Mycket otrygg." in content
    assert "Förändring sedan 2018" in content
    # The tests' demo has a tenth of the answers, so some areas have fewer than 30.
    assert "(visas inte offentligt)" in content
    assert "Problemindex" in content
    assert "Anta och publicera" in content


def test_other_staff_roles_are_sent_to_the_published_version(demo: None) -> None:
    for username in ("hfab.rapportor", "ks.ordforande"):
        user = login(Client(), username)
        assert user.get(STAFF_URL)["Location"] == "/halmstad/lagesbild/2019/"
        refused = user.post(STAFF_URL, {"adopted_on": "2019-12-10", "decision": "KS § 1"})
        assert refused.status_code == 403
    assert not Situation.objects.filter(year=2019, version=2).exists()


def test_focus_areas_chosen_in_the_address_are_compared_with_the_rest(client: Client, demo: None) -> None:
    ids = Area.objects.filter(slug__in=["andersberg", "vallas"]).values_list("pk", flat=True)
    query = "&".join(f"fokus={pk}" for pk in ids)
    content = login(client, "kommunpolis").get(f"{STAFF_URL}?{query}").content.decode()
    assert "Fokusområden: Andersberg, Vallås." in content
    rows = table(client.get(f"{STAFF_URL}tabell.csv?{query}").content)
    focus = [r for r in rows if r["indicator"] == "unsafe_alone_evening" and r["area"] in ("focus", "rest")]
    assert [r["area"] for r in focus] == ["focus", "rest"]
    assert float(focus[0]["estimate"]) > float(focus[1]["estimate"])


def test_adopting_freezes_a_new_numbered_version(client: Client, demo: None) -> None:
    analyst = login(client, "samordnare.halmstad")
    andersberg = Area.objects.get(slug="andersberg").pk
    response = analyst.post(
        f"{STAFF_URL}?fokus={andersberg}", {"adopted_on": "2020-01-15", "decision": "KS § 12"}
    )
    assert response.status_code == 302 and response["Location"] == "/halmstad/lagesbild/2019/"
    adopted = Situation.objects.get(
        municipality__slug="halmstad", year=2019, version=2
    )  # the demo adopted v1
    assert adopted.adopted_on == datetime.date(2020, 1, 15) and adopted.decision == "KS § 12"
    assert adopted.adopted_by is not None and adopted.adopted_by.username == "samordnare.halmstad"
    assert adopted.data["focus_areas"] == ["Andersberg"]
    page = analyst.get("/halmstad/lagesbild/2019/").content.decode()
    assert "Version 2 av lägesbilden för 2019 är antagen och publicerad." in page
    assert "Version 2, antagen 15 januari 2020 (KS § 12)." in page


def test_bad_adoption_input_gets_a_message_and_saves_nothing(client: Client, demo: None) -> None:
    analyst = login(client, "samordnare.halmstad")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    before = Situation.objects.count()
    for given, message in (
        ({"adopted_on": tomorrow, "decision": "KS § 1"}, "Datumet för beslutet kan inte ligga i framtiden."),
        ({"adopted_on": "2019-12-10", "decision": ""}, "Detta fält måste fyllas i."),
        ({"adopted_on": "igår", "decision": "KS"}, "Fyll i ett giltigt datum."),
    ):
        page = analyst.post(STAFF_URL, given)
        assert page.status_code == 200
        assert message in page.content.decode()
    assert Situation.objects.count() == before


def test_staff_download_has_every_figure_of_the_working_version(client: Client, demo: None) -> None:
    rows = table(login(client, "samordnare.halmstad").get(f"{STAFF_URL}tabell.csv").content)
    unsafe = [r for r in rows if r["indicator"] == "unsafe_alone_evening"]
    assert unsafe[-1]["area"] == "ALL"
    hidden = [r for r in unsafe if r["suppressed"] == "true"]
    assert hidden and all(r["estimate"] for r in hidden)
    assert client.get(f"{STAFF_URL}tabell.pdf").status_code == 404


def test_the_whole_municipality_is_not_offered_as_a_focus_area(client: Client, demo: None) -> None:
    page = login(client, "kommunpolis").get(STAFF_URL).content.decode()
    form = page.split('class="no-print focus-form"')[1].split("</form>")[0]
    assert "Andersberg" in form and "Vallås" in form
    assert "Halmstads kommun" not in form
    whole = Area.objects.get(slug="halmstad", kind=Area.Kind.MUNICIPALITY)
    content = client.get(f"{STAFF_URL}?fokus={whole.pk}").content.decode()
    assert "Fokusområden: Halmstads kommun" not in content


def test_the_page_says_why_publishing_waits_until_the_survey_has_closed(client: Client, demo: None) -> None:
    analyst = login(client, "samordnare.halmstad")
    closed = analyst.get(STAFF_URL).content.decode()
    assert "Enkäten har stängt, så den version du antar publiceras direkt." in closed
    survey = survey_2019()
    survey.closes = timezone.localdate() + datetime.timedelta(days=5)
    survey.save()
    page = analyst.get(STAFF_URL)
    assert_valid_html(page.content)
    why = page.content.decode().split('id="why-wait"')[1].split("</p>")[0]
    assert "Publiceringen väntar tills enkäten har stängt" in why
    assert "skulle kunna jämföras med senare siffror och avslöja hur de sista svarat" in why
    assert "fryses som en intern version" in why
