"""The review and approval page shows the whole promise: its texts in each language, focus areas,
activities with their plans, internal measures marked as such, evidence, and what changed since
the promise before it."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tryggve.core.models import Area, Cycle, Organisation
from tryggve.promises import changes, workflow
from tryggve.promises.models import Activity, FocusArea, Promise
from tryggve.testing import HOSTILE_NAME, assert_valid_html, client_of

pytestmark = pytest.mark.django_db


def halmstad_2019() -> Promise:
    return Promise.objects.get(municipality__slug="halmstad", slug="2019")


def page_of(username: str, promise: Promise) -> str:
    response = client_of(User.objects.get(username=username)).get(
        f"/halmstad/medborgarloften/personal/{promise.pk}/"
    )
    assert response.status_code == 200
    assert_valid_html(response.content)
    return response.content.decode()


def section(page: str, anchor: str) -> str:
    return page.split(f'id="{anchor}"')[1].split("<h2 ")[0]


def test_the_approver_sees_the_whole_promise(demo: None) -> None:
    promise = halmstad_2019()
    page = page_of("ks.ordforande", promise)
    texts = section(page, "texts")
    assert "Polis och kommun lovar att tillsammans arbeta" in texts
    assert '<div class="written" lang="en" dir="ltr"><p>The police and the municipality promise' in texts
    assert "Inte skriven: invånarna läser den svenska texten." in texts  # no Arabic written
    focus_areas = section(page, "focus-areas")
    assert "Andersberg" in focus_areas and "de centrala delarna" in focus_areas
    activities = section(page, "activities")
    assert "Trafikkontroller (hastighet-, beteende- och alkohol/drog-kontroller)" in activities
    assert "Planerat: 2 trafikkontroller i månaden, 1 januari 2019 – 31 december 2019." in activities
    assert "Lokalpolisområde Halmstad-Laholm" in activities
    assert "samverkansöverenskommelsen" not in activities
    internal = section(page, "internal")
    assert "Gemensam lägesbild för polis och kommun varje kvartal" in internal
    assert '<span class="badge">intern åtgärd</span>' in internal
    assert "Planerat: 1 möten i kvartalet" in internal
    evidence = section(page, "evidence")
    assert "Vallås, 2018: Om du går ut ensam sent en kväll" in evidence
    # Each piece of evidence with its figure from the adopted lägesbild.
    assert re.search(r"<strong>\d+ %</strong>", evidence)
    assert "Det finns inget tidigare löfte att jämföra med." not in page  # compared with 2018's promise
    assert "Sedan medborgarlöftet 2018" in section(page, "changes")
    assert "Redigera löftet" not in page  # the approver does not write it, nor is a published one edited


def test_a_new_version_shows_what_changed_since_the_version_before(demo: None) -> None:
    analyst = User.objects.get(username="samordnare.halmstad")
    second = workflow.new_version(halmstad_2019(), analyst)
    assert "Inget har ändrats." in section(page_of("ks.ordforande", second), "changes")
    pledge = vars(second)["pledge_sv"].replace("höja invånarnas", "stärka invånarnas")
    Promise.objects.filter(pk=second.pk).update(pledge_sv=pledge, pledge_ar="نعد بالأمان")
    controls = second.activities.get(order=0)
    controls.planned_quantity = 3
    controls.save()
    controls.responsible.add(Organisation.objects.get(slug="hfab"))
    walks = second.activities.get(order=5)
    walks.public = False
    walks.save()
    Activity.objects.create(promise=second, title_sv="Samordnad lägesbild varje månad", public=False, order=9)
    second.activities.get(order=4).delete()
    FocusArea.objects.filter(promise=second, area__slug="stadskarnan").delete()
    FocusArea.objects.create(promise=second, area=Area.objects.get(slug="linehed"), order=5)
    page = page_of("ks.ordforande", second)
    changed = section(page, "changes")
    assert "Sedan version 1" in changed
    assert (
        '<span class="changed-text" lang="sv" dir="ltr">Polis och kommun lovar att tillsammans arbeta '
        "för att "
        '<del><span class="visually-hidden" lang="sv">borttaget: </span>höja</del> '
        '<ins><span class="visually-hidden" lang="sv">tillagt: </span>stärka</ins> invånarnas'
    ) in changed
    assert 'Löftet (arabiska):</strong> <span class="changed-text" lang="ar" dir="rtl"><ins>' in changed
    assert "Planerat antal:</strong> före: <del>2</del>, nu: <ins>3</ins>" in changed
    assert "Ansvariga organisationer:</strong> tillagt: <ins>HFAB</ins>" in changed
    assert "före: <del>aktivitet i det offentliga löftet</del>, nu: <ins>intern åtgärd</ins>" in changed
    assert "Samordnad lägesbild varje månad:</strong> Ny (intern åtgärd)" in changed
    assert "Verka för ökad närvaro av trygga vuxna på kvällar och helger.:</strong> Borttagen" in changed
    assert "<strong>Linehed:</strong> Nytt fokusområde" in changed
    assert "<strong>Stadskärnan:</strong> Inte längre ett fokusområde" in changed
    # The changed measure is now listed, marked, among the internal measures.
    assert "Trygghetsvandringar på prioriterade platser" in section(page, "internal")


def test_a_first_version_is_compared_with_the_promise_of_the_year_before(demo: None) -> None:
    cycle = Cycle.objects.get(municipality__slug="halmstad", year=2020)
    promise = Promise.objects.create(municipality=cycle.municipality, cycle=cycle, pledge_sv="Vi lovar.")
    Activity.objects.create(promise=promise, title_sv="Trafikkontroller (hastighet-, beteende- och "
                            "alkohol/drog-kontroller). Mopeder inkluderat.", planned_quantity=4)  # fmt: skip
    page = page_of("kommunpolis", promise)
    changed = section(page, "changes")
    assert "Sedan medborgarlöftet 2019" in changed
    assert "Period:</strong> före: <del>2019</del>, nu: <ins>2020</ins>" in changed
    # The same activity, matched by its title, with its plan's change.
    assert "Planerat antal:</strong> före: <del>2</del>, nu: <ins>4</ins>" in changed
    assert "Redigera löftet" in page  # a draft, opened by an analyst of a party


def test_a_changed_text_is_escaped_word_by_word() -> None:
    shown = changes.words("Vi lovar trygghet.", f"Vi lovar {HOSTILE_NAME} trygghet.", "sv", "ltr")
    assert HOSTILE_NAME not in shown
    assert "&lt;img" in shown and "<ins>" in shown


def test_other_municipalities_promises_are_not_found(client: Client, demo: None) -> None:
    laholm = Promise.objects.filter(municipality__slug="laholm").first()
    assert laholm is not None
    client.force_login(User.objects.get(username="samordnare.halmstad"))
    assert client.get(f"/halmstad/medborgarloften/personal/{laholm.pk}/").status_code == 404
