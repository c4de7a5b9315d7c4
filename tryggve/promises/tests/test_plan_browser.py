"""The action plan in Debian's real Chromium, without JavaScript: an analyst prioritises a problem
from the lägesbild (refused without evidence, nothing typed lost), writes its cause analysis under
the GDPR article 10 warning, makes one of the promise's activities a measure of it (resources,
expected effect) that the problem's page then traces, and the approver records the plan's
decision (refused for a date in the future). Each page, its error states too, is then checked
with axe-core and on a phone's width in a browser with JavaScript (axe-core runs as a script)."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tryggve.promises.models import ActionPlanVersion, Activity, Problem
from tryggve.testing import PHONE, axe_violations, fits_the_phone, logged_in_context

pytestmark = pytest.mark.browser


def checked(page: Any) -> None:
    assert fits_the_phone(page)
    assert axe_violations(page) == []


def without_script(browser: Any, live_server: Any, username: str) -> Any:
    return logged_in_context(browser, live_server, username, viewport=PHONE, java_script_enabled=False)


def test_an_analyst_prioritises_a_problem_analyses_it_and_the_approver_decides_the_plan(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    context = without_script(browser, live_server, "samordnare.halmstad")
    page = context.new_page()
    page.goto(live_server.url + "/halmstad/atgardsplan/")
    page.get_by_role("link", name="Åtgärdsplan 2019").click()
    expect(page.get_by_role("heading", name="Åtgärdsplan 2019", level=1)).to_be_visible()
    expect(page.get_by_text("Narkotikahandel kring Vallås centrum").first).to_be_visible()

    page.get_by_role("link", name="Lägg till ett prioriterat problem").click()
    page.get_by_role("group", name="Problem", exact=True).get_by_label("Svenska").fill(
        "Skadegörelse vid skolorna i Vallås"
    )
    page.get_by_label("Vallås", exact=True).check()
    page.get_by_role("button", name="Spara").click()
    summary = page.get_by_role("alert")
    assert (
        "Ett prioriterat problem behöver minst en siffra ur lägesbilden som visar det."
        in summary.inner_text()
    )
    assert (
        page.get_by_role("group", name="Problem", exact=True).get_by_label("Svenska").input_value()
        == "Skadegörelse vid skolorna i Vallås"
    )
    assert page.get_by_label("Vallås", exact=True).is_checked()
    assert not Problem.objects.filter(title_sv="Skadegörelse vid skolorna i Vallås").exists()
    page.locator("#id_underlag-0-kind").select_option("survey")
    page.locator("#id_underlag-0-code").fill("neighbourhood_problems.drug_dealing")
    page.locator("#id_underlag-0-area").select_option(label="Vallås")
    page.locator("#id_underlag-0-year").select_option("2018")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("”Skadegörelse vid skolorna i Vallås” är sparad.")).to_be_visible()
    added = Problem.objects.get(title_sv="Skadegörelse vid skolorna i Vallås")
    section = page.locator(f"#problem-{added.pk}")
    assert "Öppen narkotikahandel" in section.inner_text()

    section.get_by_role("link", name="Orsaksanalysen").click()
    expect(
        page.get_by_text("Internt: personuppgifter om lagöverträdelser (GDPR artikel 10).")
    ).to_be_visible()
    offender = page.get_by_role("group", name="Gärningspersonen")
    offender.get_by_label("Gärningsperson: det vi vet").fill("Klotter kvällstid; ring 070-123 45 67.")
    page.get_by_label("Sammanfattningen får publiceras").check()
    page.get_by_role("button", name="Spara").click()
    assert "Skriv den offentliga sammanfattningen på svenska" in page.get_by_role("alert").inner_text()
    assert offender.get_by_label("Gärningsperson: det vi vet").input_value().startswith("Klotter kvällstid")
    page.get_by_role("group", name="Offentlig sammanfattning").get_by_label("Svenska").fill(
        "Skymda platser lockar till skadegörelse."
    )
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Orsaksanalysen är sparad.")).to_be_visible()
    added.refresh_from_db()
    assert "070-123 45 67" not in added.analysis.offender_known

    # A measure of the plan: the promise's activity answers the new problem, with its resources
    # and expected effect; the problem's page then traces it to its measure.
    planned = Activity.objects.get(promise__cycle__year=2019, promise__revision=1, order=3, public=True)
    title = planned.title_sv  # type: ignore[attr-defined]  # a modeltranslation field
    page.goto(live_server.url + f"/halmstad/atgardsplan/2019/atgard/{planned.pk}/")
    page.get_by_label("Prioriterat problem").select_option(label="Skadegörelse vid skolorna i Vallås")
    page.get_by_label("Resurser").fill("Fältassistenterna två kvällar i veckan.")
    page.get_by_label("Förväntad effekt").fill("Mindre skadegörelse vid skolorna under 2019.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text(f"”{title}” är sparad.")).to_be_visible()
    planned.refresh_from_db()
    assert planned.problem == added and planned.resources == "Fältassistenterna två kvällar i veckan."
    page.goto(live_server.url + f"/halmstad/uppfoljning/problem/{added.pk}/")
    assert page.get_by_text(title).first.is_visible()
    assert page.get_by_text("Mindre skadegörelse vid skolorna under 2019.").is_visible()
    context.close()

    approver = logged_in_context(
        browser, live_server, "ks.ordforande", viewport=PHONE, java_script_enabled=False
    )
    page = approver.new_page()
    page.goto(live_server.url + "/halmstad/atgardsplan/2019/")
    assert page.get_by_text("Skadegörelse vid skolorna i Vallås").first.is_visible()
    form = page.locator("form[action$='/beslut/']")
    form.get_by_label("Fastställt av").fill("Kommunfullmäktige")
    form.get_by_label("Beslutsdatum").fill((timezone.localdate() + timedelta(days=2)).isoformat())
    form.get_by_role("button", name="Registrera beslutet").click()
    assert "Beslutsdatumet kan inte ligga i framtiden." in page.get_by_role("alert").inner_text()
    assert ActionPlanVersion.objects.filter(plan=added.plan).count() == 1
    form = page.locator("form[action$='/beslut/']")
    form.get_by_label("Beslutsdatum").fill(timezone.localdate().isoformat())
    form.get_by_role("button", name="Registrera beslutet").click()
    expect(page.get_by_text("Version 2 av åtgärdsplanen är beslutad.")).to_be_visible()
    page.get_by_role("link", name="Version 2", exact=True).click()
    expect(page.get_by_text("Skadegörelse vid skolorna i Vallås").first).to_be_visible()
    assert "Klotter kvällstid" not in page.content()  # the analysis's internal texts stay on its page
    page.goto(live_server.url + "/halmstad/atgardsplan/2019/overenskommelse/")
    assert page.get_by_text("Undertecknad av Per Påhittsson").is_visible()
    approver.close()

    # The same pages, and their error states, checked with axe-core and on a phone.
    measure = Activity.objects.filter(problem__isnull=False, public=True).first()
    assert measure is not None
    for username, urls in (
        ("samordnare.halmstad", ["/halmstad/atgardsplan/", "/halmstad/atgardsplan/2019/",
                                 "/halmstad/atgardsplan/2019/problem/ny/",
                                 f"/halmstad/atgardsplan/2019/problem/{added.pk}/",
                                 f"/halmstad/atgardsplan/2019/problem/{added.pk}/orsaksanalys/",
                                 "/halmstad/atgardsplan/2019/overenskommelse/",
                                 f"/halmstad/uppfoljning/problem/{added.pk}/",
                                 f"/halmstad/uppfoljning/aktivitet/{measure.pk}/matetal/",
                                 f"/halmstad/atgardsplan/2019/atgard/{measure.pk}/"]),
        ("ks.ordforande", ["/halmstad/atgardsplan/2019/", "/halmstad/atgardsplan/2019/utskrift/?version=2",
                           "/halmstad/atgardsplan/2019/overenskommelse/"]),
    ):  # fmt: skip
        context = logged_in_context(browser, live_server, username, viewport=PHONE)
        page = context.new_page()
        for url in urls:
            page.goto(live_server.url + url)
            checked(page)
        if username == "samordnare.halmstad":
            page.goto(live_server.url + "/halmstad/atgardsplan/2019/problem/ny/")
            page.get_by_role("group", name="Problem", exact=True).get_by_label("Svenska").fill(
                "Utan underlag"
            )
            page.get_by_role("button", name="Spara").click()
            expect(page.get_by_role("alert")).to_be_visible()
            checked(page)
        context.close()
