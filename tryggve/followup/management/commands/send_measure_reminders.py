"""E-mail the staff of organisations whose safety-walk measures or residents' place reports are
due or overdue: run it daily."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from tryggve.core import notices
from tryggve.core.models import StaffEmail

from ...reminders import measure_reminders, place_report_reminders


class Command(BaseCommand):
    help = (
        "E-mail the staff of each responsible organisation (activity owners and analysts) its chosen "
        "safety-walk measures that are due within 7 days or overdue: each one's walk and a link. The "
        "same reminder goes to a user again after --every days (default 7), never twice a day; "
        "becoming overdue is a new reminder. Also e-mail the staff who answer residents' place "
        "reports (activity owners and partner reporters) the open reports routed to their "
        "organisation that are due within 7 days or overdue: each one's kind, area, due date and a "
        "link, once per due date and once more when it is overdue. Prints `reminded: N` (the "
        "e-mails sent)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=7,
            help="Days before the same measure's reminder is sent again (at least 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        with notices.in_email_language():
            sent = notices.remind(
                StaffEmail.MEASURE_DUE,
                measure_reminders(today),
                _("Reminder: safety-walk measures of your organisation"),
                today,
                every=options["every"],
            )
            sent += notices.remind(
                StaffEmail.PLACE_REPORT_DUE,
                place_report_reminders(today),
                _("Reminder: residents' place reports routed to your organisation"),
                today,
                every=notices.KEEP_DAYS,
            )
        self.stdout.write(f"reminded: {sent}")
