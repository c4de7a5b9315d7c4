"""The survey's file format: one row per respondent, numeric answer codes, and a codebook.

Export and import share one description of the columns (`Columns`), documented in
docs/formats.md: `respondent,area,sex,age_band`, then one column per question code; a matrix
has one column per item (`question.item`), a multiple choice one 0/1 column per option
(`question.option`). Places go to a second file `respondent,question,lat,lng,reason,area,description`
(imports read its first five columns). Beside the machine files, people get the same rows for
Swedish Excel (`people_*`: headers in the reader's language, numbers typed) and as one XLSX.
"""

import csv
import io
import itertools
import math
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tryggve.core.areas import area_at, outside_municipality
from tryggve.core.csv_files import csv_reader
from tryggve.core.files import Sheet, csv_safe, figure, xlsx
from tryggve.core.models import Area

from .definition import LANGUAGES, texts
from .forms import MAX_TEXT, PLACE_TEXT
from .models import Answer, PlaceMark, Question, Response, Survey
from .responses import Answers, ResponseBuilder, save_responses, survey_questions

FIXED = ("respondent", "area", "sex", "age_band")
PLACE_COLUMNS = ("respondent", "question", "lat", "lng", "reason")
# The exported places file: the import's columns, then the area (the marked point's, or the one
# chosen without the map) and the text typed under *Var?*, each in a column of its own.
PLACE_EXPORT_COLUMNS = (*PLACE_COLUMNS, "area", "description")
MAX_IMPORT_LINES = 200_000


@dataclass
class Column:
    name: str
    question: Question
    item_pk: int | None = None
    option_code: int | None = None


class Columns:
    """The file's columns for one survey, in question order."""

    def __init__(self, survey: Survey, questions: list[Question] | None = None) -> None:
        self.survey = survey
        self.questions = questions if questions is not None else survey_questions(survey)
        self.weighting = {q.weighting: q for q in self.questions if q.weighting}
        self.columns: list[Column] = []
        for question in self.questions:
            if question.weighting or question.kind == Question.Kind.PLACES:
                continue
            if question.kind == Question.Kind.MATRIX:
                self.columns += [
                    Column(f"{question.code}.{item.code}", question, item_pk=item.pk)
                    for item in question.items.all()
                ]
            elif question.kind == Question.Kind.MULTIPLE:
                self.columns += [
                    Column(f"{question.code}.{option.code}", question, option_code=option.code)
                    for option in question.options.all()
                ]
            else:
                self.columns.append(Column(question.code, question))
        self.header = [*FIXED, *(column.name for column in self.columns)]
        self.places = [q for q in self.questions if q.kind == Question.Kind.PLACES]


def _answer_rows(survey: Survey) -> Iterator[tuple[Response, list[tuple[Any, ...]]]]:
    """Each included response with its answers (question, item, value, text)."""
    responses = (
        Response.objects.filter(survey=survey, quarantined=False).select_related("area").order_by("id")
    )
    answers = (
        Answer.objects.filter(response__survey=survey, response__quarantined=False)
        .order_by("response_id")
        .values_list("response_id", "question_id", "item_id", "value", "text")
        .iterator(chunk_size=5000)
    )
    pending = next(answers, None)
    for response in responses.iterator(chunk_size=2000):
        rows = []
        while pending is not None and pending[0] == response.pk:
            rows.append(pending[1:])
            pending = next(answers, None)
        yield response, rows


def response_rows(survey: Survey, columns: Columns) -> Iterator[list[str]]:
    """The rows of the responses file (without the header)."""
    area_names = {area.pk: area.name for area in Area.objects.filter(municipality_id=survey.municipality_id)}
    positions = {column.name: index for index, column in enumerate(columns.columns)}
    multiple = {q.pk for q in columns.questions if q.kind == Question.Kind.MULTIPLE}
    names = {}
    for column in columns.columns:
        names[(column.question.pk, column.item_pk, column.option_code)] = column.name
    for response, answers in _answer_rows(survey):
        cells = [""] * len(columns.columns)
        answered_multiple = set()
        for question_pk, item_pk, value, text in answers:
            if question_pk in multiple:
                answered_multiple.add(question_pk)
                name = names.get((question_pk, None, value))
                if name:
                    cells[positions[name]] = "1"
                continue
            name = names.get((question_pk, item_pk, None))
            if name is None:
                continue
            column = columns.columns[positions[name]]
            if column.question.kind == Question.Kind.AREA:
                cells[positions[name]] = area_names.get(value or 0, "")
            elif column.question.kind == Question.Kind.TEXT:
                cells[positions[name]] = text
            else:
                cells[positions[name]] = "" if value is None else str(value)
        for index, column in enumerate(columns.columns):
            if (
                column.option_code is not None
                and column.question.pk in answered_multiple
                and not cells[index]
            ):
                cells[index] = "0"
        area = area_names.get(response.area_id or 0, "")
        yield [str(response.pk), area, response.sex, response.age_band, *cells]


