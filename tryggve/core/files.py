"""Reading the files analysts bring (CSV from Excel, LibreOffice or other systems), the downloads
(machine CSV; for people, CSV for Swedish Excel and styled XLSX), and the size check every
uploaded image passes."""

import contextlib
import csv
import io
import itertools
import math
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import CommandError
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 200 * 1024 * 1024


def read_text(path: Path) -> str:
    """A file's text: UTF-8 (with or without byte-order mark), else Windows-1252 as older
    Swedish Excel saves it. Unreadable files stop the command with a message."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(_("The file is larger than 200 MB."))
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": error}) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise CommandError(
                _("Cannot read %(file)s: it is neither UTF-8 nor Windows-1252 text.") % {"file": path}
            ) from error


# A spreadsheet runs a cell that starts like this as a formula (CSV injection, see OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_safe(value: Any) -> Any:
    """Text that Excel or LibreOffice would run as a formula gets a leading apostrophe; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


CSV = "text/csv; charset=utf-8"


def csv_bytes(header: list[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 CSV with commas and bare newlines, as every download of the site writes it (formula-safe)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_safe(value) for value in row] for row in rows)
    return out.getvalue().encode()


def attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Downloads for people ---------------------------------------------------------------------
#
# Every CSV above is a machine format (RFC 4180, commas, dot decimals, English codes, full
# precision). Beside each, people get the same rows for Excel with Swedish settings: UTF-8 with
# a byte-order mark, semicolons, decimal commas, headers in the reader's language, figures
# rounded for reading; and XLSX with shares as percentages, a frozen header row, column widths
# and a sheet *Om datan*. Callers build their rows from the same source as the machine file.

EXCEL_CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTH_SAMPLE = 500  # rows read ahead to size the columns; the rest stream
MAX_WIDTH = 60


@dataclass(frozen=True)
class Figure:
    """A number as people read it: rounded to `digits` decimals; a share (a fraction 0–1) is
    read in per cent (54,3 in CSV; 0.543 formatted 54,3 % in XLSX)."""

    value: float
    digits: int = 1
    share: bool = False

    def rounded(self) -> float:
        """The value the people's files hold (a share stays a fraction)."""
        value = round(self.value, self.digits + (2 if self.share else 0))
        return 0.0 if value == 0 else value  # never "-0,0"

    def text(self) -> str:
        """Decimal comma, no thousands separator: what Swedish Excel reads as a number."""
        shown = f"{self.rounded() * 100 if self.share else self.rounded():.{self.digits}f}"
        if float(shown) == 0:
            shown = shown.lstrip("-")  # a share of 0.0004 rounds to 0,0, not -0,0
        return shown.replace(".", ",")

    def number_format(self) -> str:
        decimals = "." + "0" * self.digits if self.digits else ""
        return f"0{decimals}%" if self.share else f"0{decimals}"


