"""National and county figures beside the lägesbild's estimates (issue 28.3): entered or imported
(CSV), shown beside the municipality's estimate and its interval with how the methods differ,
frozen into adopted versions, on the public page, in the API and the downloads."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tryggve.core.models import Municipality
from tryggve.situation import shape
from tryggve.situation.models import NationalFigure, Situation
from tryggve.situation.templatetags.situation import figure, interval
from tryggve.testing import assert_valid_html

from .helpers import PUBLIC_URL, STAFF_URL, built, login, public_of, survey_2019, table

pytestmark = pytest.mark.django_db

API = "/api/v1/municipalities/halmstad/situations/2019"
HEADER = "indicator,level,year,value,source,method_note\n"
NOTE = "NTU är en nationell telefon- och webbenkät med en annan frågeformulering och ett annat urval."


def run(path: Path, municipality: str = "halmstad") -> tuple[list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_national_figures", municipality, str(path), stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
    return out.getvalue().splitlines(), err.getvalue()


def csv_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ntu.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def stored() -> list[tuple[Any, ...]]:
    return list(
        NationalFigure.objects.filter(municipality__slug="halmstad")
        .order_by("indicator", "level", "year")
        .values_list("indicator", "level", "year", "value", "source")
    )


def test_the_model_holds_a_share_and_refuses_another_value(demo: None) -> None:
    halmstad = Municipality.objects.get(slug="halmstad")
    figure = NationalFigure(
        municipality=halmstad, indicator="unsafe_alone_evening", level="national", year=2024,
        value=1.7, source="Brå, NTU 2024", method_note=NOTE,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        figure.full_clean()
    assert "value" in refused.value.message_dict
    figure.value = 0.17
    figure.full_clean()
    assert str(figure) == "unsafe_alone_evening hela landet 2024"


def test_the_importer_stores_updates_and_is_idempotent(demo: None, tmp_path: Path) -> None:
    NationalFigure.objects.filter(municipality__slug="halmstad").delete()
    path = csv_file(
        tmp_path,
        f'unsafe_alone_evening,national,2019,0.28,"Brå, NTU 2019","{NOTE}"\n'
        f'unsafe_alone_evening,län,2019,"24 %","Brå, NTU 2019, Hallands län","{NOTE}"\n',
    )
    lines, _ = run(path)
    assert lines[-2:] == ["updated: 0", "imported: 2, unchanged: 0, rejected: 0"]
    assert stored() == [
        ("unsafe_alone_evening", "county", 2019, pytest.approx(0.24), "Brå, NTU 2019, Hallands län"),
        ("unsafe_alone_evening", "national", 2019, 0.28, "Brå, NTU 2019"),
    ]
    lines, _ = run(path)
    assert lines[-2:] == ["updated: 0", "imported: 0, unchanged: 2, rejected: 0"]
    # Brå revises the national figure; a new year comes.
    path = csv_file(
        tmp_path,
        f'unsafe_alone_evening,national,2019,"0,29","Brå, NTU 2019","{NOTE}"\n'
        f'unsafe_alone_evening,county,2019,0.24,"Brå, NTU 2019, Hallands län","{NOTE}"\n'
        f'unsafe_alone_evening,national,2020,0.27,"Brå, NTU 2020","{NOTE}"\n',
    )
    lines, _ = run(path)
    assert lines[-2:] == ["updated: 1", "imported: 1, unchanged: 1, rejected: 0"]
    assert stored()[1][3] == 0.29


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("no_such_question,national,2019,0.2,Brå,x", "rad 3, kolumn indicator"),
        ("unsafe_alone_evening,world,2019,0.2,Brå,x", "rad 3, kolumn level"),
        ("unsafe_alone_evening,national,19,0.2,Brå,x", "rad 3, kolumn year"),
        ("unsafe_alone_evening,national,2019,28,Brå,x", "rad 3, kolumn value"),
        ("unsafe_alone_evening,national,2019,0.2,,x", "rad 3, kolumn source"),
        ("unsafe_alone_evening,national,2019,0.2,Brå,", "rad 3, kolumn method_note"),
        ("unsafe_alone_evening,national,2019,0.2", "rad 3: 4 kolumner i stället för 6"),
    ],
)
def test_a_bad_row_names_its_line_and_column_and_changes_nothing(
    demo: None, tmp_path: Path, row: str, message: str
) -> None:
    before = stored()
    path = csv_file(tmp_path, f'unsafe_alone_evening,national,2030,0.2,"Brå, NTU","{NOTE}"\n{row}\n')
    lines, errors = run(path)
    assert message in errors, errors
    assert "Inget importerades" in errors
    assert lines[-2:] == ["updated: 0", "imported: 0, unchanged: 0, rejected: 2"]
    assert stored() == before


def test_a_file_without_the_header_changes_nothing(demo: None, tmp_path: Path) -> None:
    before = stored()
    path = tmp_path / "ntu.csv"
    path.write_text("unsafe_alone_evening,national,2030,0.2,Brå,x\n", encoding="utf-8")
    lines, errors = run(path)
    assert "Den första raden ska vara indicator,level,year,value,source,method_note." in errors
    assert lines[-1] == "imported: 0, unchanged: 0, rejected: 0"  # no line after a header
    assert stored() == before


def test_the_lagesbild_shows_them_beside_the_estimate_and_its_interval(client: Client, demo: None) -> None:
    data = built(survey_2019())
    unsafe = next(i for i in data["indicators"] if i["code"] == "unsafe_alone_evening")
    # The latest figure of each level up to the survey's year, national first.
    assert [(f["level"], f["year"], f["value"]) for f in unsafe["comparison"]] == [
        ("national", 2019, 0.28),
        ("county", 2019, 0.24),
    ]
    assert all(not i["comparison"] for i in data["indicators"] if i["code"] != "unsafe_alone_evening")
    page = login(client, "samordnare.halmstad").get(STAFF_URL)
    assert_valid_html(page.content)
    content = page.content.decode()
    section = content[content.index("Jämfört med riket och länet") :][:4000]
    whole = next(r for r in unsafe["rows"] if r["area"] == "ALL")
    # The municipality's estimate and its interval as the page writes them, then the others.
    assert (
        f'<th scope="row">Kommunen (den här mätningen)</th><td class="number">2019</td>'
        f'<td class="number">{figure(whole["estimate"], "share")}</td>'
        f'<td class="number">{interval(whole, "share")}</td>'
    ) in section
    assert (
        '<th scope="row">Hela landet</th><td class="number">2019</td><td class="number">28 %</td>' in section
    )
    assert '<th scope="row">Länet</th><td class="number">2019</td><td class="number">24 %</td>' in section
    assert "Brå, NTU 2019 (demo). Så skiljer sig metoderna:" in section
    assert "annan frågeformulering" in section
    # A year's lägesbild shows figures up to its own year only.
    earlier = built(
        type(survey_2019()).objects.get(municipality__slug="halmstad", slug="trygghetsmatning-2018")
    )
    unsafe_2018 = next(i for i in earlier["indicators"] if i["code"] == "unsafe_alone_evening")
    assert [(f["level"], f["year"]) for f in unsafe_2018["comparison"]] == [("national", 2018)]


def test_adopted_versions_freeze_them_on_the_public_page_api_and_download(client: Client, demo: None) -> None:
    response = login(client, "samordnare.halmstad").post(
        STAFF_URL, {"adopted_on": "2019-12-10", "decision": "KS § 245"}
    )
    assert response.status_code == 302
    client.logout()
    latest = Situation.objects.filter(municipality__slug="halmstad", year=2019).order_by("-version").first()
    assert latest is not None and latest.data["schema"] == shape.SCHEMA
    NationalFigure.objects.filter(level="national", year=2019).update(value=0.99)  # revised afterwards
    page = client.get(PUBLIC_URL)
    assert_valid_html(page.content)
    content = page.content.decode()
    assert "Jämfört med riket och länet" in content and "Så skiljer sig metoderna:" in content
    assert "99" not in content[content.index("Jämfört med riket och länet") :][:3000]
    api = client.get(API).json()["figures"]
    unsafe = next(i for i in api["indicators"] if i["code"] == "unsafe_alone_evening")
    assert unsafe["comparison"][0] == {
        "level": "national",
        "year": 2019,
        "value": 0.28,
        "source": "Brå, NTU 2019 (demo)",
        "method_note": unsafe["comparison"][0]["method_note"],
    }
    assert "annan frågeformulering" in unsafe["comparison"][0]["method_note"]
    rows = [
        r for r in table(client.get(f"{PUBLIC_URL}tabell.csv").content) if r["kind"] == "national_comparison"
    ]
    assert [(r["indicator"], r["area"], r["counted_answers"], r["estimate"]) for r in rows] == [
        ("national_comparison.unsafe_alone_evening", "national", "2019", "0.28"),
        ("national_comparison.unsafe_alone_evening", "county", "2019", "0.24"),
    ]
    # For Swedish Excel: semicolons, the figure in per cent, the level in words.
    excel = client.get(f"{PUBLIC_URL}tabell-excel.csv").getvalue().decode("utf-8-sig")
    lines = [line for line in excel.splitlines() if line.startswith("national_comparison.")]
    assert len(lines) == 2 and ";Hela landet;28,0;" in lines[0] and ";Länet;24,0;" in lines[1]
    # The working version shows the revised figure.
    staff = login(client, "samordnare.halmstad").get(STAFF_URL).content.decode()
    assert "99" in staff[staff.index("Jämfört med riket och länet") :][:3000]


def test_versions_adopted_before_it_load_without_a_comparison(demo: None) -> None:
    current = Situation.objects.get(municipality__slug="halmstad", year=2019, version=1)
    old = dict(current.data)
    old["schema"] = 4
    old["indicators"] = [{k: v for k, v in i.items() if k != "comparison"} for i in old["indicators"]]
    assert all(i["comparison"] == [] for i in shape.load(old)["indicators"])
    assert all(i["comparison"] == [] for i in public_of(old)["indicators"])


def test_an_analyst_enters_them_in_the_admin_for_their_own_municipality_only(
    client: Client, demo: None
) -> None:
    laholm = Municipality.objects.get(slug="laholm")
    other = NationalFigure.objects.create(
        municipality=laholm, indicator="unsafe_alone_evening", level="national", year=2019,
        value=0.28, source="Brå, NTU 2019", method_note=NOTE,
    )  # fmt: skip
    analyst = login(client, "samordnare.halmstad")
    listing = analyst.get("/admin/situation/nationalfigure/")
    assert listing.status_code == 200
    assert {f.municipality.slug for f in listing.context["cl"].result_list} == {"halmstad"}
    assert analyst.get(f"/admin/situation/nationalfigure/{other.pk}/change/").status_code in (302, 404)
    halmstad = Municipality.objects.get(slug="halmstad")
    given = {
        "municipality": halmstad.pk, "indicator": "unsafe_alone_evening", "level": "county", "year": 2020,
        "source": "Brå, NTU 2020, Hallands län", "method_note": NOTE,
    }  # fmt: skip
    refused = analyst.post("/admin/situation/nationalfigure/add/", {**given, "value": "17"})
    assert refused.status_code == 200 and "Värdet är en andel mellan 0 och 1" in refused.content.decode()
    assert not NationalFigure.objects.filter(municipality=halmstad, year=2020).exists()
    added = analyst.post("/admin/situation/nationalfigure/add/", {**given, "value": "0.23"})
    assert added.status_code == 302
    assert NationalFigure.objects.get(municipality=halmstad, year=2020, level="county").value == 0.23
