"""The survey API: definitions are open data; counts are for staff of the municipality."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tryggve.surveys.models import Response

pytestmark = pytest.mark.django_db

BASE = "/api/v1/municipalities/halmstad/surveys"


def test_surveys_are_listed_with_their_windows(client: Client, demo: None) -> None:
    surveys = {s["slug"]: s for s in client.get(BASE).json()}
    old = surveys["trygghetsmatning-2019"]
    assert (old["year"], old["opens"], old["closes"], old["is_open"]) == (
        2019,
        "2019-10-28",
        "2019-11-24",
        False,
    )
    assert old["url"].endswith("/halmstad/enkat/trygghetsmatning-2019/")
    assert surveys["trygghetsmatning"]["is_open"] is True


def test_survey_definition_has_codes_texts_and_special_answers(client: Client, demo: None) -> None:
    definition = client.get(f"{BASE}/trygghetsmatning-2019").json()
    questions = {q["code"]: q for page in definition["pages"] for q in page["questions"]}
    unsafe = questions["unsafe_alone_evening"]
    assert [o["code"] for o in unsafe["options"] if not o["is_special"]] == [1, 2, 3, 4]
    assert {o["code"]: o["label"]["en"] for o in unsafe["options"] if o["is_special"]} == {
        8: "I never go out",
        9: "Don't know",
    }
    assert questions["victim_reported"]["show_if"] == {"question": "victim_12m", "values": [1, 2, 3, 4, 5, 6]}
    assert questions["sex"]["weighting"] == "sex"
    assert len(questions["neighbourhood_problems"]["items"]) == 9
    assert "/surveys/{survey}/counts" in str(client.get("/api/v1/openapi.json").json()["paths"])


def test_unknown_survey_is_404(client: Client, demo: None) -> None:
    assert client.get(f"{BASE}/nope").status_code == 404


def test_counts_need_a_staff_role_in_the_municipality(client: Client, demo: None) -> None:
    url = f"{BASE}/trygghetsmatning-2019/counts"
    assert client.get(url).status_code == 401
    client.force_login(User.objects.get(username="samordnare.laholm"))
    assert client.get(url).status_code == 403
    client.force_login(User.objects.get(username="hfab.rapportor"))
    counts = client.get(url).json()
    assert counts["total"] == Response.objects.filter(survey__slug="trygghetsmatning-2019").count()
    vallas = next(row for row in counts["per_area"] if row["area"] == "vallas")
    assert (
        vallas["responses"]
        == Response.objects.filter(area__slug="vallas", survey__slug="trygghetsmatning-2019").count()
    )
    assert vallas["population"] > 1000 and 0 < vallas["response_rate_percent"] < 100
    assert "answers" not in counts
