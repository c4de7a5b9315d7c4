"""Reading the CSV files people save from spreadsheets: responses, population, incident reports."""

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024


def delimiter_of(first_line: str) -> str:
    """Swedish spreadsheet programs save CSV with semicolons."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def csv_reader(text: str) -> Iterator[list[str]]:
    """The rows of a CSV file's text, comma- or semicolon-separated, without a byte-order mark."""
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    # newline="": a bare carriage return (old Mac files, pasted text) ends a line instead of
    # stopping the reader with an error; quoted line breaks stay inside their cell.
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(first_line))


class CsvFile:
    """A CSV file on disk read one row at a time, so its size is limited by nothing but the disk.

    The same rules as `csv_reader` and `files.read_text`: UTF-8 (with or without byte-order
    mark), else Windows-1252 as older Swedish Excel saves it; commas or semicolons. The encoding
    is settled by reading the file once before its rows are read, so a file is never half read
    in one encoding. An unreadable file stops the command with a message.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: TextIO | None = None
        try:
            self.size = path.stat().st_size
            self.encoding = self._encoding()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error}
            ) from error

    def _encoding(self) -> str:
        for encoding in ("utf-8-sig", "cp1252"):
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                with self.path.open("rb") as raw:
                    while chunk := raw.read(CHUNK):
                        decoder.decode(chunk)
                    decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return encoding
        raise CommandError(
            _("Cannot read %(file)s: it is neither UTF-8 nor Windows-1252 text.") % {"file": self.path}
        )

    def rows(self) -> Iterator[list[str]]:
        """The file's rows, read as they are needed."""
        try:
            with self.path.open(encoding=self.encoding, newline="") as text:
                self._file = text
                first = text.readline()
                yield from csv.reader(itertools.chain([first], text), delimiter=delimiter_of(first))
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": self.path, "error": error}
            ) from error
        finally:
            self._file = None

    def fraction_read(self) -> float | None:
        """How much of the file the rows read so far came from (0–1), while `rows` runs."""
        if self._file is None or not self.size:
            return None
        try:
            return min(1.0, self._file.buffer.tell() / self.size)
        except (OSError, ValueError):
            return None
