"""The survey's file format: one row per respondent, numeric answer codes, and a codebook.

Export and import share one description of the columns (`Columns`), documented in
docs/formats.md: `respondent,area,sex,age_band`, then one column per question code; a matrix
has one column per item (`question.item`), a multiple choice one 0/1 column per option
(`question.option`). Places go to a second file `respondent,question,lat,lng,reason,area,description`
(imports read it, and the older files of its first five columns). Beside the machine files,
people get the same rows for Swedish Excel (`people_*`: headers in the reader's language,
numbers typed) and as one XLSX.
"""

import csv
import hashlib
import io
import itertools
import math
import uuid
from collections.abc import Callable, Iterable, Iterator
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
from tryggve.core.scrub import scrub

from .bulk import BulkWriter, Line, Slot
from .definition import LANGUAGES, texts
from .forms import MAX_TEXT, PLACE_TEXT
from .models import Answer, PlaceMark, Question, Response, Survey
from .responses import Answers, ResponseBuilder, responses_counted, survey_questions

FIXED = ("respondent", "area", "sex", "age_band")
PLACE_COLUMNS = ("respondent", "question", "lat", "lng", "reason")
# The exported places file: the import's columns, then the area (the marked point's, or the one
# chosen without the map) and the text typed under *Var?*, each in a column of its own.
PLACE_EXPORT_COLUMNS = (*PLACE_COLUMNS, "area", "description")


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
#
# A file of any size is read a line at a time and written in batches (surveys.bulk), all in one
# transaction: a problem anywhere rolls back everything, unless the valid lines are to be kept.
# Most lines are checked by looking each cell up in a table of the column's valid cells (the
# fast path); a line with any other cell goes through the full check (`_line`), which says
# what is wrong, or, for a valid cell written differently (" 3", "03"), gives its answers to
# ResponseBuilder, as a web answer's are. Both store the same rows.

BATCH_LINES = 20_000
PROGRESS_EVERY = 100_000
ID_CHUNK = 5000
# Characters of distinct free texts a column keeps with their scrubbed form (about 10 MB).
TEXTS_KEPT = 5_000_000


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
    problems: list[Problem] = field(default_factory=list)  # unless reported as found (on_problem)
    problem_count: int = 0
    lines: int = 0  # non-empty lines after the header


Content = tuple[Any, ...]


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


class _Text(dict[str, Any]):
    """A free-text column's cells: stored scrubbed, as web answers are; KeyError if invalid.

    A text met again (a common short answer) is scrubbed once: the first texts of a column, up
    to TEXTS_KEPT characters in all, are kept with their scrubbed form."""

    def __init__(self, cells: dict[str, Any]) -> None:
        super().__init__(cells)
        self.room = TEXTS_KEPT

    def __missing__(self, cell: str) -> str | None:
        value = cell.strip()
        if len(value) > MAX_TEXT or "\x00" in value:
            raise KeyError(cell)
        scrubbed = scrub(value) or None
        if self.room > 0:
            self.room -= len(cell)
            self[cell] = scrubbed
        return scrubbed


class _Pending:
    """A line read but not yet written: its respondent is settled for the whole batch at once."""

    __slots__ = ("candidate", "line", "name", "number", "problems")

    def __init__(
        self, number: int, name: str, line: Line | None, problems: list[Problem] | None = None
    ) -> None:
        self.number = number
        self.name = name
        self.candidate = _as_uuid(name) if len(name) >= 32 else None
        self.line = line
        self.problems = problems or []


