"""python manage.py restore SRC: replace the database's contents with a backup."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from tryggve.core.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace everything in the database with the backup SRC (made by `backup`). Stop the site first."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing the data.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"] and input("Replace everything in the database with the backup? [y/N] ") != "y":
            raise CommandError("Nothing was restored.")
        with translation.override(settings.LANGUAGE_CODE):
            try:
                restore(options["source"])
            except BackupError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(f"restored: {options['source']}")
