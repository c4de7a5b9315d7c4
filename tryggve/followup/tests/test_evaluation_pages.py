"""The evaluation on pages (issue 21.3): the analysts' *Utvärdering*, the public *Blev det
bättre?* on the promise page, and the same in the API."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tryggve.followup import evaluation
from tryggve.followup.evaluation_pages import published, rows
from tryggve.promises.models import Promise
from tryggve.surveys.models import Survey
from tryggve.testing import assert_valid_html

pytestmark = pytest.mark.django_db

PUBLIC = "/halmstad/medborgarloften/2019/"
API = "/api/v1/municipalities/halmstad/promises/2019/evaluation"
WAITING = "Utvärderingen visas när enkäten för det sista året har stängt."


def staff_url() -> str:
    promise = Promise.objects.get(municipality__slug="halmstad", slug="2019")
    return f"/halmstad/medborgarloften/personal/{promise.pk}/utvardering/"


def logged_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def expected() -> evaluation.Evaluation:
    return evaluation.evaluate(evaluation.comparison("halmstad", 2019), "unsafe_alone_evening", [3, 4])


def test_an_analyst_sees_the_table_and_chart_for_the_demo_promise(demo: None) -> None:
    client = logged_in("samordnare.halmstad")
    promise_page = client.get(staff_url().removesuffix("utvardering/"))
    assert staff_url() in promise_page.content.decode()  # linked from the promise's staff page
    response = client.get(staff_url())
    assert response.status_code == 200
    assert_valid_html(response.content)
    page = response.content.decode()
    found = expected()
    table = rows(found, public=False)
    for row in table:
        assert row.label in page and row.estimate_text in page and row.interval_text in page
    assert "Skillnad i skillnader" in page
    assert 'role="img"' in page and "<svg" in page and "<script" not in page.split("<main", 1)[-1]
    assert "Sammanhang, inte bevis" in page
    assert "Ingen av polisens händelser under åren har en egen position" in page
    # The police analyst of the area may use it too; the mean of a number question works.
    police = logged_in("kommunpolis").get(
        staff_url(), {"question": "unsafe_alone_evening", "measure": "mean"}
    )
    assert police.status_code == 200 and "medelvärdet av unsafe_alone_evening" in police.content.decode()


@pytest.mark.parametrize("username", ["ks.ordforande", "hfab.rapportor", "samordnare.laholm"])
def test_other_roles_are_refused(demo: None, username: str) -> None:
    assert logged_in(username).get(staff_url()).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(demo: None, client: Client) -> None:
    response = client.get(staff_url())
    assert response.status_code == 302 and "/konto/" in response["Location"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"question": "no_such_question"}, "Välj ett giltigt alternativ"),
        ({"values": "tre,fyra"}, "Ange svarsvärdena som heltal"),
        ({"values": "3,9"}, "har inget svar 9 på sin skala"),
        ({"before": "trygghetsmatning-2019", "after": "trygghetsmatning-2019"}, "samma enkät"),
        ({"before": "ingen-sadan"}, "Välj ett giltigt alternativ"),
        ({"focus": "nowhere"}, "Välj ett giltigt alternativ"),
    ],
)
def test_bad_parameters_give_a_swedish_message(demo: None, query: dict[str, str], message: str) -> None:
    response = logged_in("samordnare.halmstad").get(staff_url(), query)
    assert response.status_code == 200
    assert_valid_html(response.content)
    assert message in response.content.decode()
    assert "Skillnad i skillnader" not in response.content.decode()


def test_an_own_comparison_of_other_focus_areas(demo: None) -> None:
    response = logged_in("samordnare.halmstad").get(
        staff_url(),
        {"question": "unsafe_alone_evening", "values": "4", "focus": ["sondrum", "nyhem"]},
    )
    page = response.content.decode()
    assert "Fokusområden: Nyhem, Söndrum" in page or "Fokusområden: Söndrum, Nyhem" in page
    assert "andelen som svarar 4 på unsafe_alone_evening" in page


def test_the_public_section_shows_the_demo_numbers(demo: None, client: Client) -> None:
    response = client.get(PUBLIC)
    assert_valid_html(response.content)
    page = response.content.decode()
    assert "Blev det bättre?" in page and WAITING not in page
    section = page.split('id="better-heading"', 1)[1].split("</section>", 1)[0]
    found = expected()
    for row in rows(found, public=True):
        assert not row.suppressed
        assert row.estimate_text in section and row.interval_text in section
    assert "Sammanhang, inte bevis" in section
    did = found.did
    if did.shows_change:
        assert "ändrades fokusområdena med" in section
    else:
        assert "Ingen förändring kan visas" in section
    # The same published figures as `evaluate`: no suppression in the demo.
    made = published(Promise.objects.get(municipality__slug="halmstad", slug="2019"))
    assert made.indicators[0].code == "unsafe_alone_evening"
    assert made.indicators[0].did.estimate == pytest.approx(did.result.estimate, rel=1e-12)


def test_the_public_section_waits_while_the_after_survey_is_open(demo: None, client: Client) -> None:
    Survey.objects.filter(municipality__slug="halmstad", slug="trygghetsmatning-2019").update(
        closes=timezone.localdate() + timedelta(days=3)
    )
    section = client.get(PUBLIC).content.decode().split('id="better-heading"', 1)[1].split("</section>", 1)[0]
    assert WAITING in section and "<table" not in section
    data = client.get(API).json()
    assert data["available"] is False and data["reason"] == "survey_open"
    assert data["message"]["sv"] == WAITING and data["indicators"] == []
    arabic = client.get("/ar" + PUBLIC)
    assert_valid_html(arabic.content)
    assert "يُعرض التقييم" in arabic.content.decode()


def test_small_groups_are_suppressed_on_the_page_and_in_the_api(
    demo: None, client: Client, settings: Any
) -> None:
    focus_n = expected().quantities["focus_before"].result.n
    settings.SITUATION_MIN_RESPONDENTS = focus_n + 1
    section = client.get(PUBLIC).content.decode().split('id="better-heading"', 1)[1].split("</section>", 1)[0]
    assert "För liten grupp för att publiceras" in section
    assert "Ingen jämförelse kan publiceras" in section
    assert f">{focus_n}<" not in section
    data = client.get(API).json()
    quantities = {q["quantity"]: q for q in data["indicators"][0]["quantities"]}
    for name in ("focus_before", "focus_change", "did"):
        assert quantities[name]["suppressed"] is True
        assert quantities[name]["estimate"] is None and quantities[name]["n"] is None
    # The analyst still sees them, marked.
    staff = logged_in("samordnare.halmstad").get(staff_url()).content.decode()
    assert "Nej: för liten grupp" in staff and "för analytiker" in staff


def test_the_api_gives_the_published_evaluation(demo: None, client: Client) -> None:
    response = client.get(API)
    assert response.status_code == 200
    data = response.json()
    assert data["available"] is True and data["reason"] == ""
    assert (
        data["before_survey"] == "trygghetsmatning-2018" and data["after_survey"] == "trygghetsmatning-2019"
    )
    assert data["focus_areas"] == ["andersberg", "vallas", "stadskarnan"]
    first = data["indicators"][0]
    assert first["code"] == "unsafe_alone_evening" and first["kind"] == "share" and first["values"] == [3, 4]
    assert first["title"]["sv"] and first["title"]["en"]
    found = expected()
    assert [q["quantity"] for q in first["quantities"]] == evaluation.QUANTITIES
    for quantity in first["quantities"]:
        result = found.quantities[quantity["quantity"]].result
        assert quantity["estimate"] == pytest.approx(result.estimate, rel=1e-12)
        assert quantity["ci_low"] == pytest.approx(result.ci_low, rel=1e-12)
        assert quantity["n"] == result.n and quantity["suppressed"] is False
    assert client.get("/api/v1/municipalities/halmstad/promises/2030/evaluation").status_code == 404
    assert (
        "/api/v1/municipalities/{slug}/promises/{promise}/evaluation"
        in client.get("/api/v1/openapi.json").json()["paths"]
    )


def test_nothing_is_published_without_a_readable_adopted_lagesbild(demo: None, client: Client) -> None:
    from tryggve.situation.models import Situation

    Situation.objects.filter(municipality__slug="halmstad", year=2019).update(public=False)
    section = client.get(PUBLIC).content.decode().split('id="better-heading"', 1)[1].split("</section>", 1)[0]
    assert "Utvärderingen visas när lägesbilden för båda enkätåren har antagits." in section
    assert "<table" not in section
    assert client.get(API).json()["reason"] == "not_adopted"
