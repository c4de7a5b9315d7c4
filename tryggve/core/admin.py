import secrets
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from . import area_upload, landmark_upload, tile_upload
from .access import holds_role_everywhere, municipalities_for, users_in
from .areas import outside_municipality
from .audit import record
from .files import CSV, attachment, csv_bytes, excel_csv_response
from .models import (
    Area,
    AuditEntry,
    Cycle,
    Landmark,
    Membership,
    Municipality,
    OpeningHours,
    Organisation,
    RetentionRule,
)
from .roles import ADMINISTER


def limit_to_municipalities(queryset: QuerySet[Any], allowed: QuerySet[Municipality]) -> QuerySet[Any]:
    """Narrow choices to the allowed municipalities, whichever way a model points to one."""
    model = queryset.model
    if model is Municipality:
        return queryset.filter(pk__in=allowed)
    if model is User:
        return queryset.filter(pk__in=users_in(allowed).values("pk"))
    field_names = {field.name for field in model._meta.get_fields()}
    for lookup in ("municipality", "municipalities"):
        if lookup in field_names:
            return queryset.filter(**{f"{lookup}__in": allowed}).distinct()
    return queryset


class MunicipalityScoped:
    """Staff who are not superusers work only in municipalities where they hold a role.

    `roles` names the roles that may edit this model (a capability of `core.roles`);
    `municipality_path` is the lookup from the model to its municipality. Objects elsewhere
    are not listed and give 404.
    An object that belongs to several municipalities (a police area's organisation, a user
    with roles in two) is changed or deleted only by someone who holds the role in all of
    them; the others may view it, read-only.
    """

    roles: frozenset[str] = ADMINISTER
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
        return self._may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)

    def municipalities_of(self, obj: Model) -> set[int]:
        """The ids of the municipalities the object belongs to, by `municipality_path`."""
        model = self.model  # type: ignore[attr-defined]
        found = model._default_manager.filter(pk=obj.pk).values_list(self.municipality_path, flat=True)
        return {pk for pk in found if pk is not None}

    def _may_change(self, request: HttpRequest, obj: Model | None) -> bool:
        if not self._may_work_here(request):
            return False
        if obj is None or request.user.is_superuser or not isinstance(obj, self.model):  # type: ignore[attr-defined]
            # The list page, or an inline asked about its parent, which its own admin decides.
            return True
        return holds_role_everywhere(request.user, self.municipalities_of(obj), *self.roles)

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

    change_list_template = "admin/core/municipality/change_list.html"

    def get_urls(self) -> list[Any]:
        upload = path("karta/", self.admin_site.admin_view(self.map_archive), name="core_map_archive")
        return [upload, *super().get_urls()]

    def map_archive(self, request: HttpRequest) -> HttpResponse:
        return tile_upload.upload_view(request, self)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # A new tenant is a decision for whoever runs the installation.
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Never in a form: a municipality holds years of residents' answers and reports, each kind
        # removed by its own retention rule (gallringsbeslut), and the admin's confirmation page
        # would list every one of them (half a minute and more for a demo-sized municipality).
        return False


