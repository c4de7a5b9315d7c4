"""Writing a file import's responses in bulk: the rows web answers get, without a model per row.

A batch of checked lines goes into a temporary staging table, one row per response (`COPY` on
PostgreSQL, one `executemany` on SQLite). The database then writes the batch's `Response` rows
and, one statement per answer column, its `Answer` rows. Those statements run in a second
thread on the same connection and transaction while the next batch is read and checked: the
database works in C without Python's lock, so the file's parsing and the writing share the
machine's cores. What the lines count (respondents per weighting cell; answers per question,
item, cell and value) is added up as they are written and handed over once at the end, as a
`Counted`, for the lägesbild's running sums. Places (a second file, few rows) are saved as models.

A large import (a file of at least 1 MB holding about as many answers as the table, three bytes
per answer) drops the answers table's secondary indexes inside the import's transaction and
builds them again at the end, sorting once instead of inserting at random places in them
(PostgreSQL with `maintenance_work_mem` of 256 MB; SQLite's sort in worker threads was slower
on two cores and took 140 MB more). On PostgreSQL it
also drops the table's foreign keys and adds them again at the end: each is then checked by one
join instead of a trigger per row at the commit, which took most of the time. Until the import
commits, other reads and writes of the answers wait for it, as they do on SQLite, where an
import holds the database's write lock anyway (docs/deployment.md); so PostgreSQL takes this
way only while no survey of the installation is open to answers (one installation serves many
municipalities, and a resident's answer must not wait minutes for another's import); a rollback brings the
indexes and keys back as they were. PostgreSQL commits the import with `synchronous_commit =
off` (the import's transaction only): a crash just after the commit can lose the import, never
leave half of it or anything inconsistent. On SQLite the command runs its transaction inside
`import_connection`, without the connection's foreign-key checks (three parent lookups per
answer, half of its writing): the rows it writes refer only to what it has just written or read.

Keys say nothing about the order of the file (core.keys): a response's id is random (or derived
from the paper form's number, uuid5), and each batch is written in the order of those ids, not
of its lines. An answer's key is, from the high bits down: a random number drawn for the batch,
the answer's column, the response id's rank in the batch, and 20 random bits. So each batch's
answers fill one run of keys of their own, at a random place, and each column's statement adds
to the key index at the end of a run instead of at 700,000 places across the whole table (a
million responses' 35 million answers were written more slowly with every batch). The 20 bits
come from SQLite's random() (ChaCha20), on PostgreSQL from bytes `secrets` draws for each line
of the staging table (gen_random_uuid() in SQL took half of the answers' writing). The key order
tells no more than the table's own storage order does: the column, and which batch, never the
line or the order of the batches.
"""

import contextlib
import operator
import secrets
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import DatabaseError, connection
from django.utils import timezone

from .models import Answer, PlaceMark, Response, Survey
from .responses import Counted

STAGING = "tryggve_import_staging"
KEY_BITS = 63
RANDOM_BITS = 20  # an answer key's own random low bits
PREFIX = "{batch}"  # in the answers' statements: the batch's random high bits, drawn per batch
SAVEPOINT = "tryggve_import_batch"
# Rebuild the answers table's indexes when the file holds about as many answers as the table
# (a line of the file is about three bytes per answer) and is larger than this.
REBUILD_MIN_BYTES = 1_000_000
BYTES_PER_ANSWER = 3
MAINTENANCE_WORK_MEM = "256MB"  # PostgreSQL: memory for each index build at the end


@dataclass(frozen=True)
class Slot:
    """One answer a line can hold: a question (and matrix item) with a value, or free text."""

    question_id: int  # 0: a cell that is checked but not stored (an area with no area question)
    item_id: int | None = None
    item_code: str = ""
    text: bool = False


# (question id, latitude, longitude, area id, description, reason)
Place = tuple[int, float | None, float | None, int | None, str, str]


class Line:
    """One response, checked and ready to write: its id (32 hex digits), cell and answers."""

    __slots__ = ("age_band", "area_id", "places", "rid", "sex", "values")

    def __init__(
        self,
        rid: str,
        area_id: int | None,
        sex: str,
        age_band: str,
        values: list[Any],
        places: list[Place] | None = None,
    ) -> None:
        self.rid = rid
        self.area_id = area_id
        self.sex = sex
        self.age_band = age_band
        self.values = values  # one per slot: a value, a text, or None (no answer)
        self.places = places or []


class _Numbers(dict[tuple[int | None, str, str], int]):
    """A number for each weighting cell, given when the cell is first met."""

    def __missing__(self, cell: tuple[int | None, str, str]) -> int:
        self[cell] = number = len(self)
        return number


