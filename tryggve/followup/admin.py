from django.contrib import admin

from tryggve.core.admin import MunicipalityScoped
from tryggve.core.models import Membership

from .models import ActivityLog


@admin.register(ActivityLog)
class ActivityLogAdmin(MunicipalityScoped, admin.ModelAdmin):
    """Analysts correct or remove entries logged by mistake."""

    roles = (Membership.Role.ANALYST, Membership.Role.ADMINISTRATOR)
    municipality_path = "activity__promise__municipality"
    list_display = ["done_on", "activity", "area", "quantity", "people_met", "organisation"]
    list_filter = ["activity__promise__municipality", "activity__promise"]
    date_hierarchy = "done_on"
    search_fields = ["note"]
