"""Import national and county figures (e.g. Brå's NTU) to compare with the lägesbild's estimates."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tryggve.core.commands import municipality_named, summary
from tryggve.core.files import read_text
from tryggve.situation import national


class Command(BaseCommand):
    help = (
        "Import national and county figures from FILE.csv (columns "
        "indicator,level,year,value,source,method_note) for MUNICIPALITY; a changed figure is updated. "
        "A file with any problem changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("municipality", help="The municipality's address name, e.g. halmstad.")
        parser.add_argument("file", help="The CSV file.")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_named(options["municipality"])
        result = national.import_csv(municipality, read_text(Path(options["file"])))
        for problem in result.problems:
            self.stderr.write(problem)
        if result.problems:
            self.stdout.write("updated: 0")
            self.stdout.write(summary(0, 0, result.read))
            raise CommandError(_("Nothing was imported: fix the lines above."))
        self.stdout.write(f"updated: {result.updated}")
        self.stdout.write(summary(result.imported, result.unchanged, 0))
