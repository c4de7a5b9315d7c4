"""Staff accounts in the admin, scoped like everything else to the administrator's municipalities.

A municipality's administrator lists the users who hold a role there and changes those who work
only in municipalities they administer; a colleague who also works elsewhere is read-only for
them, as are superusers. Accounts are created on the membership page, with their first role.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import Model
from django.http import HttpRequest

from tryggve.core.admin import MunicipalityScoped

# What makes an account more than its municipalities' staff: for superusers only.
SUPERUSER_FIELDS = {"is_superuser", "groups", "user_permissions"}

admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(MunicipalityScoped, UserAdmin):
    municipality_path = "memberships__municipality"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # Administrators create an account together with its first role, on the membership page.
        return request.user.is_superuser

    def _may_change(self, request: HttpRequest, obj: Model | None) -> bool:
        if isinstance(obj, User) and obj.is_superuser and not request.user.is_superuser:
            return False
        return super()._may_change(request, obj)

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in SUPERUSER_FIELDS]})
            for name, options in fieldsets
        ]

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = super().get_list_filter(request)
        return filters if request.user.is_superuser else [f for f in filters if f not in SUPERUSER_FIELDS]
