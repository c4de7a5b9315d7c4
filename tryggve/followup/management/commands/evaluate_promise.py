"""Did the promise help? Its focus areas against the rest, before and after (followup.evaluation)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from tryggve.followup import evaluation


class Command(BaseCommand):
    help = (
        "Difference in differences of a share (--values 3,4) or a mean (--mean) of one question: the "
        "promise's focus areas against the rest of the municipality, before and after, with 95 % interval."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("municipality", help="The municipality's address name, e.g. halmstad.")
        parser.add_argument("year", type=int, help="The first year of the promise's period.")
        parser.add_argument("--question", required=True, help="The question's code, or question.item.")
        kind = parser.add_mutually_exclusive_group(required=True)
        kind.add_argument("--values", help="The answer codes that count, e.g. 3,4.")
        kind.add_argument("--mean", action="store_true", help="The mean of the answer instead of a share.")
        parser.add_argument("--before", help="The before survey's address name (instead of the promise's).")
        parser.add_argument("--after", help="The after survey's address name (instead of the promise's).")
        parser.add_argument("--focus", help="Focus areas' address names, e.g. andersberg,vallas.")
        parser.add_argument("--format", choices=["text", "csv"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            values = None
            if not options["mean"]:
                try:
                    values = [int(value) for value in options["values"].split(",")]
                except ValueError as error:
                    raise CommandError(
                        _("--values takes answer codes separated by commas, e.g. 3,4.")
                    ) from error
            focus = (
                [slug.strip() for slug in options["focus"].split(",") if slug.strip()]
                if options["focus"]
                else None
            )
            try:
                compared = evaluation.comparison(
                    options["municipality"], options["year"], options["before"], options["after"], focus
                )
                found = evaluation.evaluate(compared, options["question"], values)
            except evaluation.EvaluationError as error:
                raise CommandError(str(error)) from error
            write = evaluation.as_csv if options["format"] == "csv" else evaluation.as_text
            self.stdout.write(write(found), ending="")
