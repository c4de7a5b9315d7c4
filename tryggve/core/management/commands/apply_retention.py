"""Delete what has outlived its retention, per municipality and kind, and say what was deleted.

Rules come from the administration (RetentionRule, each citing its gallringsbeslut); what each
kind means, and what is removed without a rule (incident reports past their own `purge_after`,
TRYGGVE_INCIDENT_RETENTION_DAYS), the apps register in `core.retention`.
Each run is written to the audit log. Run it daily; the last line is `deleted: N`.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from tryggve.core import retention
from tryggve.core.audit import record
from tryggve.core.models import AuditEntry, Municipality, RetentionRule

Kind = RetentionRule.Kind


def expire(place: Municipality | None, kind: str, days: int) -> int:
    """Remove one kind of data older than `days` in one municipality (None: in none, which only
    audit entries can be); the number of records."""
    return retention.remove(place, kind, timezone.localdate() - timedelta(days=days))


class Command(BaseCommand):
    help = "Delete data past its retention (rules in the administration) and record the run in the audit log."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        with transaction.atomic():
            for rule in RetentionRule.objects.select_related("municipality"):
                count = expire(rule.municipality, rule.kind, rule.days)
                total += count
                self.record(rule.municipality, f"{rule.get_kind_display()}: {count} ({rule.decision})", count)
            for sweep in retention.sweeps:
                count = sweep.remove()
                total += count
                self.record(None, f"{sweep.label}: {count} ({sweep.setting})", count)
            # Logins and deletions belong to no municipality: the installation's own rule.
            count = expire(None, Kind.AUDIT_ENTRIES, settings.AUDIT_RETENTION_DAYS)
            total += count
            self.record(None, f"{Kind.AUDIT_ENTRIES.label}: {count} (TRYGGVE_AUDIT_RETENTION_DAYS)", count)
        self.stdout.write(f"deleted: {total}")

    def record(self, place: Municipality | None, what: str, count: int) -> None:
        self.stdout.write(f"{place or '*'}: {what}")
        record(None, place, AuditEntry.Action.RETENTION, what, count, username="apply_retention")
