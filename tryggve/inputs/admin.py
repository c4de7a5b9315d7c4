from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from tryggve.core.admin import MunicipalityScoped, ReadOnly
from tryggve.core.roles import KEEP_INPUT_LISTS

from .models import Category, PoliceEvent, Topic


@admin.register(PoliceEvent)
class PoliceEventAdmin(ReadOnly, MunicipalityScoped, admin.ModelAdmin):
    """Imported by `import_police_events`; read here, never edited."""

    roles = KEEP_INPUT_LISTS
    list_display = ["happened_at", "kind", "location_name", "area"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "summary"]
    date_hierarchy = "happened_at"


class TaxonomyAdmin(MunicipalityScoped, TranslationAdmin):
    """Analysts keep the shared labels; retired ones stay on earlier records."""

    roles = KEEP_INPUT_LISTS
    list_display = ["name", "slug", "position", "active", "municipality"]
    list_editable = ["position", "active"]
    list_filter = ["municipality", "active"]


@admin.register(Category)
class CategoryAdmin(TaxonomyAdmin):
    pass


@admin.register(Topic)
class TopicAdmin(TaxonomyAdmin):
    pass
