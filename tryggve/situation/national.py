"""National and county figures beside the lägesbild's estimates (issue 28.3).

Brå's national survey (NTU) and others publish, per year, the share of the whole country (or a
county) who e.g. feel unsafe out alone late in the evening. An analyst enters them in the admin or
imports a CSV (docs/formats.md); the lägesbild shows, for each of its indicators, the latest
figure of each level up to its survey's year, with the source and how the methods differ: they
are other surveys (another wording, mode and sample), so the comparison is a context, not a test.

Columns of the CSV: indicator,level,year,value,source,method_note; value is a share (0.17, also
0,17 or 17 %).
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tryggve.core.csv_files import csv_reader
from tryggve.core.models import Municipality
from tryggve.surveys.models import Question

from .models import NationalFigure

COLUMNS = ["indicator", "level", "year", "value", "source", "method_note"]
# The level as the file may name it, in English (docs/formats.md) or Swedish.
LEVELS = {
    "national": NationalFigure.NATIONAL,
    "riket": NationalFigure.NATIONAL,
    "county": NationalFigure.COUNTY,
    "län": NationalFigure.COUNTY,
}
STORED = ("value", "source", "method_note")


@dataclass
class Result:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    read: int = 0
    problems: list[str] = field(default_factory=list)


def share(given: str) -> float | None:
    """A share from 0.17, 0,17 or 17 %; None if it is none or lies outside 0–1."""
    text = given.strip().replace("\u00a0", "").replace(" ", "")
    percent = text.endswith("%")
    text = text.rstrip("%").replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        return None
    value = float(text) / 100 if percent else float(text)
    return value if 0 <= value <= 1 else None


def known_indicators(municipality: Municipality) -> set[str]:
    """The question codes of the municipality's surveys: an indicator is a code or code.item."""
    return set(Question.objects.filter(survey__municipality=municipality).values_list("code", flat=True))


def _problem(row: list[str], known: set[str]) -> tuple[str, str] | None:
    """(column, message) of the first problem in a row, or None."""
    if len(row) != len(COLUMNS):
        return "", _("%(count)s columns instead of %(expected)s") % {
            "count": len(row),
            "expected": len(COLUMNS),
        }
    indicator, level, year, value, source, note = (cell.strip() for cell in row)
    if indicator.split(".", 1)[0] not in known:
        return "indicator", _("%(code)s is no indicator of this municipality's surveys") % {"code": indicator}
    if level.casefold() not in LEVELS:
        return "level", _("%(level)s is neither national nor county") % {"level": level}
    if not re.fullmatch(r"(19|20)\d\d", year):
        return "year", _("%(year)s is no year") % {"year": year}
    if share(value) is None:
        return "value", _("%(value)s is no share between 0 and 1 (0.17, or 17 %%)") % {"value": value}
    if not source:
        return "source", _("the source is missing (e.g. Brå, NTU 2024)")
    if not note:
        return "method_note", _("the note on how the methods differ is missing")
    return None


def import_csv(municipality: Municipality, text: str) -> Result:
    """Store the file's figures, a changed one updated; with any problem nothing is stored."""
    rows = list(csv_reader(text))
    result = Result()
    if not rows or [name.strip().lower() for name in rows[0]] != COLUMNS:
        result.read = sum(1 for row in rows[1:] if any(cell.strip() for cell in row))
        result.problems.append(_("The first line must be %(columns)s.") % {"columns": ",".join(COLUMNS)})
        return result
    known = known_indicators(municipality)
    given: dict[tuple[str, str, int], dict[str, Any]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        result.read += 1
        problem = _problem(row, known)
        if problem:
            column, message = problem
            where = (
                _("line %(line)s, column %(column)s") % {"line": line, "column": column}
                if column
                else _("line %(line)s") % {"line": line}
            )
            result.problems.append(f"{where}: {message}")
            continue
        indicator, level, year, value, source, note = (cell.strip() for cell in row)
        given[(indicator, LEVELS[level.casefold()], int(year))] = {
            "value": share(value),
            "source": source,
            "method_note": note,
        }
    if result.problems:
        return result
    with transaction.atomic():
        stored = {
            (f.indicator, f.level, f.year): f
            for f in NationalFigure.objects.select_for_update().filter(municipality=municipality)
        }
        for key, values in given.items():
            found = stored.get(key)
            if found is None:
                code, level_of, year_of = key
                NationalFigure.objects.create(
                    municipality=municipality, indicator=code, level=level_of, year=year_of, **values
                )
                result.imported += 1
            elif any(getattr(found, name) != values[name] for name in STORED):
                for name in STORED:
                    setattr(found, name, values[name])
                found.save(update_fields=list(STORED))
                result.updated += 1
            else:
                result.unchanged += 1
        # A line repeating an earlier one of the file counts as unchanged: it changed nothing.
        result.unchanged += result.read - len(given)
    return result


def figures_for(municipality: Municipality, year: int) -> dict[str, list[dict[str, Any]]]:
    """Per indicator code, the latest figure of each level up to `year` (national first)."""
    latest: dict[tuple[str, str], NationalFigure] = {}
    for found in NationalFigure.objects.filter(municipality=municipality, year__lte=year).order_by("year"):
        latest[(found.indicator, found.level)] = found
    order = {NationalFigure.NATIONAL: 0, NationalFigure.COUNTY: 1}
    result: dict[str, list[dict[str, Any]]] = {}
    for (indicator, level), found in sorted(latest.items(), key=lambda item: (item[0][0], order[item[0][1]])):
        result.setdefault(indicator, []).append(
            {
                "level": level,
                "year": found.year,
                "value": found.value,
                "source": found.source,
                "method_note": found.method_note,
            }
        )
    return result
