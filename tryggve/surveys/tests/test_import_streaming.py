"""`import_responses` on large files: no line cap, written in batches, progress, all or nothing,
the same rows as web answers, and a full disk stopped cleanly. The lägesbild's running sums of
such imports are tested in situation/tests/test_import_sums.py."""

import csv
import io
import random
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tryggve.surveys import bulk, response_files
from tryggve.surveys.models import Answer, PlaceMark, Question, Response, Survey
from tryggve.surveys.response_files import Column, Columns
from tryggve.surveys.responses import ResponseBuilder, save_responses, survey_questions

from .conftest import analyst_of

pytestmark = pytest.mark.django_db

# Small batches, so that a few thousand lines are written in several of them.
BATCH = 500
SEXES = ("kvinna", "man", "")
AGE_BANDS = ("16-24", "25-44", "45-64", "65+", "")


def cell(column: Column, rng: random.Random) -> str:
    """A valid cell of this column (or an empty one: no answer)."""
    question = column.question
    if rng.random() < 0.1:
        return ""
    if column.option_code is not None:
        return rng.choice("01")
    if question.kind == Question.Kind.TEXT:
        return rng.choice(["", "Mörkt vid busshållplatsen", "Bättre belysning"])
    if question.kind == Question.Kind.AREA:
        return rng.choice(["Norr", "Söder"])
    if question.kind == Question.Kind.NUMBER:
        return str(rng.randint(question.min_value or 0, min(question.max_value or 99, 99)))
    return str(rng.choice([option.code for option in question.options.all()]))


def lines_of(survey: Survey, count: int, seed: int = 1) -> list[list[str]]:
    """`count` valid lines of every column of the survey's file (the template's questions)."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    columns = Columns(survey).columns
    return [
        [
            f"P-{number}",
            rng.choice(["Norr", "Söder", ""]),
            rng.choice(SEXES),
            rng.choice(AGE_BANDS),
            *(cell(column, rng) for column in columns),
        ]
        for number in range(1, count + 1)
    ]


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(survey: Survey, path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_responses",
        survey.municipality.slug,
        str(survey.year),
        str(path),
        "--survey",
        survey.slug,
        "--batch",
        str(BATCH),
        *args,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def stored(survey: Survey) -> tuple[int, int, int]:
    """The survey's responses, answers and places."""
    return (
        Response.objects.filter(survey=survey).count(),
        Answer.objects.filter(response__survey=survey).count(),
        PlaceMark.objects.filter(response__survey=survey).count(),
    )


def test_no_line_cap_a_file_of_many_batches_is_imported(tmp_path: Path, survey: Survey) -> None:
    """The old limit refused files over 200,000 lines; now a file is read a line at a time and
    written a batch at a time (here 11 batches; bench/responses_import.py imports a million)."""
    assert not hasattr(response_files, "MAX_IMPORT_LINES")
    count = 20_001
    rows = [[f"P-{n}", ("Norr", "Söder")[n % 2], SEXES[n % 2], AGE_BANDS[n % 4]] for n in range(count)]
    path = write(tmp_path / "svar.csv", ["respondent", "area", "sex", "age_band"], rows)
    out, _err = run(survey, path, "--batch", "2000")
    assert out.splitlines()[-1] == f"imported: {count}, unchanged: 0, rejected: 0"
    assert Response.objects.filter(survey=survey).count() == count


def test_a_batch_size_out_of_range_is_refused(tmp_path: Path, survey: Survey) -> None:
    path = write(tmp_path / "svar.csv", Columns(survey).header, lines_of(survey, 3))
    with pytest.raises(CommandError, match=r"--batch tar 1 till 1,000,000 rader\."):
        run(survey, path, "--batch", "0")
    assert stored(survey) == (0, 0, 0)


def test_a_file_of_several_batches_is_imported_whole(tmp_path: Path, survey: Survey) -> None:
    rows = lines_of(survey, 3 * BATCH + 17)
    path = write(tmp_path / "svar.csv", Columns(survey).header, rows)
    out, _err = run(survey, path)
    assert "Importerade 1517 svar; avvisade 0 rader." in out
    assert Response.objects.filter(survey=survey, channel=Response.Channel.PAPER).count() == len(rows)
    given = sum(1 for row in rows for value in row[1:] if value not in ("", "0"))
    # Every cell given is an answer (area, sex and age band too, as on the web), less those
    # that skip logic hides.
    assert 0.9 * given < Answer.objects.filter(response__survey=survey).count() <= given


def test_a_broken_line_after_several_batches_names_its_line_and_column_and_imports_nothing(
    tmp_path: Path, survey: Survey
) -> None:
    header = Columns(survey).header
    rows = lines_of(survey, 4 * BATCH)
    column = header.index("unsafe_alone_evening")
    rows[3 * BATCH + 10][column] = "7"  # line 1512 of the file (the header is line 1)
    path = write(tmp_path / "svar.csv", header, rows)
    before = stored(survey)
    with pytest.raises(CommandError, match=r"Inget importerades: 1 problem\."):
        run(survey, path)
    assert stored(survey) == before == (0, 0, 0)
    _out, err = run(survey, path, "--skip-invalid")
    assert "rad 1512, kolumn unsafe_alone_evening: 7 är inte en av koderna 1, 2, 3, 4, 8, 9." in err
    assert Response.objects.filter(survey=survey).count() == len(rows) - 1


