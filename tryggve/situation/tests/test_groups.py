"""Indicators by sex, by age band and by area and sex: equal to R's svyby, with small groups hidden.

The respondents and population are those of fixtures/make_fixtures.R, imported as a user would
(`import_population`, `import_responses`); fixtures/make_group_fixtures.R wrote R's figures on
Tryggve's design (small cells joined, post-strata as response groups, logit intervals).
"""

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tryggve.core.models import Municipality
from tryggve.situation import builder, publication
from tryggve.situation.domains import ALL, Indicator, Report, Sample, report, report_by
from tryggve.surveys.models import Question, Survey
from tryggve.testing import assert_valid_html

from .helpers import PUBLIC_URL

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def survey(tmp_path: Path) -> Survey:
    """The fixture respondents as a survey of their own municipality, imported from files."""
    Municipality.objects.create(name="Fixturby", slug="fixturby", code="9999")
    population = tmp_path / "population.csv"
    population.write_text((FIXTURES / "population.csv").read_text())
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("import_population", "fixturby", "2019", str(population), "--create-areas", **quiet)
    responses = tmp_path / "responses.csv"
    with responses.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["respondent", "area", "sex", "age_band", "unsafe", "years"])
        for number, row in enumerate(read("respondents.csv"), start=1):
            writer.writerow([number, row["area"], row["sex"], row["age_band"], row["unsafe"], row["years"]])
    call_command(
        "import_responses", "fixturby", "2019", str(responses), "--survey", "s", "--create-survey", **quiet
    )
    return Survey.objects.get(slug="s")


