import pytest
from django.test import Client

from tryggve.core.models import Municipality
from tryggve.promises.models import Promise
from tryggve.testing import assert_valid_html

pytestmark = pytest.mark.django_db

SEED_SECTIONS_SV = [
    "Medborgarlöften för ökad trygghet",
    "Varje år ger kommunen och polisen ett gemensamt medborgarlöfte.",
    "Löftet förnyas varje år efter nya enkäter och dialoger.",
    "Medborgarlöftet för 2019",
    "Medborgarlöftet för 2019 inriktades på tre geografiska områden:",
    "Andersberg",
    "Vallås",
    "Stadskärnan",
    "Polis och kommun lovar att tillsammans arbeta för att höja invånarnas upplevda trygghet",
    "Detta ska åstadkommas genom bland annat följande aktiviteter:",
    "Trafikkontroller (hastighet-, beteende- och alkohol/drog-kontroller). Mopeder inkluderat.",
    "Kontakt- och relationsskapande polisverksamhet.",
    "Arbeta för att begränsa tillgängligheten av narkotika.",
    "Åtgärder i den fysiska trafikmiljön på prioriterade platser.",
    "Verka för ökad närvaro av trygga vuxna på kvällar och helger.",
    "Trygghetsvandringar på prioriterade platser – med efterföljande åtgärder i den fysiska miljön.",
    "Kommunstyrelsen fastställde löftet våren 2019.",
    "Därför görs löftet",
    "Syftet med medborgarlöftet är att öka invånarnas trygghet och att minska brottsligheten.",
    "Detta har gjorts hittills",
    "Det första medborgarlöftet från Halmstads kommun och lokalpolisområdet Halmstad-Laholm gavs 2017.",
    "Effektiv Samordning för Trygghet",
    "ungdomsgrupperingar med normbrytande beteende",
    "Halmstad City och Stadens Hjärta",
    "Dialog först – löfte sedan",
    "2019 års enkät var öppen 28 oktober–24 november.",
    "Kontakta Halmstads kommun",
    "035-13 70 00",
    "Öppettider för besökare",
    "Telefontider",
    "Måndag–torsdag",
    "kl. 08.00–17.00",
    "kl. 07.00–16.00",
    "Rådhuset, Kyrkogatan 5",
    "301 05 Halmstad",
    "direkt@halmstad.se",
    "Se karta (länk till annan webbplats)",
    "Dela sidan på sociala medier",
]


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert_valid_html(response.content)
    return response.content.decode()


def test_swedish_page_reproduces_every_section_of_the_seed(client: Client, demo: None) -> None:
    html = page_text(client, "/halmstad/medborgarloften/")
    assert '<html lang="sv"' in html
    missing = [text for text in SEED_SECTIONS_SV if text not in html]
    assert missing == []
    # Share links are plain links: no script from any host.
    assert "<script" not in html


def test_english_version(client: Client, demo: None) -> None:
    html = page_text(client, "/en/halmstad/medborgarloften/")
    assert '<html lang="en"' in html
    for text in [
        "Citizen promises for increased safety",
        "The citizen promise for 2019 focused on three geographic areas:",
        "The police and the municipality promise to work together",
        "Why the promise is made",
        "What has been done so far",
        "Dialogue first – promise after",
        "The 2019 survey was open 28 October–24 November.",
        "Contact Halmstad Municipality",
        "Monday–Thursday",
    ]:
        assert text in html
    # The language switch leads back to the Swedish page.
    assert 'href="/halmstad/medborgarloften/" hreflang="sv"' in html


def test_earlier_promises_are_reachable_from_the_archive_list(client: Client, demo: None) -> None:
    html = page_text(client, "/halmstad/medborgarloften/")
    assert 'href="/halmstad/medborgarloften/2018/"' in html
    assert 'href="/halmstad/medborgarloften/2017/"' in html
    earlier = page_text(client, "/halmstad/medborgarloften/2017/")
    assert "Medborgarlöftet för 2017" in earlier
    assert "Det här är ett tidigare löfte, för 2017." in earlier
    assert 'href="/halmstad/medborgarloften/"' in earlier


def test_drafts_are_not_public(client: Client, demo: None) -> None:
    promise = Promise.objects.get(municipality__slug="halmstad", slug="2019")
    promise.status = Promise.Status.DRAFT
    promise.save()
    assert client.get("/halmstad/medborgarloften/2019/").status_code == 404
    html = page_text(client, "/halmstad/medborgarloften/")
    assert "Medborgarlöftet för 2018" in html  # the newest public one is shown instead
    assert "höja invånarnas upplevda trygghet" not in html


def test_an_open_survey_invites_residents(client: Client, demo: None, settings: object) -> None:
    from datetime import date, timedelta

    cycle = Municipality.objects.get(slug="halmstad").cycles.get(year=2020)
    cycle.survey_opens = date.today() - timedelta(days=3)
    cycle.survey_closes = date.today() + timedelta(days=20)
    cycle.save()
    html = page_text(client, "/halmstad/medborgarloften/")
    assert f"Svara på {cycle.survey_opens.year} års enkät (öppen" in html


def test_tenancy_each_municipality_sees_its_own_promise(client: Client, demo: None) -> None:
    laholm = page_text(client, "/laholm/medborgarloften/")
    assert "Kontakta Laholms kommun" in laholm
    assert "Mellbystrand" in laholm
    assert "Andersberg" not in laholm
    assert client.get("/laholm/medborgarloften/2018/").status_code == 404


def test_unknown_municipality_gives_a_swedish_404(client: Client, db: None) -> None:
    response = client.get("/finnsinte/medborgarloften/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sidan finns inte" in html
    assert_valid_html(html)
    english = client.get("/en/finnsinte/medborgarloften/")
    assert english.status_code == 404
    assert "Page not found" in english.content.decode()


def test_the_promise_page_and_home_page_link_to_the_survey_that_is_open(client: Client, demo: None) -> None:
    link = 'href="/halmstad/enkat/trygghetsmatning/"'
    for path in ("/halmstad/medborgarloften/", "/halmstad/"):
        html = client.get(path).content.decode()
        assert link in html and "Svara på enkäten ”Trygghetsmätning”, öppen till och med" in html
        assert_valid_html(html)
    # The 2019 survey is closed: no invitation to it.
    assert "trygghetsmatning-2019" not in client.get("/halmstad/medborgarloften/").content.decode()
