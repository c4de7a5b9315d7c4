"""The staff start page is a to-do list: reviews and decisions, late measures and activities,
EST weeks without a meeting record, each with its link, of the user's own organisations only;
and *Ditt konto* lets each user choose which e-mails they get."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tryggve.core.models import Cycle, EmailOptOut, Membership, Municipality, Organisation
from tryggve.followup.models import Finding, Measure, SafetyWalk
from tryggve.inputs.models import Category, Incident, WeeklyMeeting
from tryggve.promises.models import Activity, Promise
from tryggve.testing import HOSTILE_NAME, assert_valid_html, client_of, small_municipality

TODAY = date.today()
LAST_MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)


@dataclass
class Year:
    municipality: Municipality
    promise: Promise  # published, running this year
    draft: Promise  # next year's, in review
    controls: Activity
    walk: SafetyWalk
    overdue: Measure
    users: dict[str, User]

    def page(self, name: str) -> str:
        response = client_of(self.users[name]).get("/konto/")
        assert response.status_code == 200
        assert_valid_html(response.content)
        return response.content.decode()


def make_year(slug: str = "ort") -> Year:
    small = small_municipality(slug)
    place, kommun = small.municipality, small.kommun
    police = Organisation.objects.create(name=f"Polisen {slug}", slug=f"polisen-{slug}", kind="police")
    housing = Organisation.objects.create(name=f"Bostäder {slug}", slug=f"bostader-{slug}", kind="housing")
    police.municipalities.add(place)
    housing.municipalities.add(place)
    users = {}
    for name, organisation, roles in (
        ("owner", police, ["owner"]),
        ("analyst", kommun, ["analyst", "owner"]),
        ("approver", kommun, ["approver"]),
        ("reporter", housing, ["reporter"]),
    ):
        user = User.objects.create_user(f"{slug}.{name}", f"{name}@{slug}.example", first_name=name.title())
        for role in roles:
            Membership.objects.create(user=user, organisation=organisation, municipality=place, role=role)
        users[name] = user
    this_year = Cycle.objects.create(municipality=place, year=TODAY.year)
    next_year = Cycle.objects.create(municipality=place, year=TODAY.year + 1)
    promise = Promise.objects.create(
        municipality=place, cycle=this_year, status=Promise.Status.PUBLISHED, pledge_sv="Vi lovar."
    )
    draft = Promise.objects.create(
        municipality=place, cycle=next_year, status=Promise.Status.REVIEW, pledge_sv="Vi lovar igen."
    )
    for found in (promise, draft):
        found.parties.set([kommun, police])
    controls = Activity.objects.create(
        promise=promise, title_sv=f"Trafikkontroller {HOSTILE_NAME}", planned_quantity=2, unit="controls"
    )
    controls.responsible.set([police])
    walk = SafetyWalk.objects.create(
        municipality=place, walk_on=date(2026, 4, 2), area=small.north, route="Runt torget"
    )
    finding = Finding.objects.create(walk=walk, kind="lighting", place="Gångtunneln")
    overdue = Measure.objects.create(
        finding=finding,
        organisation=police,
        action="Byt armaturen i gångtunneln",
        due=TODAY - timedelta(days=2),
    )
    Measure.objects.create(  # the kommun's, due in a week
        finding=finding, organisation=kommun, action="Beskär buskarna", due=TODAY + timedelta(days=7)
    )
    Measure.objects.create(  # done: nothing to do
        finding=finding,
        organisation=police,
        action="Laga lampan",
        due=TODAY - timedelta(days=9),
        status="done",
    )
    graffiti = Category.objects.get(municipality=place, slug="graffiti")
    for weeks_ago in (1, 2):
        monday = TODAY - timedelta(days=TODAY.weekday() + 7 * weeks_ago)
        Incident.objects.create(
            municipality=place, category=graffiti, area=small.north, organisation=housing,
            happened_at=timezone.make_aware(datetime.combine(monday + timedelta(days=2), time(12))),
        )  # fmt: skip
    WeeklyMeeting.objects.create(
        municipality=place, week=LAST_MONDAY - timedelta(weeks=1), decisions="Klart."
    )
    return Year(place, promise, draft, controls, walk, overdue, users)


@pytest.fixture
def year(db: None) -> Year:
    return make_year()


def test_an_activity_owner_sees_their_organisations_overdue_measure_and_late_activity(year: Year) -> None:
    page = year.page("owner")
    walk_link = f'href="/ort/uppfoljning/vandringar/{year.walk.pk}/#f{year.overdue.finding_id}"'
    assert walk_link in page and "Byt armaturen i gångtunneln" in page
    assert "Försenad: skulle ha varit klar den" in page
    assert "Beskär buskarna" not in page and "Laga lampan" not in page  # the kommun's; done
    assert f'href="/ort/uppfoljning/aktivitet/{year.controls.pk}/"' in page
    assert "efter plan, 0 av ungefär" in page
    assert HOSTILE_NAME not in page  # the title is escaped
    assert f'href="/ort/medborgarloften/personal/{year.draft.pk}/"' in page
    assert "Granska och kommentera för din organisation" in page
    assert "EST-veckor" not in page  # the owner does not run EST
    # The links that were there stay.
    assert 'href="/ort/uppfoljning/logga/"' in page and 'href="/ort/uppfoljning/vandringar/"' in page


def test_an_analyst_sees_the_kommuns_measures_every_late_activity_and_est_weeks(year: Year) -> None:
    page = year.page("analyst")
    assert "Beskär buskarna" in page and "Ska vara klar den" in page
    assert "Byt armaturen" not in page  # the police's measure
    assert f'href="/ort/uppfoljning/aktivitet/{year.controls.pk}/"' in page  # analysts log every one
    week = LAST_MONDAY.isocalendar()
    assert f'href="/ort/est/vecka/{week.year}-{week.week}/"' in page
    assert f"Vecka {week.week}, {week.year}" in page
    earlier = (LAST_MONDAY - timedelta(weeks=1)).isocalendar()
    assert f"/ort/est/vecka/{earlier.year}-{earlier.week}/" not in page  # its meeting is recorded
    assert 'href="/ort/est/ny/"' in page and 'href="/ort/medborgarloften/personal/"' in page


def test_an_approver_sees_the_promise_to_adopt_and_a_reporter_nothing_to_do(year: Year) -> None:
    page = year.page("approver")
    assert f'href="/ort/medborgarloften/personal/{year.draft.pk}/"' in page
    assert "Anteckna antagandet: beslut och underskrifter" in page
    assert "Byt armaturen" not in page and "Trafikkontroller" not in page
    reporter = year.page("reporter")
    assert "Inget väntar på dig just nu." in reporter
    assert "Anteckna antagandet" not in reporter and "Granska och kommentera" not in reporter


def test_nobody_sees_another_municipalitys_to_do(year: Year) -> None:
    other = make_year("grann")
    page = other.page("owner")
    assert "/ort/" not in page
    assert f'href="/grann/uppfoljning/vandringar/{other.walk.pk}/#f{other.overdue.finding_id}"' in page


def test_each_user_chooses_which_emails_they_get(year: Year) -> None:
    client = client_of(year.users["owner"])
    page = client.get("/konto/epost/")
    assert_valid_html(page.content)
    text = page.content.decode()
    assert text.count('type="checkbox"') == 7 and text.count("checked") == 7
    assert "En invånares platsrapport som skickats till min organisation" in text
    assert "E-post från Tryggve" in client.get("/konto/").content.decode()
    kept = ["promise_review", "est_feedback"]
    saved = client.post("/konto/epost/", {"wanted": kept}, follow=True)
    assert "Dina val av e-post är sparade." in saved.content.decode()
    off = set(EmailOptOut.objects.filter(user=year.users["owner"]).values_list("kind", flat=True))
    assert off == {
        "promise_adopted",
        "promise_published",
        "measure_due",
        "activity_behind",
        "place_report_due",
    }
    assert client.get("/konto/epost/").content.decode().count("checked") == 2
    # A kind that does not exist is refused with a message and changes nothing.
    refused = client.post("/konto/epost/", {"wanted": ["promise_review", "everything"]})
    assert "Välj ett giltigt alternativ" in refused.content.decode()
    assert EmailOptOut.objects.filter(user=year.users["owner"]).count() == 5
    client.post("/konto/epost/", {"wanted": ["promise_review", "promise_adopted"]})
    assert EmailOptOut.objects.filter(user=year.users["owner"]).count() == 5
    assert not EmailOptOut.objects.filter(user=year.users["owner"], kind="promise_adopted").exists()
    assert Client().get("/konto/epost/").status_code == 302  # login first
