from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from tryggve.core.admin import MunicipalityScoped, ReadOnly
from tryggve.core.roles import KEEP_INPUT_LISTS

from .models import Category, KoladaKpi, KoladaValue, PoliceEvent, Topic


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


class KoladaValueInline(ReadOnly, MunicipalityScoped, admin.TabularInline):
    """The figures `import_kolada` stored, read here."""

    model = KoladaValue
    roles = KEEP_INPUT_LISTS
    municipality_path = "kpi__municipality"
    fields = ("year", "gender", "value", "count", "status", "updated_at")
    readonly_fields = ("year", "gender", "value", "count", "status", "updated_at")
    extra = 0


@admin.register(KoladaKpi)
class KoladaKpiAdmin(MunicipalityScoped, admin.ModelAdmin):
    """The Kolada key figures a municipality follows in its lägesbild: their title, description,
    unit and source, from Kolada's KPI response (`import_kolada`) or entered here."""

    roles = KEEP_INPUT_LISTS
    list_display = ["kpi", "title", "unit", "shown", "position", "municipality"]
    list_editable = ["shown", "position"]
    list_filter = ["municipality", "shown"]
    search_fields = ["kpi", "title"]
    inlines = [KoladaValueInline]
