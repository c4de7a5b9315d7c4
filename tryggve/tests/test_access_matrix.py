"""Every role against every staff page and staff API endpoint of the product, allowed or denied.

The demo's Halmstad, with one user per role there, the police area's analyst (who serves
Halmstad and Laholm), Laholm's analyst (no role in Halmstad) and a resident (not logged in).
"""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tryggve.core.models import Area, Membership, Municipality, Organisation
from tryggve.followup.models import Finding, SafetyWalk
from tryggve.inputs.models import Dialogue, Incident, PlaceKind, PlaceReport
from tryggve.promises.models import Activity, Problem

# Who may open each page, by the users of `users()` (the police area's analyst holds the analyst
# role in Halmstad), under the names of the capabilities in core.roles. Spelled out, so that a
# change of who may do what fails here as well as in core/tests/test_roles.py.
ANY_ROLE = {"reporter", "analyst", "owner", "approver", "admin", "police"}
ANALYSTS = {"analyst", "police"}
ANALYSE = ANALYSTS
READ_RESPONSES = ANALYSTS
MAKE_CODES = ANALYSTS | {"admin"}
FILE_INCIDENT_REPORTS = {"reporter", "analyst", "police"}
RECORD_DIALOGUES = {"analyst", "owner", "police"}
MODERATE_PLACE_REPORTS = ANALYSTS
ANSWER_PLACE_REPORTS = {"reporter", "owner"}  # the cases of their own organisation only
LOG_ACTIVITIES = {"analyst", "owner", "police"}
LOG_EVERY_ACTIVITY = ANALYSTS
PRINT_PLACE_POSTERS = ANALYSTS
EVALUATE_PROMISES = ANALYSTS  # also writes the follow-up report
WRITE_PROMISES = ANALYSTS  # a new draft; a draft's own pages ask for an analyst of its parties
WRITE_PLANS = ANALYSTS  # the action plan's problems, cause analyses, texts and measures
EDIT_FOLLOWUP = ANALYSTS | {"admin"}  # the indicators, as in the administration
PLAN = "/halmstad/atgardsplan/2019"

START_CYCLES = ANALYSTS | {"admin"}
SURVEY = "/halmstad/enkat/trygghetsmatning-2019/personal"
API = "/api/v1/municipalities"
SITUATION = "/halmstad/lagesbild/2019"
REPORT = "/halmstad/lagesbild/2018/personal/rapport"  # 2018 has an adopted version with a report
# The working lägesbild shows small groups: the municipality's other roles are sent to the
# published version of the year instead (a 302 to it), as a resident would see it.
PUBLISHED_INSTEAD = {
    f"{SITUATION}/personal/": f"{SITUATION}/",
    f"{SITUATION}/personal/tabell.csv": f"{SITUATION}/tabell.csv",
    f"{SITUATION}/personal/tabell.xlsx": f"{SITUATION}/tabell.xlsx",
}


def users() -> dict[str, User | None]:
    halmstad = Municipality.objects.get(slug="halmstad")
    kommun = Organisation.objects.get(slug="halmstads-kommun")
    found: dict[str, User | None] = {"resident": None}
    for role, organisation in (
        ("reporter", Organisation.objects.get(slug="hfab")),
        ("analyst", kommun),
        ("owner", kommun),
        ("approver", kommun),
        ("admin", kommun),
    ):
        user = User.objects.create_user(f"matrix.{role}")
        membership = Membership.objects.create(
            user=user, organisation=organisation, municipality=halmstad, role=role
        )
        if role == "reporter":
            membership.areas.set(Area.objects.filter(slug="andersberg"))
        found[role] = user
    found["police"] = User.objects.get(username="kommunpolis")
    found["elsewhere"] = User.objects.get(username="samordnare.laholm")
    return found


