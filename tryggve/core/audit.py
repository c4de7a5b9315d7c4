"""The audit log of raw-data views: who saw which incident reports or dialogues, and when."""

from django.http import HttpRequest

from .models import AuditEntry, Municipality


def record(
    request: HttpRequest, municipality: Municipality | None, action: str, what: str, rows: int
) -> None:
    user = request.user if request.user.is_authenticated else None
    AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user else "",
        municipality=municipality,
        action=action,
        what=what[:200],
        rows=rows,
        path=request.get_full_path()[:500],
    )
