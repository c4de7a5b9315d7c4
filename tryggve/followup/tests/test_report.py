"""The yearly follow-up report: generated from the log against the plan, written and decided by
the analysts, printed for the parties' staff, and its public part on the municipality's site, in
its PDF and feed, never with an internal measure or the internal commentary."""

import copy
import datetime
import importlib
import io
import re
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from tryggve.core.models import Cycle, Membership, Municipality, Organisation
from tryggve.followup import report
from tryggve.followup.models import ActivityLog, FollowupReport, FollowupReportVersion, MeasureNote
from tryggve.promises.models import Activity, Promise
from tryggve.testing import assert_valid_html

from .conftest import Setting, day

EDITOR = "/ort/uppfoljning/rapport/2019/"
PUBLIC = "/ort/uppfoljningsrapport/2019/"
INTERNAL = "Samordnad lägesbild för styrgruppen"
SECRET = "Styrgruppen bör byta ordförande"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def logged(setting: Setting) -> Setting:
    for month in (1, 2, 3):
        ActivityLog.objects.create(
            activity=setting.controls, done_on=day(month, 15), quantity=2, area=setting.area,
            organisation=setting.police, people_met=5,
        )  # fmt: skip
    internal = Activity.objects.create(
        promise=setting.promise, title_sv=INTERNAL, public=False, planned_quantity=4, per="year", order=1
    )
    internal.responsible.set([setting.kommun])
    ActivityLog.objects.create(activity=internal, done_on=day(5, 2), quantity=4, organisation=setting.kommun)
    return setting


def texts(setting: Setting, **more: str) -> dict[str, str]:
    internal = Activity.objects.get(title_sv=INTERNAL)
    return {
        "summary_sv": "Trafikkontrollerna kom igång sent.",
        "changes_sv": "Fler kontroller på kvällstid.",
        "commentary_sv": "Ring Anna på 070-123 45 67 om frågor.",
        "internal_note": SECRET,
        f"note_{setting.controls.pk}": "Kontrollerna bör ligga på fredagskvällar.",
        f"note_{internal.pk}": "Styrgruppen möts för sällan.",
        **more,
    }


def decide(client: Client, when: datetime.date) -> Any:
    return client.post(
        f"{EDITOR}beslut/",
        {
            "decision_body": "Kommunstyrelsen",
            "decision_date": when.isoformat(),
            "decision_reference": "KS § 7",
        },
    )


def test_the_report_is_generated_from_the_log_against_the_plan(logged: Setting) -> None:
    response = logged.client(logged.analyst).get(EDITOR)
    assert response.status_code == 200
    assert_valid_html(response.content)
    page = response.content.decode()
    # Planned: 2 a month for the year = 24; done: what the log holds, never a typed number.
    assert "Planerat för året" in page and "24 trafikkontroller" in page
    assert "6 trafikkontroller (25 %)" in page and "efter plan" in page
    assert f"{INTERNAL} (intern åtgärd)" in page  # staff see internal measures, marked
    assert "4 tillfällen (100 %)" in page


