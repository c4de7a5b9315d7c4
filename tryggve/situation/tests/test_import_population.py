"""`manage.py import_population`: counts per area, sex and age band, all or nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tryggve.core.models import Area, Population

pytestmark = pytest.mark.django_db


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_population", "halmstad", "2024", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_then_reports_unchanged_and_reads_excel_files(demo: None, tmp_path: Path) -> None:
    good = tmp_path / "befolkning.csv"
    good.write_text("area,sex,age_band,population\nVallås,kvinna,16-24,1 234\nVallås,man,16-24,1200\n")
    out, _err = run(good)
    assert out.strip().splitlines()[-1] == "imported: 2, unchanged: 0, rejected: 0"
    assert (
        Population.objects.get(area__name="Vallås", year=2024, sex="kvinna", age_band="16-24").count == 1234
    )
    assert run(good)[0].strip().splitlines()[-1] == "imported: 0, unchanged: 2, rejected: 0"
    excel = tmp_path / "excel.csv"  # semicolons and Windows-1252, as older Swedish Excel saves
    excel.write_bytes("area;sex;age_band;population\nVallås;kvinna;16-24;1300\n".encode("cp1252"))
    assert run(excel)[0].strip().splitlines()[-1] == "imported: 1, unchanged: 0, rejected: 0"


def test_a_bad_file_changes_nothing_and_names_every_line(demo: None, tmp_path: Path) -> None:
    before = Population.objects.count()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "area,sex,age_band,population\nVallås,kvinna,16-24,100\nNowhere,man,16-24,5\n"
        "Vallås,man,16-24,-3\nVallås,kvinna,16-24,7\nVallås,man\n"
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command("import_population", "halmstad", "2024", str(bad), stdout=out, stderr=err)
    assert Population.objects.count() == before
    assert out.getvalue().strip() == "imported: 0, unchanged: 0, rejected: 4"
    messages = err.getvalue()
    for line in ("rad 3", "rad 4", "rad 5", "rad 6"):
        assert line in messages
    assert "Nowhere" in messages and "--create-areas" in messages


def test_create_areas_and_wrong_header(demo: None, tmp_path: Path) -> None:
    new = tmp_path / "new.csv"
    new.write_text("area,sex,age_band,population\nNyhemsbyn,kvinna,16-24,80\n")
    run(new, "--create-areas")
    area = Area.objects.get(municipality__slug="halmstad", name="Nyhemsbyn")
    assert area.geometry in (None, {}) and area.population.get().count == 80
    header = tmp_path / "header.csv"
    header.write_text("omrade,kon,alder,antal\nVallås,kvinna,16-24,80\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="första raden"):
        call_command("import_population", "halmstad", "2024", str(header), stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines()[-1] == "imported: 0, unchanged: 0, rejected: 1"
