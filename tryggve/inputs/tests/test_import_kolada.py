"""`import_kolada`: recorded crime from Kolada's v2 API (a file, or its URL and every next_page),
stored per KPI, municipality, year and gender; a revised figure is updated and counted."""

import functools
import http.server
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tryggve.core.models import Municipality
from tryggve.inputs.models import KoladaKpi, KoladaValue
from tryggve.testing import small_municipality

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def halmstad(db: None) -> Municipality:
    municipality = small_municipality("halmstad").municipality
    municipality.official_name, municipality.code = "Halmstads kommun", "1380"
    municipality.save()
    return municipality


def run(source: Path | str, *args: str) -> list[str]:
    out = io.StringIO()
    call_command("import_kolada", "halmstad", str(source), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


def refused(source: Path | str, *args: str) -> tuple[list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command("import_kolada", "halmstad", str(source), *args, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue()


def stored(municipality: Municipality) -> dict[tuple[str, int, str], float | None]:
    found = KoladaValue.objects.filter(kpi__municipality=municipality)
    return {(v.kpi.kpi, v.year, v.gender): v.value for v in found.select_related("kpi")}


def test_figures_are_stored_per_kpi_year_and_gender(halmstad: Municipality) -> None:
    lines = run(FIXTURES / "kolada_data.json")
    assert lines[-2:] == ["updated: 0", "imported: 5, unchanged: 0, rejected: 0"]
    assert stored(halmstad) == {
        ("N07403", 2018, "T"): 861.4,
        ("N07403", 2019, "T"): 902.7,
        ("N07540", 2018, "T"): 11203.9,
        ("N07540", 2019, "T"): 11518.2,
        ("N07540", 2019, "K"): None,  # Kolada's "Saknas": kept, without a value
    }
    kpi = KoladaKpi.objects.get(municipality=halmstad, kpi="N07403")
    assert (kpi.title, kpi.unit) == ("Anmälda våldsbrott, antal/100 000 inv", "antal/100 000 inv")


def test_importing_the_same_response_again_changes_nothing(halmstad: Municipality) -> None:
    run(FIXTURES / "kolada_data.json")
    before = list(KoladaValue.objects.order_by("pk").values())
    assert run(FIXTURES / "kolada_data.json")[-2:] == ["updated: 0", "imported: 0, unchanged: 5, rejected: 0"]
    assert list(KoladaValue.objects.order_by("pk").values()) == before


def test_a_revised_figure_is_updated_and_counted_apart(halmstad: Municipality) -> None:
    run(FIXTURES / "kolada_data.json")
    # 2018 as before, 2019 revised by Kolada, 2020 new: 1 + 1 + 1 = the 3 entries read.
    assert run(FIXTURES / "kolada_data_revised.json")[-2:] == [
        "updated: 1",
        "imported: 1, unchanged: 1, rejected: 0",
    ]
    figures = stored(halmstad)
    assert figures[("N07403", 2019, "T")] == 899.1 and figures[("N07403", 2020, "T")] == 874.0
    assert KoladaValue.objects.filter(kpi__kpi="N07403", year=2019).count() == 1


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def kolada_server(tmp_path: Path) -> Iterator[str]:
    """Kolada's pages served from a folder on a local port, page 1 leading on to page 2."""
    handler = functools.partial(Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    address = f"http://127.0.0.1:{server.server_address[1]}"
    first = (FIXTURES / "kolada_page_1.json").read_text().replace("NEXT_PAGE", f"{address}/page-2.json")
    (tmp_path / "page-1.json").write_text(first)
    second = (FIXTURES / "kolada_page_2.json").read_text().replace("PREVIOUS_PAGE", f"{address}/page-1.json")
    (tmp_path / "page-2.json").write_text(second)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield address
    server.shutdown()
    server.server_close()


def test_every_page_of_a_url_is_read_by_following_next_page(
    halmstad: Municipality, kolada_server: str
) -> None:
    lines = run(f"{kolada_server}/page-1.json")
    assert lines[-2:] == ["updated: 0", "imported: 3, unchanged: 0, rejected: 0"]
    assert sorted(year for _kpi, year, _gender in stored(halmstad)) == [2016, 2017, 2018]


def test_a_page_that_cannot_be_fetched_changes_nothing(
    halmstad: Municipality, kolada_server: str, tmp_path: Path
) -> None:
    page = tmp_path / "first.json"
    first = (FIXTURES / "kolada_page_1.json").read_text()
    page.write_text(first.replace("NEXT_PAGE", f"{kolada_server}/gone.json"))
    lines, err = refused(page)
    assert lines[-1] == "imported: 0, unchanged: 0, rejected: 2"
    assert "sida 2: Kan inte läsa" in err and "gone.json" in err
    assert not KoladaValue.objects.exists()


def test_kolada_kpi_response_gives_titles_descriptions_and_units(halmstad: Municipality) -> None:
    lines = run(FIXTURES / "kolada_kpi.json")
    assert lines[-2:] == ["updated: 0", "imported: 2, unchanged: 0, rejected: 0"]
    kpi = KoladaKpi.objects.get(municipality=halmstad, kpi="N07540")
    assert kpi.title == "Anmälda brott totalt, antal/100 000 inv" and kpi.unit == "antal/100 000 inv"
    assert kpi.description.startswith("Påhittad beskrivning")
    assert run(FIXTURES / "kolada_kpi.json")[-2:] == ["updated: 0", "imported: 0, unchanged: 2, rejected: 0"]
    # An analyst's wording in the admin is replaced when Kolada's response is imported again.
    KoladaKpi.objects.filter(pk=kpi.pk).update(description="Egen text")
    assert run(FIXTURES / "kolada_kpi.json")[-2:] == ["updated: 1", "imported: 0, unchanged: 1, rejected: 0"]


def test_kpi_option_takes_only_those_kpis_and_follows_new_ones(
    halmstad: Municipality, tmp_path: Path
) -> None:
    lines = run(FIXTURES / "kolada_data.json", "--kpi", "N07403")
    assert lines[-2:] == ["updated: 0", "imported: 2, unchanged: 3, rejected: 0"]  # N07540 skipped
    assert set(KoladaKpi.objects.filter(municipality=halmstad).values_list("kpi", flat=True)) == {"N07403"}
    population = tmp_path / "population.json"
    population.write_text(
        '{"count": 1, "values": [{"kpi": "N01951", "municipality": "1380", "period": 2019,'
        ' "values": [{"count": 1, "gender": "T", "status": "", "value": 101268.0}]}]}'
    )
    assert run(population, "--kpi", "N01951")[-1] == "imported: 1, unchanged: 0, rejected: 0"
    # Followed from now on: the next import takes it without --kpi.
    assert run(population)[-1] == "imported: 0, unchanged: 1, rejected: 0"
    assert KoladaKpi.objects.get(municipality=halmstad, kpi="N01951").title == "N01951"


# ---------------------------------------------------------------- bad input (issue 28.5)


def test_a_response_with_bad_entries_changes_nothing_and_names_each_entry(halmstad: Municipality) -> None:
    run(FIXTURES / "kolada_data.json")
    before = list(KoladaValue.objects.order_by("pk").values())
    lines, err = refused(FIXTURES / "kolada_malformed.json")
    assert lines[-2:] == ["updated: 0", "imported: 0, unchanged: 0, rejected: 5"]  # every entry read
    assert "post 2 (N07403, 1381, 2019): kommunen 1381 är inte Halmstads kommun (1380)" in err
    assert "post 3 (N01951, 1380, 2019): okänt nyckeltal N01951: ange det med --kpi" in err
    assert "post 4 (N07540, 1380, förra året): period ska vara ett år, t.ex. 2019" in err
    assert "post 5 (N07540, 1380, 2019): gender ska vara T, K eller M" in err
    assert "post 1 " not in err
    assert list(KoladaValue.objects.order_by("pk").values()) == before
    assert not KoladaKpi.objects.filter(kpi="N01951").exists()


def entry(**changed: object) -> dict[str, object]:
    found: dict[str, object] = {"kpi": "N07403", "municipality": "1380", "period": 2019}
    found["values"] = [{"count": 1, "gender": "T", "status": "", "value": 902.7}]
    return {**found, **changed}


def page(*entries: object, **extra: object) -> dict[str, object]:
    return {"count": len(entries), "values": list(entries), **extra}


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ("<html>Service Unavailable</html>", "Svaret är inte JSON"),
        ('[{"kpi": "N07403"}]', "Svaret ska vara ett JSON-objekt med en lista values"),
        (page(entry(kpi="våldsbrott")), "post 1 (våldsbrott, 1380, 2019): kpi ska vara"),
        (
            {"count": 1, "values": [entry(values=[{"gender": "T", "value": "902,7"}])]},
            "value ska vara ett tal",
        ),
        (page(entry(values={"T": 902.7})), "values ska vara en lista med värden per kön"),
        (page(entry(municipality="G34102")), "kommunen G34102 är inte Halmstads kommun"),
        (
            {"count": 2, "values": [entry(), entry()]},
            "post 2 (N07403, 1380, 2019, T): svaret innehåller värdet",
        ),
        (
            {"count": 1, "values": [{"id": "N01951", "title": "Invånare totalt, antal"}]},
            "okänt nyckeltal N01951",
        ),
        (page(entry(), next_page=5), "next_page ska vara en adress eller null"),
        (page(entry(), next_page="/v2/data?page=2"), "är inte en http(s)-adress"),
    ],
)
def test_each_kind_of_bad_response_says_what_is_wrong(
    halmstad: Municipality, tmp_path: Path, response: object, message: str
) -> None:
    source = tmp_path / "kolada.json"
    source.write_text(response if isinstance(response, str) else json.dumps(response))
    _lines, err = refused(source)
    assert message in err
    assert not KoladaValue.objects.exists() and not KoladaKpi.objects.exists()


def test_a_municipality_without_its_code_or_a_bad_kpi_option_is_refused(halmstad: Municipality) -> None:
    with pytest.raises(CommandError, match="--kpi: N7403 är inte ett Kolada-id"):
        run(FIXTURES / "kolada_data.json", "--kpi", "N7403")
    with pytest.raises(CommandError, match="Kan inte läsa"):
        run(FIXTURES / "no-such-file.json")
    Municipality.objects.filter(pk=halmstad.pk).update(code="")
    _lines, err = refused(FIXTURES / "kolada_data.json")
    assert "Halmstads kommun har ingen kommunkod" in err
    assert not KoladaValue.objects.exists()
