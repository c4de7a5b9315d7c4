"""Write the lägesbild report of one year as a PDF, as the staff page's PDF link gives it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tryggve.core.models import Municipality
from tryggve.situation import report_document, report_pdf
from tryggve.situation.models import Report, Situation


class Command(BaseCommand):
    help = "Write the lägesbild report of an adopted version as a PDF file (the staff draft)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("municipality", help="The municipality's address name, e.g. halmstad.")
        parser.add_argument("year", type=int, help="The lägesbild's year, e.g. 2018.")
        parser.add_argument("-o", "--output", required=True, type=Path, help="The PDF file to write.")
        parser.add_argument("--lang", choices=report_document.LANGUAGES, default="sv")
        parser.add_argument(
            "--adopted-version", dest="number", type=int, help="The adopted version (default: newest)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        place = Municipality.objects.filter(slug=options["municipality"]).first()
        if place is None:
            raise CommandError(
                _("No municipality has the address name %(slug)s.") % {"slug": options["municipality"]}
            )
        year = options["year"]
        situation = Situation.objects.version_of(place, year, options["number"])
        if situation is None:
            raise CommandError(_("No lägesbild has been adopted for %(year)s yet.") % {"year": year})
        language = options["lang"]
        texts = report_document.texts_of(Report.objects.filter(situation=situation).first(), language)
        content = report_pdf.render(report_document.document(situation, texts, None, language))
        options["output"].write_bytes(content)
        self.stdout.write(
            _("Wrote %(path)s (%(size)s bytes).") % {"path": options["output"], "size": len(content)}
        )