def test_long_imports_say_how_far_they_have_come(tmp_path: Path, survey: Survey) -> None:
    rows = lines_of(survey, 2500)
    path = write(tmp_path / "svar.csv", Columns(survey).header, rows)
    _out, err = run(survey, path, "--progress", "1000")
    # Not a terminal (a log, cron's mail): one line every 1,000 lines.
    assert [line for line in err.splitlines() if "rader" in line] == [
        "1000 rader lästa…",
        "2000 rader lästa…",
    ]


def web_answers(survey: Survey, count: int) -> None:
    """Responses stored as the resident flow stores them (ResponseBuilder, save_responses)."""
    rng = random.Random(5)  # noqa: S311 (test data, not secrets)
    questions = survey_questions(survey)
    builder = ResponseBuilder(survey, questions)
    areas = list(survey.municipality.areas.exclude(kind="municipality").values_list("pk", flat=True))
    built = []
    for _number in range(count):
        answers: dict[str, Any] = {}
        for question in questions:
            options = [
                option.code
                for option in question.options.all()
                # The file holds sex and age band as the population's labels: an answer without
                # one (*Vill inte svara*) reads as no answer, which the format documents.
                if option.population_label or not question.weighting
            ]
            if question.kind == Question.Kind.AREA:
                answers[question.code] = rng.choice(areas)
            elif question.kind == Question.Kind.MATRIX:
                answers[question.code] = {item.code: rng.choice(options) for item in question.items.all()}
            elif question.kind == Question.Kind.MULTIPLE:
                answers[question.code] = rng.sample(options, rng.randint(1, 2))
            elif question.kind == Question.Kind.TEXT:
                answers[question.code] = rng.choice(["Mörkt i tunneln", "Fler vuxna ute"])
            elif question.kind == Question.Kind.NUMBER:
                answers[question.code] = rng.randint(question.min_value or 0, 30)
            elif options:
                answers[question.code] = rng.choice(options)
        built.append(builder.build(answers, received_on=survey.opens))
    save_responses(built)


def contents(survey: Survey) -> Counter[tuple[Any, ...]]:
    """Each response's background and answers, without its id: what exports and estimates read."""
    # An area question's answer is the area's id: the areas of another municipality have others.
    names = dict(survey.municipality.areas.values_list("pk", "name"))
    answers: dict[Any, list[tuple[Any, ...]]] = {}
    for pk, code, kind, item, value, text in Answer.objects.filter(response__survey=survey).values_list(
        "response_id", "question__code", "question__kind", "item__code", "value", "text"
    ):
        given = names.get(value or 0) if kind == "area" else value
        answers.setdefault(pk, []).append((code, item, given, text))
    return Counter(
        (area, sex, age_band, tuple(sorted(answers.get(pk, []), key=str)))
        for pk, area, sex, age_band in Response.objects.filter(survey=survey).values_list(
            "pk", "area__name", "sex", "age_band"
        )
    )


def test_imported_responses_are_the_rows_web_answers_are(tmp_path: Path, survey: Survey) -> None:
    """Web answers exported as `svar` and imported into a copy of the survey are stored as the
    same rows, and the copy's `svar` export reads them back line for line."""
    from tryggve.surveys.tests.conftest import open_survey

    web_answers(survey, 2 * BATCH + 50)
    client = Client()
    client.force_login(analyst_of(survey))
    base = f"/{survey.municipality.slug}/enkat/{survey.slug}/personal/export/svar/"
    exported = b"".join(client.get(base).streaming_content).decode()  # type: ignore[attr-defined]
    copy = open_survey("kopia")
    path = tmp_path / "svar.csv"
    path.write_text(exported, encoding="utf-8")
    out, _err = run(copy, path)
    assert out.splitlines()[-1] == f"imported: {2 * BATCH + 50}, unchanged: 0, rejected: 0"
    assert contents(copy) == contents(survey)
    client.force_login(analyst_of(copy, "analytiker2"))
    again = b"".join(
        client.get(f"/kopia/enkat/{copy.slug}/personal/export/svar/").streaming_content  # type: ignore[attr-defined]
    ).decode()

    def without_ids(text: str) -> list[str]:
        return sorted(line.split(",", 1)[1] for line in text.splitlines())

    assert again.splitlines()[0] == exported.splitlines()[0]
    assert without_ids(again) == without_ids(exported)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page limit stands in for a full disk")
