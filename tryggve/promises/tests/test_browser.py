"""The promise's staff pages in Debian's real Chromium: an analyst writes next year's promise in
the editor, and an approver adopts a new version knowing what it holds and what changed."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from playwright.sync_api import expect

from tryggve.promises import workflow
from tryggve.promises.models import Activity, Promise
from tryggve.testing import (
    HOSTILE_NAME,
    PHONE,
    axe_violations,
    fits_the_phone,
    logged_in_context,
    script_errors,
)

pytestmark = pytest.mark.browser


def test_an_analyst_writes_a_promise_fails_a_save_loses_nothing_and_saves(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    context = logged_in_context(browser, live_server, "samordnare.halmstad", viewport=PHONE)
    page = context.new_page()
    errors = script_errors(page)
    page.goto(live_server.url + "/halmstad/medborgarloften/personal/")
    page.get_by_role("link", name="Skriv ett nytt löfte").click()
    expect(page.get_by_role("heading", name="Nytt medborgarlöfte", level=1)).to_be_visible()
    assert fits_the_phone(page)
    assert axe_violations(page) == []
    # The newest cycle without a promise is offered first.
    year = int(page.locator("#id_cycle option:checked").inner_text())
    pledge = page.get_by_role("group", name="Löftet", exact=True)
    english = "The police and the municipality promise to make Andersberg safer in the evenings."
    arabic = "تعد الشرطة والبلدية بجعل أندرسبيري أكثر أمانًا في المساء."
    pledge.get_by_label("Engelska").fill(english)
    pledge.get_by_label("Arabiska").fill(arabic)
    page.get_by_role("group", name="Därför görs löftet").get_by_label("Svenska").fill(
        "Många i Andersberg känner sig otrygga på kvällen."
    )
    page.locator("#id_fokus-0-area").select_option(label="Andersberg")
    page.locator("#id_fokus-0-description_sv").fill(f"kring torget {HOSTILE_NAME}")
    # The whole municipality is not offered as a focus area.
    assert "Halmstads kommun" not in page.locator("#id_fokus-0-area").inner_text()
    page.get_by_role("button", name="Spara").click()
    # The Swedish promise is missing: a message in Swedish, and nothing typed is lost.
    summary = page.get_by_role("alert")
    assert "Kontrollera formuläret" in summary.inner_text()
    assert "Löftet (svenska): Detta fält måste fyllas i." in summary.inner_text()
    assert pledge.get_by_label("Engelska").input_value() == english
    assert pledge.get_by_label("Arabiska").input_value() == arabic
    assert page.locator("#id_fokus-0-area option:checked").inner_text() == "Andersberg"
    assert page.locator("#id_fokus-0-description_sv").input_value() == f"kring torget {HOSTILE_NAME}"
    assert not Promise.objects.filter(municipality__slug="halmstad", cycle__year=year).exists()
    assert fits_the_phone(page)
    assert axe_violations(page) == []
    # The summary's link leads to the field.
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") == "pledge_sv"
    pledge.get_by_label("Svenska").fill("Polis och kommun lovar att öka tryggheten i Andersberg.")
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(
        page.get_by_role("status").filter(has_text="Förhandsgranskning: inget är sparat än")
    ).to_be_visible()
    preview = page.locator(".preview-text[lang=ar]").first
    assert preview.inner_text() == arabic
    assert preview.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert pledge.get_by_label("Arabiska").evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert not Promise.objects.filter(municipality__slug="halmstad", cycle__year=year).exists()
    assert fits_the_phone(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Utkastet är sparat.")).to_be_visible()
    promise = Promise.objects.get(municipality__slug="halmstad", cycle__year=year)
    assert (promise.status, vars(promise)["pledge_en"], vars(promise)["pledge_ar"]) == (
        "draft",
        english,
        arabic,
    )
    assert [focus.area.slug for focus in promise.focus_areas.all()] == ["andersberg"]
    # An activity with its plan, on its own page.
    page.get_by_role("link", name="Lägg till en aktivitet").click()
    page.get_by_role("group", name="Rubrik").get_by_label("Svenska").fill("Trafikkontroller på kvällar")
    page.get_by_label("Lokalpolisområde Halmstad-Laholm").check()
    page.get_by_label("Planerat antal").fill("2")
    page.get_by_label("Enhet").select_option(label="trafikkontroller")
    page.get_by_role("group", name="Var").get_by_label("Andersberg").check()
    assert fits_the_phone(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("”Trafikkontroller på kvällar” är sparad.")).to_be_visible()
    assert page.get_by_text(
        f"Planerat: 2 trafikkontroller i månaden, 1 januari {year} – 31 december {year}."
    ).is_visible()
    assert page.locator("img[src='x']").count() == 0 and page.evaluate("typeof window.hacked") == "undefined"
    assert fits_the_phone(page)
    assert axe_violations(page) == []
    assert errors == []
    context.close()


def test_an_approver_sees_activities_internal_measures_and_the_changes_then_adopts(
    browser: Any, live_server: Any, fresh_demo: None
) -> None:
    analyst = User.objects.get(username="samordnare.halmstad")
    second = workflow.new_version(Promise.objects.get(municipality__slug="halmstad", slug="2019"), analyst)
    controls = second.activities.get(order=0)
    controls.planned_quantity = 3
    controls.save()
    Activity.objects.create(promise=second, title_sv="Samordnad lägesbild varje månad", public=False, order=9)
    Promise.objects.filter(pk=second.pk).update(
        change_note_sv="Fler trafikkontroller och en månatlig lägesbild."
    )
    second.refresh_from_db()
    workflow.move(second, workflow.step_to(second, "review"), analyst)  # type: ignore[arg-type]
    context = logged_in_context(browser, live_server, "ks.ordforande", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/halmstad/medborgarloften/personal/{second.pk}/")
    activities = page.locator("ol.planned-list:not(.internal)")
    assert "Planerat: 3 trafikkontroller i månaden" in activities.inner_text()
    internal = page.locator("ol.planned-list.internal")
    assert "Samordnad lägesbild varje månad" in internal.inner_text()
    assert internal.locator(".badge").first.inner_text() == "intern åtgärd"
    assert "Samordnad lägesbild varje månad" not in activities.inner_text()
    changes = page.locator("ul.changes")
    assert page.get_by_text("Sedan version 1").is_visible()
    assert "Planerat antal: före: 2, nu: 3" in changes.all_inner_texts()[0]
    assert "Samordnad lägesbild varje månad: Ny (intern åtgärd)" in " ".join(changes.all_inner_texts())
    assert page.get_by_text("Fler trafikkontroller och en månatlig lägesbild.").first.is_visible()
    assert fits_the_phone(page)
    assert axe_violations(page) == []
    form = page.locator("form", has=page.get_by_role("button", name="Registrera beslutet"))
    adoption = [
        ("Fastställt av", "Kommunstyrelsen"),
        ("Beslutsdatum", "2019-06-12"),
        ("Diarienummer", "KS 2019/112"),
        ("Undertecknat för polisen av", "Pia Påhittad, lokalpolisområdeschef"),
        ("Polisens underskriftsdatum", "2019-06-13"),
        ("Undertecknat för kommunen av", "Kalle Exempel, kommunstyrelsens ordförande"),
        ("Kommunens underskriftsdatum", "2019-06-14"),
    ]
    for label, value in adoption:
        form.get_by_label(label).fill(value)
    mail.outbox.clear()
    form.get_by_role("button", name="Registrera beslutet").click()
    expect(page.get_by_text("Löftet är nu: Fastställt.")).to_be_visible()
    second.refresh_from_db()
    assert second.status == "adopted" and second.decision_reference == "KS 2019/112"
    # The parties' staff are told by e-mail: the title and the link, never the promise's texts.
    told = [message for message in mail.outbox if message.subject.startswith("Antaget: ")]
    assert told and analyst.email in {address for message in told for address in message.to}
    assert all(f"/halmstad/medborgarloften/personal/{second.pk}/" in message.body for message in told)
    assert not any("Fler trafikkontroller" in message.body or "KS 2019" in message.body for message in told)
    context.close()
