from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .access import municipalities_for
from .audit import record
from .files import CSV, attachment, csv_bytes
from .models import (
    Area,
    AuditEntry,
    Cycle,
    Membership,
    Municipality,
    OpeningHours,
    Organisation,
    RetentionRule,
)


def limit_to_municipalities(queryset: QuerySet[Any], allowed: QuerySet[Municipality]) -> QuerySet[Any]:
    """Narrow choices to the allowed municipalities, whichever way a model points to one."""
    model = queryset.model
    if model is Municipality:
        return queryset.filter(pk__in=allowed)
    field_names = {field.name for field in model._meta.get_fields()}
    for lookup in ("municipality", "municipalities"):
        if lookup in field_names:
            return queryset.filter(**{f"{lookup}__in": allowed}).distinct()
    return queryset


class MunicipalityScoped:
    """Staff who are not superusers work only in municipalities where they hold a role.

    `roles` names the roles that may edit this model; `municipality_path` is the lookup
    from the model to its municipality. Objects elsewhere are not listed and give 404.
    """

    roles: tuple[str, ...] = (Membership.Role.ADMINISTRATOR,)
    municipality_path = "municipality"

    def allowed_municipalities(self, request: HttpRequest) -> QuerySet[Municipality]:
        return municipalities_for(request.user, *self.roles)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        if request.user.is_superuser:
            return queryset
        allowed = self.allowed_municipalities(request)
        return queryset.filter(**{f"{self.municipality_path}__in": allowed}).distinct()

    def _may_work_here(self, request: HttpRequest) -> bool:
        user = request.user
        if user.is_superuser:
            return True
        return bool(user.is_staff and self.allowed_municipalities(request).exists())

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_work_here(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_work_here(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._may_work_here(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_work_here(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_work_here(request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and not request.user.is_superuser:
            field.queryset = limit_to_municipalities(field.queryset, self.allowed_municipalities(request))
        return field

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and not request.user.is_superuser:
            field.queryset = limit_to_municipalities(field.queryset, self.allowed_municipalities(request))
        return field


class OpeningHoursInline(MunicipalityScoped, admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityScoped, TranslationAdmin):
    municipality_path = "pk"
    list_display = ["name", "official_name", "slug", "code", "is_demo"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline]
    fieldsets = [
        (None, {"fields": ["name", "official_name", "slug", "code", "is_demo"]}),
        (_("Appearance"), {"fields": ["logo", "primary_colour", "link_colour"]}),
        (
            _("Contact block"),
            {"fields": ["contact_phone", "contact_email", "visiting_address", "postal_address", "map_url"]},
        ),
        (_("Citizen promise page"), {"fields": ["promise_page_intro"]}),
        (_("Legal pages"), {"fields": ["privacy_notice", "accessibility_statement"]}),
    ]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # A new tenant is a decision for whoever runs the installation.
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(MunicipalityScoped, admin.ModelAdmin):
    municipality_path = "municipalities"
    list_display = ["name", "kind", "require_two_factor"]
    list_filter = ["kind", "municipalities", "require_two_factor"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities"]


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["municipality", "name", "slug", "kind", "parent", "geometry", "geometry_is_invented"]
        widgets = {"geometry": forms.Textarea(attrs={"rows": 8, "cols": 80})}


@admin.register(Area)
class AreaAdmin(MunicipalityScoped, admin.ModelAdmin):
    form = AreaForm
    list_display = ["name", "municipality", "kind", "parent", "geometry_is_invented"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Cycle)
class CycleAdmin(MunicipalityScoped, admin.ModelAdmin):
    list_display = ["municipality", "year", "survey_opens", "survey_closes"]
    list_filter = ["municipality"]


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organisation", "municipality", "role", "areas"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        municipality = cleaned.get("municipality")
        areas = cleaned.get("areas")
        if municipality and areas and any(area.municipality_id != municipality.pk for area in areas):
            self.add_error("areas", _("Choose only areas in the membership's municipality."))
        return cleaned


@admin.register(Membership)
class MembershipAdmin(MunicipalityScoped, admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "role", "organisation", "municipality"]
    list_filter = ["municipality", "role", "organisation"]
    search_fields = ["user__username", "user__email"]
    filter_horizontal = ["areas"]


class ReadOnly:
    """Records written by the system (imports, the audit log): read in the admin, never edited."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly, MunicipalityScoped, admin.ModelAdmin):
    """Administrators read, filter and export who changed what and who looked at raw data."""

    list_display = ["at", "username", "action", "what", "rows", "municipality"]
    list_filter = ["action", "municipality", ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "what", "path"]
    date_hierarchy = "at"
    change_list_template = "admin/core/auditentry/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        """Also the entries without a municipality (logins, deletions) of staff who work here."""
        if request.user.is_superuser:
            return super().get_queryset(request)
        allowed = self.allowed_municipalities(request)
        return AuditEntry.objects.filter(
            Q(municipality__in=allowed) | Q(municipality=None, user__memberships__municipality__in=allowed)
        ).distinct()

    def get_urls(self) -> list[Any]:
        export = path("export/", self.admin_site.admin_view(self.export), name="core_auditentry_export")
        return [export, *super().get_urls()]

    def export(self, request: HttpRequest) -> HttpResponse:
        """The list as it is filtered on the page, as CSV; the export is itself logged."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        entries = self.get_changelist_instance(request).get_queryset(request).order_by("at", "pk")
        rows = [
            [
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                entry.username,
                entry.action,
                entry.what,
                entry.rows,
                entry.municipality.name if entry.municipality else "",
                entry.path,
            ]
            for entry in entries.select_related("municipality")
        ]
        record(request, None, "export", gettext("Exported the audit log"), len(rows))
        header = ["at", "username", "action", "what", "rows", "municipality", "path"]
        filename = f"audit-{timezone.localdate():%Y-%m-%d}.csv"
        return attachment(csv_bytes(header, rows), CSV, filename)


@admin.register(RetentionRule)
class RetentionRuleAdmin(MunicipalityScoped, admin.ModelAdmin):
    """Administrators set how long each kind of data is kept; `apply_retention` applies it daily."""

    list_display = ["municipality", "kind", "days", "decision"]
    list_filter = ["municipality", "kind"]
