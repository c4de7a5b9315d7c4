from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from tryggve.core.admin import MunicipalityScoped
from tryggve.core.roles import ANALYSE

from .models import NationalFigure, Situation, Theme, Weighting


@admin.register(Weighting)
class WeightingAdmin(MunicipalityScoped, admin.ModelAdmin):
    """Analysts join age bands when cells lack respondents or residents."""

    roles = ANALYSE
    municipality_path = "survey__municipality"
    list_display = ["survey", "age_band_groups"]


@admin.register(Situation)
class SituationAdmin(MunicipalityScoped, admin.ModelAdmin):
    """Adopted versions are listed here; they are made on the lägesbild page and never edited."""

    roles = ANALYSE
    list_display = ["municipality", "year", "version", "adopted_on", "decision"]
    list_filter = ["municipality", "year"]
    readonly_fields = [
        "municipality",
        "year",
        "version",
        "survey",
        "adopted_on",
        "decision",
        "adopted_by",
        "created_at",
    ]
    exclude = ["data"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Theme)
class ThemeAdmin(MunicipalityScoped, admin.ModelAdmin):
    """The words that find each free-text theme; a municipality without themes uses the defaults."""

    roles = ANALYSE
    list_display = ["name", "words", "order", "municipality"]
    list_editable = ["words", "order"]
    list_filter = ["municipality"]


@admin.register(NationalFigure)
class NationalFigureAdmin(MunicipalityScoped, admin.ModelAdmin):
    """National and county figures (e.g. Brå's NTU) shown beside the municipality's estimates."""

    roles = ANALYSE
    list_display = ["indicator", "level", "year", "value", "source", "municipality"]
    list_filter = ["municipality", "indicator", "level"]
