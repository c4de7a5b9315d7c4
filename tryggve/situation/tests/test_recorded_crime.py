"""Recorded crime in the lägesbild (issue 28.2): Kolada's figures per year with their trend,
source and the note that they count reported crime, frozen into adopted versions, in the API,
the downloads and the public page."""

import pytest
from django.test import Client

from tryggve.inputs.models import KoladaKpi, KoladaValue
from tryggve.situation import shape
from tryggve.situation.models import Situation
from tryggve.testing import assert_valid_html

from .helpers import PUBLIC_URL, STAFF_URL, built, login, public_of, survey_2019, table

pytestmark = pytest.mark.django_db

API = "/api/v1/municipalities/halmstad/situations/2019"


def adopt(client: Client) -> None:
    response = login(client, "samordnare.halmstad").post(
        STAFF_URL, {"adopted_on": "2019-12-10", "decision": "KS § 245"}
    )
    assert response.status_code == 302
    client.logout()


def test_the_picture_holds_each_kpi_per_year_with_its_trend_and_source(demo: None) -> None:
    crime = built(survey_2019())["recorded_crime"]
    assert crime["year"] == 2019
    assert [s["kpi"] for s in crime["series"]] == ["N07403", "N07540", "N07546", "N07544"]
    violence = crime["series"][0]
    assert violence["title"] == "Anmälda våldsbrott, antal/100 000 inv"
    assert violence["unit"] == "antal/100 000 inv" and violence["source"].startswith("Kolada (RKA)")
    assert [p["year"] for p in violence["points"]] == [2015, 2016, 2017, 2018, 2019]
    assert violence["points"][-1]["change"] == pytest.approx(861.7 - 884.0)
    assert violence["trend"]["latest_year"] == 2019 and violence["trend"]["previous_year"] == 2018
    directions = {s["kpi"]: s["trend"]["direction"] for s in crime["series"]}
    # The demo's burglaries fall and drug crime rises by far more than 2 % a year.
    assert directions["N07546"] == "down" and directions["N07544"] == "up"
    # A year's lägesbild shows the figures up to its own year only.
    earlier = built(
        type(survey_2019()).objects.get(municipality__slug="halmstad", slug="trygghetsmatning-2018")
    )
    assert earlier["recorded_crime"]["series"][0]["points"][-1]["year"] == 2018


def test_a_hidden_kpi_or_a_municipality_without_figures_shows_none(demo: None) -> None:
    KoladaKpi.objects.filter(municipality__slug="halmstad", kpi="N07540").update(shown=False)
    assert "N07540" not in {s["kpi"] for s in built(survey_2019())["recorded_crime"]["series"]}
    KoladaValue.objects.filter(kpi__municipality__slug="halmstad").delete()
    assert built(survey_2019())["recorded_crime"] is None


def test_adopted_versions_freeze_the_figures_everywhere_they_are_published(
    client: Client, demo: None
) -> None:
    adopt(client)
    violence = KoladaValue.objects.get(kpi__municipality__slug="halmstad", kpi__kpi="N07403", year=2019)
    violence.value = 999.9  # Kolada revises the figure after the lägesbild was adopted
    violence.save()
    page = client.get(PUBLIC_URL)
    assert_valid_html(page.content)
    content = page.content.decode()
    assert 'href="#del-brott"' in content and "Anmälda brott" in content
    assert "De räknar anmälda brott, inte all brottslighet" in content
    assert "Källa: Kolada (RKA), Brå:s officiella kriminalstatistik, nyckeltal N07403." in content
    assert "861,7" in content and "999,9" not in content
    assert "Från 2015 till 2019 minskade det med omkring" in content  # burglaries
    assert "Från 2015 till 2019 ökade det med omkring" in content  # drug crime
    rows = [
        r
        for r in table(client.get(f"{PUBLIC_URL}tabell.csv").content)
        if r["indicator"] == "recorded_crime.N07403"
    ]
    assert [(r["counted_answers"], r["estimate"]) for r in rows][-2:] == [
        ("2018", "884.0"),
        ("2019", "861.7"),
    ]
    assert rows[-1]["kind"] == "reported_crime" and rows[-1]["previous_year"] == "2018"
    assert rows[-1]["question"] == "Anmälda våldsbrott, antal/100 000 inv" and rows[-1]["area"] == "ALL"
    figures = client.get(API).json()["figures"]["recorded_crime"]
    assert figures["series"][0]["points"][-1] == {
        "year": 2019,
        "value": 861.7,
        "change": pytest.approx(-22.3),
    }
    # The working version shows Kolada's revised figure.
    staff = login(client, "samordnare.halmstad").get(STAFF_URL).content.decode()
    assert "999,9" in staff


def test_versions_adopted_before_it_load_without_recorded_crime(client: Client, demo: None) -> None:
    current = Situation.objects.get(municipality__slug="halmstad", year=2019)
    old = {k: v for k, v in current.data.items() if k != "recorded_crime"}
    old["schema"] = 3
    assert shape.load(old)["recorded_crime"] is None
    assert public_of(old)["recorded_crime"] is None
