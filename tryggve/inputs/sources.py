"""Where the open-data importers read from: a file, or an http(s) URL (the police's feed, Kolada)."""

from pathlib import Path
from urllib.request import Request, urlopen

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tryggve.core.files import MAX_BYTES, read_text

TIMEOUT_SECONDS = 60


def is_url(source: str) -> bool:
    return source.startswith(("https://", "http://"))


def fetch(url: str) -> str:
    """The text at an http(s) URL (UTF-8, at most MAX_BYTES); ValueError says why not."""
    if not is_url(url):
        raise ValueError(_("%(url)s is not an http(s) address") % {"url": url})
    request = Request(url, headers={"Accept": "application/json", "User-Agent": "Tryggve"})  # noqa: S310
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (http(s) only)
            return str(response.read(MAX_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ValueError(_("Cannot read %(file)s: %(error)s") % {"file": url, "error": error}) from error


def read_source(source: str) -> str:
    """A file's text or a URL's; the command stops with a message if it cannot be read."""
    if is_url(source):
        try:
            return fetch(source)
        except ValueError as error:
            raise CommandError(str(error)) from error
    return read_text(Path(source))