def test_the_analysts_texts_are_scrubbed_saved_and_the_decision_freezes_the_report(logged: Setting) -> None:
    analyst = logged.client(logged.analyst)
    assert analyst.post(EDITOR, texts(logged)).status_code == 302
    found = FollowupReport.objects.get(municipality=logged.municipality, year=2019)
    commentary = found.commentary  # Swedish: the language the test runs in
    assert "070-123 45 67" not in commentary and "Anna" not in commentary and "Ring" in commentary
    assert MeasureNote.objects.filter(report=found).count() == 2

    # A decision dated tomorrow is refused in Swedish and nothing is stored.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refused = decide(analyst, tomorrow)
    assert refused.status_code == 200
    assert "Beslutsdatumet kan inte ligga i framtiden." in refused.content.decode()
    assert not FollowupReportVersion.objects.exists()
    # No body either: refused.
    empty = analyst.post(f"{EDITOR}beslut/", {"decision_body": "", "decision_date": "2020-02-01"})
    assert "Skriv vilket organ som fattade beslutet." in empty.content.decode()
    assert not FollowupReportVersion.objects.exists()

    assert decide(analyst, datetime.date(2020, 2, 1)).status_code == 302
    version = FollowupReportVersion.objects.get()
    assert version.number == 1 and version.decision_body == "Kommunstyrelsen"
    # Later logs and edits are a new draft: the decided version keeps what it showed.
    ActivityLog.objects.create(
        activity=logged.controls, done_on=day(6, 1), quantity=10, organisation=logged.police
    )
    analyst.post(EDITOR, texts(logged, summary_sv="Ändrad efteråt."))
    decided = logged.client(logged.analyst).get(f"{EDITOR}utskrift/?beslut=1").content.decode()
    assert "6 trafikkontroller (25 %)" in decided and "Trafikkontrollerna kom igång sent." in decided
    draft = logged.client(logged.analyst).get(f"{EDITOR}utskrift/").content.decode()
    assert "16 trafikkontroller (67 %)" in draft and "Ändrad efteråt." in draft


