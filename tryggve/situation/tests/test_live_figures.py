"""Only analysts see the unhidden working lägesbild (issue 19.4).

The working version shows today's figures with small groups visible: downloaded before and after
a known person answers, it shows that person's answers. A small municipality of its own, with
one area of three respondents (Norr), checks that a partner reporter limited to two areas and
the kommunstyrelse's chair (an approver) get only the published version, from the page, the
tables and the API, while an analyst from the police organisation still sees the live figures.
"""

import datetime
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tryggve.core.models import Area, Membership, Municipality, Organisation, Population
from tryggve.situation.models import Situation
from tryggve.surveys.definition import build_survey
from tryggve.surveys.models import Survey
from tryggve.surveys.responses import ResponseBuilder, save_responses, survey_questions
from tryggve.surveys.standard_questions import TEMPLATE

from .helpers import table

pytestmark = pytest.mark.django_db

LIVE = "/smaby/lagesbild/2024/personal/"
PUBLISHED = "/smaby/lagesbild/2024/"
API = "/api/v1/municipalities/smaby/situations"
NOT_ANALYSTS = ("reporter", "approver")
ANALYSTS_ONLY = (
    "Arbetsversionen av lägesbilden, med dagens siffror och små grupper synliga, är bara för analytiker."
)


@dataclass
class Town:
    survey: Survey
    areas: dict[str, Area]
    users: dict[str, User]

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client

    def answer(self, area: str, unsafe: int, times: int = 1) -> None:
        builder = ResponseBuilder(self.survey, survey_questions(self.survey))
        given = {"area": self.areas[area].pk, "sex": 1, "age_band": 2, "unsafe_alone_evening": unsafe}
        save_responses([builder.build(given, received_on=self.survey.opens) for _ in range(times)])


@pytest.fixture
def town(db: None) -> Town:
    place = Municipality.objects.create(name="Småby", official_name="Småby kommun", slug="smaby")
    areas = {
        "Hela": Area.objects.create(
            municipality=place, name="Hela kommunen", slug="hela", kind="municipality"
        )
    }
    for name, slug in (("Norr", "norr"), ("Söder", "soder"), ("Väster", "vaster")):
        areas[name] = Area.objects.create(municipality=place, name=name, slug=slug)
        Population.objects.create(area=areas[name], year=2024, sex="kvinna", age_band="25-44", count=1000)
    kommun = Organisation.objects.create(name="Småby kommun", slug="smaby-kommun", kind="kommun")
    police = Organisation.objects.create(name="LPO Småby", slug="lpo-smaby", kind="police")
    housing = Organisation.objects.create(name="Småbybostäder", slug="smabybostader", kind="housing")
    for organisation in (kommun, police, housing):
        organisation.municipalities.add(place)
    users = {}
    for role, organisation, membership_role, covered in (
        ("analyst", kommun, Membership.Role.ANALYST, []),
        ("police", police, Membership.Role.ANALYST, []),
        ("reporter", housing, Membership.Role.PARTNER_REPORTER, ["Norr", "Söder"]),
        ("approver", kommun, Membership.Role.APPROVER, []),
        ("owner", kommun, Membership.Role.ACTIVITY_OWNER, []),
        ("admin", kommun, Membership.Role.ADMINISTRATOR, []),
    ):
        user = User.objects.create_user(f"smaby.{role}")
        membership = Membership.objects.create(
            user=user, organisation=organisation, municipality=place, role=membership_role
        )
        membership.areas.set([areas[name] for name in covered])
        users[role] = user
    survey = build_survey(
        TEMPLATE,
        municipality=place,
        year=2024,
        slug="trygghetsmatning-2024",
        opens=datetime.date(2024, 10, 1),
        closes=datetime.date(2024, 11, 1),
    )
    found = Town(survey, areas, users)
    found.answer("Söder", 1, 20)
    found.answer("Söder", 4, 20)
    found.answer("Väster", 1, 30)
    found.answer("Väster", 3, 10)
    found.answer("Norr", 1, 3)  # three respondents: hidden on anything published
    return found


