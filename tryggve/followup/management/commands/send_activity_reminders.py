"""E-mail the owners of activities that are behind their plan or quiet: run it daily."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from tryggve.core import notices
from tryggve.core.models import StaffEmail

from ...reminders import QUIET_DAYS, activity_reminders


class Command(BaseCommand):
    help = (
        "E-mail the activity owners of every running activity of a published promise that is behind "
        "its plan or has nothing logged for --days days (default 30): its title and a link. The same "
        "reminder goes to a user again after --every days (default 7), never twice a day; owners who "
        "turned these e-mails off get none. Prints `reminded: N` (the e-mails sent)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days", type=int, default=QUIET_DAYS, help="Days without a log entry that count as overdue."
        )
        parser.add_argument(
            "--every", type=int, default=7, help="Days before the same reminder is sent again (at least 1)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        with notices.in_email_language():
            sent = notices.remind(
                StaffEmail.ACTIVITY_BEHIND,
                activity_reminders(today, options["days"]),
                _("Reminder: log the activities of the citizen promise"),
                today,
                every=options["every"],
            )
        self.stdout.write(f"reminded: {sent}")
