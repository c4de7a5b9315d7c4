"""Delete what has outlived its retention, per municipality and kind, and say what was deleted.

Rules come from the administration (RetentionRule, each citing its gallringsbeslut); incident
reports without a rule follow each report's own `purge_after` (TRYGGVE_INCIDENT_RETENTION_DAYS).
Each run is written to the audit log. Run it daily; the last line is `deleted: N`.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tryggve.core.audit import record
from tryggve.core.models import AuditEntry, Municipality, RetentionRule
from tryggve.followup.models import Finding
from tryggve.inputs.models import Incident
from tryggve.surveys.models import Answer, PlaceMark

Kind = RetentionRule.Kind
PURGED = {"description": "", "address": "", "latitude": None, "longitude": None, "purged": True}


def expire(place: Municipality | None, kind: str, days: int) -> int:
    """Remove one kind of data older than `days` in one municipality (None: in none, which only
    audit entries can be); the number of records."""
    cutoff = timezone.localdate() - timedelta(days=days)
    if kind == Kind.SURVEY_FREE_TEXT:
        texts = Answer.objects.filter(
            response__survey__municipality=place, response__received_on__lt=cutoff
        ).exclude(text="")
        places = PlaceMark.objects.filter(
            response__survey__municipality=place, response__received_on__lt=cutoff
        ).exclude(Q(reason="") & Q(description=""))
        return texts.update(text="") + places.update(reason="", description="")
    if kind == Kind.WALK_PHOTOS:
        findings = Finding.objects.filter(walk__municipality=place, walk__walk_on__lt=cutoff).exclude(
            photo=""
        )
        count = 0
        for finding in findings:
            finding.photo.delete(save=False)
            finding.photo = ""
            finding.save(update_fields=["photo"])
            count += 1
        return count
    if kind == Kind.INCIDENT_DESCRIPTIONS:
        return Incident.objects.filter(municipality=place, purged=False, happened_at__date__lt=cutoff).update(
            **PURGED
        )
    if kind == Kind.AUDIT_ENTRIES:
        return AuditEntry.objects.filter(municipality=place, at__date__lt=cutoff).delete()[0]
    return 0


class Command(BaseCommand):
    help = "Delete data past its retention (rules in the administration) and record the run in the audit log."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        with transaction.atomic():
            for rule in RetentionRule.objects.select_related("municipality"):
                count = expire(rule.municipality, rule.kind, rule.days)
                total += count
                self.record(rule.municipality, f"{rule.get_kind_display()}: {count} ({rule.decision})", count)
            ruled = RetentionRule.objects.filter(kind=Kind.INCIDENT_DESCRIPTIONS).values("municipality")
            default = Incident.objects.filter(purged=False, purge_after__lt=timezone.localdate()).exclude(
                municipality__in=ruled
            )
            count = default.update(**PURGED)
            total += count
            self.record(
                None, f"{Kind.INCIDENT_DESCRIPTIONS.label}: {count} (TRYGGVE_INCIDENT_RETENTION_DAYS)", count
            )
            # Logins and deletions belong to no municipality: the installation's own rule.
            count = expire(None, Kind.AUDIT_ENTRIES, settings.AUDIT_RETENTION_DAYS)
            total += count
            self.record(None, f"{Kind.AUDIT_ENTRIES.label}: {count} (TRYGGVE_AUDIT_RETENTION_DAYS)", count)
        self.stdout.write(f"deleted: {total}")

    def record(self, place: Municipality | None, what: str, count: int) -> None:
        self.stdout.write(f"{place or '*'}: {what}")
        record(None, place, AuditEntry.Action.RETENTION, what, count, username="apply_retention")
