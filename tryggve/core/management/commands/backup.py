"""python manage.py backup DEST: a consistent copy of the running database (run it nightly)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from tryggve.core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup of the whole database to DEST (SQLite: online backup; PostgreSQL: pg_dump)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("destination", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self.back_up(options["destination"])

    def back_up(self, destination: Path) -> None:
        if destination.exists():
            raise CommandError(
                _("%(path)s exists already; choose a new file name (e.g. with the date).")
                % {"path": destination}
            )
        try:
            backup(destination)
        except BackupError as error:
            destination.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        self.stdout.write(f"backup: {destination} ({destination.stat().st_size} bytes)")
