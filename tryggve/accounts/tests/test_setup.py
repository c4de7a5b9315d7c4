"""A new municipality in one sitting: the administrator's guided set-up (issue 27.4)."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from tryggve.core.models import Area, Membership, Municipality, Organisation, Population
from tryggve.testing import administrator, assert_valid_html, axe_violations, client_of, logged_in_context
from tryggve.testing_files import SCB_AGES, square, write_boundaries, write_population

pytestmark = pytest.mark.django_db

EAST, NORTH = 368_967.0, 6_286_038.0


def new_municipality() -> tuple[Municipality, User]:
    """What the installation's superuser does: the municipality, its kommun and its administrator."""
    place = Municipality.objects.create(
        name="Halmstad", official_name="Halmstads kommun", slug="halmstad", code="1380"
    )
    kommun = Organisation.objects.create(
        name="Halmstads kommun", slug="halmstads-kommun", kind=Organisation.Kind.KOMMUN
    )
    kommun.municipalities.add(place)
    return place, administrator("it.halmstad", place)


def boundary_file(folder: Path) -> Path:
    return write_boundaries(
        folder / "DeSO_2025.gpkg",
        [
            {"deso": "1380C1010", "regso": "Andersberg", "geometry": square(EAST, NORTH, 400)},
            {"deso": "1380C1020", "regso": "Andersberg", "geometry": square(EAST + 800, NORTH, 400)},
            {"deso": "1380C1030", "regso": "Vallås", "geometry": square(EAST, NORTH - 4000, 400)},
        ],
    )


def population_file(folder: Path) -> Path:
    counts: dict[tuple[str, str], int | None] = {
        (age, sex): 20 for age, _label in SCB_AGES for sex in ("1", "2")
    }
    regions = {code: counts for code in ("1380C1010", "1380C1020", "1380C1030", "1381C1010")}
    return write_population(folder / "FolkmDesoAldKon.json", {"2024": regions}, with_totals=True)


def next_step(page: Any, action: str) -> None:
    """Follow the page's "Next step" link, which must be the step named."""
    page.locator(".notice").get_by_role("link", name=action).click()


def logo_file(folder: Path) -> Path:
    path = folder / "logo.png"
    Image.new("RGB", (120, 40), "#0b5f8a").save(path)
    return path


def test_the_steps_say_what_is_done_and_which_comes_next(tmp_path: Path) -> None:
    place, admin = new_municipality()
    client = client_of(admin)
    assert "/konto/kom-igang/halmstad/" in client.get("/konto/").content.decode()
    page = client.get("/konto/kom-igang/halmstad/")
    assert_valid_html(page.content)
    text = page.content.decode()
    assert "Nästa steg: Logotyp, färger och kontaktuppgifter." in text
    assert text.count("inte klart än") == 6
    # Done elsewhere, seen here: an outline, counts, a partner, a colleague, a survey.
    Area.objects.create(municipality=place, name="Vallås", slug="vallas", geometry=json.loads(
        '{"type": "Polygon", "coordinates": [[[12.8, 56.6], [12.9, 56.6], [12.9, 56.7], [12.8, 56.6]]]}'
    ))  # fmt: skip
    housing = Organisation.objects.create(name="HFAB", slug="hfab", kind=Organisation.Kind.HOUSING)
    housing.municipalities.add(place)
    colleague = User.objects.create_user("analytiker", is_staff=True)
    Membership.objects.create(
        user=colleague,
        organisation=place.organisations.get(kind="kommun"),
        municipality=place,
        role="analyst",
    )
    text = client.get("/konto/kom-igang/halmstad/").content.decode()
    assert (
        "Områden – klart" in text
        and "Samverkansparter – klart" in text
        and "Personal och roller – klart" in text
    )
    assert "Nästa steg: Logotyp" in text and text.count("inte klart än") == 3


def test_only_its_administrators_set_up_a_municipality() -> None:
    place, _admin = new_municipality()
    other = Municipality.objects.create(
        name="Laholm", official_name="Laholms kommun", slug="laholm", code="1381"
    )
    kommun = Organisation.objects.create(
        name="Laholms kommun", slug="laholms-kommun", kind=Organisation.Kind.KOMMUN
    )
    kommun.municipalities.add(other)
    laholm = administrator("it.laholm", other)
    assert client_of(laholm).get("/konto/kom-igang/halmstad/").status_code == 403
    assert client_of(laholm).get("/konto/kom-igang/halmstad/befolkning/").status_code == 403
    analyst = administrator("analytiker.halmstad", place, roles=[Membership.Role.ANALYST])
    assert client_of(analyst).get("/konto/kom-igang/halmstad/").status_code == 403


