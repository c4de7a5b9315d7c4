"""The lägesbild report: the municipality's analysts write it from an adopted version, each
section beside that version's published figures with their source and year."""

import copy
from typing import Any

import pytest
from django.test import Client

from tryggve.core.models import AuditEntry
from tryggve.situation import report
from tryggve.situation.domains import ALL
from tryggve.situation.models import Report, Situation
from tryggve.testing import assert_valid_html

from .helpers import login

pytestmark = pytest.mark.django_db

URL = "/halmstad/lagesbild/2018/personal/rapport/"


def demo_report() -> Any:
    """The demo's report; typed Any, as its texts per language (`crime_sv`) are not seen by mypy."""
    return Report.objects.get(situation__municipality__slug="halmstad", situation__year=2018)


def test_each_section_shows_the_adopted_figures_with_source_and_year(client: Client, demo: None) -> None:
    page = login(client, "samordnare.halmstad").get(URL)
    assert page.status_code == 200
    assert_valid_html(page.content)
    content = page.content.decode()
    headings = [
        "1. Brottslighetens omfattning och art",
        "2. Trygghet och förtroende",
        "3. Vad samverkansparterna ser",
        "4. Vad invånarna säger",
        "5. Analys och slutsatser",
    ]
    assert all(heading in content for heading in headings)
    assert content.index(headings[0]) < content.index(headings[4])
    assert "Brå:s officiella kriminalstatistik, N07403" in content  # recorded crime, from Kolada
    assert "Polisens öppna händelser" in content
    assert "Enkät: " in content
    assert "EST-rapporter" in content
    assert "Om du går ut ensam sent en kväll" in content
    # the demo's own texts, marked as invented
    assert "Demo (påhittad text): Otryggheten är störst" in content


def test_the_figures_are_the_public_ones_small_groups_hidden(demo: None) -> None:
    adopted = Situation.objects.get(municipality__slug="halmstad", year=2018, version=1)
    hidden = copy.deepcopy(adopted.data)
    indicator = hidden["indicators"][0]
    whole = next(row for row in indicator["rows"] if row["area"] == ALL)
    whole["suppressed"] = True
    second = Situation.objects.create(
        municipality=adopted.municipality,
        year=2018,
        version=2,
        adopted_on=adopted.adopted_on,
        decision="KS § 2",
        data=hidden,
    )
    safety = next(section for section in report.sections(second) if section.name == "safety")
    assert safety.lines[0].value is None
    shown = next(section for section in report.sections(adopted) if section.name == "safety")
    assert shown.lines[0].value == whole["estimate"]
    assert shown.lines[0].year == 2018


def test_an_analyst_writes_a_section_and_it_is_saved(client: Client, demo: None) -> None:
    writer = login(client, "kommunpolis")  # the police's analyst as much as the kommun's
    data = {"safety_sv": "Otryggheten har ökat i Andersberg.", "safety_en": "Unsafe more often."}
    saved = writer.post(f"{URL}?version=1", data)
    assert saved.status_code == 302
    assert saved["Location"] == f"{URL}?version=1"
    found = demo_report()
    assert found.safety_sv == "Otryggheten har ökat i Andersberg."
    assert found.safety_en == "Unsafe more often."
    # The other sections were sent empty, so they are now empty: the form is the whole report.
    assert found.analysis_sv == ""
    assert "Rapporten är sparad." in writer.get(URL).content.decode()
    # the save is in the audit log, as every change by staff
    logged = AuditEntry.objects.filter(action=AuditEntry.Action.CHANGED, username="kommunpolis")
    assert logged.filter(path=f"{URL}?version=1", what__startswith="lägesbildsrapport").exists()


def test_a_translation_without_the_swedish_text_changes_nothing(client: Client, demo: None) -> None:
    before = demo_report()
    page = login(client, "samordnare.halmstad").post(URL, {"analysis_en": "Only in English."})
    assert page.status_code == 200
    content = page.content.decode()
    assert "Skriv den svenska texten först" in content
    assert "Only in English." in content  # everything typed is still there
    after = demo_report()
    assert (after.analysis_sv, after.analysis_en) == (before.analysis_sv, before.analysis_en)


def test_a_text_too_long_changes_nothing(client: Client, demo: None) -> None:
    before = demo_report().crime_sv
    page = login(client, "samordnare.halmstad").post(URL, {"crime_sv": "x" * 6001})
    assert page.status_code == 200
    assert "som mest 6000 tecken" in page.content.decode()
    assert demo_report().crime_sv == before


def test_other_municipalities_and_other_roles_are_refused(demo: None) -> None:
    assert Client().get(URL).status_code == 302  # to the login
    for username in ("samordnare.laholm", "hfab.rapportor", "ks.ordforande"):
        refused = login(Client(), username)
        assert refused.get(URL).status_code == 403
        assert refused.post(URL, {"crime_sv": "Nej."}).status_code == 403
    assert demo_report().crime_sv.startswith("Demo (påhittad text)")
    analyst = login(Client(), "samordnare.halmstad")
    assert analyst.get("/halmstad/lagesbild/2017/personal/rapport/").status_code == 404
    assert analyst.get(f"{URL}?version=x").status_code == 404
    assert analyst.get(f"{URL}?version=9").status_code == 404
    # Laholm's analyst finds no report of Halmstad under Laholm's address either
    assert (
        login(Client(), "samordnare.laholm").get("/laholm/lagesbild/2018/personal/rapport/").status_code
        == 404
    )


def test_the_demo_has_halmstads_2018_report_marked_as_invented(demo: None) -> None:
    found = demo_report()
    assert found.situation.version == 1
    for name in Report.SECTIONS:
        assert getattr(found, f"{name}_sv").startswith("Demo (påhittad text)")


def test_the_residents_section_counts_their_place_reports_per_kind_small_counts_hidden(demo: None) -> None:
    """The report's section on what residents say carries the year's place reports per kind in
    the whole municipality, as published (issue 33.4): labelled as reports, a count of 1–4 hidden."""
    adopted = Situation.objects.get(municipality__slug="halmstad", year=2018, version=1)
    data = copy.deepcopy(adopted.data)
    data["place_reports"] = {
        "year": 2018,
        "codes": ["lighting", "graffiti"],
        "labels": [{"sv": "Belysning", "en": "Lighting"}, {"sv": "Klotter", "en": "Graffiti"}],
        "rows": [
            {"area": "Andersberg", "area_id": 1, "counts": [9, 2]},
            {"area": "Vallås", "area_id": 2, "counts": [6, 0]},
        ],
    }
    with_reports = Situation.objects.create(
        municipality=adopted.municipality, year=2018, version=2, adopted_on=adopted.adopted_on,
        decision="KS § 2", data=data,
    )  # fmt: skip
    residents = next(section for section in report.sections(with_reports) if section.name == "residents")
    counted = [line for line in residents.lines if line.source.startswith("Invånarnas platsrapporter")]
    assert [(line.title["sv"], line.value) for line in counted] == [("Belysning", 15), ("Klotter", None)]
    assert "inte ett mått på trygghet" in counted[0].source
