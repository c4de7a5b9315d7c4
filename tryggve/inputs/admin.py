from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from tryggve.core.admin import MunicipalityScoped
from tryggve.core.models import Membership

from .models import PoliceEvent


@admin.register(PoliceEvent)
class PoliceEventAdmin(MunicipalityScoped, admin.ModelAdmin):
    """Imported by `import_police_events`; read here, never edited."""

    roles = (Membership.Role.ANALYST, Membership.Role.ADMINISTRATOR)
    list_display = ["happened_at", "kind", "location_name", "area"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "summary"]
    date_hierarchy = "happened_at"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