def pages() -> list[tuple[str, set[str]]]:
    andersberg = Incident.objects.filter(area__slug="andersberg").first()
    vallas = Incident.objects.filter(area__slug="vallas").first()
    dialogue = Dialogue.objects.filter(municipality__slug="halmstad").first()
    assert andersberg and vallas and dialogue
    activities = Activity.objects.filter(promise__municipality__slug="halmstad", promise__cycle__year=2019)
    walk = SafetyWalk.objects.filter(municipality__slug="halmstad").first()
    assert walk is not None
    problem = Problem.objects.filter(plan__municipality__slug="halmstad").first()
    assert problem is not None
    # A resident's place report in Andersberg: what the later stages make of it.
    report = PlaceReport.objects.create(
        municipality=walk.municipality, kind=PlaceKind.LIGHTING, area=walk.area, received_on="2019-10-01"
    )
    finding = Finding.objects.filter(walk__municipality__slug="halmstad").select_related("walk").first()
    assert finding is not None
    police_only = activities.get(order=0)  # traffic controls: the police's
    kommun_only = activities.get(order=3)  # the physical traffic environment: the kommun's
    return [
        (f"{SITUATION}/personal/", ANALYSE),
        (f"{SITUATION}/personal/tabell.csv", ANALYSE),
        (f"{SITUATION}/personal/tabell.xlsx", ANALYSE),
        (f"{REPORT}/utskrift/", ANY_ROLE),  # the report to read (the parties), print, and as PDF
        (f"{REPORT}/rapport.pdf", ANY_ROLE),
        (f"{SURVEY}/", ANY_ROLE),
        (f"{SURVEY}/export/svar/", READ_RESPONSES),
        (f"{SURVEY}/koder/", MAKE_CODES),
        (f"{SURVEY}/import/", READ_RESPONSES),
        ("/halmstad/omgangar/", ANY_ROLE),
        ("/halmstad/omgangar/ny/", START_CYCLES),
        ("/halmstad/omgangar/2020/", ANY_ROLE),
        ("/halmstad/est/", FILE_INCIDENT_REPORTS),
        ("/halmstad/est/ny/", FILE_INCIDENT_REPORTS),
        (f"/halmstad/est/{andersberg.pk}/", FILE_INCIDENT_REPORTS),
        (f"/halmstad/est/{vallas.pk}/", ANALYSTS),  # the reporter covers Andersberg only
        ("/halmstad/est/importera/", FILE_INCIDENT_REPORTS),
        ("/halmstad/est/vecka/2019-45/", FILE_INCIDENT_REPORTS),
        ("/halmstad/est/vecka/2019-45.csv", FILE_INCIDENT_REPORTS),
        ("/halmstad/est/kvartal/2019-4/", FILE_INCIDENT_REPORTS),
        ("/halmstad/est/ar/2019/", FILE_INCIDENT_REPORTS),
        ("/halmstad/platsrapporter/affischer/", PRINT_PLACE_POSTERS),
        ("/halmstad/dialoger/", RECORD_DIALOGUES),
        ("/halmstad/dialoger/ny/", RECORD_DIALOGUES),
        (f"/halmstad/dialoger/{dialogue.pk}/", RECORD_DIALOGUES),
        ("/halmstad/platsrapporter/rapporter.csv", MODERATE_PLACE_REPORTS | ANSWER_PLACE_REPORTS),
        ("/halmstad/platsrapporter/rapporter.xlsx", MODERATE_PLACE_REPORTS | ANSWER_PLACE_REPORTS),
        ("/laholm/est/", {"police", "elsewhere"}),
        ("/laholm/dialoger/", {"police", "elsewhere"}),
        ("/halmstad/medborgarloften/personal/", ANY_ROLE),
        (f"/halmstad/medborgarloften/personal/{police_only.promise_id}/", ANY_ROLE),
        ("/halmstad/medborgarloften/personal/ny/", WRITE_PROMISES),
        ("/halmstad/atgardsplan/", ANY_ROLE),
        (f"{PLAN}/", ANY_ROLE),
        (f"{PLAN}/utskrift/", ANY_ROLE),
        (f"{PLAN}/utskrift/?version=1", ANY_ROLE),
        (f"{PLAN}/overenskommelse/", ANY_ROLE),
        (f"{PLAN}/redigera/", WRITE_PLANS),
        (f"{PLAN}/problem/ny/", WRITE_PLANS),
        (f"{PLAN}/problem/{problem.pk}/", WRITE_PLANS),
        (f"{PLAN}/problem/{problem.pk}/orsaksanalys/", WRITE_PLANS),
        (f"{PLAN}/atgard/{police_only.pk}/", WRITE_PLANS),
        ("/laholm/atgardsplan/", {"police", "elsewhere"}),
        (f"/halmstad/uppfoljning/problem/{problem.pk}/", ANY_ROLE),
        (f"/halmstad/uppfoljning/aktivitet/{police_only.pk}/matetal/", EDIT_FOLLOWUP),
        ("/halmstad/uppfoljning/", LOG_ACTIVITIES),
        ("/halmstad/uppfoljning/logga/", LOG_ACTIVITIES),
        (f"/halmstad/uppfoljning/aktivitet/{kommun_only.pk}/", LOG_ACTIVITIES),
        (
            f"/halmstad/uppfoljning/aktivitet/{police_only.pk}/",
            LOG_EVERY_ACTIVITY,
        ),  # the owner is the kommun's
        ("/halmstad/uppfoljning/rapport/2019/", EVALUATE_PROMISES),  # the follow-up report's editor
        ("/halmstad/uppfoljning/rapport/2019/utskrift/", ANY_ROLE),  # to read (the parties) and print
        ("/halmstad/uppfoljning/rapport/2019/utskrift/?beslut=1", ANY_ROLE),
        ("/halmstad/uppfoljning/rapport/2019/rapport.pdf", ANY_ROLE),
        ("/halmstad/uppfoljning/vandringar/", LOG_ACTIVITIES),
        ("/halmstad/uppfoljning/vandringar/ny/", LOG_ACTIVITIES),
        (f"/halmstad/uppfoljning/vandringar/{walk.pk}/", LOG_ACTIVITIES),
        (f"/halmstad/uppfoljning/vandringar/{walk.pk}/protokoll/", LOG_ACTIVITIES),
        (f"/halmstad/uppfoljning/vandringar/{walk.pk}/atgarder.csv", LOG_ACTIVITIES),
        # The place report's moderator who plans walks, or writes the promise; publishing a
        # finding as a place report is a form's POST only.
        (f"/halmstad/uppfoljning/vandringar/fran-platsrapport/{report.pk}/", MODERATE_PLACE_REPORTS),
        (f"/halmstad/uppfoljning/vandringar/{finding.walk.pk}/fynd/{finding.pk}/platsrapport/", set()),
        (f"/halmstad/medborgarloften/personal/fran-platsrapport/{report.pk}/", MODERATE_PLACE_REPORTS),
        (f"{API}/halmstad/surveys/trygghetsmatning-2019/counts", ANY_ROLE),
        (f"{API}/halmstad/incidents", FILE_INCIDENT_REPORTS),
        (f"{API}/halmstad/incidents/weeks/2019/45", FILE_INCIDENT_REPORTS),
        (f"{API}/halmstad/dialogues/summary?year=2019", RECORD_DIALOGUES),
    ]