def place_rows(survey: Survey) -> Iterator[list[str]]:
    """The rows of the places file (PLACE_EXPORT_COLUMNS, without the header)."""
    places = (
        PlaceMark.objects.filter(response__survey=survey, response__quarantined=False)
        .select_related("question", "area")
        .order_by("response_id", "pk")
    )
    for place in places.iterator(chunk_size=2000):
        yield [
            str(place.response_id),
            place.question.code,
            "" if place.latitude is None else f"{place.latitude:.6f}",
            "" if place.longitude is None else f"{place.longitude:.6f}",
            place.reason,
            place.area.name if place.area else "",
            place.description,
        ]


def codebook_rows(columns: Columns) -> Iterator[list[str]]:
    """column, kind, value, then the question's and the value's text in each language."""
    yield from (
        [name, "fixed", "", *[description] * len(LANGUAGES), *[""] * len(LANGUAGES)]
        for name, description in (
            ("respondent", "Random response id (or the id of a paper form)"),
            ("area", "Area name, as in the population file; empty = other or no answer"),
            ("sex", "Sex label, as in the population file; empty = other or no answer"),
            ("age_band", "Age band label, as in the population file; empty = no answer"),
        )
    )
    for column in columns.columns:
        question = column.question
        question_texts = [texts(question, "text")[language] for language in LANGUAGES]
        if column.option_code is not None:
            option = next(o for o in question.options.all() if o.code == column.option_code)
            label = texts(option, "label")
            yield [column.name, "0/1", "1", *question_texts, *(label[language] for language in LANGUAGES)]
            continue
        if column.item_pk is not None:
            item = next(i for i in question.items.all() if i.pk == column.item_pk)
            item_label = texts(item, "label")
            question_texts = [
                f"{text} – {item_label[lang]}" for text, lang in zip(question_texts, LANGUAGES, strict=True)
            ]
        options = list(question.options.all())
        if not options:
            yield [column.name, question.kind, "", *question_texts, *[""] * len(LANGUAGES)]
        for option in options:
            kind = f"{question.kind} (special, not on the scale)" if option.is_special else question.kind
            label = texts(option, "label")
            yield [
                column.name,
                kind,
                str(option.code),
                *question_texts,
                *(label[language] for language in LANGUAGES),
            ]


def codebook_header() -> list[str]:
    return [
        "column",
        "kind",
        "value",
        *(f"question_{lang}" for lang in LANGUAGES),
        *(f"label_{lang}" for lang in LANGUAGES),
    ]