def test_population_upload_changes_nothing_until_the_areas_are_there(tmp_path: Path) -> None:
    place, admin = new_municipality()
    client = client_of(admin)
    upload = SimpleUploadedFile("FolkmDesoAldKon.json", population_file(tmp_path).read_bytes())
    page = client.post("/konto/kom-igang/halmstad/befolkning/", {"year": "2024", "file": upload})
    assert_valid_html(page.content)
    text = page.content.decode()
    assert "Inget importerades" in text and "region 1380C1010: inget område har den här koden" in text
    assert not Population.objects.exists()
    Area.objects.create(
        municipality=place, name="Norr", slug="norr", region_codes=["1380C1010", "1380C1020", "1380C1030"]
    )
    upload = SimpleUploadedFile("FolkmDesoAldKon.json", population_file(tmp_path).read_bytes())
    page = client.post(
        "/konto/kom-igang/halmstad/befolkning/", {"year": "2025", "from_year": "2024", "file": upload}
    )
    assert "imported: 8, unchanged: 0, rejected: 0" in page.content.decode()
    assert Population.objects.filter(area__slug="norr", year=2025).count() == 8


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_new_municipality_in_one_sitting(browser: Any, live_server: Any, tmp_path: Path) -> None:
    """The administrator follows every step, in order, with SCB's kinds of files."""
    place, _admin = new_municipality()
    context = logged_in_context(browser, live_server, "it.halmstad")
    page = context.new_page()
    steps = live_server.url + "/konto/kom-igang/halmstad/"
    page.goto(live_server.url + "/konto/")
    page.get_by_role("link", name="Halmstad: stegen för att komma igång").click()
    assert axe_violations(page) == []
    # Logo, colours and contact block, on the municipality's page.
    next_step(page, "Öppna kommunens sida")
    page.set_input_files("#id_logo", str(logo_file(tmp_path)))
    page.fill("#id_primary_colour", "#0b5f8a")
    page.fill("#id_contact_email", "trygghet@example.se")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.goto(steps)
    assert page.get_by_role("heading", name="Logotyp, färger och kontaktuppgifter – klart").is_visible()
    assert page.get_by_text("Nästa steg: Områden.").is_visible()
    # Areas: the boundary file, previewed on a map, then imported.
    next_step(page, "Importera en gränsfil")
    page.select_option("#id_municipality", str(place.pk))
    page.set_input_files("#id_file", str(boundary_file(tmp_path)))
    page.fill("#id_group_by", "regso")
    page.get_by_role("button", name="Förhandsvisa").click()
    page.wait_for_selector(".area-preview-map path.leaflet-interactive")
    page.get_by_role("button", name="Importera de här områdena").click()
    page.wait_for_url("**/admin/core/area/?municipality__id__exact=*")
    page.goto(live_server.url + "/konto/kom-igang/halmstad/")
    assert page.get_by_role("heading", name="Områden – klart").is_visible()
    # Population: SCB's DeSO table as JSON-stat.
    next_step(page, "Importera befolkningsantal")
    page.get_by_label("År som antalen viktar").fill("2024")
    page.set_input_files("#id_file", str(population_file(tmp_path)))
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert axe_violations(page) == []
    assert Population.objects.filter(area__municipality=place, year=2024).count() == 16
    page.get_by_role("link", name="Tillbaka till stegen").click()
    expect(page.get_by_role("heading", name="Befolkning – klart")).to_be_visible()
    # A partner organisation of this municipality.
    next_step(page, "Lägg till eller anslut organisationer")
    page.get_by_role("link", name="Lägg till organisation").click()
    page.fill("#id_name", "HFAB")
    page.select_option("#id_kind", "housing")
    page.select_option("#id_municipalities_from", str(place.pk))
    page.locator("#id_municipalities_add").click()
    page.get_by_role("button", name="Spara", exact=True).click()
    page.goto(steps)
    assert page.get_by_role("heading", name="Samverkansparter – klart").is_visible()
    # A colleague with a role, given a new account.
    next_step(page, "Ge en roll")
    page.fill("#id_new_username", "analytiker.halmstad")
    page.fill("#id_new_email", "analytiker@example.se")
    page.select_option("#id_organisation", label="Halmstads kommun")
    page.select_option("#id_municipality", str(place.pk))
    page.select_option("#id_role", "analyst")
    page.get_by_role("button", name="Spara", exact=True).click()
    assert "Kontot analytiker.halmstad skapades." in page.locator(".messagelist").inner_text()
    page.goto(steps)
    assert page.get_by_role("heading", name="Personal och roller – klart").is_visible()
    # The survey from the template.
    next_step(page, "Skapa enkäten")
    page.select_option("#id_municipality", str(place.pk))
    page.fill("#id_year", "2024")
    page.fill("#id_slug", "trygghetsmatning-2024")
    page.fill("#id_opens", "2024-10-01")
    page.fill("#id_closes", "2024-10-31")
    page.locator("input[type=submit]").first.click()
    page.goto(live_server.url + "/konto/kom-igang/halmstad/")
    assert page.get_by_role("heading", name="Enkäten från mallen – klart").is_visible()
    assert page.get_by_text("Alla steg är klara.", exact=False).is_visible()
    assert axe_violations(page) == []
    member = Membership.objects.get(user__username="analytiker.halmstad")
    assert (member.municipality, member.role) == (place, "analyst")
    assert member.organisation.slug == "halmstads-kommun"
    assert Organisation.objects.get(name="HFAB").municipalities.get() == place
    context.close()
