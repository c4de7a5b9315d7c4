"""Every change staff make, through a page, the admin or the API, goes to the audit log.

A middleware keeps the request of the moment; model signals turn each save and delete by a
logged-in user into an audit entry. Residents' survey answers are never logged: an entry would
tie an answer to whoever sent it, and answers are anonymous by construction.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

from .audit import record
from .models import AuditEntry, Municipality

_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)

# Written by the system itself, or kept apart from staff on purpose (anonymous answers, drafts).
NOT_LOGGED = {
    "core.auditentry",
    "core.sentreminder",
    "surveys.draft",
    "surveys.response",
    "surveys.answer",
    "surveys.freetext",
    "surveys.placemark",
    "surveys.invitationcode",
    # A resident's e-mail address for a place report's status: never tied to anyone in the log.
    "inputs.statussubscription",
    "situation.cellcount",
    "situation.tally",
    "situation.placecount",
    # The month's squares of the public map, drawn by a page view: figures, nobody's change.
    "situation.placesquaresofmonth",
    "sessions.session",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "contenttypes.contenttype",
    "admin.logentry",
}
# Saves the system makes on its own at each login; a removed device (an administrator's reset) counts.
DELETES_ONLY = {"otp_totp.totpdevice"}
ROUTINE_FIELDS = {"last_login"}
LOGGED_APPS = {"core", "surveys", "inputs", "situation", "promises", "followup", "auth", "otp_totp"}


class ChangeLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


# The ways from a model to its municipality, tried in order.
PATHS_TO_MUNICIPALITY = (
    "municipality",
    "promise",
    "plan",
    "problem",
    "survey",
    "page",
    "question",
    "walk",
    "finding",
    "activity",
    "situation",
    "area",
)


def _municipality_of(instance: Model) -> Municipality | None:
    if isinstance(instance, Municipality):
        return instance
    for path in PATHS_TO_MUNICIPALITY:
        related = getattr(instance, f"{path}_id", None) and getattr(instance, path, None)
        if related is None:
            continue
        if isinstance(related, Municipality):
            return related
        return _municipality_of(related)
    return None


def _record(instance: Model, action: AuditEntry.Action, detail: str = "") -> None:
    """One entry for a change by the logged-in user of this request; none outside requests."""
    request = _request.get()
    if request is None or not getattr(request, "user", None) or not request.user.is_authenticated:
        return
    what = f"{instance._meta.verbose_name} #{instance.pk}: {instance}{detail}"
    # A deleted object's municipality may be going too (a cascade); the entry keeps the name.
    record(request, None if action == AuditEntry.Action.DELETED else _municipality_of(instance), action, what)


def _label(sender: type[Model]) -> str | None:
    label = sender._meta.label_lower
    if sender._meta.app_label not in LOGGED_APPS or label in NOT_LOGGED:
        return None
    return label


def saved(
    sender: type[Model], instance: Model, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    label = _label(sender)
    if label is None or label in DELETES_ONLY or (update_fields and set(update_fields) <= ROUTINE_FIELDS):
        return
    fields = f" ({', '.join(sorted(update_fields))})" if update_fields else ""
    _record(instance, AuditEntry.Action.CREATED if created else AuditEntry.Action.CHANGED, fields)


def deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if _label(sender) is not None:
        _record(instance, AuditEntry.Action.DELETED)


def related_changed(sender: type[Model], instance: Model, action: str, **kwargs: Any) -> None:
    label = _label(type(instance))
    if (
        action in ("post_add", "post_remove", "post_clear")
        and label is not None
        and label not in DELETES_ONLY
    ):
        _record(instance, AuditEntry.Action.CHANGED, f" ({sender._meta.verbose_name})")


def connect() -> None:
    for model in apps.get_models():
        if _label(model) is not None:
            post_save.connect(saved, sender=model, dispatch_uid=f"audit-save-{model._meta.label_lower}")
            post_delete.connect(deleted, sender=model, dispatch_uid=f"audit-delete-{model._meta.label_lower}")
    m2m_changed.connect(related_changed, dispatch_uid="audit-m2m")