def norr(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return next(r for r in rows if r["indicator"] == "unsafe_alone_evening" and r["area"] == "Norr")


def api_figures(client: Client) -> list[Any]:
    """Every lägesbild the API gives for the year: the list and the year's figures."""
    listed = client.get(API)
    one = client.get(f"{API}/2024")
    assert listed.status_code == 200 and one.status_code == 200
    return [listed.json(), one.json()]


def test_only_the_situation_endpoints_of_the_api_give_lägesbild_figures(client: Client, town: Town) -> None:
    """Both serve adopted versions only (checked below); a new endpoint must be added here."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert sorted(p for p in paths if "situation" in p) == [
        "/api/v1/municipalities/{slug}/situations",
        "/api/v1/municipalities/{slug}/situations/{year}",
    ]


def test_a_reporter_and_the_chair_get_the_published_version_and_a_known_answer_never_shows(
    town: Town,
) -> None:
    town.client("analyst").post(LIVE, {"adopted_on": "2024-12-01", "decision": "KS § 1"})
    assert Situation.objects.filter(municipality__slug="smaby", year=2024, version=1).exists()
    for role in NOT_ANALYSTS:
        client = town.client(role)
        page = client.get(f"{LIVE}?fokus={town.areas['Norr'].pk}")
        assert page.status_code == 302 and page["Location"] == PUBLISHED, role
        shown = client.get(PUBLISHED).content.decode()
        assert f"{ANALYSTS_ONLY} Det här är den antagna lägesbilden för 2024, som den är publicerad." in shown
        assert "Arbetsversion för analytiker" not in shown  # no link to what they cannot open
        for fmt in ("csv", "xlsx"):
            download = client.get(f"{LIVE}tabell.{fmt}")
            assert download.status_code == 302 and download["Location"] == f"{PUBLISHED}tabell.{fmt}", role
        # Adopting stays the analysts'.
        assert client.post(LIVE, {"adopted_on": "2024-12-02", "decision": "KS § 2"}).status_code == 403
    assert not Situation.objects.filter(municipality__slug="smaby", version=2).exists()

    def everything(role: str) -> tuple[bytes, bytes, list[Any]]:
        client = town.client(role)
        return (
            client.get(f"{LIVE}tabell.csv", follow=True).content,
            client.get(LIVE, follow=True).content,
            api_figures(client),
        )

    before = {role: everything(role) for role in NOT_ANALYSTS}
    for role in NOT_ANALYSTS:
        csv_before, _page, api_before = before[role]
        hidden = norr(table(csv_before))
        assert hidden["suppressed"] == "true" and hidden["estimate"] == "" and hidden["n"] == ""
        unsafe = next(
            i for i in api_before[1]["figures"]["indicators"] if i["code"] == "unsafe_alone_evening"
        )
        in_norr = next(r for r in unsafe["rows"] if r["area"] == "Norr")
        assert in_norr["suppressed"] and in_norr["estimate"] is None and in_norr["n"] is None
    town.answer("Norr", 4)  # a neighbour the reporter knows answers "very unsafe"
    for role in NOT_ANALYSTS:
        csv_after, _page, api_after = everything(role)
        assert csv_after == before[role][0], role
        assert json.dumps(api_after) == json.dumps(before[role][2]), role


def test_before_anything_is_adopted_other_roles_are_told_so(town: Town) -> None:
    for role in (*NOT_ANALYSTS, "owner", "admin"):
        client = town.client(role)
        for address in (LIVE, f"{LIVE}tabell.csv"):
            response = client.get(address)
            assert response.status_code == 302 and response["Location"] == "/smaby/lagesbild/", (
                role,
                address,
            )
        shown = client.get("/smaby/lagesbild/").content.decode()
        assert f"{ANALYSTS_ONLY} Ingen lägesbild har antagits för 2024 ännu." in shown
        assert "Arbetsversioner för analytiker" not in shown and LIVE not in shown
    assert LIVE in town.client("police").get("/smaby/lagesbild/").content.decode()


def test_an_analyst_of_the_police_still_sees_the_live_figures_small_groups_included(town: Town) -> None:
    client = town.client("police")
    page = client.get(LIVE)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Lägesbild 2024: arbetsversion" in content and "(visas inte offentligt)" in content
    live = norr(table(client.get(f"{LIVE}tabell.csv").content))
    assert live["suppressed"] == "true" and live["n"] == "3" and float(live["estimate"]) == 0
    town.answer("Norr", 4)
    after = norr(table(client.get(f"{LIVE}tabell.csv").content))
    assert after["n"] == "4" and float(after["estimate"]) > 0  # today's figures: the new answer counts
    assert client.get(f"{LIVE}tabell.xlsx").status_code == 200