class Importer:
    """Reads a responses file, checks every cell, and imports all or (if asked) the valid lines.

    `on_problem` receives each problem as it is found (otherwise they are kept in the result),
    `on_progress` the number of lines read every `progress_every` lines; `size_hint` is the
    file's size in bytes, for the writer to prepare for a large file.
    """

    def __init__(
        self,
        survey: Survey,
        *,
        on_problem: Callable[[Problem], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
        batch_lines: int = BATCH_LINES,
        progress_every: int = PROGRESS_EVERY,
        size_hint: int = 0,
    ) -> None:
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
        self.on_problem = on_problem
        self.on_progress = on_progress
        self.batch_lines = batch_lines
        self.progress_every = progress_every
        self.size_hint = size_hint  # the file's size in bytes, if known
        self.taken_elsewhere: set[uuid.UUID] = set()
        self._uuid5_prefix = uuid.NAMESPACE_URL.bytes + f"tryggve:survey:{survey.pk}:".encode()

    def run(
        self, text: str, *, places: str = "", skip_invalid: bool = False, received_on: date
    ) -> ImportResult:
        """Import the file's text (and its places file); nothing is saved if any line is invalid,
        unless `skip_invalid`."""
        return self.run_rows(
            csv_reader(text),
            places=csv_reader(places) if places.strip() else None,
            skip_invalid=skip_invalid,
            received_on=received_on,
        )

    def run_rows(
        self,
        rows: Iterator[list[str]],
        *,
        places: Iterator[list[str]] | None = None,
        skip_invalid: bool = False,
        received_on: date,
    ) -> ImportResult:
        """Import a file's rows as they are read, in one transaction."""
        result = ImportResult()
        with transaction.atomic():
            self._import(rows, places, skip_invalid, received_on, result)
            if result.problem_count and not skip_invalid:
                transaction.set_rollback(True)
                result.imported = 0
        return result

    def _problem(self, result: ImportResult, problem: Problem) -> None:
        result.problem_count += 1
        if self.on_problem is not None:
            self.on_problem(problem)
        else:
            result.problems.append(problem)

    # The file as a whole ------------------------------------------------------------------

    def _import(
        self,
        rows: Iterator[list[str]],
        places: Iterator[list[str]] | None,
        skip_invalid: bool,
        received_on: date,
        result: ImportResult,
    ) -> None:
        self.marked = self._places(places, result) if places is not None else {}
        header = next(rows, None)
        if not header:
            self._problem(result, Problem(1, "", _("The file is empty.")))
            return
        header = [name.strip() for name in header]
        if header[: len(FIXED)] != list(FIXED):
            self._problem(
                result,
                Problem(1, "", _("The first columns must be %(columns)s.") % {"columns": ",".join(FIXED)}),
            )
            return
        unknown = [name for name in header[len(FIXED) :] if name not in self.by_name]
        if unknown:
            self._problem(result, Problem(1, unknown[0], _("No question of this survey has this code.")))
            return
        self.header = header
        self._plan(header)
        self.builder = ResponseBuilder(self.survey, self.columns.questions, list(self.areas.values()))
        self.received_on = received_on
        self.skip_invalid = skip_invalid
        self.had_responses = Response.objects.filter(survey=self.survey).exists()
        self.seen: set[int] = set()
        self.writer = BulkWriter(self.survey, self.slots, received_on, self.batch_lines, self.size_hint)
        try:
            self._read(rows, result)
            for name in self.marked:
                problem = _("No line of the responses file has the respondent “%(value)s”.") % {
                    "value": name[:50]
                }
                self._problem(
                    result, Problem(self.place_lines[name], "respondent", problem, in_places_file=True)
                )
            if self._writing(result):
                counted = self.writer.finish()
                if result.imported:
                    responses_counted.send(Response, built=[], sign=1, counted=counted)
        finally:
            self.writer.close()

    def _writing(self, result: ImportResult) -> bool:
        """Whether lines are still written: not after a problem, unless valid lines are kept."""
        return self.skip_invalid or not result.problem_count

    def _read(self, rows: Iterator[list[str]], result: ImportResult) -> None:
        pending: list[_Pending] = []
        fast = self._fast_line
        for number, row in enumerate(rows, start=2):
            name = row[0] if row else ""
            if not name or name != name.strip() or len(name) > 100 or "\x00" in name:
                if not any(cell.strip() for cell in row):
                    continue
                pending.append(self._slow_line(number, row))
            else:
                line = fast(name, row) if not self.marked or name not in self.marked else None
                pending.append(_Pending(number, name, line) if line else self._slow_line(number, row))
            result.lines += 1
            if len(pending) >= self.batch_lines:
                self._flush(pending, result)
                pending = []
            if self.on_progress is not None and result.lines % self.progress_every == 0:
                self.on_progress(result.lines)
        self._flush(pending, result)

    # One line -----------------------------------------------------------------------------

    def _plan(self, header: list[str]) -> None:
        """The answers a line of this file can hold (slots), and each column's valid cells."""
        questions = {q.pk: q for q in self.columns.questions}
        self.slots: list[Slot] = []
        self._slot_of: dict[tuple[int, Any], int] = {}  # (question, item id or option code)
        self._maps: list[dict[str, Any]] = []  # the cells of columns 1… (area, sex, age band, …)
        area_names = {area.name: area.pk for area in self.areas.values()}

        def add(question: Question | None, key: Any = None, **fields: Any) -> None:
            if question is not None:
                self._slot_of[(question.pk, key)] = len(self.slots)
            self.slots.append(Slot(question.pk if question else 0, **fields))

        weighting = self.columns.weighting
        add(weighting.get("area"))
        self._maps.append({"": None, **area_names})
        for variable in ("sex", "age_band"):
            add(weighting.get(variable))
            self._maps.append({"": None, **self.labels[variable]})
        for name in header[len(FIXED) :]:
            column = self.by_name[name]
            question = column.question
            if column.option_code is not None:
                add(question, column.option_code)
                self._maps.append({"": None, "0": None, "1": column.option_code})
            elif column.item_pk is not None:
                add(question, column.item_pk, item_id=column.item_pk, item_code=name.split(".", 1)[1])
                self._maps.append({"": None, **{str(o.code): o.code for o in question.options.all()}})
            elif question.kind == Question.Kind.TEXT:
                add(question, text=True)
                self._maps.append(_Text({"": None}))
            elif question.kind == Question.Kind.AREA:
                add(question)
                self._maps.append({"": None, **area_names})
            elif question.kind == Question.Kind.NUMBER:
                add(question)
                low, high = question.min_value, question.max_value
                numbers = (
                    {str(n): n for n in range(low, high + 1)}
                    if low is not None and high is not None and high - low <= 100_000
                    else {}
                )
                self._maps.append({"": None, **numbers})
            else:
                add(question)
                self._maps.append({"": None, **{str(o.code): o.code for o in question.options.all()}})
        # Duplicate columns are left to the full check, which reads the last of them.
        self._fast = len(set(header)) == len(header)
        self._width = len(header)
        # Skip logic: (slots, the slots of the question it depends on, the codes that show it) of
        # each question it can hide, in order. A question depending on one that is not an earlier
        # choice question is never shown; one depending on a hidden question neither, since the
        # hidden question's slots are emptied first.
        involved = {q.pk for q in questions.values() if q.show_if_id} | {
            q.show_if_id for q in questions.values() if q.show_if_id
        }
        self._conditions: list[tuple[list[int], list[int], frozenset[int]]] = []
        choices: dict[int, list[int]] = {}  # the involved choice questions so far: their slots
        for q in self.columns.questions:
            if q.pk not in involved:
                continue
            slots = [index for (question, _key), index in self._slot_of.items() if question == q.pk]
            if q.show_if_id:
                condition = choices.get(q.show_if_id, [])
                self._conditions.append((slots, condition, frozenset(q.show_if_values or [])))
            if q.kind in Question.CHOICE_KINDS:
                choices[q.pk] = slots
        self._sex_labels = self._labels_of(weighting.get("sex"))
        self._age_labels = self._labels_of(weighting.get("age_band"))
        self._stores_area = "area" in weighting

    @staticmethod
    def _labels_of(question: Question | None) -> dict[int | None, str]:
        labels: dict[int | None, str] = {None: ""}
        if question is not None:
            labels.update({o.code: o.population_label for o in question.options.all()})
        return labels

    def _fast_line(self, name: str, row: list[str]) -> Line | None:
        """The line's answers if every cell is one of its column's valid cells, else None."""
        if not self._fast or len(row) != self._width:
            return None
        try:
            values = list(map(dict.__getitem__, self._maps, itertools.islice(row, 1, None)))
        except KeyError:
            return None
        if self._conditions:
            self._skip(values)
        return Line(
            self._uuid5(name),
            values[0] if self._stores_area else None,
            self._sex_labels[values[1]],
            self._age_labels[values[2]],
            values,
        )

    def _skip(self, values: list[Any]) -> None:
        """Drop the answers to questions that skip logic hides (as responses.shown does)."""
        for slots, condition, shown_for in self._conditions:
            if shown_for.isdisjoint([values[index] for index in condition]):
                for index in slots:
                    values[index] = None

    def _uuid5(self, name: str) -> str:
        """respondent_id's uuid5 of a respondent that is not a UUID, as 32 hex digits."""
        digest = bytearray(hashlib.sha1(self._uuid5_prefix + name.encode()).digest()[:16])  # noqa: S324 (uuid5)
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        return digest.hex()

    def _slow_line(self, number: int, row: list[str]) -> _Pending:
        """The full check of one line, with its problems or its answers as ResponseBuilder stores them."""
        name = row[0].strip() if row else ""
        problems, respondent, answers = self._line(number, self.header, row)
        places = self.marked.pop(name, None) if self.marked else None
        if problems or respondent is None:
            return _Pending(number, name, None, problems)
        if places:
            answers.update(places)
        response, rows, marks = self.builder.build(
            answers, received_on=self.received_on, channel=Response.Channel.PAPER
        )
        values: list[Any] = [None] * len(self.slots)
        for answer in rows:
            multiple = answer.question.kind == Question.Kind.MULTIPLE
            index = self._slot_of[(answer.question_id, answer.value if multiple else answer.item_id)]
            values[index] = answer.text if self.slots[index].text else answer.value
        line = Line(
            self._uuid5(name),
            response.area_id,
            response.sex,
            response.age_band,
            values,
            [(m.question_id, m.latitude, m.longitude, m.area_id, m.description, m.reason) for m in marks],
        )
        return _Pending(number, name, line)

    # A batch of lines ---------------------------------------------------------------------

    def _flush(self, pending: list[_Pending], result: ImportResult) -> None:
        """Settle the batch's respondents, find duplicates and unchanged lines, write the rest."""
        self.writer.wait()  # the connection is the writer's until the last batch is written
        candidates = [p.candidate for p in pending if p.candidate is not None]
        taken = self._taken(candidates, elsewhere=True) if candidates else set()
        ready: list[tuple[_Pending, Line]] = []
        for entry in pending:
            rid = None
            if entry.name:
                if entry.candidate is not None and entry.candidate.hex not in taken:
                    rid = entry.candidate.hex
                elif entry.line is None or entry.candidate is not None:
                    rid = self._uuid5(entry.name)
                else:
                    rid = entry.line.rid
                key = int(rid, 16)
                if key in self.seen:
                    entry.problems.append(
                        Problem(entry.number, "respondent", _("This respondent is already in the file."))
                    )
                elif entry.line is not None:
                    self.seen.add(key)
            if entry.problems or entry.line is None or rid is None:
                for problem in entry.problems:
                    self._problem(result, problem)
                result.rejected_lines += 1
                continue
            entry.line.rid = rid
            ready.append((entry, entry.line))
        if self.had_responses and ready:
            ready = self._unchanged(ready, result)
        if not self._writing(result):
            return
        lines = [line for _entry, line in ready]
        self.writer.write(lines)
        result.imported += len(lines)

    def _taken(self, ids: list[uuid.UUID], *, elsewhere: bool) -> set[str]:
        """Which of these ids another survey uses (elsewhere), or this survey already has."""
        found: set[str] = set()
        for start in range(0, len(ids), ID_CHUNK):
            responses = Response.objects.filter(pk__in=ids[start : start + ID_CHUNK])
            responses = (
                responses.exclude(survey=self.survey) if elsewhere else responses.filter(survey=self.survey)
            )
            found.update(pk.hex for pk in responses.values_list("pk", flat=True))
        return found

    def _unchanged(
        self, ready: list[tuple[_Pending, Line]], result: ImportResult
    ) -> list[tuple[_Pending, Line]]:
        """Lines whose respondent is already in the survey are unchanged (same answers) or wrong."""
        existing = self._taken([uuid.UUID(line.rid) for _entry, line in ready], elsewhere=False)
        if not existing:
            return ready
        stored = self._stored_content(existing)
        kept = []
        for entry, line in ready:
            if line.rid not in existing:
                kept.append((entry, line))
            elif self._content(line) == stored.get(line.rid):
                result.unchanged += 1
            else:
                problem = _("This respondent is already in the survey, with other answers.")
                self._problem(result, Problem(entry.number, "respondent", problem))
                result.rejected_lines += 1
        return kept

    def _content(self, line: Line) -> Content:
        """What an import would store for a respondent: background and every answer."""
        given = []
        for slot, value in zip(self.slots, line.values, strict=True):
            if value is not None and slot.question_id:
                if slot.text:
                    given.append((slot.question_id, 0, -1, value))
                else:
                    given.append((slot.question_id, slot.item_id or 0, value, ""))
        return (line.area_id, line.sex, line.age_band, tuple(sorted(given)))

    def _stored_content(self, ids: set[str]) -> dict[str, Content]:
        """The stored content of these responses, to tell an unchanged line from a changed one."""
        keys = [uuid.UUID(rid) for rid in ids]
        found: dict[str, Content] = {}
        given: dict[str, list[tuple[Any, ...]]] = {rid: [] for rid in ids}
        for start in range(0, len(keys), ID_CHUNK):
            chunk = keys[start : start + ID_CHUNK]
            for pk, area_id, sex, age_band in Response.objects.filter(pk__in=chunk).values_list(
                "pk", "area_id", "sex", "age_band"
            ):
                found[pk.hex] = (area_id, sex, age_band)
            for response_id, question_id, item_id, value, text in Answer.objects.filter(
                response_id__in=chunk
            ).values_list("response_id", "question_id", "item_id", "value", "text"):
                given[response_id.hex].append(
                    (question_id, item_id or 0, value if value is not None else -1, text)
                )
        return {rid: (*found[rid], tuple(sorted(given[rid]))) for rid in found}

    # The places file ----------------------------------------------------------------------

    def _places(
        self, reader: Iterator[list[str]], result: ImportResult
    ) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """The places file's valid rows: {respondent: {question code: [place, …]}}."""
        header = [name.strip() for name in next(reader, [])]
        # Both the exported file (PLACE_EXPORT_COLUMNS) and the older five columns are read.
        if header not in (list(PLACE_COLUMNS), list(PLACE_EXPORT_COLUMNS)):
            self._problem(
                result,
                Problem(
                    1,
                    "",
                    _("The columns must be %(columns)s, or the first five of them.")
                    % {"columns": ",".join(PLACE_EXPORT_COLUMNS)},
                    in_places_file=True,
                ),
            )
            return {}
        questions = {q.code for q in self.columns.places}
        found: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self.place_lines: dict[str, int] = {}
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            problem = self._place(row, len(header), questions)
            if problem:
                self._problem(result, Problem(number, problem[0], problem[1], in_places_file=True))
                continue
            respondent, question, lat, lng, reason, area, where = (
                *(cell.strip() for cell in row),
                *[""] * (len(PLACE_EXPORT_COLUMNS) - len(row)),
            )
            self.place_lines.setdefault(respondent, number)
            point = (float(lat), float(lng)) if lat else None
            # The file's area as it was stored (the point's, or the one chosen without the map);
            # an older file without the column gets the area the point lies in.
            inside = self.areas.get(area.casefold()) if area else None
            if inside is None and point:
                inside = area_at(self.areas.values(), *point)
            found.setdefault(respondent, {}).setdefault(question, []).append(
                {
                    "lat": point[0] if point else None,
                    "lng": point[1] if point else None,
                    "area": inside.pk if inside else None,
                    "where": where,
                    "reason": reason,
                }
            )
        return found

    def _place(self, row: list[str], columns: int, questions: set[str]) -> tuple[str, str] | None:
        """What is wrong with one row of the places file of `columns` columns: (column, reason),
        or None."""
        if len(row) != columns:
            return "", _("The line has %(found)s cells, the header %(expected)s.") % {
                "found": len(row),
                "expected": columns,
            }
        respondent, question, lat, lng, reason = (cell.strip() for cell in row[: len(PLACE_COLUMNS)])
        area, where = (cell.strip() for cell in row[len(PLACE_COLUMNS) :]) if columns > 5 else ("", "")
        if any("\x00" in cell for cell in row):
            return "", _("The cell contains a null character.")
        if area and area.casefold() not in self.areas:
            return "area", _("The municipality has no area of this name.")
        if len(where) > PLACE_TEXT:
            return "description", _("The text is longer than %(count)s characters.") % {"count": PLACE_TEXT}
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

    # The full check of a line -------------------------------------------------------------

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
