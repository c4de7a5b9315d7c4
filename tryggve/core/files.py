"""Reading the files analysts bring: CSV from Excel, LibreOffice or other systems."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

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
