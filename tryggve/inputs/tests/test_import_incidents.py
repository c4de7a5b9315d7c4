"""import_incidents: a partner's CSV, idempotent by id, all or nothing; and the upload page."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tryggve.core.models import AuditEntry
from tryggve.inputs.models import Incident

from .conftest import IN_NORTH, OUTSIDE, Place

HEADER = "id,category,happened_at,area,latitude,longitude,address,description\n"
GOOD = HEADER + (
    "A1,graffiti,2019-11-05 21:30,Norr,,,Tunneln,Klotter ring 0701234567\n"
    f"A2,littering,2019-11-06 08:00,,{IN_NORTH[0]},{IN_NORTH[1]},,Skräp\n"
)


def run(place: Place, tmp_path: Path, text: str) -> tuple[str, str]:
    path = tmp_path / "rapporter.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_incidents", "testkommun", place.housing.slug, str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_reports_are_imported_once_and_scrubbed(place: Place, tmp_path: Path) -> None:
    out, _err = run(place, tmp_path, GOOD)
    assert out.strip().splitlines()[-1] == "imported: 2, unchanged: 0, rejected: 0"
    first = Incident.objects.get(external_id="A1")
    assert (first.area, first.source, first.organisation) == (place.north, "import", place.housing)
    assert "0701234567" not in first.description
    assert Incident.objects.get(external_id="A2").area == place.north
    out, _err = run(place, tmp_path, GOOD)
    assert out.strip().splitlines()[-1] == "imported: 0, unchanged: 2, rejected: 0"


def test_a_file_with_a_bad_line_changes_nothing_and_names_each_problem(place: Place, tmp_path: Path) -> None:
    bad = GOOD + (
        "A3,stones,2019-11-05 21:30,Norr,,,,\n"
        "A4,graffiti,2999-01-01 10:00,Norr,,,,\n"
        f"A5,graffiti,2019-11-05 21:30,,{OUTSIDE[0]},{OUTSIDE[1]},,\n"
        "A6,graffiti,igår,Norr,,,,\n"
        "A1,graffiti,2019-11-05 21:30,Norr,,,,\n"
        "A7,graffiti,2019-11-05 21:30,Norr,,,," + "x" * 501 + "\n"
    )
    out = StringIO()
    err = StringIO()
    path = tmp_path / "bad.csv"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command("import_incidents", "testkommun", place.housing.slug, str(path), stdout=out, stderr=err)
    problems = err.getvalue()
    for expected in (
        "rad 4: okänd kategori stones",
        "rad 5: Tiden kan inte vara i framtiden.",
        "rad 6: Platsen på kartan ligger utanför kommunen.",
        "rad 7: tiden igår är inte skriven som 2019-11-20 21:30",
        "rad 8: id A1 förekommer två gånger",
        "rad 9: beskrivningen har 501 tecken; högst 500",
    ):
        assert expected in problems
    assert out.getvalue().strip().splitlines()[-1] == "imported: 0, unchanged: 0, rejected: 8"
    assert not Incident.objects.exists()


def test_a_partner_uploads_a_file_for_its_own_areas_only(place: Place) -> None:
    client = place.client("reporter")
    south = HEADER + "B1,graffiti,2019-11-05 21:30,Söder,,,,\n"
    response = client.post(
        "/testkommun/est/importera/", {"file": SimpleUploadedFile("r.csv", south.encode())}
    )
    assert "rad 2: Du rapporterar inte för Söder." in response.content.decode()
    assert not Incident.objects.exists()
    north = HEADER + "B1,graffiti,2019-11-05 21:30,Norr,,,,\n"
    response = client.post(
        "/testkommun/est/importera/", {"file": SimpleUploadedFile("r.csv", north.encode("cp1252"))}
    )
    assert response.status_code == 302
    assert Incident.objects.get().organisation == place.housing
    # Imported in bulk, the file is one entry in the audit log.
    entry = AuditEntry.objects.get(action="import")
    assert (entry.username, entry.rows, entry.municipality) == ("testkommun.reporter", 1, place.municipality)
