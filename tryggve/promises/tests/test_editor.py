"""The staff editor: the parties' analysts write a draft promise, its texts side by side in
Swedish, English and Arabic with a preview, its parties, focus areas, activities with their plans,
internal measures and evidence; nothing typed is lost on a failed save, and a frozen promise is
not edited."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from tryggve.core.models import AuditEntry, Cycle, Membership, Organisation
from tryggve.promises import workflow
from tryggve.promises.models import Activity, Evidence, FocusArea, Promise
from tryggve.testing import HOSTILE_NAME, SmallMunicipality, assert_valid_html, client_of, small_municipality

pytestmark = pytest.mark.django_db


@dataclass
class Place:
    town: SmallMunicipality
    police: Organisation
    partner: Organisation
    cycle: Cycle
    users: dict[str, User]

    def client(self, name: str) -> Client:
        return client_of(self.users[name])

    @property
    def base(self) -> str:
        return f"/{self.town.municipality.slug}/medborgarloften/personal"


@pytest.fixture
def place(db: None) -> Place:
    town = small_municipality()
    police = Organisation.objects.create(name="Polisen i Testkommun", slug="lpo-test", kind="police")
    partner = Organisation.objects.create(name="Bostadsbolaget", slug="bostadsbolaget", kind="housing")
    for organisation in (police, partner):
        organisation.municipalities.add(town.municipality)
    cycle = Cycle.objects.create(municipality=town.municipality, year=2026)
    users = {}
    for name, organisation, role in (
        ("analyst", town.kommun, "analyst"),
        ("police", police, "analyst"),
        ("partner_analyst", partner, "analyst"),
        ("reporter", partner, "reporter"),
        ("approver", town.kommun, "approver"),
        ("admin", town.kommun, "admin"),
    ):
        user = User.objects.create_user(f"test.{name}")
        Membership.objects.create(
            user=user, organisation=organisation, municipality=town.municipality, role=role
        )
        users[name] = user
    return Place(town, police, partner, cycle, users)


def stored(instance: Any, field: str) -> Any:
    """A text in one language as stored (`pledge_sv`), which type checkers do not see."""
    return vars(instance)[field]


def new_promise(place: Place, **extra: Any) -> dict[str, Any]:
    """What the new-promise page sends: Swedish and English texts, both parties, one focus area."""
    return {
        "action": "save",
        "cycle": place.cycle.pk,
        "parties": [place.town.kommun.pk, place.police.pk],
        "pledge_sv": "Polis och kommun lovar att öka tryggheten i Norr.\n\nVi börjar med belysningen.",
        "pledge_en": "The police and the municipality promise to make Norr safer.",
        "why_sv": "Många i Norr känner sig otrygga på kvällen.",
        "fokus-TOTAL_FORMS": "2",
        "fokus-INITIAL_FORMS": "0",
        "fokus-0-area": place.town.north.pk,
        "fokus-0-description_sv": "kring torget",
        "fokus-0-order": "0",
        "fokus-1-order": "0",
        **extra,
    }


def draft(place: Place) -> Promise:
    promise = Promise.objects.create(
        municipality=place.town.municipality, cycle=place.cycle, pledge_sv="Vi lovar."
    )
    promise.parties.set([place.town.kommun, place.police])
    return promise


def test_an_analyst_writes_a_draft_with_its_texts_parties_and_focus_areas(place: Place) -> None:
    analyst = place.client("analyst")
    page = analyst.get(f"{place.base}/ny/")
    assert page.status_code == 200
    assert_valid_html(page.content)
    content = page.content.decode()
    # The languages side by side, Swedish required; the Arabic field is written right to left.
    assert 'Svenska <span class="muted">(obligatorisk)</span>' in content
    assert 'name="pledge_ar"' in content and 'lang="ar" dir="rtl"' in content
    response = analyst.post(f"{place.base}/ny/", new_promise(place))
    promise = Promise.objects.get(municipality=place.town.municipality)
    assert response.status_code == 302 and response["Location"] == f"{place.base}/{promise.pk}/"
    assert (promise.status, promise.cycle, promise.revision) == ("draft", place.cycle, 1)
    assert stored(promise, "pledge_en") == "The police and the municipality promise to make Norr safer."
    assert not stored(promise, "pledge_ar")
    assert set(promise.parties.all()) == {place.town.kommun, place.police}
    (focus,) = promise.focus_areas.all()
    assert (focus.area, stored(focus, "description_sv")) == (place.town.north, "kring torget")
    assert [(e.from_status, e.to_status, e.username) for e in promise.events.all()] == [
        ("", "draft", "test.analyst")
    ]
    logged = AuditEntry.objects.filter(user=place.users["analyst"], action=AuditEntry.Action.CREATED)
    assert logged.filter(what__contains="2026").exists()  # the change is in the audit log
    # The police's analyst, a party too, edits it further.
    edited = new_promise(place, pledge_sv="Polis och kommun lovar mer.", **{"fokus-INITIAL_FORMS": "1",
                          "fokus-0-id": focus.pk, "fokus-0-promise": promise.pk})  # fmt: skip
    assert place.client("police").post(f"{place.base}/{promise.pk}/redigera/", edited).status_code == 302
    promise.refresh_from_db()
    assert stored(promise, "pledge_sv") == "Polis och kommun lovar mer."
    assert AuditEntry.objects.filter(user=place.users["police"], action=AuditEntry.Action.CHANGED).exists()


def test_a_failed_save_shows_a_swedish_message_and_keeps_everything_typed(place: Place) -> None:
    typed = new_promise(place, pledge_sv="", pledge_ar="نعد بالأمان", end_year="2025")
    page = place.client("analyst").post(f"{place.base}/ny/", typed)
    assert page.status_code == 200
    assert_valid_html(page.content)
    content = page.content.decode()
    assert (
        "Kontrollera formuläret" in content
        and "Inget är sparat än; allt du skrivit finns kvar här." in content
    )
    assert "Löftet (svenska): Detta fält måste fyllas i." in content
    assert "Det sista året kan inte komma före det första." in content
    for text in ("The police and the municipality promise to make Norr safer.", "نعد بالأمان",
                 "Många i Norr känner sig otrygga på kvällen.", "kring torget"):  # fmt: skip
        assert text in content
    assert 'value="2025"' in content
    assert not Promise.objects.exists()


def test_the_preview_shows_each_text_as_residents_read_it_and_saves_nothing(place: Place) -> None:
    typed = new_promise(place, action="preview", pledge_sv=f"Första stycket {HOSTILE_NAME}\n\nAndra stycket",
                        pledge_ar="نعد بالأمان")  # fmt: skip
    page = place.client("analyst").post(f"{place.base}/ny/", typed)
    assert_valid_html(page.content)
    content = page.content.decode()
    assert "Förhandsgranskning: inget är sparat än." in content
    escaped = "&lt;img src=x onerror=window.hacked=1&gt;"
    assert (
        f'<div class="preview-text" lang="sv" dir="ltr"><p>Första stycket {escaped}</p>\n'
        "<p>Andra stycket</p></div>"
    ) in content
    assert '<div class="preview-text" lang="ar" dir="rtl"><p>نعد بالأمان</p></div>' in content
    assert "Tom: invånarna läser den svenska texten." in content  # the empty English "why"
    assert HOSTILE_NAME not in content
    assert not Promise.objects.exists()


def test_the_whole_municipality_is_not_offered_as_a_focus_area(place: Place) -> None:
    page = place.client("analyst").get(f"{place.base}/ny/").content.decode()
    assert f'<option value="{place.town.north.pk}">Norr</option>' in page
    assert "Hela kommunen</option>" not in page
    refused = place.client("analyst").post(
        f"{place.base}/ny/", new_promise(place, **{"fokus-0-area": place.town.whole.pk})
    )
    assert "Välj ett giltigt alternativ." in refused.content.decode()
    assert not Promise.objects.exists()
    promise = draft(place)
    with pytest.raises(ValidationError, match="Hela kommunen är inget fokusområde"):
        FocusArea(promise=promise, area=place.town.whole).full_clean()  # nor in the administration


def test_parties_cycles_and_focus_areas_are_checked(place: Place) -> None:
    analyst = place.client("analyst")
    other = small_municipality("grannkommun")
    foreign = new_promise(place, parties=[place.partner.pk])  # the writer's own organisation left out
    content = analyst.post(f"{place.base}/ny/", foreign).content.decode()
    assert "Behåll din egen organisation bland parterna" in content
    for bad in ({"parties": [place.town.kommun.pk, other.kommun.pk]}, {"fokus-0-area": other.north.pk},
                {"cycle": Cycle.objects.create(municipality=other.municipality, year=2026).pk}):  # fmt: skip
        assert (
            "Välj ett giltigt alternativ."
            in analyst.post(f"{place.base}/ny/", new_promise(place, **bad)).content.decode()
        )
    twice = new_promise(place, **{"fokus-1-area": place.town.north.pk})
    assert (
        "Området är redan ett fokusområde i löftet."
        in analyst.post(f"{place.base}/ny/", twice).content.decode()
    )
    assert not Promise.objects.exists()
    draft(place)  # the cycle has its promise now: no second one is offered
    content = analyst.get(f"{place.base}/ny/").content.decode()
    assert "Varje omgång i kommunen har redan ett löfte" in content


def test_only_the_analysts_of_the_parties_write_and_only_their_municipality(place: Place) -> None:
    promise = draft(place)
    activity = Activity.objects.create(promise=promise, title_sv="Trafikkontroller")
    base = f"{place.base}/{promise.pk}"
    pages = [
        f"{base}/redigera/",
        f"{base}/aktiviteter/ny/",
        f"{base}/aktiviteter/{activity.pk}/",
        f"{base}/underlag/",
    ]
    for name in ("reporter", "approver", "admin", "partner_analyst"):  # partner_analyst: not a party
        for url in pages:
            assert place.client(name).get(url).status_code == 403, (name, url)
            assert place.client(name).post(url, {"action": "save", "title_sv": "Ändrat"}).status_code == 403
    for name in ("reporter", "approver", "admin"):
        assert place.client(name).get(f"{place.base}/ny/").status_code == 403
    assert place.client("partner_analyst").get(f"{place.base}/ny/").status_code == 200
    # Another municipality's promise and activity are not found through this one's addresses.
    other = small_municipality("grannkommun")
    theirs = Promise.objects.create(
        municipality=other.municipality,
        cycle=Cycle.objects.create(municipality=other.municipality, year=2026),
        pledge_sv="Deras löfte.",
    )
    their_activity = Activity.objects.create(promise=theirs, title_sv="Deras aktivitet")
    analyst = place.client("analyst")
    for url in (f"{place.base}/{theirs.pk}/redigera/", f"{place.base}/{theirs.pk}/underlag/",
                f"{place.base}/{promise.pk}/aktiviteter/{their_activity.pk}/"):  # fmt: skip
        assert analyst.get(url).status_code == 404, url
        assert analyst.post(url, {"action": "save", "title_sv": "Ändrat"}).status_code == 404, url
    assert analyst.get(f"/grannkommun/medborgarloften/personal/{theirs.pk}/redigera/").status_code == 403
    theirs.refresh_from_db()
    their_activity.refresh_from_db()
    assert (stored(theirs, "pledge_sv"), stored(their_activity, "title_sv")) == (
        "Deras löfte.",
        "Deras aktivitet",
    )
    assert stored(Activity.objects.get(pk=activity.pk), "title_sv") == "Trafikkontroller"


def test_a_promise_is_edited_only_until_it_is_adopted(place: Place) -> None:
    promise = draft(place)
    url = f"{place.base}/{promise.pk}/redigera/"
    analyst = place.client("analyst")
    workflow.move(promise, workflow.step_to(promise, "review"), None)  # type: ignore[arg-type]
    assert analyst.get(url).status_code == 200  # in review, the parties' comments are worked in
    Promise.objects.filter(pk=promise.pk).update(status="adopted")
    for response in (analyst.get(url), analyst.post(url, new_promise(place, pledge_sv="Ändrat")),
                     analyst.get(f"{place.base}/{promise.pk}/aktiviteter/ny/")):  # fmt: skip
        assert response.status_code == 302 and response["Location"] == f"{place.base}/{promise.pk}/"
    promise.refresh_from_db()
    assert stored(promise, "pledge_sv") == "Vi lovar."
    page = analyst.get(f"{place.base}/{promise.pk}/").content.decode()
    assert "Redigera löftet" not in page


def activity_data(**extra: Any) -> dict[str, Any]:
    return {
        "action": "save",
        "title_sv": "Trafikkontroller",
        "title_en": "Traffic controls",
        "unit": "controls",
        "per": "month",
        "planned_quantity": "2",
        "order": "0",
        "public": "on",
        **extra,
    }


def test_activities_and_internal_measures_are_written_with_their_plans(place: Place) -> None:
    promise = draft(place)
    analyst = place.client("analyst")
    page = analyst.get(f"{place.base}/{promise.pk}/aktiviteter/ny/")
    assert_valid_html(page.content)
    assert "Hela kommunen</label>" not in page.content.decode()  # "where": empty is the whole
    data = activity_data(responsible=[place.police.pk], areas=[place.town.north.pk], starts="2026-03-01")
    response = analyst.post(f"{place.base}/{promise.pk}/aktiviteter/ny/", data)
    assert response["Location"] == f"{place.base}/{promise.pk}/#activities"
    controls = promise.activities.get()
    assert (controls.public, controls.planned_quantity, controls.unit, controls.starts) == (
        True, 2, "controls", date(2026, 3, 1),
    )  # fmt: skip
    assert list(controls.responsible.all()) == [place.police] and list(controls.areas.all()) == [
        place.town.north
    ]
    # An internal measure starts unticked; saved without the box it stays internal.
    form = analyst.get(f"{place.base}/{promise.pk}/aktiviteter/ny/?intern=1").content.decode()
    assert "Ny intern åtgärd" in form and 'name="public" id="id_public" checked' not in form
    assert 'name="order" value="1"' in form  # after the activities there are
    internal = activity_data(
        title_sv="Gemensam lägesbild varje kvartal", unit="meetings", per="quarter", order="1"
    )
    del internal["public"]
    analyst.post(f"{place.base}/{promise.pk}/aktiviteter/ny/?intern=1", internal)
    measure = promise.activities.get(title_sv="Gemensam lägesbild varje kvartal")
    assert not measure.public and measure.order == 1
    # Bad plans are refused in Swedish, with what was typed kept.
    bad_plans = [
        ({"starts": "2026-05-01", "ends": "2026-04-01"}, "Aktiviteten kan inte sluta innan den börjar."),
        ({"ends": "2027-01-10"}, "Välj en dag inom löftets period (2026)."),
        ({"planned_quantity": "-2"}, "Kontrollera att detta värde är större än eller lika med 0."),
        ({"title_sv": ""}, "Rubrik (svenska): Detta fält måste fyllas i."),
    ]
    for bad, message in bad_plans:
        page = analyst.post(
            f"{place.base}/{promise.pk}/aktiviteter/{controls.pk}/", activity_data(title_en="Kept", **bad)
        )
        assert message in page.content.decode(), message
        assert 'value="Kept"' in page.content.decode()
    controls.refresh_from_db()
    assert (stored(controls, "title_en"), controls.ends) == ("Traffic controls", None)


def test_an_activity_is_removed_only_when_confirmed_and_nothing_is_logged_on_it(place: Place) -> None:
    promise = draft(place)
    analyst = place.client("analyst")
    first = Activity.objects.create(promise=promise, title_sv="Trafikkontroller")
    logged = Activity.objects.create(promise=promise, title_sv="Trygghetsvandringar")
    # What was done is logged on it (through the relation: the follow-up app comes after this one).
    logged.log.create(done_on=date(2026, 2, 1), quantity=1, organisation=place.police)
    url = f"{place.base}/{promise.pk}/aktiviteter/"
    analyst.post(f"{url}{first.pk}/", {"action": "delete"})
    assert Activity.objects.filter(pk=first.pk).exists()
    analyst.post(f"{url}{logged.pk}/", {"action": "delete", "confirm": "yes"})
    assert Activity.objects.filter(pk=logged.pk).exists()
    response = analyst.post(f"{url}{first.pk}/", {"action": "delete", "confirm": "yes"}, follow=True)
    assert "”Trafikkontroller” är borttagen." in response.content.decode()
    assert not Activity.objects.filter(pk=first.pk).exists()


def test_hostile_texts_are_shown_as_text(place: Place) -> None:
    promise = draft(place)
    Promise.objects.filter(pk=promise.pk).update(pledge_ar=HOSTILE_NAME)
    Activity.objects.create(promise=promise, title_sv=HOSTILE_NAME, description_en=HOSTILE_NAME, public=False)
    FocusArea.objects.create(promise=promise, area=place.town.north, description_sv=HOSTILE_NAME)
    analyst = place.client("analyst")
    for url in (f"{place.base}/{promise.pk}/", f"{place.base}/{promise.pk}/redigera/",
                f"{place.base}/{promise.pk}/aktiviteter/{promise.activities.get().pk}/"):  # fmt: skip
        page = analyst.get(url)
        assert_valid_html(page.content)
        content = page.content.decode()
        assert HOSTILE_NAME not in content, url
        assert "&lt;img src=x onerror=window.hacked=1&gt;" in content, url


def test_evidence_is_checked_against_the_adopted_lägesbild(demo: None) -> None:
    published = Promise.objects.get(municipality__slug="halmstad", slug="2019")
    analyst = User.objects.get(username="samordnare.halmstad")
    promise = workflow.new_version(published, analyst)
    assert promise.evidence.count() == published.evidence.count() > 0  # a new version keeps it
    client = client_of(analyst)
    url = f"/halmstad/medborgarloften/personal/{promise.pk}/underlag/"
    page = client.get(url)
    assert_valid_html(page.content)
    content = page.content.decode()
    assert '<datalist id="figure-codes">' in content and '<option value="unsafe_alone_evening">' in content
    assert "I den antagna lägesbilden: Om du går ut ensam sent en kväll" in content
    count = promise.evidence.count()
    data = {
        "underlag-TOTAL_FORMS": str(count + 1),
        "underlag-INITIAL_FORMS": str(count),
        **{
            f"underlag-{n}-{field}": value
            for n, evidence in enumerate(promise.evidence.all())
            for field, value in (
                ("id", evidence.pk),
                ("promise", promise.pk),
                ("kind", evidence.kind),
                ("code", evidence.code),
                ("area", evidence.area_id or ""),
                ("year", evidence.year),
                ("order", evidence.order),
            )
        },
        f"underlag-{count}-kind": "survey",
        f"underlag-{count}-code": "no_such_question",
        f"underlag-{count}-year": "2018",
        f"underlag-{count}-order": "9",
    }
    refused = client.post(url, data).content.decode()
    assert "Den antagna lägesbilden för 2018 har ingen siffra no_such_question" in refused
    assert 'value="no_such_question"' in refused
    assert promise.evidence.count() == count
    data[f"underlag-{count}-code"] = "unsafe_alone_evening"
    assert client.post(url, data).status_code == 302
    assert promise.evidence.filter(code="unsafe_alone_evening", area=None, year=2018).exists()
    assert Evidence.objects.filter(promise=published).count() == count  # the published version unchanged


def test_a_new_version_keeps_its_period_and_says_what_changed(demo: None) -> None:
    published = Promise.objects.get(municipality__slug="halmstad", slug="2019")
    analyst = User.objects.get(username="kommunpolis")
    promise = workflow.new_version(published, analyst)
    page = client_of(analyst).get(f"/halmstad/medborgarloften/personal/{promise.pk}/redigera/")
    assert_valid_html(page.content)
    content = page.content.decode()
    assert (
        'name="cycle"' not in content and "Version 2 behåller perioden från versionen före: 2019." in content
    )
    assert 'name="change_note_sv"' in content and 'name="change_note_ar"' in content
