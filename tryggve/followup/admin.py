from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tryggve.core.admin import MunicipalityScoped
from tryggve.core.roles import EDIT_FOLLOWUP

from .forms import IndicatorForm
from .models import ActivityLog, Indicator


@admin.register(ActivityLog)
class ActivityLogAdmin(MunicipalityScoped, admin.ModelAdmin):
    """Analysts correct or remove entries logged by mistake."""

    roles = EDIT_FOLLOWUP
    municipality_path = "activity__promise__municipality"
    list_display = ["done_on", "activity", "area", "quantity", "people_met", "organisation"]
    list_filter = ["activity__promise__municipality", "activity__promise"]
    date_hierarchy = "done_on"
    search_fields = ["note"]


@admin.register(Indicator)
class IndicatorAdmin(MunicipalityScoped, admin.ModelAdmin):
    """How an activity's effect is measured, shown to residents on the promise page."""

    form = IndicatorForm
    roles = EDIT_FOLLOWUP
    municipality_path = "activity__promise__municipality"
    list_display = ["activity", "kind", "code", "area", "baseline_year", "target_year", "target"]
    list_filter = ["activity__promise__municipality", "kind"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name == "activity" and not request.user.is_superuser:
            field.queryset = field.queryset.filter(
                promise__municipality__in=self.allowed_municipalities(request)
            )
        return field
