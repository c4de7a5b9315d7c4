"""E-mail the owners of activities whose logging is overdue: run it weekly."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tryggve.core.models import Membership
from tryggve.core.roles import REMINDED_TO_LOG
from tryggve.promises.models import Activity, Promise

from ...progress import Status, progress


class Command(BaseCommand):
    help = (
        "E-mail the activity owners of every running activity of a published promise that is behind "
        "its plan or has nothing logged for --days days (default 30). Prints `reminded: N`."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days", type=int, default=30, help="Days without a log entry that count as overdue."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        running = [
            activity
            for activity in Activity.objects.filter(promise__status=Promise.Status.PUBLISHED)
            .select_related("promise__municipality", "promise__cycle")
            .prefetch_related("responsible")
            .annotate(last_logged=Max("log__done_on"))
            if activity.first_day <= today <= activity.last_day
        ]
        quiet_since = today - timedelta(days=options["days"])
        overdue = [
            item
            for item in progress(running, today)
            if item.status == Status.BEHIND
            or (item.activity.last_logged or item.activity.first_day) < quiet_since  # type: ignore[attr-defined]
        ]
        messages: list[tuple[str, str, None, list[str]]] = []
        with translation.override(settings.LANGUAGE_CODE):
            for item in overdue:
                activity = item.activity
                owners = Membership.objects.filter(
                    role__in=REMINDED_TO_LOG,
                    municipality=activity.promise.municipality,
                    organisation__in=activity.responsible.all(),
                ).exclude(user__email="")
                body = _(
                    "“%(activity)s” has %(done)s %(unit)s logged; by now %(expected)s were planned. "
                    "Log what has been done at %(url)s"
                ) % {
                    "activity": activity,
                    "done": item.done,
                    "unit": activity.get_unit_display(),
                    "expected": round(item.expected or 0),
                    "url": settings.SITE_URL
                    + reverse("followup:log", args=[activity.promise.municipality.slug]),
                }
                subject = _("Reminder: log the activities of the citizen promise")
                messages.extend(
                    (subject, body, None, [email])
                    for email in owners.values_list("user__email", flat=True).distinct()
                )
        send_mass_mail(messages)
        self.stdout.write(f"reminded: {len(messages)}")
