from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from tryggve.core.access import acting_user
from tryggve.core.admin import MunicipalityScoped
from tryggve.core.models import Area
from tryggve.core.roles import EDIT_PROMISES

from . import workflow
from .models import Activity, Evidence, FocusArea, Promise


class FrozenWithPromise:
    """A promise's parts can be changed only while the promise can (a draft or in review)."""

    def _open(self, obj: Model | None) -> bool:
        return obj is None or getattr(obj, "is_editable", True)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._open(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._open(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._open(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class FocusAreaInline(FrozenWithPromise, MunicipalityScoped, TranslationTabularInline):
    model = FocusArea
    roles = EDIT_PROMISES
    municipality_path = "promise__municipality"
    extra = 0

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name == "area":  # the whole municipality is no focus area
            field.queryset = field.queryset.exclude(kind=Area.Kind.MUNICIPALITY)
        return field


class ActivityInline(FrozenWithPromise, MunicipalityScoped, TranslationStackedInline):
    model = Activity
    roles = EDIT_PROMISES
    municipality_path = "promise__municipality"
    extra = 0
    filter_horizontal = ["responsible", "areas"]
    fieldsets = [
        (None, {"fields": ["title", "description", "responsible", "order", "public"]}),
        (
            _("Plan (the activity log is measured against it)"),
            {"fields": ["planned_quantity", "unit", "per", "areas", "starts", "ends"]},
        ),
    ]


class EvidenceInline(FrozenWithPromise, MunicipalityScoped, admin.TabularInline):
    """The lägesbild figures that motivate the promise; each is checked against the adopted one."""

    model = Evidence
    roles = EDIT_PROMISES
    municipality_path = "promise__municipality"
    extra = 0
    fields = ["kind", "code", "area", "year", "focus_area", "activity", "order"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        promise_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if field is not None and db_field.name in ("focus_area", "activity"):
            field.queryset = (
                field.queryset.filter(promise_id=promise_id) if promise_id else field.queryset.none()
            )
        return field


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
    """Writing a draft. The status changes only through the workflow page, and from adoption on
    the promise is frozen here (shown read-only)."""

    form = PromiseForm
    roles = EDIT_PROMISES
    list_display = ["__str__", "revision", "status", "decision_date"]
    list_filter = ["municipality", "status"]
    filter_horizontal = ["parties"]
    inlines = [FocusAreaInline, ActivityInline, EvidenceInline]
    readonly_fields = ["status", "revision"]
    fieldsets = [
        (None, {"fields": ["municipality", "cycle", "end_year", "status", "revision", "parties"]}),
        (
            _("Texts for residents"),
            {"fields": ["pledge", "why", "done_so_far", "dialogue_first", "change_note"]},
        ),
        (
            _("Decision"),
            {
                "fields": [
                    "decision_body",
                    "decision_date",
                    "decision_reference",
                    "decision_text",
                    "police_chief",
                    "police_chief_signed_on",
                    "chair",
                    "chair_signed_on",
                ]
            },
        ),
    ]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if isinstance(obj, Promise) and not obj.is_editable:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Promise, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            workflow.record(obj, "", acting_user(request.user))
