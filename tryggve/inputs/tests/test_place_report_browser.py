"""Residents' place reports in Debian's real Chromium: a resident reports on a 360 px phone with
the map, without JavaScript (the area and words, a photo) and in Arabic; the coordinator
moderates and routes; the responsible organisation sets the status and answers; the coordinator
reads the week's place reports beside the incidents in the EST weekly picture, and the housing
company downloads its cases as an Excel workbook. Axe-clean."""

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import expect

from tryggve.core.models import Area, Municipality, Organisation
from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.testing import (
    PHONE,
    axe_violations,
    axe_violations_without_javascript,
    fits_the_phone,
    logged_in_context,
    tap_area,
)

pytestmark = pytest.mark.browser

FORM = "/halmstad/rapportera/"


def photo_with_position(folder: Path) -> Path:
    """A JPEG whose metadata names a person, as a phone's photo would carry its owner and place."""
    exif = Image.Exif()
    exif[0x010E] = "Anna Andersson 070-123 45 67"  # ImageDescription, which must not be stored
    path = folder / "tunneln.jpg"
    Image.new("RGB", (64, 48), "navy").save(path, format="JPEG", exif=exif)
    return path


def test_a_resident_taps_the_place_on_a_phone(browser: Any, live_server: Any, fresh_demo: None) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + FORM)
    page.locator(".place-map svg path").nth(1).wait_for(state="attached")
    assert fits_the_phone(page)
    assert axe_violations(page) == []
    before = PlaceReport.objects.count()
    page.get_by_label("Vad gäller det?").select_option(label="Belysning")
    tap_area(page, "andersberg")
    assert page.get_by_text("Markerad på kartan.").is_visible()
    page.get_by_label("Kort beskrivning").fill("Lampan i tunneln är trasig")
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_role("heading", name="Tack för din rapport")).to_be_visible()
    assert fits_the_phone(page) and axe_violations(page) == []
    assert PlaceReport.objects.count() == before + 1
    stored = PlaceReport.objects.get(description="Lampan i tunneln är trasig")
    assert stored.area.slug == "andersberg" and stored.latitude is not None
    context.close()


def test_a_resident_reports_a_place_in_words_with_a_photo_without_javascript(
    browser: Any, live_server: Any, fresh_demo: None, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + FORM)
    assert not page.locator(".place-map").is_visible()
    assert fits_the_phone(page) and axe_violations_without_javascript(browser, page) == []
    before = PlaceReport.objects.count()
    # Neither an area nor the map: a clear message in Swedish, and nothing is stored.
    page.get_by_label("Vad gäller det?").select_option(label="Klotter")
    page.get_by_role("button", name="Skicka rapporten").click()
    summary = page.get_by_role("alert")
    assert summary.get_by_text("Välj ett område eller markera platsen på kartan.").is_visible()
    assert PlaceReport.objects.count() == before
    assert fits_the_phone(page) and axe_violations_without_javascript(browser, page) == []
    page.get_by_label("Område").select_option(label="Vallås")
    page.get_by_label("Platsen med ord").fill("Gångtunneln vid Vallås torg")
    page.get_by_label("Kort beskrivning").fill("Klotter på väggarna. Ring Anna på 070-123 45 67")
    page.get_by_label("Foto (valfritt)").set_input_files(str(photo_with_position(tmp_path)))
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_role("heading", name="Tack för din rapport")).to_be_visible()
    assert fits_the_phone(page) and axe_violations_without_javascript(browser, page) == []
    assert PlaceReport.objects.count() == before + 1
    stored = PlaceReport.objects.get(place="Gångtunneln vid Vallås torg")
    assert (stored.kind, stored.area.slug, stored.latitude) == ("graffiti", "vallas", None)
    assert stored.received_on == date.today() and "070" not in stored.description
    with stored.photo.open("rb") as photo:
        kept = Image.open(io.BytesIO(photo.read()))
    assert kept.size == (64, 48) and kept.getexif() == {}
    context.close()


