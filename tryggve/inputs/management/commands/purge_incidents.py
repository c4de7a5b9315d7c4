"""Remove what incident reports say past their retention; their category, area and time stay."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from ...models import Incident


class Command(BaseCommand):
    help = (
        "Remove the description, address and position of incident reports whose retention has ended "
        "(TRYGGVE_INCIDENT_RETENTION_DAYS after the report). Run it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            purged = Incident.objects.filter(purged=False, purge_after__lt=timezone.localdate()).update(
                description="", address="", latitude=None, longitude=None, purged=True
            )
        self.stdout.write(f"purged: {purged}")
