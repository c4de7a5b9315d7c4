"""What `core.retention` removes of the inputs: an incident report's description, address and
exact position (its category, area and time stay, so every count does), by the municipality's
rule or, without one, after the report's own `purge_after` (TRYGGVE_INCIDENT_RETENTION_DAYS)."""

from datetime import date

from django.utils import timezone

from tryggve.core.models import Municipality, RetentionRule
from tryggve.core.retention import Sweep, removes, sweeps

from .models import Incident

PURGED = {"description": "", "address": "", "latitude": None, "longitude": None, "purged": True}


@removes(RetentionRule.Kind.INCIDENT_DESCRIPTIONS)
def incident_descriptions(place: Municipality | None, before: date) -> int:
    return Incident.objects.filter(municipality=place, purged=False, happened_at__date__lt=before).update(
        **PURGED
    )


def past_their_own_date() -> int:
    ruled = RetentionRule.objects.filter(kind=RetentionRule.Kind.INCIDENT_DESCRIPTIONS).values("municipality")
    due = Incident.objects.filter(purged=False, purge_after__lt=timezone.localdate())
    return due.exclude(municipality__in=ruled).update(**PURGED)


INCIDENTS = RetentionRule.Kind.INCIDENT_DESCRIPTIONS
sweeps.append(Sweep(INCIDENTS.label, "TRYGGVE_INCIDENT_RETENTION_DAYS", past_their_own_date))
