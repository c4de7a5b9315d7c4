"""Import a municipality's recorded-crime figures (or KPI metadata) from Kolada's v2 API; see
`tryggve.inputs.kolada`."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from tryggve.core.commands import municipality_named, summary
from tryggve.inputs.kolada import DEFAULT_KPIS, import_response, is_kpi_id
from tryggve.inputs.sources import fetch, read_source


def kpi_list(text: str) -> list[str]:
    found = [part.strip().upper() for part in text.split(",") if part.strip()]
    for kpi in found:
        if not is_kpi_id(kpi):
            raise CommandError(_("--kpi: %(kpi)s is not a Kolada KPI id such as N07403.") % {"kpi": kpi})
    if not found:
        raise CommandError(_("--kpi names no KPI."))
    return found


class Command(BaseCommand):
    help = (
        "Read Kolada's v2 API response, from a file or its URL, e.g. https://api.kolada.se/v2/data/kpi/"
        f"{','.join(kpi for kpi, _title in DEFAULT_KPIS)}/municipality/1380, following next_page, and "
        "store the figures per KPI, year and gender for MUNICIPALITY (a changed figure is updated). A KPI "
        "response (https://api.kolada.se/v2/kpi/N07403) stores the KPIs' titles, descriptions and units."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("municipality", help="The municipality's address name, e.g. halmstad.")
        parser.add_argument("source", help="A file holding Kolada's response, or its http(s) URL.")
        parser.add_argument(
            "--kpi",
            type=str,
            help="Take only these KPIs (comma-separated, e.g. N07403,N07540), and follow them from now on. "
            "Without it: the default KPIs and those the municipality follows.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            municipality = municipality_named(options["municipality"])
            only = kpi_list(options["kpi"]) if options["kpi"] else None
            result = import_response(read_source(options["source"]), municipality, fetch, only)
            for problem in result.problems:
                self.stderr.write(problem)
            self.stdout.write(f"updated: {result.updated}")
            self.stdout.write(summary(result.imported, result.unchanged, result.rejected))
            if result.problems:
                raise CommandError(_("Nothing was imported: fix the response and run the command again."))