@contextlib.contextmanager
def import_connection() -> Iterator[None]:
    """Around an import's transaction, outside it: on SQLite, the connection without foreign-key
    checks, which SQLite only turns off between transactions (three parent lookups per answer,
    half of the answers' writing). The import's rows need none: each answer refers to a
    response written from the same staging row just before it, and to the survey's questions
    and items, which nothing can remove while the import holds the database's write lock."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.constraint_checks_disabled():
        yield


def _web_answers_expected() -> bool:
    """Whether a survey of the installation, any municipality's, is open today: on PostgreSQL
    its residents' answers would wait for a large import that locks the answers table."""
    today = timezone.localdate()
    return Survey.objects.filter(opens__lte=today, closes__gte=today).exists()


def _copy_text(value: str) -> str:
    """A text in PostgreSQL's COPY text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class BulkWriter:
    """Writes batches of lines into one survey, inside the caller's transaction."""

    def __init__(
        self, survey: Survey, slots: list[Slot], received_on: date, batch_lines: int, size_hint: int = 0
    ) -> None:
        self.survey = survey
        self.slots = slots
        self.received_on = received_on
        self.postgres = connection.vendor == "postgresql"
        self.counted = Counted(survey.pk)
        # Strata of answer keys: one per (slot, line of a batch), under the batch's random bits.
        self.batch_lines = batch_lines
        self.strata_bits = (batch_lines * max(len(slots), 1)).bit_length() + RANDOM_BITS
        self.prefix_bits = KEY_BITS - self.strata_bits
        if self.prefix_bits < 16:
            raise ValueError("batch too large for the key strata")
        self._text_slots = [index for index, slot in enumerate(slots) if slot.text]
        # What the lines count: (cell number, slot) → value → answers; cell number → respondents.
        self._values = [index for index, slot in enumerate(slots) if slot.question_id and not slot.text]
        self._pick: Callable[[list[Any]], tuple[Any, ...]] = (
            operator.itemgetter(*self._values) if len(self._values) > 1 else self._pick_few
        )
        self._cells = _Numbers()
        self._answers: defaultdict[tuple[int, int], Counter[Any]] = defaultdict(Counter)
        self._respondents: Counter[int] = Counter()
        self._statements = self._insert_statements()
        self._dropped: list[str] = []
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tryggve-import")
        self._job: Future[None] | None = None
        connection.ensure_connection()
        self._raw = connection.connection
        self._integrity_error: type[Exception] = connection.Database.IntegrityError  # type: ignore[attr-defined]
        self._constraints: list[str] = []
        with connection.cursor() as cursor:
            self._create_staging(cursor)
            if self.postgres:
                # Only the import's own transaction: its commit returns before the WAL is on disk
                # (a crash in that moment loses this import, never consistency), and its index
                # builds sort in memory.
                cursor.execute("SET LOCAL synchronous_commit = off")
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
            else:
                # A page cache of about 100 MB for the import (the default is 2 MB): the indexes of
                # a large answers table stay in memory while a batch is added to them.
                cursor.execute("PRAGMA cache_size")
                self._cache_size = int(cursor.fetchone()[0])
                cursor.execute("PRAGMA cache_size = -100000")
            if size_hint >= REBUILD_MIN_BYTES and not (self.postgres and _web_answers_expected()):
                self._drop_indexes(cursor, size_hint // BYTES_PER_ANSWER)

    def _pick_few(self, values: list[Any]) -> tuple[Any, ...]:
        return tuple(values[index] for index in self._values)

    # Tables ------------------------------------------------------------------------------

    def _create_staging(self, cursor: Any) -> None:
        value_type = "integer" if self.postgres else ""
        columns = "".join(
            f", v{index} {'text' if slot.text else value_type}" for index, slot in enumerate(self.slots)
        )
        rid_type, text_type = ("uuid", "text") if self.postgres else ("", "")
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        # PostgreSQL: `r`, random bytes drawn in Python for the answers' keys (3 per slot).
        randoms = ", r bytea" if self.postgres else ""
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGING} (n integer PRIMARY KEY, rid {rid_type}, "
            f"area_id {value_type}, sex {text_type}, age_band {text_type}{columns}{randoms})"
        )

    def _drop_indexes(self, cursor: Any, answers: int) -> None:
        """Drop the answers table's secondary indexes (and on PostgreSQL its foreign keys) if the
        file is about as large as the table; `finish` makes them again."""
        table = Answer._meta.db_table
        quote = connection.ops.quote_name
        if self.postgres:
            # Counted up to the file's answers at most: whether the table holds more is all it asks.
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {quote(table)} LIMIT %s) AS stored",  # noqa: S608
                [answers + 1],
            )
            stored = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT max(rowid) FROM " + quote(table))  # noqa: S608
            stored = cursor.fetchone()[0] or 0
        if answers < stored:
            return
        if not self.postgres:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
            for name, sql in cursor.fetchall():
                cursor.execute("DROP INDEX " + quote(name))
                self._dropped.append(sql)
            return
        # PostgreSQL checks a deferred foreign key row by row at the commit (three per answer,
        # most of a large import's time); added again at the end, each is checked by one join.
        # The tables' checks still pending (the survey just created, say) are made first: a
        # table with some cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        alter = f"ALTER TABLE {quote(table)}"
        for name, definition in cursor.fetchall():
            cursor.execute(f"{alter} DROP CONSTRAINT {quote(name)}")
            self._constraints.append(f"{alter} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisunique ORDER BY c.relname",
            [table],
        )
        for name, sql in cursor.fetchall():
            cursor.execute("DROP INDEX " + quote(name))
            self._dropped.append(sql)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def close(self) -> None:
        """Remove the staging table. After an error (the transaction is then rolled back) the
        writing thread's own error, if any, is left unraised: the first one is the one to tell."""
        job, self._job = self._job, None
        self._executor.shutdown(wait=True)
        if job is not None and job.exception() is not None:
            return
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
            if not self.postgres:
                cursor.execute(f"PRAGMA cache_size = {self._cache_size}")

    # Writing -----------------------------------------------------------------------------

    def wait(self) -> None:
        """Wait until the batch being written is written (its errors are raised here)."""
        if self._job is not None:
            job, self._job = self._job, None
            with connection.wrap_database_errors:
                job.result()

    def write(self, lines: list[Line]) -> None:
        """Store these lines' responses, answers and places, and count them."""
        self.wait()
        if not lines:
            return
        lines.sort(key=lambda line: line.rid)
        with connection.cursor() as cursor:
            self._stage(cursor, lines)
        self._places(lines)
        self._count(lines)
        self._job = self._executor.submit(self._insert)

    def _stage(self, cursor: Any, lines: list[Line]) -> None:
        if not self.postgres:
            placeholders = ", ".join(["%s"] * (5 + len(self.slots)))
            cursor.executemany(
                f"INSERT INTO {STAGING} VALUES ({placeholders})",  # noqa: S608 (our own table's name)
                [
                    (number, line.rid, line.area_id, line.sex, line.age_band, *line.values)
                    for number, line in enumerate(lines, start=1)
                ],
            )
            return
        texts = self._text_slots
        rows = []
        width = 6 * len(self.slots)  # hex digits of a line's random bytes
        randoms = secrets.token_hex(width // 2 * len(lines))
        labels: dict[str, str] = {}  # sexes and age bands, few: each escaped once
        for number, line in enumerate(lines, start=1):
            values = line.values
            cells = ["\\N" if value is None else str(value) for value in values]
            for index in texts:
                if values[index] is not None:
                    cells[index] = _copy_text(values[index])
            sex = labels.get(line.sex) or labels.setdefault(line.sex, _copy_text(line.sex))
            age_band = labels.get(line.age_band) or labels.setdefault(
                line.age_band, _copy_text(line.age_band)
            )
            area = "\\N" if line.area_id is None else str(line.area_id)
            start = (number - 1) * width
            rows.append(
                "\t".join(
                    (
                        str(number),
                        line.rid,
                        area,
                        sex,
                        age_band,
                        *cells,
                        "\\\\x" + randoms[start : start + width],
                    )
                )
            )
        rows.append("")  # the last line's end
        with cursor.copy(f"COPY {STAGING} FROM STDIN") as copy:
            copy.write("\n".join(rows))

    def _count(self, lines: list[Line]) -> None:
        """Count the batch cell by cell: each cell's lines are turned into columns, and each
        column's values counted by one Counter update, which runs in C."""
        cells = map(
            self._cells.__getitem__,
            zip(
                map(operator.attrgetter("area_id"), lines),
                map(operator.attrgetter("sex"), lines),
                map(operator.attrgetter("age_band"), lines),
                strict=True,
            ),
        )
        by_cell: dict[int, list[tuple[Any, ...]]] = {}
        values = map(self._pick, map(operator.attrgetter("values"), lines))
        for cell, picked in zip(cells, values, strict=True):
            by_cell.setdefault(cell, []).append(picked)
        answers, slots = self._answers, self._values
        for cell, rows in by_cell.items():
            self._respondents[cell] += len(rows)
            for slot, column in zip(slots, zip(*rows, strict=True), strict=True):
                answers[(cell, slot)].update(column)

    def _key(self, slot: int) -> str:
        """SQL for a random answer key in the stratum of this slot and the staging row `n`."""
        mask = (1 << RANDOM_BITS) - 1
        if self.postgres:
            # Three of the line's random bytes from Python's `secrets` (a strong random source):
            # as strong as gen_random_uuid(), which took half of the answers' writing.
            byte = 3 * slot
            bits = f"(get_byte(r, {byte}) << 16 | get_byte(r, {byte + 1}) << 8 | get_byte(r, {byte + 2}))"
        else:
            bits = "random()"  # ChaCha20 since SQLite 3.40, seeded from the operating system
        stratum = f"{slot * self.batch_lines} + CAST(n AS bigint) - 1"
        return f"{PREFIX} + ({stratum}) * {1 << RANDOM_BITS} + ({bits} & {mask})"

    def _insert_statements(self) -> list[str]:
        """The SQL that writes a staged batch: its responses, then its answers slot by slot."""
        quote = connection.ops.quote_name
        received = f"CAST('{self.received_on.isoformat()}' AS date)" if self.postgres else (
            f"'{self.received_on.isoformat()}'"
        )  # fmt: skip
        statements = [
            f"INSERT INTO {quote(Response._meta.db_table)} (id, survey_id, received_on, channel, "  # noqa: S608
            f"area_id, sex, age_band, quarantined, quarantine_reason) SELECT rid, {int(self.survey.pk)}, "
            f"{received}, '{Response.Channel.PAPER.value}', area_id, sex, age_band, false, '' FROM {STAGING}"
        ]
        table = quote(Answer._meta.db_table)
        for index, slot in enumerate(self.slots):
            if not slot.question_id:
                continue
            item = "CAST(NULL AS bigint)" if slot.item_id is None else str(int(slot.item_id))
            value, text = ("CAST(NULL AS integer)", f"v{index}") if slot.text else (f"v{index}", "''")
            statements.append(
                f"INSERT INTO {table} (id, response_id, question_id, item_id, value, text, text_approved) "  # noqa: S608
                f"SELECT {self._key(index)}, rid, {int(slot.question_id)}, {item}, {value}, {text}, false "
                f"FROM {STAGING} WHERE v{index} IS NOT NULL"
            )
        return statements

    def _insert(self) -> None:
        """In the writing thread, on the import's connection: the staged batch into the tables."""
        cursor = self._raw.cursor()

        def insert() -> None:
            # At least 1, so that every key is positive.
            batch = str((secrets.randbelow((1 << self.prefix_bits) - 1) + 1) << self.strata_bits)
            for statement in self._statements:
                cursor.execute(statement.replace(PREFIX, batch))

        try:
            cursor.execute(f"SAVEPOINT {SAVEPOINT}")
            try:
                insert()
            except self._integrity_error:
                # Two answer keys alike (two batches drew the same high bits, and a key the same
                # low ones: rare): draw them again.
                cursor.execute(f"ROLLBACK TO SAVEPOINT {SAVEPOINT}")
                insert()
            cursor.execute(f"RELEASE SAVEPOINT {SAVEPOINT}")
            cursor.execute(f"DELETE FROM {STAGING}")  # noqa: S608 (our own table's name)
        finally:
            cursor.close()

    def _places(self, lines: list[Line]) -> None:
        marks = [
            PlaceMark(
                response_id=uuid.UUID(line.rid),
                question_id=question_id,
                latitude=latitude,
                longitude=longitude,
                area_id=area_id,
                description=description,
                reason=reason,
            )
            for line in lines
            for question_id, latitude, longitude, area_id, description, reason in line.places
        ]
        if not marks:
            return
        # Foreign keys are checked when the transaction commits: the responses come next.
        PlaceMark.objects.bulk_create(marks, batch_size=500)
        for mark in marks:
            if mark.latitude is not None and mark.longitude is not None:
                self.counted.points[(mark.latitude, mark.longitude)] += 1

    def finish(self) -> Counted:
        """Wait for the last batch, build dropped indexes again; what the written lines count."""
        self.wait()
        with connection.cursor() as cursor:
            for sql in self._dropped:
                cursor.execute(sql)
            if self._constraints:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for sql in self._constraints:
                    cursor.execute(sql)
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self._dropped, self._constraints = [], []
        counted = self.counted
        cells = {number: cell for cell, number in self._cells.items()}
        for number, n in self._respondents.items():
            area_id, sex, age_band = cells[number]
            counted.cells[(area_id or 0, sex, age_band)] += n
        for (number, slot), found in self._answers.items():
            area_id, sex, age_band = cells[number]
            question = self.slots[slot]
            for value, n in found.items():
                if value is not None:
                    key = (question.question_id, question.item_code, area_id or 0, sex, age_band, value)
                    counted.answers[key] += n
        return counted
