"""What `core.retention` removes of the inputs: a place report's description, place, position and
photo (`place_report_details`); an incident report's description, address and
exact position (its category, area and time stay, so every count does), by the municipality's
rule or, without one, after the report's own `purge_after` (TRYGGVE_INCIDENT_RETENTION_DAYS)."""

from datetime import date

from django.utils import timezone

from tryggve.core.models import Municipality, RetentionRule
from tryggve.core.retention import Sweep, removes, sweeps

from .models import Incident, PlaceReport

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


@removes(RetentionRule.Kind.PLACE_REPORTS)
def place_report_details(place: Municipality | None, before: date) -> int:
    """A place report's description, words, exact position and photo; its kind, area, status and
    the organisation's answer stay for the counts and the case."""
    count = 0
    for report in PlaceReport.objects.filter(municipality=place, purged=False, received_on__lt=before):
        if report.photo:
            report.photo.delete(save=False)
        report.description, report.place, report.latitude, report.longitude = "", "", None, None
        report.photo, report.purged = "", True
        report.save(update_fields=["description", "place", "latitude", "longitude", "photo", "purged"])
        count += 1
    return count
