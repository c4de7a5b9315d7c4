"""Reading the files analysts bring (CSV from Excel, LibreOffice or other systems), writing XLSX,
and the size check every uploaded image passes."""

import contextlib
import csv
import io
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import CommandError
from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
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


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """openpyxl stores text starting with "=" as a formula; keep such text as text."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx(sheets: Iterable[tuple[str, list[str], Iterable[list[Any]]]]) -> bytes:
    """An Excel file with one sheet per (title, header, rows), written as it streams; never a formula."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


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
