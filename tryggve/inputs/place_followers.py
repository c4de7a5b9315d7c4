"""Status by e-mail, if a resident wants it (issue 33.2): the one reader of `StatusSubscription`.

A resident may leave an e-mail address on the report form. It is stored in a table of its own,
never beside the report, and nothing but this module reads it: no page, admin, export, API or
audit entry shows it, and backups leave it out. Each e-mail says only the report's new status
and links to its public page. The address is deleted when the case closes (done, or will not be
done: after that last e-mail), when the report is hidden, and at the latest `KEEP_DAYS` after it
was left (`apply_retention`, daily).
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryggve.core.retention import Sweep, sweeps

from .models import PlaceReport, StatusSubscription

KEEP_DAYS = 90
CLOSED = {PlaceReport.Status.DONE, PlaceReport.Status.NOT_DONE}


def follow(report: PlaceReport, email: str) -> None:
    """Keep the address for the report's status, in the language of the page it was left on.
    Written with `bulk_create`, which sends no signal, as the report itself is."""
    StatusSubscription.objects.bulk_create(
        [
            StatusSubscription(
                report=report,
                email=email,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                since=timezone.localdate(),
            )
        ]
    )


def public_url(report: PlaceReport) -> str:
    """The report's public page, in the active language, as an absolute address."""
    path = reverse("public_places:report", args=[report.municipality.slug, report.pk])
    return settings.SITE_URL + path


def _message(report: PlaceReport, email: str) -> EmailMessage:
    status = report.get_status_display()
    body = "\n".join(
        [
            _("New status: %(status)s") % {"status": status},
            "",
            public_url(report),
            "",
            _(
                "You asked for this e-mail when you reported the place. Your address is deleted when "
                "the case is closed, and after %(days)s days at the latest."
            )
            % {"days": KEEP_DAYS},
        ]
    )
    subject = _("Your place report: %(status)s") % {"status": status}
    return EmailMessage(subject, body + "\n", None, [email])


def status_changed(report: PlaceReport) -> int:
    """E-mail the report's followers its new status and link; once the case is closed, forget
    them. Returns how many e-mails went out."""
    followers = list(StatusSubscription.objects.filter(report=report).values_list("email", "language"))
    messages = []
    for email, language in followers:
        with translation.override(language):
            messages.append(_message(report, email))
    sent = (get_connection().send_messages(messages) or 0) if messages else 0
    if report.status in CLOSED:
        forget(report)
    return sent


def forget(report: PlaceReport) -> int:
    """Delete the report's addresses (a closed case, a hidden report)."""
    return StatusSubscription.objects.filter(report=report).delete()[0]


def merged(report: PlaceReport, original: PlaceReport) -> None:
    """A duplicate's followers follow the report it repeats (whose page its own now leads to);
    if that case is closed already, they get its last status now."""
    StatusSubscription.objects.filter(report=report).update(report=original)
    if not original.public:
        forget(original)
    elif original.status in CLOSED:
        status_changed(original)


def expired() -> int:
    """Addresses left more than `KEEP_DAYS` ago, whatever the case's status."""
    before = timezone.localdate() - timedelta(days=KEEP_DAYS)
    return StatusSubscription.objects.filter(since__lt=before).delete()[0]


sweeps.append(Sweep(gettext_lazy("status e-mail addresses of place reports"), f"{KEEP_DAYS} days", expired))
