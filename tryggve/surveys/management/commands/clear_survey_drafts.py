"""Remove residents' drafts that have expired: unsent answers and the marks of sent ones."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from tryggve.surveys.models import Draft


class Command(BaseCommand):
    help = "Delete expired survey drafts. Run it daily (see docs/deployment.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted, _by_model = Draft.objects.filter(expires__lte=timezone.now()).delete()
        self.stdout.write(f"Deleted {deleted} expired drafts.")
