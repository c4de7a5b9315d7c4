"""`manage.py evaluate_promise`: its output formats, its errors, and the demo (issue 21.2, 21.4)."""

import csv
import io
import re
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from tryggve.followup import evaluation

from .test_evaluation import read, town

pytestmark = pytest.mark.django_db

DID_LINE = re.compile(r"^did: -?\d+\.\d{4} \[-?\d+\.\d{4}, -?\d+\.\d{4}\]$")
UNSAFE = ["--question", "unsafe_alone_evening", "--values", "3,4"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("evaluate_promise", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def small_town() -> None:
    """The fixture's first 120 respondents of each survey: quick, and small groups."""
    rows = read("respondents.csv")
    town(
        [row for row in rows if row["survey"] == "before"][:120]
        + [row for row in rows if row["survey"] == "after"][:120]
    )


def test_text_ends_with_the_did_line_and_says_what_can_be_shown() -> None:
    town()
    lines = run("trestad", "2019", *UNSAFE).splitlines()
    assert DID_LINE.match(lines[-1]), lines[-1]
    assert lines[-1] == "did: -0.1683 [-0.2640, -0.0727]"  # R: -0.16833, [-0.26396, -0.07270]
    text = "\n".join(lines)
    for label in ("Fokusområden, före", "Fokusområden, efter", "Resten, före", "Resten, efter"):
        assert label in text
    assert "Förändring i fokusområdena: -0.1413 [-0.2158, -0.0668]" in text  # R: -0.14132
    assert "95-procentiga intervallet innehåller inte 0" in text
    assert "Före: trygghetsmatning-2018 (2018). Efter: trygghetsmatning-2019 (2019)." in text
    assert "för få för att publiceras" not in text
    # Context: no EST reports or police events in Trestad, and it says so.
    assert "2018: EST-rapporter 0 / 0; polisens händelser 0 / 0" in text
    assert "Ingen av polisens händelser under åren har en egen position" in text


def test_csv_has_the_columns_and_rows_and_marks_small_groups(settings: Any) -> None:
    small_town()
    settings.SITUATION_MIN_RESPONDENTS = 60
    output = run("trestad", "2019", *UNSAFE, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(output)))
    assert output.splitlines()[0] == ",".join(evaluation.COLUMNS)
    assert [row["quantity"] for row in rows] == evaluation.QUANTITIES
    found = {row["quantity"]: row for row in rows}
    assert int(found["focus_before"]["n"]) < 60 <= int(found["rest_before"]["n"])
    assert found["focus_before"]["suppressed"] == "true"
    # Beside the whole municipality, the rest would reveal the focus areas: hidden too.
    assert found["rest_before"]["suppressed"] == "true"
    assert found["focus_change"]["suppressed"] == found["did"]["suppressed"] == "true"
    for row in rows:
        estimate, se, low, high = (float(row[key]) for key in ("estimate", "se", "ci_low", "ci_high"))
        if row["quantity"] in ("focus_before", "focus_after", "rest_before", "rest_after"):
            # A share's interval is on the logit scale: inside 0–1, around the estimate.
            assert 0 < low < estimate < high < 1
        else:
            assert low == pytest.approx(estimate - 1.959963984540054 * se, rel=1e-12)
        assert "," not in row["estimate"] and len(row["se"]) > 8  # dot decimals, full precision
    text = run("trestad", "2019", *UNSAFE)
    assert "Fokusområden, före: för liten grupp för att publiceras" in text
    assert DID_LINE.match(text.splitlines()[-1])


def test_the_analysts_own_comparison_needs_no_promise() -> None:
    small_town()
    own = ["--before", "trygghetsmatning-2018", "--after", "trygghetsmatning-2019", "--focus", "vallas"]
    output = run("trestad", "2030", *UNSAFE, *own, "--format", "csv")
    assert [row["quantity"] for row in csv.DictReader(io.StringIO(output))] == evaluation.QUANTITIES
    assert "Fokusområden: Vallås" in run("trestad", "2030", *UNSAFE, *own)
    # Söndrum had no part in the fixture's change: its interval contains 0, and the text says so.
    sondrum = run("trestad", "2030", *UNSAFE, *own[:4], "--focus", "sondrum")
    low, high = (float(bound) for bound in re.findall(r"-?\d+\.\d+", sondrum.splitlines()[-1])[1:])
    assert low < 0 < high
    assert "Ingen förändring kan visas: det 95-procentiga intervallet innehåller 0" in sondrum
    mean = run("trestad", "2019", "--question", "years_in_area", "--mean")
    assert DID_LINE.match(mean.splitlines()[-1])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere", "2019", *UNSAFE], "Det finns ingen kommun nowhere."),
        (["trestad", "2017", *UNSAFE], "trestad har inget medborgarlöfte som börjar 2017"),
        (["trestad", "2019", *UNSAFE, "--before", "nope"], "trestad har ingen enkät nope."),
        (["trestad", "2019", "--question", "nope", "--mean"], "har ingen fråga nope"),
        (["trestad", "2019", *UNSAFE, "--focus", "vallas,nope"], "trestad har inget område nope."),
        (["trestad", "2019", "--question", "unsafe_alone_evening", "--values", "tre"], "svarskoder"),
        (["trestad", "2019", "--question", "unsafe_alone_evening", "--values", "3,7"], "inget svar 7"),
        (["trestad", "2019", *UNSAFE, "--focus", "trestad"], "Inga svarande"),
    ],
)
def test_what_does_not_exist_is_named(args: list[str], message: str) -> None:
    small_town()
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)


def test_an_error_exits_with_code_1_and_a_message_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    small_town()
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(
            ["manage.py", "evaluate_promise", "trestad", "2019", *UNSAFE, "--after", "x"]
        )
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert "trestad har ingen enkät x." in captured.err and captured.out == ""


def test_while_the_last_survey_is_open_the_after_is_preliminary() -> None:
    small_town()
    with pytest.raises(evaluation.EvaluationError, match="Ingen enkät har stängt"):
        evaluation.comparison("trestad", 2019, today=date(2019, 10, 15))
    found = evaluation.comparison("trestad", 2019, after="trygghetsmatning-2019", today=date(2019, 10, 15))
    assert found.preliminary and found.after.year == 2019 and found.before.year == 2018
    assert not evaluation.comparison("trestad", 2019, today=date(2019, 11, 2)).preliminary


def test_the_demo_promise_of_2019_is_evaluable(demo: None) -> None:
    """load_demo: the 2019 promise, fed by the 2018 survey, evaluated on the 2019 survey."""
    output = run("halmstad", "2019", *UNSAFE)
    lines = output.splitlines()
    assert DID_LINE.match(lines[-1]), lines[-1]
    assert "Före: trygghetsmatning-2018 (2018). Efter: trygghetsmatning-2019 (2019)." in output
    assert "Fokusområden: Andersberg, Vallås, Stadskärnan" in output
    # The demo's police events are all at the feed's point for the municipality: said plainly.
    assert "Ingen av polisens händelser under åren har en egen position" in output
    assert re.search(r"2019: EST-rapporter [1-9]\d* / 0;", output)
