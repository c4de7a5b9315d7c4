"""The audit log: who saw which raw data, changed, imported or exported what, who logged in, and when."""

from django.contrib.auth.models import User
from django.http import HttpRequest

from .models import AuditEntry, Municipality


def record(
    request: HttpRequest | None,
    municipality: Municipality | None,
    action: AuditEntry.Action,
    what: str,
    rows: int = 0,
    *,
    user: User | None = None,
    username: str | None = None,
) -> None:
    """One entry, by the request's logged-in user unless `user` (or, for a failed login where no
    account is known, just the `username` that was tried) says who it was."""
    if user is None and username is None and request is not None and request.user.is_authenticated:
        user = request.user
    AuditEntry.objects.create(
        user=user,
        username=(user.get_username() if user is not None else username or "")[:150],
        municipality=municipality,
        action=action,
        what=what[:200],
        rows=rows,
        path=request.get_full_path()[:500] if request is not None else "",
    )
