"""The lägesbild's running sums of a file import: built in bulk as the file is written, equal to
a rebuild from the stored answers, and untouched by a file that imports nothing."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError

from tryggve.situation import running_sums
from tryggve.situation.models import CellCount, PlaceCount, Tally
from tryggve.surveys.models import PlaceMark, Survey
from tryggve.surveys.response_files import Columns
from tryggve.surveys.tests.conftest import open_survey
from tryggve.surveys.tests.test_import_streaming import BATCH, lines_of, run, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(db: None) -> Survey:
    return open_survey()


def sums(survey: Survey) -> tuple[set[tuple[Any, ...]], ...]:
    return (
        set(
            CellCount.objects.filter(survey=survey).values_list("area_key", "sex", "age_band", "respondents")
        ),
        set(
            Tally.objects.filter(survey=survey).values_list(
                "question_id", "item", "area_key", "sex", "age_band", "value", "count"
            )
        ),
        set(PlaceCount.objects.filter(survey=survey).values_list("row", "column", "count")),
    )


def test_running_sums_of_a_bulk_import_equal_a_rebuild_from_the_answers(
    tmp_path: Path, survey: Survey
) -> None:
    places = tmp_path / "platser.csv"
    places.write_text(
        "respondent,question,lat,lng,reason\n"
        "P-3,unsafe_places,56.7101,12.8501,Mörkt\n"
        "P-900,unsafe_places,56.6899,12.8498,Folk samlas\n"
        "P-901,unsafe_places,,,Vid skolan\n",
        encoding="utf-8",
    )
    path = write(tmp_path / "svar.csv", Columns(survey).header, lines_of(survey, 3 * BATCH))
    run(survey, path, "--places", str(places))
    # A second file adds to the sums of the first.
    more = lines_of(survey, BATCH + 3, seed=2)
    for row in more:
        row[0] = "Q" + row[0]
    run(survey, write(tmp_path / "mer.csv", Columns(survey).header, more))
    imported = sums(survey)
    assert sum(n for *_cell, n in imported[0]) == 4 * BATCH + 3
    assert PlaceMark.objects.filter(response__survey=survey).count() == 3
    running_sums.rebuild(survey)
    assert sums(survey) == imported


def test_a_file_that_imports_nothing_leaves_the_sums_as_they_were(tmp_path: Path, survey: Survey) -> None:
    header = Columns(survey).header
    run(survey, write(tmp_path / "forst.csv", header, lines_of(survey, BATCH)))
    before = sums(survey)
    rows = lines_of(survey, 4 * BATCH, seed=3)
    for row in rows:
        row[0] = "R" + row[0]
    rows[-1][header.index("unsafe_alone_evening")] = "7"  # after three batches were written
    with pytest.raises(CommandError):
        run(survey, write(tmp_path / "svar.csv", header, rows))
    assert sums(survey) == before
