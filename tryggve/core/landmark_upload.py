"""The administration's upload of a file of named places: `import_landmarks` as a form."""

import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import landmarks
from .audit import record
from .forms import limit_choices
from .models import AuditEntry, Municipality


class LandmarkImportForm(forms.Form):
    municipality: "forms.ModelChoiceField[Municipality]" = forms.ModelChoiceField(
        Municipality.objects.none(), label=gettext_lazy("Municipality")
    )
    file = forms.FileField(
        label=gettext_lazy("File of named places"),
        help_text=gettext_lazy(
            "GeoJSON with a Point per place (WGS 84, or SWEREF 99 TM as its crs says), or CSV with the "
            "columns name,lat,lon (WGS 84) or name,north,east (SWEREF 99 TM), and optionally kind."
        ),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Remove the named places the file does not name"), required=False
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, municipality=municipalities)


def import_view(request: HttpRequest, admin: Any) -> HttpResponse:
    """/admin/core/landmark/import/: the file read and checked whole, then stored, or nothing."""
    if not (admin.has_add_permission(request) and admin.has_change_permission(request)):
        raise PermissionDenied
    municipalities = (
        Municipality.objects.all() if request.user.is_superuser else admin.allowed_municipalities(request)
    )
    form = LandmarkImportForm(request.POST or None, request.FILES or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        municipality: Municipality = form.cleaned_data["municipality"]
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
            for chunk in upload.chunks():
                copy.write(chunk)
            copy.flush()
            try:
                places = landmarks.read(Path(copy.name), municipality, file=Path(upload.name).name)
            except landmarks.LandmarkError as error:
                form.add_error(None, _("Nothing was imported: %(reason)s") % {"reason": error})
                places = []
        if places:
            counts = landmarks.store(municipality, places, replace=form.cleaned_data["replace"])
            record(
                request,
                municipality,
                AuditEntry.Action.IMPORT,
                _("named places from %(file)s") % {"file": upload.name},
                counts["created"] + counts["updated"] + counts["removed"],
            )
            messages.success(
                request,
                "named places: {created} created, {updated} updated, {removed} removed".format(**counts),
            )
            changelist = reverse("admin:core_landmark_changelist")
            return HttpResponseRedirect(f"{changelist}?municipality__id__exact={municipality.pk}")
    context = {
        **admin.admin_site.each_context(request),
        "title": _("Import named places from a file"),
        "opts": admin.model._meta,
        "form": form,
    }
    return TemplateResponse(request, "admin/core/landmark/import.html", context)
