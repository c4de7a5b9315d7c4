"""Dates as Swedish writes them: lower-case months, also abbreviated ("28 okt 2019"); English
keeps its capitals ("28 Oct 2019"). Staff tables use |date:"SHORT_DATE_FORMAT"."""

import datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

DAY = datetime.date(2019, 10, 28)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("sv", "28 okt 2019 / 28 oktober 2019"), ("en", "28 Oct 2019 / 28 October 2019")],
)
def test_dates_in_each_language(language: str, expected: str) -> None:
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }} / {{ day|date:"j F Y" }}')
    with translation.override(language):
        assert template.render(Context({"day": DAY})) == expected


def test_no_template_capitalises_swedish_month_abbreviations() -> None:
    """Django's "M" capitalises ("Okt"): templates write SHORT_DATE_FORMAT or "j F Y" instead."""
    root = Path(__file__).resolve().parents[1]
    found = [str(path) for path in root.rglob("*.html") if '|date:"j M' in path.read_text(encoding="utf-8")]
    assert found == []