def estimates(*args: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command("estimates", "fixturby", "s", *args, "--format", "json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_estimates_by_sex_age_band_and_area_and_sex_equal_r(survey: Survey) -> None:
    expected = read("expected_groups.csv")
    # R names the area × sex domains by its formula, area+sex.
    for row in expected:
        row["by"] = row["by"].replace("+", ",")
    assert {(row["indicator"], row["by"]) for row in expected} == {
        (indicator, by) for indicator in ("unsafe", "years") for by in ("sex", "age_band", "area,sex")
    }
    for (indicator, by), kind in {
        (indicator, by): ("--values", "1") if indicator == "unsafe" else ("--mean",)
        for indicator in ("unsafe", "years")
        for by in ("sex", "age_band", "area,sex")
    }.items():
        rows = estimates("--question", indicator, *kind, "--by", by)
        columns = by.split(",")
        assert list(rows[0])[: len(columns)] == columns
        found = {"|".join(str(row[column]) for column in columns): row for row in rows}
        wanted = [row for row in expected if row["indicator"] == indicator and row["by"] == by]
        # One row per group R found, and the whole municipality.
        assert len(rows) == len(wanted) + 1 and rows[-1][columns[0]] == ALL
        for row in wanted:
            got = found[row["domain"]]
            assert got["estimate"] == pytest.approx(float(row["estimate"]), abs=1e-12), row
            assert got["se"] == pytest.approx(float(row["se"]), abs=1e-12), row
            if row["ci_low"]:  # a share: R's svyciprop(method = "logit"), which fits a glm
                assert got["ci_low"] == pytest.approx(float(row["ci_low"]), abs=1e-9), row
                assert got["ci_high"] == pytest.approx(float(row["ci_high"]), abs=1e-9), row


def _lines(table: Report, per_area: Report, per_sex: Report) -> list[tuple[list[Any], int, bool]]:
    """Each published line of the area × sex table: its groups, those not in any, margin hidden."""
    groups = [row for row in table.rows if row.group]
    lines = []
    for margin in per_area.rows[:-1]:
        members = [row for row in groups if row.area_id == margin.area_id]
        lines.append((members, margin.result.n - sum(r.result.n for r in members), margin.suppressed))
    for margin in per_sex.rows[:-1]:
        members = [row for row in groups if row.group == margin.group]
        lines.append((members, margin.result.n - sum(r.result.n for r in members), margin.suppressed))
    return lines


@pytest.mark.parametrize("minimum", [76, 119, 140, 160, 200, 300])
def test_no_line_of_the_area_and_sex_table_reveals_a_small_group(
    survey: Survey, settings: Any, minimum: int
) -> None:
    settings.SITUATION_MIN_RESPONDENTS = minimum
    sample = Sample(survey)
    indicator = Indicator(survey.questions.get(code="unsafe"), frozenset({1}))
    table = report_by(sample, indicator, "area,sex")
    per_area, per_sex = report(sample, indicator), report_by(sample, indicator, "sex")
    assert any(row.suppressed for row in table.rows if row.group)
    for members, unplaced, margin_hidden in _lines(table, per_area, per_sex):
        hidden = [row for row in members if row.suppressed]
        if margin_hidden:
            assert len(hidden) == len(members)
            continue
        # What the margin minus the shown groups tells: nothing, or a pool of at least the minimum.
        pooled = unplaced + sum(row.result.n for row in hidden)
        assert pooled == 0 or pooled >= minimum
        assert not (len(hidden) == 1 and unplaced == 0)
        assert all(row.result.n >= minimum for row in members if not row.suppressed)


def test_one_small_sex_hides_the_other_too(survey: Survey, settings: Any) -> None:
    sample = Sample(survey)
    indicator = Indicator(survey.questions.get(code="unsafe"), frozenset({1}))
    counts = {row.group: row.result.n for row in report_by(sample, indicator, "sex").rows if row.group}
    settings.SITUATION_MIN_RESPONDENTS = min(counts.values()) + 1
    rows = report_by(sample, indicator, "sex").rows
    # Every respondent said a sex, so the whole minus the larger group would be the smaller one.
    assert [row.suppressed for row in rows if row.group] == [True, True]
    assert not rows[-1].suppressed


def test_the_lagesbild_shows_main_indicators_by_group_and_publishes_only_large_groups(
    survey: Survey, settings: Any
) -> None:
    Question.objects.filter(survey=survey, code="unsafe").update(kind=Question.Kind.SCALE)
    settings.SITUATION_MIN_RESPONDENTS = 130
    data = builder.build(survey)
    unsafe = next(indicator for indicator in data["indicators"] if indicator["code"] == "unsafe")
    assert [table["by"] for table in unsafe["groups"]] == ["sex", "age_band", "area,sex"]
    by_sex = unsafe["groups"][0]
    assert [row["group"] for row in by_sex["rows"]] == ["kvinna", "man", ""]
    assert by_sex["labels"]["kvinna"]["sv"] == "kvinna"
    public = publication.public(data)
    published = next(i for i in public["indicators"] if i["code"] == "unsafe")["groups"][2]["rows"]
    staff = unsafe["groups"][2]["rows"]
    assert any(row["suppressed"] for row in staff) and any(not row["suppressed"] for row in staff)
    for mine, theirs in zip(staff, published, strict=True):
        assert (theirs["estimate"] is None) == (mine["suppressed"] or mine["n"] < 130)
        assert theirs["n"] is None or theirs["n"] >= 130


def test_the_published_lagesbild_page_shows_the_groups(demo: None, client: Any) -> None:
    page = client.get(PUBLIC_URL)
    html = page.content.decode()
    assert_valid_html(page.content)
    assert 'id="grupper"' in html and "Efter kön och ålder" in html
    section = html[html.index('id="grupper"') :]
    assert "Kvinna" in section and "65 år eller äldre" in section
    # The demo's small age band is hidden, and a second one with it, as the whole is shown.
    assert section[: section.index("</table>")].count("Färre än 30 svar") == 2


def test_a_group_figure_that_moved_with_a_few_answers_withdraws_the_earlier_version(
    survey: Survey, settings: Any
) -> None:
    settings.SITUATION_MIN_RESPONDENTS = 130
    earlier = builder.build(survey)
    later = json.loads(json.dumps(earlier))
    assert not publication.reveals(dict(earlier), later)
    table = next(i for i in later["indicators"] if i["code"] == "unsafe")["groups"][0]
    shown = next(row for row in table["rows"] if row["group"] and not row["suppressed"])
    # Two more answers in one sex only: the change of its share tells what those two answered.
    shown["n"] += 2
    shown["estimate"] += 0.001
    assert publication.reveals(dict(earlier), later)
