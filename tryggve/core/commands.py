"""What the management commands share: finding the municipality an analyst names, the last line
of every import."""

from collections.abc import Iterable

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .models import Municipality


def municipality_named(slug: str) -> Municipality:
    """The municipality with this address name; the command stops with a message if none has it."""
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise CommandError(_("No municipality has the address name %(slug)s.") % {"slug": slug})
    return municipality


def summary(imported: int, unchanged: int, rejected: int) -> str:
    """The last line of every import, the same in every language, for scripts to read."""
    return f"imported: {imported}, unchanged: {unchanged}, rejected: {rejected}"


def data_lines(rows: Iterable[list[str]]) -> int:
    """The non-empty lines after the header: what a refused file rejects."""
    lines = iter(rows)
    next(lines, None)
    return sum(1 for row in lines if any(cell.strip() for cell in row))