@admin.register(Organisation)
class OrganisationAdmin(MunicipalityScoped, admin.ModelAdmin):
    """A police area serving several municipalities is changed only by someone who administers
    all of them; an administrator of one of them sees it read-only."""

    municipality_path = "municipalities"
    list_display = ["name", "kind", "require_two_factor"]
    list_filter = ["kind", "municipalities", "require_two_factor"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities"]


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = [
            "municipality", "name", "slug", "code", "kind", "parent", "geometry", "region_codes",
            "geometry_is_invented",
        ]  # fmt: skip
        widgets = {"geometry": forms.Textarea(attrs={"rows": 8, "cols": 80})}


@admin.register(Area)
class AreaAdmin(MunicipalityScoped, admin.ModelAdmin):
    form = AreaForm
    list_display = ["name", "municipality", "code", "kind", "parent", "geometry_is_invented"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    change_list_template = "admin/core/area/change_list.html"

    def get_urls(self) -> list[Any]:
        upload = path("import/", self.admin_site.admin_view(self.import_areas), name="core_area_import")
        return [upload, *super().get_urls()]

    def import_areas(self, request: HttpRequest) -> HttpResponse:
        return area_upload.import_view(request, self)


class LandmarkForm(forms.ModelForm):
    class Meta:
        model = Landmark
        fields = ["municipality", "name", "kind", "latitude", "longitude", "position_is_invented"]

    def clean(self) -> dict[str, Any]:
        found: dict[str, Any] = super().clean() or {}
        if any(found.get(name) is None for name in ("municipality", "latitude", "longitude")):
            return found  # the field's own error says what is missing
        municipality: Municipality = found["municipality"]
        if outside_municipality(municipality.areas.all(), found["latitude"], found["longitude"]):
            raise forms.ValidationError(
                _("The point lies outside the areas of %(municipality)s."),
                params={"municipality": municipality},
            )
        return found


@admin.register(Landmark)
class LandmarkAdmin(MunicipalityScoped, admin.ModelAdmin):
    """Named places, named in the lägesbild's hotspot table; imported with `import_landmarks`."""

    form = LandmarkForm
    list_display = ["name", "municipality", "kind", "latitude", "longitude", "position_is_invented"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name"]
    change_list_template = "admin/core/landmark/change_list.html"

    def get_urls(self) -> list[Any]:
        upload = path(
            "import/", self.admin_site.admin_view(self.import_landmarks), name="core_landmark_import"
        )
        return [upload, *super().get_urls()]

    def import_landmarks(self, request: HttpRequest) -> HttpResponse:
        return landmark_upload.import_view(request, self)


@admin.register(Cycle)
class CycleAdmin(MunicipalityScoped, admin.ModelAdmin):
    list_display = ["municipality", "year", "survey_opens", "survey_closes"]
    list_filter = ["municipality"]


def find_account(text: str) -> User | None:
    """The account with exactly this user name, or else the one with this e-mail address."""
    by_name = User.objects.filter(username=text).first()
    if by_name is not None:
        return by_name
    by_email = list(User.objects.filter(email__iexact=text)[:2])
    if len(by_email) > 1:
        raise forms.ValidationError(_("Several accounts have this e-mail address; give the user name."))
    return by_email[0] if by_email else None


class MembershipForm(forms.ModelForm):
    """Whose role: a user who already works in the administrator's municipalities (the list), a
    colleague found by exact user name or e-mail address, or a new account made here."""

    find_user = forms.CharField(
        label=_("Or user name or e-mail address"),
        required=False,
        help_text=_("Exactly as in the colleague's account, for someone not in the list."),
    )
    new_username = forms.CharField(
        label=_("User name"), required=False, max_length=150, validators=[UnicodeUsernameValidator()]
    )
    new_email = forms.EmailField(label=_("E-mail address"), required=False)

    class Meta:
        model = Membership
        fields = ["user", "organisation", "municipality", "role", "areas"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            self.fields["user"].required = False
        self.new_account: User | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ways = [name for name in ("user", "find_user", "new_username") if cleaned.get(name)]
        if len(ways) != 1 and not self.has_error("user") and not self.has_error("new_username"):
            self.add_error(
                None,
                _(
                    "Choose a user in the list, give an existing user's user name or e-mail "
                    "address, or create a new account: one of the three."
                ),
            )
        elif ways == ["find_user"]:
            try:
                found = find_account(cleaned["find_user"])
            except forms.ValidationError as error:
                self.add_error("find_user", error)
            else:
                if found is None:
                    self.add_error("find_user", _("No account has this user name or e-mail address."))
                cleaned["user"] = found
        elif ways == ["new_username"]:
            if User.objects.filter(username__iexact=cleaned["new_username"]).exists():
                self.add_error(
                    "new_username",
                    _("An account with this user name already exists; give it in the field above."),
                )
            email = cleaned.get("new_email")
            if not email:
                self.add_error("new_email", _("A new account needs an e-mail address."))
            elif User.objects.filter(email__iexact=email).exists():
                # Single sign-on finds staff by e-mail address, so it must stay one person's.
                self.add_error(
                    "new_email",
                    _("An account with this e-mail address already exists; give it in the field above."),
                )
        municipality = cleaned.get("municipality")
        areas = cleaned.get("areas")
        if municipality and areas and any(area.municipality_id != municipality.pk for area in areas):
            self.add_error("areas", _("Choose only areas in the membership's municipality."))
        return cleaned

    def save(self, commit: bool = True) -> Membership:
        if self.cleaned_data.get("new_username") and self.instance.user_id is None:
            # A password nobody knows: its owner chooses one through the password reset e-mail.
            self.new_account = User.objects.create_user(
                self.cleaned_data["new_username"],
                self.cleaned_data["new_email"],
                secrets.token_urlsafe(32),
                is_staff=True,
            )
            self.instance.user = self.new_account
        membership: Membership = super().save(commit)
        return membership


@admin.register(Membership)
class MembershipAdmin(MunicipalityScoped, admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "role", "organisation", "municipality"]
    list_filter = ["municipality", "role", "organisation"]
    search_fields = ["user__username", "user__email"]
    filter_horizontal = ["areas"]

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> Any:
        person = (
            _("Person"),
            {
                "fields": ["user", "find_user"],
                "description": _("The list holds the staff of your municipalities."),
            },
        )
        role = (_("Role"), {"fields": ["organisation", "municipality", "role", "areas"]})
        if obj is not None:
            return [person, role]
        new_account = (
            _("Or a new account"),
            {
                "fields": ["new_username", "new_email"],
                "description": _(
                    "For a colleague without an account. They choose a password with “Forgotten "
                    "your password?” on the login page, or log in through single sign-on."
                ),
            },
        )
        return [person, new_account, role]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if form.new_account is not None:
            messages.success(
                request,
                gettext("The account %(username)s was created.") % {"username": form.new_account.username},
            )


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
        excel = path(
            "export-excel/",
            self.admin_site.admin_view(self.export_excel),
            name="core_auditentry_export_excel",
        )
        return [export, excel, *super().get_urls()]

    def _entries(self, request: HttpRequest) -> list[AuditEntry]:
        """The list as it is filtered on the page; the export is itself logged."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        entries = self.get_changelist_instance(request).get_queryset(request).order_by("at", "pk")
        found = list(entries.select_related("municipality"))
        record(request, None, AuditEntry.Action.EXPORT, gettext("Exported the audit log"), len(found))
        return found

    def export(self, request: HttpRequest) -> HttpResponse:
        """The list as it is filtered on the page, as CSV for programs."""
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
            for entry in self._entries(request)
        ]
        header = ["at", "username", "action", "what", "rows", "municipality", "path"]
        filename = f"audit-{timezone.localdate():%Y-%m-%d}.csv"
        return attachment(csv_bytes(header, rows), CSV, filename)

    def export_excel(self, request: HttpRequest) -> HttpResponseBase:
        """The same list for Swedish Excel: local time as Excel reads it, headers and actions in
        the reader's language."""
        rows = [
            [
                entry.at,
                entry.username,
                entry.get_action_display(),
                entry.what,
                entry.rows,
                entry.municipality.name if entry.municipality else "",
                entry.path,
            ]
            for entry in self._entries(request)
        ]
        header = [
            pgettext("download column", "Time"),
            pgettext("download column", "User name"),
            pgettext("download column", "Action"),
            pgettext("download column", "What"),
            pgettext("download column", "Rows"),
            pgettext("download column", "Municipality"),
            pgettext("download column", "Address"),
        ]
        return excel_csv_response(f"audit-{timezone.localdate():%Y-%m-%d}-excel.csv", header, rows)


@admin.register(RetentionRule)
class RetentionRuleAdmin(MunicipalityScoped, admin.ModelAdmin):
    """Administrators set how long each kind of data is kept; `apply_retention` applies it daily."""

    list_display = ["municipality", "kind", "days", "decision"]
    list_filter = ["municipality", "kind"]
