"""The residents' place reports in the lägesbild (issue 33.4): counted per area and kind as their
own input, labelled as reports, frozen on adoption, and published through the allow-list with
small counts hidden."""

from datetime import date

import pytest
from django.test import Client, override_settings

from tryggve.core.models import Area
from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.situation import builder, shape
from tryggve.situation.estimators import count_table
from tryggve.situation.models import Situation
from tryggve.testing import assert_valid_html

from .helpers import PUBLIC_URL, STAFF_URL, built, login, public_of, survey_2019, table

API = "/api/v1/municipalities/halmstad/situations/2019"


def test_small_counts_and_the_totals_that_would_tell_them_are_hidden() -> None:
    found = count_table([[7, 0, 2], [5, 6, 0], [3, 0, 0]], 5)
    assert found.cells == [[7, 0, None], [5, 6, 0], [None, 0, 0]]
    # Row 1 has one small count (2): its total 9 minus 7 would tell it, so it is hidden; row 3's
    # total 3 is small itself. Column 1 has one hidden count (3): 15 − 12 would tell it.
    assert found.rows == [None, 11, None]
    assert found.columns == [None, 6, None]
    # Two row totals hidden, 9 + 3 = 12, not small: the whole may stand; the columns' hidden
    # totals, 15 + 2 = 17, not small either.
    assert found.whole == 23


def test_the_whole_is_hidden_when_its_hidden_parts_add_up_to_a_small_group() -> None:
    found = count_table([[1], [10]], 5)
    assert found.cells == [[None], [10]] and found.rows == [None, 10]
    assert found.columns == [None] and found.whole is None


def test_zeros_and_counts_at_the_minimum_are_shown() -> None:
    found = count_table([[0, 5], [0, 0]], 5)
    assert (found.cells, found.rows, found.columns, found.whole) == ([[0, 5], [0, 0]], [5, 0], [0, 5], 5)


IN_WORDS = "Tunneln vid Andersbergsskolan"  # a resident's place in words: never public
DESCRIPTION = "Mörkt och otäckt"  # a resident's own words: never public


def reports(area: Area, kind: str, n: int, **more: object) -> None:
    given = {"received_on": date(2019, 5, 2), "place": IN_WORDS, "description": DESCRIPTION, **more}
    PlaceReport.objects.bulk_create(
        PlaceReport(municipality=area.municipality, kind=kind, area=area, **given) for _ in range(n)
    )


def halmstad_reports() -> tuple[Area, Area]:
    andersberg = Area.objects.get(municipality__slug="halmstad", slug="andersberg")
    vallas = Area.objects.get(municipality__slug="halmstad", slug="vallas")
    reports(andersberg, PlaceKind.LIGHTING, 6)
    reports(andersberg, PlaceKind.SAFE_PLACE, 2)
    reports(vallas, PlaceKind.LIGHTING, 5)
    reports(vallas, PlaceKind.GRAFFITI, 7)
    reports(vallas, PlaceKind.GRAFFITI, 3, hidden=True, hidden_reason="Nonsens")  # abuse: not counted
    original = PlaceReport.objects.filter(area=vallas, kind=PlaceKind.GRAFFITI).first()
    reports(vallas, PlaceKind.GRAFFITI, 2, duplicate_of=original)  # the same place: counted once
    reports(andersberg, PlaceKind.LIGHTING, 4, received_on=date(2018, 12, 31))  # another year
    return andersberg, vallas


@pytest.mark.django_db
@override_settings(SITUATION_MIN_PLACES=5)
def test_the_picture_counts_the_years_place_reports_per_area_and_kind(demo: None) -> None:
    halmstad_reports()
    found = built(survey_2019())["place_reports"]
    assert found["year"] == 2019
    assert found["codes"] == ["lighting", "graffiti", "safe_place"]
    assert found["labels"][2] == {"sv": "En trygg plats", "en": "A safe place"}
    counts = {row["area"]: row["counts"] for row in found["rows"]}
    assert counts == {"Andersberg": [6, 0, 2], "Vallås": [5, 7, 0]}
    published = public_of(built(survey_2019()))["place_reports"]
    rows = {row["area"]: (row["counts"], row["total"]) for row in published["rows"]}
    # Andersberg's 2 safe places are too few, and its total 8 would tell them.
    assert rows == {"Andersberg": ([6, 0, None], None), "Vallås": ([5, 7, 0], 12)}
    # The safe places of the whole (2) are too few, and the whole's 20 minus 11 and 7 would tell them.
    assert published["whole"] == {"area": "ALL", "area_id": None, "counts": [11, 7, None], "total": None}
    assert published["minimum"] == 5


@pytest.mark.django_db
@override_settings(SITUATION_MIN_PLACES=5)
def test_adopting_freezes_the_counts_on_every_public_output(client: Client, demo: None) -> None:
    andersberg, _vallas = halmstad_reports()
    response = login(client, "samordnare.halmstad").post(
        STAFF_URL, {"adopted_on": "2019-12-10", "decision": "KS § 245"}
    )
    assert response.status_code == 302
    client.logout()
    reports(andersberg, PlaceKind.LIGHTING, 10)  # after the adoption: not in the adopted version
    page = client.get(PUBLIC_URL)
    assert_valid_html(page.content)
    content = page.content.decode()
    assert 'href="#del-platsrapporter"' in content and "Invånarnas platsrapporter" in content
    assert "De är rapporter, inte ett mått på trygghet" in content
    assert "färre än 5" in content
    assert '<td class="number">6</td>' in content and '<td class="number">16</td>' not in content
    rows = {
        r["indicator"]: r
        for r in table(client.get(f"{PUBLIC_URL}tabell.csv").content)
        if r["indicator"].startswith("place_reports.") and r["area"] == "Andersberg"
    }
    lighting, safe = rows["place_reports.lighting"], rows["place_reports.safe_place"]
    assert (lighting["n"], lighting["suppressed"]) == ("6", "false")
    assert (safe["n"], safe["suppressed"]) == ("", "true")
    api = client.get(API).json()["figures"]["place_reports"]
    assert api["whole"]["counts"] == [11, 7, None]
    assert next(r for r in api["rows"] if r["area"] == "Andersberg")["counts"] == [6, 0, None]
    area = client.get("/halmstad/lagesbild/2019/omrade/andersberg/")
    assert_valid_html(area.content)
    story = area.context["story"]["place_reports"]
    assert [n for _label, n in story] == [6, None]
    assert "inte ett mått på trygghet att jämföra med andra områden" in area.content.decode()
    # The analysts' working version counts today's reports, unhidden.
    staff = login(client, "samordnare.halmstad").get(STAFF_URL)
    counts = {row["area"]: row["counts"] for row in staff.context["data"]["place_reports"]["rows"]}
    assert counts["Andersberg"] == [16, 0, 2]


@pytest.mark.django_db
def test_versions_adopted_before_it_load_without_place_reports(demo: None) -> None:
    current = Situation.objects.get(municipality__slug="halmstad", year=2019)
    old = {k: v for k, v in current.data.items() if k != "place_reports"}
    old["schema"] = 5
    assert shape.load(old)["place_reports"] is None
    assert public_of(old)["place_reports"] is None
    assert builder.area_story(public_of(old), 1, "Andersberg")["place_reports"] == []