def write_csv(header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV lines one at a time, for a streaming download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in itertools.chain([header], rows):
        writer.writerow([csv_safe(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


# For people (Excel) ---------------------------------------------------------------------------


def people_response_header(columns: Columns) -> list[str]:
    """The fixed columns in the reader's language; question columns keep their codes, which the
    codebook explains."""
    fixed = [
        pgettext("download column", "Respondent"),
        pgettext("download column", "Area"),
        pgettext("download column", "Sex"),
        pgettext("download column", "Age band"),
    ]
    return [*fixed, *columns.header[len(FIXED) :]]


def people_place_header() -> list[str]:
    return [
        pgettext("download column", "Respondent"),
        pgettext("download column", "Question"),
        pgettext("download column", "Latitude"),
        pgettext("download column", "Longitude"),
        pgettext("download column", "Reason"),
        pgettext("download column", "Area"),
        pgettext("download column", "Place, in the resident's words"),
    ]


def people_codebook_header() -> list[str]:
    return [
        pgettext("download column", "Column"),
        pgettext("download column", "Kind"),
        pgettext("download column", "Value"),
        *(pgettext("download column", "Question (%(language)s)") % {"language": lang} for lang in LANGUAGES),
        *(pgettext("download column", "Label (%(language)s)") % {"language": lang} for lang in LANGUAGES),
    ]


def people_place_rows(survey: Survey) -> Iterator[list[Any]]:
    for row in place_rows(survey):
        lat, lng = (figure(float(cell), 6) if cell else None for cell in row[2:4])
        yield [row[0], row[1], lat, lng, *row[4:]]


def people_rows(rows: Iterable[list[str]]) -> Iterator[list[Any]]:
    """Whole numbers as numbers, everything else as text (never a formula)."""
    return (_typed(row) for row in rows)


def workbook(survey: Survey, about: list[tuple[str, str]] | None = None) -> bytes:
    """Responses, places and the codebook as one XLSX file for people, with *Om datan*."""
    columns = Columns(survey)
    return xlsx(
        [
            Sheet(
                _("Responses"), people_response_header(columns), people_rows(response_rows(survey, columns))
            ),
            Sheet(_("Places"), people_place_header(), people_place_rows(survey)),
            Sheet(_("Codebook"), people_codebook_header(), people_rows(codebook_rows(columns))),
        ],
        about or [],
    )


def _typed(row: list[str]) -> list[Any]:
    """Numbers as numbers; everything else as text (never a formula)."""
    return [int(cell) if cell.lstrip("-").isdigit() and len(cell) < 10 else cell for cell in row]


# Import --------------------------------------------------------------------------------------


@dataclass
class Problem:
    line: int
    column: str
    reason: str
    in_places_file: bool = False

    def __str__(self) -> str:
        where = _("places file, line %(line)s") if self.in_places_file else _("line %(line)s")
        return _("%(where)s, column %(column)s: %(reason)s") % {
            "where": where % {"line": self.line},
            "column": self.column or "–",
            "reason": self.reason,
        }


@dataclass
class ImportResult:
    imported: int = 0
    unchanged: int = 0  # respondents already in the survey with the same answers
    rejected_lines: int = 0
    problems: list[Problem] = field(default_factory=list)


Content = tuple[Any, ...]


def _content(response: Response, answers: list[Answer]) -> Content:
    """What an import would store for a respondent: background and every answer."""
    given = sorted(
        (a.question_id, a.item_id or 0, a.value if a.value is not None else -1, a.text) for a in answers
    )
    return (response.area_id, response.sex, response.age_band, tuple(given))


def _stored_content(survey: Survey, respondents: set[uuid.UUID]) -> dict[uuid.UUID, Content]:
    """The stored content of these respondents, to tell an unchanged line from a changed one."""
    found = {}
    for response in Response.objects.filter(survey=survey, pk__in=respondents).prefetch_related("answers"):
        found[response.pk] = _content(response, list(response.answers.all()))
    return found


def _as_uuid(respondent: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(respondent)
    except ValueError:
        return None


def respondent_id(survey: Survey, respondent: str, taken_elsewhere: set[uuid.UUID]) -> uuid.UUID:
    """A response id from the file's respondent.

    An exported response id is kept, so importing an export again finds the duplicates;
    any other id (a paper form's number) gives the same random-looking id every time.
    """
    found = _as_uuid(respondent)
    if found is not None and found not in taken_elsewhere:
        return found
    return uuid.uuid5(uuid.NAMESPACE_URL, f"tryggve:survey:{survey.pk}:{respondent}")


class Importer:
    """Reads a responses file, checks every cell, and imports all or (if asked) the valid lines."""

    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.columns = Columns(survey)
        self.by_name = {column.name: column for column in self.columns.columns}
        self.areas = {
            area.name.casefold(): area for area in Area.objects.filter(municipality_id=survey.municipality_id)
        }
        self.labels: dict[str, dict[str, int]] = {}
        for variable in ("sex", "age_band"):
            question = self.columns.weighting.get(variable)
            self.labels[variable] = (
                {o.population_label: o.code for o in question.options.all() if o.population_label}
                if question
                else {}
            )

    def run(
        self, text: str, *, places: str = "", skip_invalid: bool = False, received_on: date
    ) -> ImportResult:
        """Import the file's text (and its places file); nothing is saved if any line is invalid,
        unless `skip_invalid`."""
        result = ImportResult()
        marked = self._places(places, result) if places.strip() else {}
        reader = csv_reader(text)
        header = next(reader, None)
        if not header:
            result.problems.append(Problem(1, "", _("The file is empty.")))
            return result
        header = [name.strip() for name in header]
        if header[: len(FIXED)] != list(FIXED):
            result.problems.append(
                Problem(1, "", _("The first columns must be %(columns)s.") % {"columns": ",".join(FIXED)})
            )
            return result
        unknown = [name for name in header[len(FIXED) :] if name not in self.by_name]
        if unknown:
            result.problems.append(Problem(1, unknown[0], _("No question of this survey has this code.")))
            return result
        rows = []
        for number, row in enumerate(reader, start=2):
            if number > MAX_IMPORT_LINES:
                result.problems.append(Problem(number, "", _("The file has too many lines.")))
                return result
            rows.append((number, row))
        self.taken_elsewhere = self._taken_elsewhere(rows)
        builder = ResponseBuilder(self.survey, self.columns.questions, list(self.areas.values()))
        existing = set(Response.objects.filter(survey=self.survey).values_list("pk", flat=True))
        stored = _stored_content(self.survey, existing & {self._respondent(row) for _number, row in rows})
        seen: set[uuid.UUID] = set()
        built = []
        for number, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            problems, respondent, answers = self._line(number, header, row)
            if respondent is not None and respondent in seen:
                problems.append(Problem(number, "respondent", _("This respondent is already in the file.")))
            if problems or respondent is None:
                result.problems += problems
                result.rejected_lines += 1
                marked.pop(row[0].strip() if row else "", None)
                continue
            seen.add(respondent)
            answers.update(marked.pop(row[0].strip(), {}))
            line = builder.build(
                answers, received_on=received_on, channel=Response.Channel.PAPER, respondent=str(respondent)
            )
            if respondent in existing:
                if _content(line[0], line[1]) == stored.get(respondent):
                    result.unchanged += 1
                else:
                    problem = _("This respondent is already in the survey, with other answers.")
                    result.problems.append(Problem(number, "respondent", problem))
                    result.rejected_lines += 1
                continue
            built.append(line)
        for respondent_name in marked:
            result.problems.append(
                Problem(
                    self.place_lines[respondent_name],
                    "respondent",
                    _("No line of the responses file has the respondent “%(value)s”.")
                    % {"value": respondent_name[:50]},
                    in_places_file=True,
                )
            )
        if result.problems and not skip_invalid:
            return result
        with transaction.atomic():
            save_responses(built)
        result.imported = len(built)
        return result

    def _places(self, text: str, result: ImportResult) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """The places file's valid rows: {respondent: {question code: [place, …]}}."""
        reader = csv_reader(text)
        header = [name.strip() for name in next(reader, [])]
        if header != list(PLACE_COLUMNS):
            result.problems.append(
                Problem(
                    1,
                    "",
                    _("The first columns must be %(columns)s.") % {"columns": ",".join(PLACE_COLUMNS)},
                    in_places_file=True,
                )
            )
            return {}
        questions = {q.code for q in self.columns.places}
        found: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self.place_lines: dict[str, int] = {}
        for number, row in enumerate(reader, start=2):
            if number > MAX_IMPORT_LINES:
                result.problems.append(
                    Problem(number, "", _("The file has too many lines."), in_places_file=True)
                )
                break
            if not any(cell.strip() for cell in row):
                continue
            problem = self._place(row, questions)
            if problem:
                result.problems.append(Problem(number, problem[0], problem[1], in_places_file=True))
                continue
            respondent, question, lat, lng, reason = (cell.strip() for cell in row)
            self.place_lines.setdefault(respondent, number)
            point = (float(lat), float(lng)) if lat else None
            inside = area_at(self.areas.values(), *point) if point else None
            found.setdefault(respondent, {}).setdefault(question, []).append(
                {
                    "lat": point[0] if point else None,
                    "lng": point[1] if point else None,
                    "area": inside.pk if inside else None,
                    "where": "",
                    "reason": reason,
                }
            )
        return found

    def _place(self, row: list[str], questions: set[str]) -> tuple[str, str] | None:
        """What is wrong with one row of the places file: (column, reason), or None."""
        if len(row) != len(PLACE_COLUMNS):
            return "", _("The line has %(found)s cells, the header %(expected)s.") % {
                "found": len(row),
                "expected": len(PLACE_COLUMNS),
            }
        respondent, question, lat, lng, reason = (cell.strip() for cell in row)
        if any("\x00" in cell for cell in row):
            return "", _("The cell contains a null character.")
        if not respondent:
            return "respondent", _("Every line needs a respondent id (at most 100 characters).")
        if question not in questions:
            return "question", _("No question of this survey has this code.")
        if len(reason) > PLACE_TEXT:
            return "reason", _("The text is longer than %(count)s characters.") % {"count": PLACE_TEXT}
        if bool(lat) != bool(lng):
            return "lat", _("Give both latitude and longitude, or neither.")
        if lat:
            try:
                point = (float(lat), float(lng))
            except ValueError:
                return "lat", _("“%(value)s” is not a coordinate.") % {"value": f"{lat[:20]},{lng[:20]}"}
            if not all(math.isfinite(v) for v in point) or outside_municipality(self.areas.values(), *point):
                return "lat", _("The point lies outside the municipality.")
        return None

    def _respondent(self, row: list[str]) -> uuid.UUID | None:
        name = row[0].strip() if row else ""
        return respondent_id(self.survey, name, self.taken_elsewhere) if name else None

    def _taken_elsewhere(self, rows: list[tuple[int, list[str]]]) -> set[uuid.UUID]:
        """Response ids in the file that another survey already uses."""
        candidates = [found for _number, row in rows if row and (found := _as_uuid(row[0].strip()))]
        taken: set[uuid.UUID] = set()
        for start in range(0, len(candidates), 5000):
            chunk = candidates[start : start + 5000]
            taken |= set(
                Response.objects.filter(pk__in=chunk).exclude(survey=self.survey).values_list("pk", flat=True)
            )
        return taken

    def _line(
        self, number: int, header: list[str], row: list[str]
    ) -> tuple[list[Problem], uuid.UUID | None, Answers]:
        problems: list[Problem] = []
        if len(row) != len(header):
            return (
                [
                    Problem(
                        number,
                        "",
                        _("The line has %(found)s cells, the header %(expected)s.")
                        % {"found": len(row), "expected": len(header)},
                    )
                ],
                None,
                {},
            )
        cells = dict(zip(header, (cell.strip() for cell in row), strict=True))
        broken = [name for name, cell in cells.items() if "\x00" in cell]
        if broken:
            return [Problem(number, broken[0], _("The cell contains a null character."))], None, {}
        answers: Answers = {}
        respondent = cells["respondent"]
        if not respondent or len(respondent) > 100:
            problems.append(
                Problem(number, "respondent", _("Every line needs a respondent id (at most 100 characters)."))
            )
        area = cells["area"]
        if area:
            found = self.areas.get(area.casefold())
            if found is None:
                problems.append(
                    Problem(number, "area", _("Unknown area “%(value)s”.") % {"value": area[:50]})
                )
            elif "area" in self.columns.weighting:
                answers[self.columns.weighting["area"].code] = found.pk
        for variable in ("sex", "age_band"):
            value = cells[variable]
            if value:
                code = self.labels[variable].get(value)
                if code is None:
                    problems.append(
                        Problem(number, variable, _("Unknown label “%(value)s”.") % {"value": value[:50]})
                    )
                else:
                    answers[self.columns.weighting[variable].code] = code
        for name in header[len(FIXED) :]:
            value = cells[name]
            if value:
                problem = self._cell(self.by_name[name], value, answers)
                if problem:
                    problems.append(Problem(number, name, problem))
        return (
            problems,
            (respondent_id(self.survey, respondent, self.taken_elsewhere) if respondent else None),
            answers,
        )

    def _cell(self, column: Column, value: str, answers: Answers) -> str:
        """Put one cell's answer into `answers`; return what is wrong with it, if anything."""
        question = column.question
        kind = question.kind
        if kind == Question.Kind.TEXT:
            if len(value) > MAX_TEXT:
                return _("The text is longer than %(count)s characters.") % {"count": MAX_TEXT}
            answers[question.code] = value
            return ""
        if kind == Question.Kind.AREA:
            found = self.areas.get(value.casefold())
            if found is None:
                return _("Unknown area “%(value)s”.") % {"value": value[:50]}
            answers[question.code] = found.pk
            return ""
        try:
            number = int(value)
        except ValueError:
            return _("“%(value)s” is not a whole number.") % {"value": value[:50]}
        if column.option_code is not None:
            if number not in (0, 1):
                return _("Use 1 (chosen) or 0 (not chosen).")
            chosen = answers.setdefault(question.code, [])
            if number:
                chosen.append(column.option_code)
            return ""
        if kind == Question.Kind.NUMBER:
            low, high = question.min_value, question.max_value
            if (low is not None and number < low) or (high is not None and number > high):
                return _("%(value)s is outside %(low)s–%(high)s.") % {
                    "value": number,
                    "low": low,
                    "high": high,
                }
            answers[question.code] = number
            return ""
        codes = {option.code for option in question.options.all()}
        if number not in codes:
            return _("%(value)s is not one of the codes %(codes)s.") % {
                "value": number,
                "codes": ", ".join(str(code) for code in sorted(codes)),
            }
        if column.item_pk is not None:
            item_code = column.name.split(".", 1)[1]
            answers.setdefault(question.code, {})[item_code] = number
        else:
            answers[question.code] = number
        return ""
