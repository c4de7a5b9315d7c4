"""Reading the CSV files people save from spreadsheets: responses, population, incident reports."""

import csv
import io
from collections.abc import Iterator


def csv_reader(text: str) -> Iterator[list[str]]:
    """The rows of a CSV file's text, comma- or semicolon-separated, without a byte-order mark."""
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    # Swedish spreadsheet programs save CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # newline="": a bare carriage return (old Mac files, pasted text) ends a line instead of
    # stopping the reader with an error; quoted line breaks stay inside their cell.
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