def test_the_public_report_pdf_and_feed_hold_only_the_public_part(client: Client, logged: Setting) -> None:
    assert client.get(PUBLIC).status_code == 404  # nothing before a decision
    analyst = logged.client(logged.analyst)
    analyst.post(EDITOR, texts(logged))
    decide(analyst, datetime.date(2020, 2, 1))

    response = client.get(PUBLIC)
    assert response.status_code == 200
    assert_valid_html(response.content)
    page = response.content.decode()
    assert "Uppföljningsrapport 2019" in page and "Version 1: beslutad av Kommunstyrelsen" in page
    assert "Trafikkontroller" in page and "Fler kontroller på kvällstid." in page
    assert "Kontrollerna bör ligga på fredagskvällar." in page
    pdf = client.get(f"{PUBLIC}rapport.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    feed = client.get("/ort/flode.atom").content.decode()
    assert "Uppföljningsrapport 2019 beslutad, version 1" in feed
    staff_pdf = pdf_text(analyst.get(f"{EDITOR}rapport.pdf?beslut=1").content)
    assert INTERNAL in staff_pdf and SECRET in staff_pdf  # the parties' staff read it all
    for public in (page, pdf_text(pdf.content), feed, client.get("/en" + PUBLIC).content.decode()):
        for internal in (INTERNAL, SECRET, "Styrgruppen möts för sällan."):
            assert internal not in public
    assert client.get(f"{PUBLIC}?version=2").status_code == 404
    arabic = client.get("/ar" + PUBLIC)
    assert arabic.status_code == 200 and 'dir="rtl"' in arabic.content.decode()
    # The measure has no Arabic title: its Swedish one is marked as Swedish.
    assert '<span lang="sv" dir="ltr">Trafikkontroller</span>' in arabic.content.decode()


def test_who_may_open_write_and_decide_the_report(client: Client, logged: Setting) -> None:
    for address in (EDITOR, f"{EDITOR}utskrift/", f"{EDITOR}rapport.pdf"):
        assert client.get(address).status_code == 302  # anonymous: to the login page
    assert client.post(f"{EDITOR}beslut/", {}).status_code == 302
    owner = logged.client(logged.owner)
    assert owner.get(EDITOR).status_code == 403  # an activity owner does not write the report
    assert owner.post(EDITOR, texts(logged)).status_code == 403
    assert owner.get(f"{EDITOR}utskrift/").status_code == 200  # but reads it, as the parties do
    assert decide(owner, datetime.date(2020, 2, 1)).status_code == 403
    # Another municipality's analyst sees nothing of Ort's report.
    other = Municipality.objects.create(name="Annan", official_name="Annans kommun", slug="annan")
    kommun = Organisation.objects.create(name="Annans kommun", slug="annans-kommun", kind="kommun")
    kommun.municipalities.add(other)
    stranger = User.objects.create_user("annan.analyst")
    Membership.objects.create(user=stranger, organisation=kommun, municipality=other, role="analyst")
    outsider = logged.client(stranger)
    for address in (EDITOR, f"{EDITOR}utskrift/", f"{EDITOR}rapport.pdf"):
        assert outsider.get(address).status_code == 403
    assert outsider.post(EDITOR, texts(logged)).status_code == 403
    assert decide(outsider, datetime.date(2020, 2, 1)).status_code == 403
    assert not FollowupReport.objects.exists()
    # Its own report of the year lists none of Ort's measures.
    Cycle.objects.create(municipality=other, year=2019)
    assert "Trafikkontroller" not in outsider.get("/annan/uppfoljning/rapport/2019/").content.decode()


def test_a_promise_not_yet_published_is_reported_to_staff_but_not_to_residents(
    client: Client, logged: Setting
) -> None:
    Promise.objects.filter(pk=logged.promise.pk).update(status=Promise.Status.ADOPTED)
    analyst = logged.client(logged.analyst)
    assert "Trafikkontroller" in analyst.get(EDITOR).content.decode()
    analyst.post(EDITOR, texts(logged))
    decide(analyst, datetime.date(2020, 2, 1))
    page = client.get(PUBLIC).content.decode()
    assert 'id="part-measure-' not in page and INTERNAL not in page  # no measure at all


def test_a_party_comments_on_the_report_for_the_parties_only(client: Client, logged: Setting) -> None:
    logged.client(logged.analyst).post(EDITOR, texts(logged))
    owner = logged.client(logged.owner)  # the police's activity owner: one of the parties' staff
    saved = owner.post(f"{EDITOR}kommentar/", {"text": "Vi kan ta fler kvällar. Mejla per@polisen.se."})
    assert saved.status_code == 302 and saved["Location"].endswith("/utskrift/#comments")
    page = owner.get(f"{EDITOR}utskrift/").content.decode()
    assert "Vi kan ta fler kvällar." in page and "per@polisen.se" not in page  # scrubbed
    empty = owner.post(f"{EDITOR}kommentar/", {"text": " "}, follow=True)
    assert "Skriv kommentaren först." in empty.content.decode()
    assert FollowupReport.objects.get().comments.count() == 1
    decide(logged.client(logged.analyst), datetime.date(2020, 2, 1))
    assert "Vi kan ta fler kvällar." not in client.get(PUBLIC).content.decode()
    assert client.post(f"{EDITOR}kommentar/", {"text": "Hej"}).status_code == 302  # to the login page
    assert FollowupReport.objects.get().comments.count() == 1


def test_a_new_version_adopted_beside_the_published_one_is_reported_once(logged: Setting) -> None:
    second = Promise.objects.create(
        municipality=logged.municipality, cycle=logged.promise.cycle, status=Promise.Status.ADOPTED,
        pledge_sv="Vi lovar mer.", revision=2, revision_of=logged.promise,
    )  # fmt: skip
    again = Activity.objects.create(
        promise=second, title_sv="Trafikkontroller", planned_quantity=2, unit="controls", per="month"
    )
    Activity.objects.filter(pk=again.pk).update(continues=logged.controls)
    page = logged.client(logged.analyst).get(EDITOR).content.decode()
    assert page.count('id="part-measure-') == 1  # the new version's, with the old one's log
    assert "6 trafikkontroller (25 %)" in page


def test_a_promise_of_the_same_years_not_yet_public_stays_out_of_the_public_report(
    client: Client, logged: Setting
) -> None:
    """Measures belong to their promise by its id: a second, adopted promise covering the same
    year (the same period) does not publish its public measures with the published one's."""
    other = Promise.objects.create(
        municipality=logged.municipality, cycle=logged.promise.cycle, status=Promise.Status.ADOPTED,
        revision=2, pledge_sv="Ett annat löfte.",
    )  # fmt: skip
    assert other.period == logged.promise.period
    Activity.objects.create(promise=other, title_sv="Kameror vid stationen", public=True, order=0)
    analyst = logged.client(logged.analyst)
    assert "Kameror vid stationen" in analyst.get(EDITOR).content.decode()
    analyst.post(EDITOR, texts(logged))
    decide(analyst, datetime.date(2020, 2, 1))
    page = client.get(PUBLIC).content.decode()
    assert "Trafikkontroller" in page and "Kameror vid stationen" not in page


def as_decided_before_ids(content: dict[str, Any], period: str) -> dict[str, Any]:
    """A decided version's content as stored before promises were named by id: measures name
    their promise's period, and neither promises nor evaluations carry an id."""
    old = copy.deepcopy(content)
    for item in old["promises"]:
        del item["id"]
    for group in old["groups"]:
        for each in group["measures"]:
            each["promise"] = period
    for each in old["evaluations"]:
        del each["promise"]
    return old


def name_promises_by_id() -> None:
    """Migration 0008's rewrite of the stored versions, run on the test database."""
    migration = importlib.import_module("tryggve.followup.migrations.0008_report_versions_promise_ids")
    migration.name_promises_by_id(django_apps, None)


def test_a_version_decided_before_promises_were_named_by_id_still_publishes_its_public_part(
    client: Client, logged: Setting
) -> None:
    """Migration 0008 rewrites the versions stored when measures named their promise's period."""
    analyst = logged.client(logged.analyst)
    analyst.post(EDITOR, texts(logged))
    decide(analyst, datetime.date(2020, 2, 1))
    version = FollowupReportVersion.objects.get()
    decided = version.content
    old = as_decided_before_ids(decided, logged.promise.period)
    assert old["evaluations"], "the promise ends in the report's year: it is evaluated"
    FollowupReportVersion.objects.filter(pk=version.pk).update(content=old)
    name_promises_by_id()
    version.refresh_from_db()
    assert version.content == decided
    page = client.get(PUBLIC).content.decode()
    assert "Trafikkontroller" in page and INTERNAL not in page


def test_the_print_page_links_to_the_follow_up_reports_own_pdf_and_editor(logged: Setting) -> None:
    """The follow-up report prints on the lägesbild report's page, with its own links."""
    page = logged.client(logged.analyst).get(f"{EDITOR}utskrift/?lang=en")
    assert page.status_code == 200
    assert_valid_html(page.content)
    content = page.content.decode()
    # in the report's language, as the whole page is
    assert f'href="/en{EDITOR}rapport.pdf?lang=en"' in content and f'href="/en{EDITOR}"' in content
    assert "/lagesbild/" not in content


def test_the_migration_gives_each_evaluation_its_own_promise_when_two_share_the_years(
    client: Client, logged: Setting
) -> None:
    """Two promises of the same period in a version decided before ids: each evaluation goes to
    the promise it was written for (in the promises' order), so the adopted one's stays internal."""
    other = Promise.objects.create(
        municipality=logged.municipality, cycle=logged.promise.cycle, status=Promise.Status.ADOPTED,
        revision=2, pledge_sv="Ett annat löfte.",
    )  # fmt: skip
    gone = Activity.objects.create(promise=other, title_sv="Kameror vid stationen", public=True, order=0)
    analyst = logged.client(logged.analyst)
    analyst.post(EDITOR, texts(logged))
    decide(analyst, datetime.date(2020, 2, 1))
    version = FollowupReportVersion.objects.get()
    decided = version.content
    assert [each["promise"] for each in decided["evaluations"]] == [logged.promise.pk, other.pk]
    old = as_decided_before_ids(decided, logged.promise.period)
    FollowupReportVersion.objects.filter(pk=version.pk).update(content=old)
    gone.delete()  # a measure whose activity is gone: its period is two promises', so it is withheld
    name_promises_by_id()
    version.refresh_from_db()
    assert version.content["evaluations"] == decided["evaluations"]
    cameras = next(
        each for group in version.content["groups"] for each in group["measures"]
        if each["title"] == {"sv": "Kameror vid stationen"}
    )  # fmt: skip
    assert cameras["promise"] is None
    page = client.get(PUBLIC).content.decode()
    assert "Trafikkontroller" in page and "Kameror vid stationen" not in page
    assert [each["period"] for each in report.public(version.content)["evaluations"]] == ["2019"]
