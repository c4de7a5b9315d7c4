"""The administration's upload of a boundary file: `import_areas` as a form, with a preview map.

The first step reads the file and shows what it would create and update, on a map and in a
table, changing nothing; the uploaded files wait in the local folder under a random token kept
in the user's session. The second step imports them (`area_import.store`) and removes them.
"""

import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import area_import
from .audit import record
from .boundaries import SUFFIXES, BoundaryError, read_features
from .forms import limit_choices
from .maps import map_settings
from .models import Area, AuditEntry, Municipality

SESSION_KEY = "area_uploads"
KEPT_SECONDS = 24 * 3600


def upload_folder() -> Path:
    return Path(settings.LOCAL_DIR) / "area-uploads"


class AreaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.municipality} – {obj.name}"


class AreaImportForm(forms.Form):
    municipality: "forms.ModelChoiceField[Municipality]" = forms.ModelChoiceField(
        Municipality.objects.none(), label=gettext_lazy("Municipality")
    )
    file = forms.FileField(
        label=gettext_lazy("Boundary file"),
        required=False,
        help_text=gettext_lazy(
            "A GeoPackage (.gpkg), a zipped Shapefile (.zip) or GeoJSON (.geojson), in SWEREF 99 TM, "
            "a SWEREF 99 local zone or WGS 84, e.g. SCB's DeSO or RegSO or Lantmäteriet's municipal border."
        ),
    )
    layer = forms.CharField(
        label=gettext_lazy("Layer"), required=False, help_text=gettext_lazy("Only if the file has several.")
    )
    code_field = forms.CharField(
        label=gettext_lazy("Code field"),
        required=False,
        help_text=gettext_lazy(
            "The field with each feature's official code; empty: deso, regsokod, kommunkod, …"
        ),
    )
    name_field = forms.CharField(
        label=gettext_lazy("Name field"),
        required=False,
        help_text=gettext_lazy(
            "The field with the area's name; empty: namn, regso, kommunnamn, … or the code."
        ),
    )
    group_by = forms.CharField(
        label=gettext_lazy("Merge by field"),
        required=False,
        help_text=gettext_lazy("Features with the same value in this field make one area, e.g. regsokod."),
    )
    mapping = forms.FileField(
        label=gettext_lazy("Mapping file (CSV)"),
        required=False,
        help_text=gettext_lazy(
            "Lines code,area[,kind]: which area each feature is part of (instead of merging by field)."
        ),
    )
    parent = AreaChoice(
        Area.objects.none(),
        label=gettext_lazy("Part of"),
        required=False,
        help_text=gettext_lazy("Empty: the whole municipality's area, if there is one."),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(municipality__in=municipalities).select_related("municipality")
        limit_choices(self, municipality=municipalities, parent=areas)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("group_by") and data.get("mapping"):
            raise forms.ValidationError(_("Merge by a field or by a mapping file, not both."))
        parent, municipality = data.get("parent"), data.get("municipality")
        if parent is not None and municipality is not None and parent.municipality_id != municipality.pk:
            self.add_error("parent", _("Choose an area of the same municipality."))
        upload = data.get("file")
        if upload is not None and Path(upload.name).suffix.lower() not in SUFFIXES:
            self.add_error(
                "file",
                _("Give a GeoPackage (.gpkg), a zipped Shapefile (.zip) or a GeoJSON file (.geojson)."),
            )
        if upload is None and not data.get("token"):
            self.add_error("file", _("Choose the boundary file."))
        return data


def _forget_old_uploads() -> None:
    folder = upload_folder()
    if not folder.exists():
        return
    for upload in folder.iterdir():
        if upload.stat().st_mtime < time.time() - KEPT_SECONDS:
            shutil.rmtree(upload, ignore_errors=True)


OPTIONS = ("municipality", "layer", "code_field", "name_field", "group_by", "parent")


def _options(form: AreaImportForm) -> dict[str, str]:
    """The choices a preview was made with, as the form posts them."""
    return {name: str(form.data.get(name, "")) for name in OPTIONS}


def _keep(request: HttpRequest, form: AreaImportForm) -> tuple[str, dict[str, Any]]:
    """The uploaded files in a folder of their own, and what the session remembers of them."""
    _forget_old_uploads()
    token = secrets.token_urlsafe(24)
    folder = upload_folder() / token
    folder.mkdir(parents=True)
    kept: dict[str, Any] = {"options": _options(form)}
    for field in ("file", "mapping"):
        upload = form.cleaned_data.get(field)
        if upload is None:
            continue
        kept[field] = Path(upload.name).name
        # Stored under a fixed name with the upload's suffix, never under a name it chose.
        with open(folder / f"{field}{Path(upload.name).suffix.lower()}", "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    request.session.setdefault(SESSION_KEY, {})[token] = kept
    request.session.modified = True
    return token, kept


def _stored(folder: Path, field: str) -> Path | None:
    return next(iter(sorted(folder.glob(f"{field}.*"))), None)


def _plan(form: AreaImportForm, folder: Path, names: dict[str, Any]) -> area_import.Plan:
    data = form.cleaned_data
    path = _stored(folder, "file")
    if path is None:
        raise BoundaryError(_("The uploaded file is gone: choose it again."))
    mapping_path = _stored(folder, "mapping")
    mapping = area_import.read_mapping(mapping_path, names.get("mapping", "")) if mapping_path else None
    if mapping is not None and data["group_by"]:
        raise BoundaryError(_("Merge by a field or by a mapping file, not both."))
    features = read_features(
        path,
        file=names["file"],
        layer=data["layer"],
        code_field=data["code_field"],
        name_field=data["name_field"],
        group_field=data["group_by"],
    )
    return area_import.plan(
        data["municipality"],
        features,
        file=names["file"],
        grouped=bool(data["group_by"]),
        mapping=mapping,
        parent=data["parent"],
    )


def _forget(request: HttpRequest, token: str) -> None:
    shutil.rmtree(upload_folder() / token, ignore_errors=True)
    request.session.get(SESSION_KEY, {}).pop(token, None)
    request.session.modified = True


def import_view(request: HttpRequest, admin: Any) -> HttpResponse:
    """/admin/core/area/import/: preview (changes nothing), then import what was previewed."""
    if not (admin.has_add_permission(request) and admin.has_change_permission(request)):
        raise PermissionDenied
    municipalities = admin.allowed_municipalities(request)
    if request.user.is_superuser:
        municipalities = Municipality.objects.all()
    form = AreaImportForm(request.POST or None, request.FILES or None, municipalities=municipalities)
    plan = None
    token = ""
    if request.method == "POST" and form.is_valid():
        sessions: dict[str, dict[str, Any]] = request.session.get(SESSION_KEY, {})
        new_upload = form.cleaned_data.get("file") is not None
        if new_upload:
            token, kept = _keep(request, form)
        else:
            token = form.cleaned_data["token"]
            kept = sessions.get(token, {})
        if not kept:
            form.add_error("file", _("The uploaded file is gone: choose it again."))
        else:
            try:
                plan = _plan(form, upload_folder() / token, kept)
            except BoundaryError as error:
                form.add_error(None, _("Nothing was imported: %(reason)s") % {"reason": error})
                _forget(request, token)
                token = ""
        confirmed = "import" in request.POST and not new_upload and kept.get("options") == _options(form)
        if plan is not None and confirmed:
            created, updated = area_import.store(plan)
            _forget(request, token)
            record(
                request,
                plan.municipality,
                AuditEntry.Action.IMPORT,
                _("areas from %(file)s") % {"file": plan.file},
                created + updated,
            )
            messages.success(request, f"areas: {created} created, {updated} updated")
            changelist = reverse("admin:core_area_changelist")
            return HttpResponseRedirect(f"{changelist}?municipality__id__exact={plan.municipality.pk}")
        if plan is not None:
            # The preview: the same choices, the files kept under the token, and nothing imported yet.
            kept["options"] = _options(form)
            request.session.modified = True
            form = AreaImportForm(
                {**{name: form.data.get(name, "") for name in OPTIONS}, "token": token},
                municipalities=municipalities,
            )
            form.is_valid()
    context = {
        **admin.admin_site.each_context(request),
        "title": _("Import areas from a boundary file"),
        "opts": admin.model._meta,
        "form": form,
        "plan": plan,
        "token": token,
        "preview": plan.feature_collection() if plan else None,
        "map": map_settings(plan.municipality) if plan else None,
    }
    return TemplateResponse(request, "admin/core/area/import.html", context)