def test_a_resident_reports_a_safe_place_in_arabic_on_a_phone(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/ar" + FORM)
    page.locator(".place-map svg path").nth(1).wait_for(state="attached")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.get_by_role("heading", name="أبلغ عن مكان").is_visible()
    assert fits_the_phone(page) and axe_violations(page) == []
    before = PlaceReport.objects.count()
    # Sent empty: the error summary in Arabic, right to left, and nothing stored.
    page.get_by_role("button", name="أرسل البلاغ").click()
    expect(page.get_by_role("alert").get_by_role("heading", name="يرجى مراجعة البلاغ")).to_be_visible()
    expect(page.get_by_role("alert").get_by_text("هذا الحقل مطلوب")).to_be_visible()
    assert PlaceReport.objects.count() == before
    page.locator(".place-map svg path").nth(1).wait_for(state="attached")
    assert fits_the_phone(page) and axe_violations(page) == []
    page.get_by_label("بماذا يتعلق الأمر؟").select_option(label="مكان آمن")
    tap_area(page, "vallas")
    assert page.get_by_text("محدد على الخريطة.").is_visible()
    page.get_by_label("وصف قصير").fill("ممر مضاء جيداً بجانب المدرسة")
    page.get_by_role("button", name="أرسل البلاغ").click()
    expect(page.get_by_role("heading", name="شكراً على بلاغك")).to_be_visible()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert fits_the_phone(page) and axe_violations(page) == []
    assert PlaceReport.objects.count() == before + 1
    stored = PlaceReport.objects.get(description="ممر مضاء جيداً بجانب المدرسة")
    assert (stored.kind, stored.area.slug) == ("safe_place", "vallas") and stored.latitude is not None
    assert stored.status == PlaceReport.Status.NEW and stored.received_on == date.today()
    context.close()


def resident_report(**fields: Any) -> PlaceReport:
    """A report as a resident of Vallås sent it a few days ago."""
    values: dict[str, Any] = {
        "municipality": Municipality.objects.get(slug="halmstad"),
        "kind": PlaceKind.LIGHTING,
        "area": Area.objects.get(slug="vallas"),
        "place": "Gångtunneln vid Vallås torg",
        "description": "Mörkt i tunneln, lampan är trasig",
        "received_on": date.today() - timedelta(days=3),
        **fields,
    }
    return PlaceReport.objects.create(**values)


def staff_page(report: PlaceReport) -> str:
    return f"/halmstad/platsrapporter/{report.pk}/"


def test_the_coordinator_hides_merges_approves_and_routes_in_the_browser(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    abuse = resident_report(kind=PlaceKind.OTHER, place="", description="Grannen på nummer 4 är en idiot")
    original = resident_report()
    duplicate = resident_report(description="Tunneln är becksvart på kvällen", received_on=date.today())
    context = logged_in_context(browser, live_server, "samordnare.halmstad")
    page = context.new_page()
    page.goto(live_server.url + "/halmstad/platsrapporter/")
    assert page.get_by_role("heading", name="Platsrapporter från invånare").is_visible()
    assert axe_violations(page) == []
    for report in (abuse, original, duplicate):
        assert page.locator(f"a[href$='{staff_page(report)}']").count() == 1

    # Hide the abuse, with a reason.
    page.locator(f"a[href$='{staff_page(abuse)}']").click()
    expect(page.locator("dd", has_text="Grannen på nummer 4 är en idiot")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Varför den döljs").fill("Kränkande om en granne")
    page.get_by_role("button", name="Dölj rapporten").click()
    expect(page.get_by_text("Rapporten är dold: den blir aldrig offentlig.")).to_be_visible()
    assert not page.get_by_role("button", name="Dölj rapporten").is_visible()
    abuse.refresh_from_db()
    assert (abuse.hidden, abuse.hidden_reason) == (True, "Kränkande om en granne")

    # Merge the duplicate into the report it repeats.
    page.goto(live_server.url + staff_page(duplicate))
    page.get_by_label("Samma plats som rapport").select_option(value=str(original.pk))
    page.get_by_role("button", name="Markera som dubblett").click()
    expect(page.get_by_text("Rapporten är markerad som dubblett.")).to_be_visible()
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of_id == original.pk

    # Approve the text that may become public: refused while empty, then saved.
    page.goto(live_server.url + staff_page(original))
    assert page.get_by_role("link", name=str(duplicate)).is_visible()  # its duplicates are listed
    text = page.get_by_label("Text som får publiceras")
    assert text.input_value() == "Mörkt i tunneln, lampan är trasig"  # the resident's text to start from
    text.fill("")
    page.get_by_label("Godkänd för publicering").check()
    page.get_by_role("button", name="Spara texten").click()
    expect(page.get_by_role("alert").get_by_text("Skriv texten innan du godkänner den.")).to_be_visible()
    assert axe_violations(page) == []
    original.refresh_from_db()
    assert (original.public_text, original.approved) == ("", False)
    page.get_by_label("Text som får publiceras").fill(
        "Gångtunneln vid Vallås torg är mörk: en lampa är trasig."
    )
    page.get_by_label("Godkänd för publicering").check()
    page.get_by_role("button", name="Spara texten").click()
    expect(page.get_by_text("Texten är sparad.")).to_be_visible()
    original.refresh_from_db()
    assert original.approved and original.public_text.startswith("Gångtunneln vid Vallås torg är mörk")

    # Route it to the housing company with a due date.
    due = date.today() + timedelta(days=14)
    page.get_by_label("Ansvarig organisation").select_option(label="HFAB")
    page.get_by_label("Klart senast").fill(due.isoformat())
    page.get_by_role("button", name="Skicka rapporten vidare").click()
    expect(page.get_by_text("Rapporten är skickad till organisationen.")).to_be_visible()
    assert axe_violations(page) == []
    original.refresh_from_db()
    assert (original.organisation.slug if original.organisation else "", original.due) == ("hfab", due)
    assert original.status == PlaceReport.Status.RECEIVED

    # The new reports are handled: none of the three is left among the new ones.
    page.goto(live_server.url + "/halmstad/platsrapporter/")
    for report in (abuse, original, duplicate):
        assert page.locator(f"a[href$='{staff_page(report)}']").count() == 0
    page.get_by_role("link", name="Dolda").click()
    assert page.locator(f"a[href$='{staff_page(abuse)}']").count() == 1
    context.close()


def test_the_housing_companys_staff_set_the_status_and_answer_on_a_phone(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    hfab = Organisation.objects.get(slug="hfab")
    ours = resident_report(organisation=hfab, due=date.today() + timedelta(days=5), status="received")
    theirs = resident_report(
        organisation=Organisation.objects.get(slug="halmstads-kommun"), status="received", place="Vid skolan"
    )
    context = logged_in_context(browser, live_server, "hfab.rapportor", viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/halmstad/platsrapporter/arenden/")
    assert page.get_by_role("heading", name="Platsrapporter till din organisation").is_visible()
    assert fits_the_phone(page) and axe_violations(page) == []
    assert page.locator(f"a[href$='{staff_page(theirs)}']").count() == 0  # another organisation's
    page.locator(f"a[href$='{staff_page(ours)}']").click()
    expect(page.locator("dd", has_text="Gångtunneln vid Vallås torg")).to_be_visible()
    assert not page.get_by_role("button", name="Dölj rapporten").is_visible()  # it does not moderate
    assert fits_the_phone(page) and axe_violations(page) == []

    # "Will not be done" needs a reason: refused, and nothing changes.
    page.get_by_label("Läge").select_option(label="Görs inte")
    page.get_by_role("button", name="Spara statusen").click()
    alert = page.get_by_role("alert")
    assert alert.get_by_text("Ange varför det inte görs: invånaren får veta det.").is_visible()
    assert fits_the_phone(page) and axe_violations(page) == []
    ours.refresh_from_db()
    assert (ours.status, ours.reason) == (PlaceReport.Status.RECEIVED, "")

    page.get_by_label("Läge").select_option(label="Planerad")
    page.get_by_label("Svar till invånaren").fill("Vi byter armaturen i tunneln i december.")
    page.get_by_role("button", name="Spara statusen").click()
    expect(page.get_by_text("Statusen är sparad.")).to_be_visible()
    assert page.get_by_label("Läge").input_value() == "planned"
    ours.refresh_from_db()
    assert (ours.status, ours.answer) == (
        PlaceReport.Status.PLANNED,
        "Vi byter armaturen i tunneln i december.",
    )
    assert fits_the_phone(page)
    context.close()


def test_the_coordinator_reads_the_weeks_place_reports_beside_the_incidents_on_a_phone(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    report = (
        PlaceReport.objects.filter(municipality__slug="halmstad", hidden=False, duplicate_of=None)
        .order_by("-received_on")
        .first()
    )
    assert report is not None
    year, week, _day = report.received_on.isocalendar()
    context = logged_in_context(browser, live_server, "samordnare.halmstad", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/halmstad/est/vecka/{year}-{week}/")
    assert page.get_by_role("heading", name="Invånarnas platsrapporter").is_visible()
    table = page.get_by_role("table", name="Invånarnas platsrapporter")
    assert table.get_by_role("rowheader", name=report.area.name).first.is_visible()
    assert page.get_by_role("heading", name="Veckans platsrapporter").is_visible()
    assert fits_the_phone(page) and axe_violations(page) == []
    page.locator(f"a[href$='/halmstad/platsrapporter/{report.pk}/']").click()
    assert page.url.endswith(f"/halmstad/platsrapporter/{report.pk}/")
    context.close()


def test_the_housing_company_downloads_its_cases_as_excel(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    context = logged_in_context(browser, live_server, "hfab.rapportor", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/halmstad/platsrapporter/arenden/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Alla rapporter du ser, som Excel-arbetsbok (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(workbook.worksheets[0].values)
    cases = PlaceReport.objects.filter(organisation__slug="hfab", hidden=False)
    assert cases.exists() and len(rows) - 1 == cases.count()
    context.close()