@pytest.mark.django_db
def test_every_role_against_every_staff_page_and_endpoint(demo: None) -> None:
    found = users()
    outcomes: dict[str, dict[str, Any]] = {}
    for url, allowed in pages():
        for role, user in found.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            response = client.get(url)
            status = response.status_code
            outcomes.setdefault(url, {})[role] = status
            if role in allowed:
                expected = {200}
            elif user is None:
                expected = {302, 401}  # the login page, or 401 from the API
            elif url in PUBLISHED_INSTEAD and role in ANY_ROLE:
                expected = {302}
                assert response.get("Location") == PUBLISHED_INSTEAD[url], (url, role, status)
            else:
                expected = {403, 404}
            assert status in expected, (url, role, status)
    # Residents see published aggregates only: the public pages stay open to them.
    resident = Client()
    for url in (
        "/halmstad/lagesbild/2019/",
        "/halmstad/lagesbild/2019/tabell.csv",
        f"{API}/halmstad/situations/2019",
        "/halmstad/trygghetsvandringar/",
        "/halmstad/medborgarloften/",
        "/halmstad/uppfoljningsrapport/2019/",
        "/halmstad/uppfoljningsrapport/2019/rapport.pdf",
        f"{API}/halmstad/plans/2019",  # the plan's public part
        "/halmstad/rapporterade-platser/",
        f"{API}/halmstad/place-reports",
    ):
        assert resident.get(url).status_code == 200, url
