from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from tryggve.core.admin import MunicipalityScoped
from tryggve.core.models import Membership

from .models import Activity, FocusArea, Promise

EDITING_ROLES = (Membership.Role.ANALYST, Membership.Role.ADMINISTRATOR)


class FocusAreaInline(MunicipalityScoped, TranslationTabularInline):
    model = FocusArea
    roles = EDITING_ROLES
    municipality_path = "promise__municipality"
    extra = 0


class ActivityInline(MunicipalityScoped, TranslationStackedInline):
    model = Activity
    roles = EDITING_ROLES
    municipality_path = "promise__municipality"
    extra = 0
    filter_horizontal = ["responsible", "areas"]
    fieldsets = [
        (None, {"fields": ["title", "description", "responsible", "order"]}),
        (
            _("Plan (the activity log is measured against it)"),
            {"fields": ["planned_quantity", "unit", "per", "areas", "starts", "ends"]},
        ),
    ]


class PromiseForm(forms.ModelForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        municipality = cleaned.get("municipality")
        parties = cleaned.get("parties")
        if municipality and parties:
            outside = [
                party.name
                for party in parties
                if not party.municipalities.filter(pk=municipality.pk).exists()
            ]
            if outside:
                self.add_error(
                    "parties",
                    _("%(names)s does not take part in %(municipality)s.")
                    % {"names": ", ".join(outside), "municipality": municipality},
                )
        return cleaned


@admin.register(Promise)
class PromiseAdmin(MunicipalityScoped, TranslationAdmin):
    form = PromiseForm
    roles = EDITING_ROLES
    list_display = ["__str__", "status", "decision_date"]
    list_filter = ["municipality", "status"]
    filter_horizontal = ["parties"]
    inlines = [FocusAreaInline, ActivityInline]
    fieldsets = [
        (None, {"fields": ["municipality", "cycle", "end_year", "status", "parties"]}),
        (_("Texts for residents"), {"fields": ["pledge", "why", "done_so_far", "dialogue_first"]}),
        (
            _("Decision"),
            {"fields": ["decision_body", "decision_date", "decision_reference", "decision_text"]},
        ),
    ]
