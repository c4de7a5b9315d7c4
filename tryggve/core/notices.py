"""E-mails to staff about their work: who wants which kind, the message, and the reminders sent.

Every such e-mail goes through here, whichever stage sends it: the promise's steps
(`promises.notices`), the reminders of late measures, place reports and activities
(`followup.reminders`) and the EST meeting's feedback (`inputs.views`). A user turns a kind
off under *Ditt konto* (`EmailOptOut`); every kind is on until then. A message carries a title
and a link, never free text, figures or photos: those stay behind the login. The EST feedback,
written by the meeting for the reporters, is the one e-mail with a text of its own.

Reminders are recorded (`SentReminder`: the user, the kind, what it was about, the day) so the
same one is not sent again within `every` days, never twice a day; the records are removed
after `KEEP_DAYS`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import EmailOptOut, SentReminder, StaffEmail

# How long a reminder's record is kept: longer than any sensible `every`.
KEEP_DAYS = 60


@dataclass(frozen=True)
class Link:
    """One thing an e-mail points to: its title and the path of its staff page."""

    title: str
    path: str
    about: str = ""  # for a reminder: what it is about, e.g. "measure:12:overdue"


def in_email_language() -> translation.override:
    """Staff e-mails are written in the site's first language (Swedish), whatever the page was."""
    return translation.override(settings.LANGUAGE_CODE)


def wanting(users: QuerySet[User], kind: str) -> QuerySet[User]:
    """The active users among `users` with an e-mail address who have not turned `kind` off."""
    turned_off = EmailOptOut.objects.filter(kind=kind).values("user_id")
    return users.filter(is_active=True).exclude(email="").exclude(pk__in=turned_off)


def turned_off(user: User) -> set[str]:
    return set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))


def choose(user: User, wanted: Iterable[str]) -> None:
    """Keep on the kinds in `wanted` and turn every other kind off."""
    keep = set(wanted)
    EmailOptOut.objects.filter(user=user, kind__in=keep).delete()
    for kind in set(StaffEmail.values) - keep - turned_off(user):
        EmailOptOut.objects.get_or_create(user=user, kind=kind)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _body(links: Sequence[Link]) -> str:
    lines: list[str] = []
    for link in links:
        lines += [_one_line(link.title), settings.SITE_URL + link.path, ""]
    lines.append(
        _("You get this e-mail for your role in Tryggve. Choose which e-mails you get: %(url)s")
        % {"url": settings.SITE_URL + reverse("accounts:email")}
    )
    return "\n".join(lines) + "\n"


def _message(subject: str, links: Sequence[Link], address: str) -> EmailMessage:
    return EmailMessage(_one_line(subject), _body(links), None, [address])


def tell(kind: str, users: QuerySet[User], subject: str, link: Link) -> int:
    """E-mail each of the users who want this kind: the subject, a title and a link. Returns how
    many e-mails went out."""
    with in_email_language():
        messages = [_message(subject, [link], email) for email in _addresses(wanting(users, kind))]
    return get_connection().send_messages(messages) or 0


def _addresses(users: QuerySet[User]) -> list[str]:
    return sorted(set(users.values_list("email", flat=True)))


def remind(kind: str, due: dict[User, list[Link]], subject: str, today: date, every: int = 7) -> int:
    """One e-mail to each user listing their reminders that were not sent to them in the last
    `every` days (at least one: never the same reminder twice a day); each sent one is recorded.
    Returns how many e-mails went out."""
    SentReminder.objects.filter(sent_on__lt=today - timedelta(days=KEEP_DAYS)).delete()
    users = wanting(User.objects.filter(pk__in=[user.pk for user in due]), kind)
    wanted = dict(users.values_list("pk", "email"))
    recent = set(
        SentReminder.objects.filter(
            kind=kind, user_id__in=wanted, sent_on__gt=today - timedelta(days=max(every, 1))
        ).values_list("user_id", "about")
    )
    sent = 0
    connection = get_connection()
    with in_email_language(), connection:
        for user, links in sorted(due.items(), key=lambda item: item[0].pk):
            fresh = list({link.about: link for link in links if (user.pk, link.about) not in recent}.values())
            if user.pk not in wanted or not fresh:
                continue
            sent += connection.send_messages([_message(subject, fresh, wanted[user.pk])]) or 0
            SentReminder.objects.bulk_create(
                SentReminder(user=user, kind=kind, about=link.about, sent_on=today) for link in fresh
            )
    return sent