def figure(value: float | int | None, digits: int = 1, share: bool = False) -> Figure | int | None:
    """A figure for people, or None; whole counts stay whole numbers."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and not share:
        return value
    return Figure(float(value), digits, share)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def people_text(value: Any) -> str:
    """One cell of a CSV for Swedish Excel."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, Figure):
        return value.text()
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M:%S")
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(csv_safe(str(value)))


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """A CSV for Swedish Excel, a line at a time: byte-order mark, `;`, CRLF, decimal commas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    for row in itertools.chain([list(header)], ([people_text(value) for value in row] for row in rows)):
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def excel_csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """The download of a CSV for Swedish Excel, streamed (a survey can have 100,000 answers)."""
    response = StreamingHttpResponse(excel_csv(header, rows), content_type=EXCEL_CSV)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def _xlsx_cell(sheet: Any, value: Any, width: list[int], column: int) -> Any:
    """A cell as people read it in Excel (never a formula), and its width in characters."""
    cell = WriteOnlyCell(sheet)
    if value is None:
        shown = ""
    elif isinstance(value, bool):
        cell.value = shown = _yes_no(value)
    elif isinstance(value, Figure):
        cell.value = value.rounded()
        cell.number_format = value.number_format()
        shown = value.text() + (" %" if value.share else "")
    elif isinstance(value, int):
        cell.value, shown = value, str(value)
    elif isinstance(value, float):
        cell.value, shown = value, repr(value)
    elif isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        cell.value = moment.replace(tzinfo=None)
        cell.number_format = "yyyy-mm-dd hh:mm"
        shown = "2019-11-05 21:30"
    elif isinstance(value, date):
        cell.value, cell.number_format, shown = value, "yyyy-mm-dd", "2019-11-05"
    else:
        cell.value = shown = str(value)
        cell.data_type = "s"  # text starting with "=" stays text
    if len(width) > column:
        width[column] = max(width[column], min(len(shown) + 2, MAX_WIDTH))
    return cell


def _header_cell(sheet: Any, text: str) -> Any:
    cell = WriteOnlyCell(sheet, value=str(text))
    cell.data_type = "s"
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="DDE3EA")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _write_sheet(book: Workbook, found: Sheet) -> None:
    sheet = book.create_sheet(title=str(found.title)[:31])
    header = [str(text) for text in found.header]
    width = [max(8, min(len(text) + 2, MAX_WIDTH // 2)) for text in header]
    rows = iter(found.rows)
    ahead = [
        [_xlsx_cell(sheet, value, width, column) for column, value in enumerate(row)]
        for row in itertools.islice(rows, WIDTH_SAMPLE)
    ]
    for column, characters in enumerate(width, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = characters
    sheet.freeze_panes = "A2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}1"
    sheet.append([_header_cell(sheet, text) for text in header])
    for cells in ahead:
        sheet.append(cells)
    unused: list[int] = []
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value, unused, column) for column, value in enumerate(row)])


def _write_about(book: Workbook, about: Sequence[tuple[str, str]]) -> None:
    sheet = book.create_sheet(title=_("About the data")[:31])
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    for label, text in about:
        name = _header_cell(sheet, label)
        value = WriteOnlyCell(sheet, value=str(text))
        value.data_type = "s"
        value.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.append([name, value])


def xlsx(sheets: Iterable[Sheet], about: Sequence[tuple[str, str]] = ()) -> bytes:
    """An Excel file for people: one sheet per table (bold frozen header row, column widths from
    the content, shares as percentages, rounded figures, never a formula), then *Om datan*
    (`about`: label and text, e.g. source, version, adoption date, the small-group rule)."""
    book = Workbook(write_only=True)
    for found in sheets:
        _write_sheet(book, found)
    if about:
        _write_about(book, about)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def xlsx_response(
    filename: str, sheets: Iterable[Sheet], about: Sequence[tuple[str, str]] = ()
) -> HttpResponse:
    return attachment(xlsx(sheets, about), XLSX, filename)


def refuse_oversized_image(file: "File[bytes] | IO[bytes]") -> None:
    """Refuse an image with more pixels than TRYGGVE_MAX_IMAGE_PIXELS, from its header alone.

    Pillow reads only the header here, never the pixels: a 20 kB PNG of 13,000 × 13,000 pixels
    would take more than a gigabyte once decoded. A file Pillow cannot read is left to the
    caller; the file is rewound either way.
    """
    limit = settings.TRYGGVE_MAX_IMAGE_PIXELS
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(cast(IO[bytes], file)) as image:
                pixels = image.width * image.height
    except Image.DecompressionBombError:
        pixels = limit + 1  # beyond even Pillow's own limit
    except (UnidentifiedImageError, OSError, ValueError):
        pixels = 0  # not an image Pillow can read: the caller decides
    with contextlib.suppress(OSError, ValueError):
        file.seek(0)
    if pixels > limit:
        megapixels = limit // 1_000_000 if limit % 1_000_000 == 0 else round(limit / 1_000_000, 2)
        raise ValidationError(
            _(
                "The image is too large: Tryggve accepts at most %(megapixels)s megapixels "
                "(width × height). Make it smaller and upload it again."
            )
            % {"megapixels": number_format(megapixels)},
            code="too_many_pixels",
        )
