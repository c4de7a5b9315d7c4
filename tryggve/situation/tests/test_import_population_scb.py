"""`manage.py import_population` with SCB's PxWeb answers (JSON-stat 2.0): regions by official code."""

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tryggve.core.models import Area, Municipality, Population
from tryggve.testing_files import SCB_AGES, jsonstat, write_population

pytestmark = pytest.mark.django_db


@pytest.fixture
def halmstad() -> Municipality:
    municipality = Municipality.objects.create(
        name="Halmstad", official_name="Halmstads kommun", slug="halmstad", code="1380"
    )
    whole = Area.objects.create(
        municipality=municipality, name="Halmstads kommun", slug="halmstad", kind=Area.Kind.MUNICIPALITY,
        code="1380", region_codes=["1380"],
    )  # fmt: skip
    Area.objects.create(
        municipality=municipality, name="Andersberg", slug="andersberg", parent=whole,
        region_codes=["1380C1010", "1380C1020"],
    )  # fmt: skip
    Area.objects.create(
        municipality=municipality,
        name="Vallås",
        slug="vallas",
        parent=whole,
        code="1380C1030",
        region_codes=["1380C1030"],
    )
    return municipality


def region(base: int) -> dict[tuple[str, str], int | None]:
    """Invented counts: every five-year class `base` residents per sex, 15–19 a multiple of 5."""
    return {(age, sex): base for age, _label in SCB_AGES for sex in ("1", "2")}


def run(path: Path | str, *args: str, year: str = "2024") -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_population", "halmstad", year, str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def cells(area: str, year: int = 2024) -> dict[tuple[str, str], int]:
    return {(p.sex, p.age_band): p.count for p in Population.objects.filter(area__slug=area, year=year)}


def test_deso_regions_are_summed_into_areas_in_the_templates_age_bands(
    halmstad: Municipality, tmp_path: Path
) -> None:
    sweden = {
        "1380C1010": region(100),
        "1380C1020": region(50),
        "1380C1030": region(20),
        "0180C1010": region(999),
        "1381C1010": region(7),
    }
    path = write_population(tmp_path / "FolkmDesoAldKon.json", {"2024": sweden}, with_totals=True)
    out = run(path)
    assert out.strip().splitlines()[-1] == "imported: 16, unchanged: 0, rejected: 0"
    assert "Regioner: 3 lästa, 2 i andra kommuner överhoppade." in out
    assert "15-19 år: 4 av 5 år räknade till 16-24" in out
    andersberg = cells("andersberg")
    # 16–24: 4/5 of 15–19 and all of 20–24; 25–44: four whole classes; 65+: 65–69 … 80-.
    assert andersberg[("kvinna", "16-24")] == 150 * 4 // 5 + 150
    assert andersberg[("man", "25-44")] == 4 * 150 and andersberg[("man", "45-64")] == 4 * 150
    assert andersberg[("kvinna", "65+")] == 4 * 150
    assert set(andersberg) == {
        (sex, band) for sex in ("kvinna", "man") for band in ("16-24", "25-44", "45-64", "65+")
    }
    assert cells("vallas")[("man", "16-24")] == 36
    assert not cells("halmstad")  # no region of the whole municipality in the file
    assert run(path).strip().splitlines()[-1] == "imported: 0, unchanged: 16, rejected: 0"


def refused(path: Path, *args: str) -> str:
    before = list(Population.objects.values_list("area", "year", "sex", "age_band", "count"))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command("import_population", "halmstad", "2024", str(path), *args, stdout=out, stderr=err)
    assert list(Population.objects.values_list("area", "year", "sex", "age_band", "count")) == before
    assert out.getvalue().strip().splitlines()[-1].startswith("imported: 0, unchanged: 0, rejected: ")
    return err.getvalue()


