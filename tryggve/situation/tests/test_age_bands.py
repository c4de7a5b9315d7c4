"""The template's age bands, SCB's age classes and the weighting agree (issue 27.3).

A survey made from the template, weighted with population counts imported from SCB's DeSO
table (five-year classes), has a population count in every cell its respondents can answer;
joined bands join the imported counts too; a survey with bands of its own gets counts in them.
"""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from tryggve.core import age_bands
from tryggve.core.models import Area, Municipality, Population
from tryggve.situation.domains import Sample
from tryggve.situation.models import Weighting
from tryggve.surveys.definition import build_survey
from tryggve.surveys.models import Option, Survey
from tryggve.surveys.responses import ResponseBuilder, save_responses, survey_questions
from tryggve.surveys.standard_questions import AGE_BANDS, TEMPLATE
from tryggve.testing import small_municipality
from tryggve.testing_files import SCB_AGES, write_population

pytestmark = pytest.mark.django_db


def test_every_template_band_is_made_of_whole_scb_classes_except_the_youngest_fifth() -> None:
    classes = [age_bands.parse(code) for code, _label in SCB_AGES]
    for label in AGE_BANDS:
        band = age_bands.parse(label)
        assert band is not None
        shares = {c: age_bands.share(c, band) for c in classes if c is not None}
        partial = {(c.first, c.last): s for c, s in shares.items() if s not in (0.0, 1.0)}
        assert partial == ({(15, 19): 4 / 5} if label == "16-24" else {})


def answered(tmp_path: Path) -> tuple[Survey, Area]:
    place = small_municipality("halmstad")
    Municipality.objects.filter(pk=place.municipality.pk).update(code="1380")
    Area.objects.filter(pk=place.north.pk).update(region_codes=["1380C1010", "1380C1020"])
    Area.objects.filter(pk=place.south.pk).update(region_codes=["1380C1030"])
    survey = build_survey(
        TEMPLATE, municipality=place.municipality, year=2024, slug="trygghetsmatning-2024",
        opens=date(2024, 10, 1), closes=date(2024, 10, 31),
    )  # fmt: skip
    builder = ResponseBuilder(survey, survey_questions(survey))
    given = [
        {"area": area.pk, "sex": sex, "age_band": band, "unsafe_alone_evening": 1 + (band + sex) % 4}
        for area in (place.north, place.south)
        for sex in (1, 2)
        for band in (1, 2, 3, 4)
        for _twice in range(2)
    ]
    save_responses([builder.build(answers, received_on=survey.opens) for answers in given])
    counts: dict[tuple[str, str], int | None] = {
        (age, sex): 10 * (number + 1) for number, (age, _label) in enumerate(SCB_AGES) for sex in ("1", "2")
    }
    regions = {"1380C1010": counts, "1380C1020": counts, "1380C1030": counts, "1381C1010": counts}
    path = write_population(tmp_path / "FolkmDesoAldKon.json", {"2024": regions}, with_totals=True)
    call_command("import_population", "halmstad", "2024", str(path), stdout=io.StringIO())
    return survey, place.north


def test_a_template_survey_weighted_with_scbs_deso_counts_has_a_count_in_every_cell(tmp_path: Path) -> None:
    survey, north = answered(tmp_path)
    sample = Sample(survey)
    assert sample.design.without_population == [] and sample.design.without_respondents == []
    # 2 areas × 2 sexes × 4 bands, every one weighted (in a post-stratum: the cells are small).
    cells = [cell for cell in sample.collapsed.stratum if cell[0] == north.pk]
    assert all(sample.collapsed.stratum[cell] in sample.design.weights for cell in sample.collapsed.stratum)
    assert len(sample.collapsed.stratum) == 16 and cells
    # North is two DeSO: 2 × (4/5 of 15–19 + 20–24) residents per sex in 16–24.
    young = Population.objects.get(area=north, year=2024, sex="kvinna", age_band="16-24").count
    assert young == 2 * (40 * 4 // 5 + 50)
    stratum = sample.collapsed.stratum[(north.pk, "kvinna", "16-24")]
    residents = sum(
        Population.objects.get(area_id=area, year=2024, sex=sex, age_band=band).count
        for area, sex, band in stratum.cells
    )
    assert sample.collapsed.population[stratum] == residents


def test_joined_bands_join_the_imported_counts(tmp_path: Path) -> None:
    survey, north = answered(tmp_path)
    Weighting.objects.create(survey=survey, age_band_groups={"16-24": "16-44", "25-44": "16-44"})
    sample = Sample(survey)
    joined = sum(
        Population.objects.get(area=north, year=2024, sex="man", age_band=band).count
        for band in ("16-24", "25-44")
    )
    stratum = sample.collapsed.stratum[(north.pk, "man", "16-44")]
    assert joined <= sample.collapsed.population[stratum]
    assert not any(cell[2] in ("16-24", "25-44") for cell in sample.collapsed.stratum)
    assert sample.design.without_population == []


def test_a_survey_with_bands_of_its_own_gets_counts_in_them(tmp_path: Path) -> None:
    survey, north = answered(tmp_path)
    for option, label in zip(
        Option.objects.filter(
            question__page__survey=survey, question__code="age_band", is_special=False
        ).order_by("code"),
        ["16-29", "30-49", "50-64", "65+"],
        strict=True,
    ):
        option.population_label = label
        option.save()
    path = tmp_path / "FolkmDesoAldKon.json"
    out = io.StringIO()
    call_command(
        "import_population",
        "halmstad",
        "2025",
        str(path),
        "--from-year",
        "2024",
        "--survey",
        survey.slug,
        stdout=out,
    )
    bands = set(Population.objects.filter(area=north, year=2025).values_list("age_band", flat=True))
    assert bands == {"16-29", "30-49", "50-64", "65+"}
    assert Population.objects.get(area=north, year=2025, sex="man", age_band="30-49").count == 2 * (
        70 + 80 + 90 + 100
    )
