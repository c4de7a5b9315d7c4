"""`import_responses` and the export share one format; bad files import nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tryggve.surveys.models import Answer, Response, Survey
from tryggve.surveys.response_files import Columns, response_rows, write_csv

pytestmark = pytest.mark.django_db

HEADER = (
    "respondent,area,sex,age_band,unsafe_alone_evening,neighbourhood_problems.littering,"
    "victim_12m.1,victim_12m.0,safer_text\n"
)


@pytest.fixture
def survey(demo: None) -> Survey:
    return Survey.objects.get(municipality__slug="halmstad", slug="trygghetsmatning-2019")


def run(tmp_path: Path, text: str, *args: str) -> tuple[str, str]:
    path = tmp_path / "answers.csv"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_responses",
        "halmstad",
        "2019",
        str(path),
        "--survey",
        "trygghetsmatning-2019",
        *args,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def test_paper_answers_are_imported(tmp_path: Path, survey: Survey) -> None:
    before = Response.objects.filter(survey=survey).count()
    out, _err = run(
        tmp_path,
        HEADER + "P-001,Vallås,kvinna,65+,4,2,1,0,Ring 070-1234567\nP-002,,man,16-24,9,,0,1,\n",
    )
    assert "Importerade 2 svar" in out
    assert Response.objects.filter(survey=survey).count() == before + 2
    first = Response.objects.get(survey=survey, channel="paper", sex="kvinna")
    assert first.area is not None and first.area.name == "Vallås" and first.age_band == "65+"
    values = set(first.answers.values_list("question__code", "value"))
    assert ("unsafe_alone_evening", 4) in values and ("victim_12m", 1) in values
    assert "070" not in Answer.objects.get(response=first, question__code="safer_text").text


def test_an_invalid_file_imports_nothing_and_reports_every_line(tmp_path: Path, survey: Survey) -> None:
    before = Response.objects.count()
    text = HEADER + "A,Vallås,kvinna,65+,4,2,1,0,\nB,Atlantis,kvinna,65+,5,2,1,0,\nC,Vallås,x,65+,4,2,2,0,\n"
    with pytest.raises(CommandError, match="Inget importerades"):
        run(tmp_path, text)
    assert Response.objects.count() == before
    with pytest.raises(CommandError) as error:
        run(tmp_path, text)
    _out, err = run(tmp_path, text, "--skip-invalid")
    assert "rad 3, kolumn area: Okänt område ”Atlantis”." in err
    assert "rad 3, kolumn unsafe_alone_evening: 5 är inte en av koderna 1, 2, 3, 4, 8, 9." in err
    assert "rad 4, kolumn sex: Okänd beteckning ”x”." in err
    assert "rad 4, kolumn victim_12m.1: Använd 1 (valt) eller 0 (inte valt)." in err
    assert Response.objects.count() == before + 1
    assert error.value is not None


def test_importing_the_same_file_again_changes_nothing(tmp_path: Path, survey: Survey) -> None:
    text = HEADER + "P-9,Vallås,kvinna,65+,4,2,1,0,Mörkt\nP-10,,man,16-24,1,,0,1,\n"
    out, _err = run(tmp_path, text)
    assert out.splitlines()[-1] == "imported: 2, unchanged: 0, rejected: 0"
    before = Answer.objects.count()
    out, _err = run(tmp_path, text)
    assert out.splitlines()[-1] == "imported: 0, unchanged: 2, rejected: 0"
    assert Answer.objects.count() == before


def test_a_respondent_cannot_come_back_with_other_answers(tmp_path: Path, survey: Survey) -> None:
    run(tmp_path, HEADER + "P-9,Vallås,kvinna,65+,4,2,1,0,\n")
    with pytest.raises(CommandError):
        run(tmp_path, HEADER + "P-9,Vallås,kvinna,65+,3,2,1,0,\n")
    out, err = run(
        tmp_path,
        HEADER + "P-9,Vallås,kvinna,65+,3,2,1,0,\nP-9,Vallås,kvinna,65+,3,2,1,0,\n",
        "--skip-invalid",
    )
    assert "rad 2, kolumn respondent: Svarspersonen finns redan i enkäten, med andra svar." in err
    assert "rad 3, kolumn respondent: Svarspersonen finns redan i filen." in err
    assert out.splitlines()[-1] == "imported: 0, unchanged: 0, rejected: 2"
    stored = Answer.objects.get(
        response__survey=survey,
        question__code="unsafe_alone_evening",
        response__sex="kvinna",
        response__channel="paper",
    )
    assert stored.value == 4


def test_unknown_column_is_refused(tmp_path: Path, survey: Survey) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("respondent,area,sex,age_band,no_such_question\nA,,,,1\nB,,,,2\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_responses", "halmstad", "2019", str(path), "--survey", "trygghetsmatning-2019",
                     stdout=out, stderr=io.StringIO())  # fmt: skip
    assert out.getvalue().splitlines()[-1] == "imported: 0, unchanged: 0, rejected: 2"


def test_export_then_import_into_a_created_survey_gives_the_same_rows(tmp_path: Path, survey: Survey) -> None:
    columns = Columns(survey)
    exported = "".join(write_csv(columns.header, response_rows(survey, columns)))
    path = tmp_path / "export.csv"
    path.write_text(exported, encoding="utf-8")
    call_command(
        "import_responses",
        "halmstad",
        "2019",
        str(path),
        "--survey",
        "copy",
        "--create-survey",
        stdout=io.StringIO(),
    )
    copy = Survey.objects.get(municipality__slug="halmstad", slug="copy")
    copied_columns = Columns(copy)
    again = "".join(write_csv(copied_columns.header, response_rows(copy, copied_columns)))
    assert again.splitlines()[0] == exported.splitlines()[0]

    def without_ids(text: str) -> list[str]:
        return sorted(line.split(",", 1)[1] for line in text.splitlines()[1:])

    assert len(again.splitlines()) == len(exported.splitlines()) > 100
    assert without_ids(again) == without_ids(exported)


def test_places_file_is_imported_with_its_responses(tmp_path: Path, survey: Survey) -> None:
    from tryggve.surveys.models import PlaceMark

    places = tmp_path / "places.csv"
    places.write_text(
        "respondent,question,lat,lng,reason\n"
        "P-1,unsafe_places,56.656,12.880,Mörkt i tunneln\n"
        "P-1,unsafe_places,,,Vallås centrum – gångvägen\n",
        encoding="utf-8",
    )
    run(tmp_path, HEADER + "P-1,Vallås,kvinna,65+,4,2,1,0,\n", "--places", str(places))
    marks = PlaceMark.objects.filter(response__survey=survey, response__channel="paper")
    # Keys are random (core.keys): the rows come in no particular order.
    assert sorted(((m.latitude, m.area.slug if m.area else None, m.reason) for m in marks), key=str) == [
        (56.656, "vallas", "Mörkt i tunneln"),
        (None, None, "Vallås centrum – gångvägen"),
    ]


def test_bad_places_are_reported_and_nothing_is_imported(tmp_path: Path, survey: Survey) -> None:
    places = tmp_path / "places.csv"
    places.write_text(
        "respondent,question,lat,lng,reason\n"
        "P-1,unsafe_places,59.33,18.07,Stockholm\n"
        "P-1,no_such,56.656,12.880,\n"
        "P-7,unsafe_places,56.656,12.880,\n"
        "P-1,unsafe_places,56.656,,\n",
        encoding="utf-8",
    )
    before = Response.objects.count()
    with pytest.raises(CommandError):
        run(tmp_path, HEADER + "P-1,Vallås,kvinna,65+,4,2,1,0,\n", "--places", str(places))
    assert Response.objects.count() == before
    _out, err = run(
        tmp_path, HEADER + "P-1,Vallås,kvinna,65+,4,2,1,0,\n", "--places", str(places), "--skip-invalid"
    )
    assert "platsfilen, rad 2, kolumn lat: Punkten ligger utanför kommunen." in err
    assert "platsfilen, rad 3, kolumn question: Ingen fråga i enkäten har den här koden." in err
    assert "platsfilen, rad 4, kolumn respondent: Ingen rad i svarsfilen har svarspersonen ”P-7”." in err
    assert "platsfilen, rad 5, kolumn lat: Ange både latitud och longitud, eller ingen av dem." in err


def test_exported_places_file_imports_into_another_survey_with_every_column(
    tmp_path: Path, survey: Survey
) -> None:
    """platser.csv as exported (PLACE_EXPORT_COLUMNS) reads back: points, areas chosen without
    the map, the text typed under *Var?* and the reason all arrive in the other survey."""
    from datetime import date

    from tryggve.surveys.definition import copy_survey
    from tryggve.surveys.response_files import PLACE_EXPORT_COLUMNS, place_rows

    typed = tmp_path / "typed.csv"
    typed.write_text(
        ",".join(PLACE_EXPORT_COLUMNS) + "\n"
        "P-1,unsafe_places,56.656,12.880,Mörkt,,i gångtunneln\n"
        "P-1,unsafe_places,,,Buskage,Vallås,vid skolan\n",
        encoding="utf-8",
    )
    run(tmp_path, HEADER + "P-1,Vallås,kvinna,65+,4,2,1,0,\n", "--places", str(typed))
    columns = Columns(survey)
    answers, places = tmp_path / "svar.csv", tmp_path / "platser.csv"
    answers.write_text("".join(write_csv(columns.header, response_rows(survey, columns))), encoding="utf-8")
    exported = list(place_rows(survey))
    places.write_text("".join(write_csv(list(PLACE_EXPORT_COLUMNS), iter(exported))), encoding="utf-8")
    assert sorted(row[2:] for row in exported if row[6]) == [
        ["", "", "Buskage", "Vallås", "vid skolan"],
        ["56.656000", "12.880000", "Mörkt", "Vallås", "i gångtunneln"],
    ]
    other = copy_survey(survey, year=2019, slug="kopia", opens=date(2019, 10, 28), closes=date(2019, 11, 24))
    call_command(
        "import_responses", "halmstad", "2019", str(answers), "--survey", "kopia",
        "--places", str(places), stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip

    def without_ids(rows: list[list[str]]) -> list[list[str]]:
        return sorted(row[1:] for row in rows)

    assert without_ids(list(place_rows(other))) == without_ids(exported)


def test_old_five_column_places_file_still_imports(tmp_path: Path, survey: Survey) -> None:
    from tryggve.surveys.models import PlaceMark

    places = tmp_path / "places.csv"
    places.write_text(
        "respondent,question,lat,lng,reason\nP-1,unsafe_places,,,Vallås, vid skolan – Mörkt\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):  # the reason holds a comma: six cells in a five-column file
        run(tmp_path, HEADER + "P-1,Vallås,kvinna,65+,4,2,1,0,\n", "--places", str(places))
    places.write_text(
        'respondent,question,lat,lng,reason\nP-1,unsafe_places,,,"Vallås, vid skolan – Mörkt"\n',
        encoding="utf-8",
    )
    run(tmp_path, HEADER + "P-1,Vallås,kvinna,65+,4,2,1,0,\n", "--places", str(places))
    mark = PlaceMark.objects.get(response__survey=survey, response__channel="paper")
    assert (mark.latitude, mark.area, mark.description, mark.reason) == (
        None, None, "", "Vallås, vid skolan – Mörkt",
    )  # fmt: skip


def test_places_file_with_an_unknown_area_imports_nothing(tmp_path: Path, survey: Survey) -> None:
    places = tmp_path / "places.csv"
    places.write_text(
        ",".join(("respondent", "question", "lat", "lng", "reason", "area", "description"))
        + "\nP-1,unsafe_places,,,Mörkt,Atlantis,vid skolan\n",
        encoding="utf-8",
    )
    before = Response.objects.count()
    with pytest.raises(CommandError):
        run(tmp_path, HEADER + "P-1,Vallås,kvinna,65+,4,2,1,0,\n", "--places", str(places))
    assert Response.objects.count() == before
    _out, err = run(
        tmp_path, HEADER + "P-1,Vallås,kvinna,65+,4,2,1,0,\n", "--places", str(places), "--skip-invalid"
    )
    assert "platsfilen, rad 2, kolumn area:" in err