def test_an_unknown_code_a_missing_cell_or_a_wrong_total_stops_the_import_naming_the_region(
    halmstad: Municipality, tmp_path: Path
) -> None:
    good = {"1380C1010": region(10), "1380C1020": region(10), "1380C1030": region(10)}
    unknown = write_population(tmp_path / "okand.json", {"2024": {**good, "1380C9999": region(5)}})
    assert "region 1380C9999: inget område har den här koden" in refused(unknown)
    missing = {**good, "1380C1020": {**region(10), ("40-44", "2"): None}}
    assert "region 1380C1020: ett antal saknas" in refused(
        write_population(tmp_path / "saknas.json", {"2024": missing})
    )
    data = json.loads(write_population(tmp_path / "summa.json", {"2024": good}, with_totals=True).read_text())
    data["value"][data["size"][1] * 2 - 1] += 3  # the first region's total over all ages for women
    (tmp_path / "summa.json").write_text(json.dumps(data))
    assert "region 1380C1010: summan över alla åldrar" in refused(tmp_path / "summa.json")
    # The municipality's own total row must be the sum of its regions.
    total: dict[str, dict[tuple[str, str], int | None]] = {"1380": dict.fromkeys(region(0), 30), **good}
    total["1380"][("-4", "1")] = 31
    assert "region 1380: kommunens summa 31 är inte summan av dess regioner, 30" in refused(
        write_population(tmp_path / "kommun.json", {"2024": total})
    )
    assert "Filen har inga antal för 2024, bara för 2023." in refused(
        write_population(tmp_path / "ar.json", {"2023": good})
    )
    not_a_dataset = tmp_path / "fel.json"
    not_a_dataset.write_text('{"class": "collection"}')
    with pytest.raises(CommandError, match=r"JSON-stat 2\.0"):
        run(not_a_dataset)


def test_last_years_counts_for_this_years_survey(halmstad: Municipality, tmp_path: Path) -> None:
    path = write_population(tmp_path / "2023.json", {"2023": {"1380C1030": region(10)}})
    Area.objects.filter(slug="andersberg").update(region_codes=[])
    run(path, "--from-year", "2023", year="2024")
    assert cells("vallas", 2024)[("kvinna", "45-64")] == 40


def test_the_single_year_table_gives_exact_bands_for_the_whole_municipality(
    halmstad: Municipality, tmp_path: Path
) -> None:
    # BE0101A/BefolkningNy: region × marital status × single years × sex; marital status is summed.
    ages = [(str(age), f"{age} år") for age in range(100)] + [("100+", "100+ år"), ("tot", "totalt ålder")]
    statuses = [("OG", "ogifta"), ("G", "gifta")]
    values = []
    for _status, _label in statuses:
        for age, _age_label in ages:
            for _sex in ("1", "2"):
                values.append(2 * 101 if age == "tot" else 2)
    dataset = jsonstat(
        [
            ("Region", "region", [("1380", "1380 Halmstad")]),
            ("Civilstand", "civilstånd", statuses),
            ("Alder", "ålder", ages),
            ("Kon", "kön", [("1", "män"), ("2", "kvinnor")]),
            ("ContentsCode", "tabellinnehåll", [("BE0101N1", "Folkmängd")]),
            ("Tid", "år", [("2024", "2024")]),
        ],
        values,
    )
    path = tmp_path / "BefolkningNy.json"
    path.write_text(json.dumps(dataset))
    out = run(path)
    assert "räknade till" not in out  # nothing split
    whole = cells("halmstad")
    assert whole[("man", "16-24")] == 9 * 4 and whole[("kvinna", "65+")] == 36 * 4


class PxWeb(BaseHTTPRequestHandler):
    """A stand-in for SCB's API on this machine: answers a POSTed query with a dataset."""

    answer = b""
    queries: list[Any] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        PxWeb.queries.append(json.loads(body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.end_headers()
        self.wfile.write(PxWeb.answer)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def pxweb() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), PxWeb)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/OV0104/v1/doris/sv/ssd/BE/BE0101/BE0101Y/FolkmDesoAldKon"
    server.shutdown()


def test_from_the_apis_address_with_the_documented_query(
    halmstad: Municipality, tmp_path: Path, pxweb: str
) -> None:
    regions = {"1380C1010": region(10), "1380C1020": region(10), "1380C1030": region(10)}
    answer = write_population(tmp_path / "svar.json", {"2024": regions}, with_totals=True)
    PxWeb.answer, PxWeb.queries = answer.read_bytes(), []
    out = run(pxweb)
    assert out.strip().splitlines()[-1] == "imported: 16, unchanged: 0, rejected: 0"
    query = PxWeb.queries[0]
    selections = {part["code"]: part["selection"] for part in query["query"]}
    assert selections["Region"] == {
        "filter": "item",
        "values": ["1380", "1380C1010", "1380C1020", "1380C1030"],
    }
    assert selections["Tid"]["values"] == ["2024"] and query["response"] == {"format": "json-stat2"}
    own = tmp_path / "fraga.json"
    own.write_text(json.dumps({"query": [], "response": {"format": "json-stat2"}}))
    run(pxweb, "--query", str(own))
    assert PxWeb.queries[-1]["query"] == []