@pytest.mark.django_db(transaction=True)
def test_a_full_disk_stops_the_import_with_a_message_and_imports_nothing(
    tmp_path: Path, survey: Survey
) -> None:
    path = write(tmp_path / "svar.csv", Columns(survey).header, lines_of(survey, 4 * BATCH))
    before = stored(survey)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA max_page_count")
        most = cursor.fetchone()[0]
        # Room for a batch or so more: the database file cannot grow further, as on a full disk.
        cursor.execute(f"PRAGMA max_page_count = {pages + 100}")
    try:
        with pytest.raises(CommandError) as error:
            run(survey, path)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {most}")
    assert str(error.value).startswith(
        "Inget importerades: databasen stoppade importen (database or disk is full)."
    )
    assert "frigör utrymme" in str(error.value)
    assert stored(survey) == before


def answer_constraints() -> dict[str, tuple[Any, ...]]:
    """The answers table's indexes and foreign keys, as the database describes them."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Answer._meta.db_table)
    return {
        name: (tuple(found[name]["columns"]), found[name]["index"], found[name]["foreign_key"])
        for name in found
    }


def test_a_large_import_builds_the_answers_indexes_and_foreign_keys_again(
    tmp_path: Path, survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Any file counts as large: the writer drops the indexes (and PostgreSQL's foreign keys)
    # of the empty answers table and makes them again at the end.
    monkeypatch.setattr(bulk, "REBUILD_MIN_BYTES", 0)
    close(survey)
    before = answer_constraints()
    foreign = {columns for columns, _index, key in before.values() if key}
    assert {("question_id",), ("item_id",), ("response_id",)} <= foreign
    rows = lines_of(survey, 3 * BATCH + 5, seed=3)
    with CaptureQueriesContext(connection) as queries:
        run(survey, write(tmp_path / "svar.csv", Columns(survey).header, rows))
    assert dropped_indexes(queries)
    assert answer_constraints() == before
    assert Response.objects.filter(survey=survey).count() == len(rows)
    # The indexes answer as before: a matrix row's answers found through its item.
    item = survey.questions.get(code="neighbourhood_problems").items.all()[0]
    assert Answer.objects.filter(item=item).count() == sum(
        1 for row in rows if row[Columns(survey).header.index(f"neighbourhood_problems.{item.code}")]
    )


def test_a_large_import_that_fails_leaves_the_answers_indexes_and_foreign_keys(
    tmp_path: Path, survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "REBUILD_MIN_BYTES", 0)
    close(survey)
    before = answer_constraints()
    header = Columns(survey).header
    rows = lines_of(survey, 3 * BATCH, seed=4)
    rows[-1][header.index("trust_police")] = "x"
    with pytest.raises(CommandError, match=r"Inget importerades: 1 problem\."):
        run(survey, write(tmp_path / "svar.csv", header, rows))
    assert stored(survey) == (0, 0, 0)
    assert answer_constraints() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's import holds its write lock anyway")
def test_a_large_import_keeps_the_answers_indexes_while_residents_may_answer_a_survey(
    tmp_path: Path, survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Dropping an index locks the whole answers table until the commit: a resident answering any
    # municipality's open survey would wait minutes for the import.
    monkeypatch.setattr(bulk, "REBUILD_MIN_BYTES", 0)
    assert survey.is_open()
    rows = lines_of(survey, BATCH + 5, seed=5)
    with CaptureQueriesContext(connection) as queries:
        run(survey, write(tmp_path / "svar.csv", Columns(survey).header, rows))
    assert not dropped_indexes(queries)
    assert Response.objects.filter(survey=survey).count() == len(rows)


def close(survey: Survey) -> None:
    """The survey closed yesterday: no survey of the installation takes answers today."""
    yesterday = timezone.localdate() - timedelta(days=1)
    Survey.objects.filter(pk=survey.pk).update(opens=yesterday - timedelta(days=30), closes=yesterday)


def dropped_indexes(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries.captured_queries if query["sql"].startswith("DROP INDEX")]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's foreign-key checks, off for the import")
@pytest.mark.django_db(transaction=True)
def test_sqlite_imports_without_foreign_key_checks_and_checks_them_again_afterwards(
    tmp_path: Path, survey: Survey
) -> None:
    # Three parent lookups per answer were half of the answers' writing; the import's rows refer
    # only to responses it has just written and to the survey's own questions and items.
    header = Columns(survey).header
    rows = lines_of(survey, 2 * BATCH + 3, seed=6)
    with CaptureQueriesContext(connection) as queries:
        run(survey, write(tmp_path / "svar.csv", header, rows))
    assert "PRAGMA foreign_keys = OFF" in [query["sql"] for query in queries.captured_queries]
    assert stored(survey)[0] == len(rows)
    rows[-1][header.index("trust_police")] = "x"
    with pytest.raises(CommandError):
        run(survey, write(tmp_path / "fel.csv", header, rows))
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_key_check")
        assert cursor.fetchall() == []  # every imported row has its parents
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1  # on again, after a good and after a failed import
