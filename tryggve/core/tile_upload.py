"""The administration's upload of the maps' PMTiles archive (`core.tiles`), for superusers:
the archive serves every municipality of the installation."""

import os
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import tiles


class ArchiveForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Map archive (PMTiles)"),
        help_text=gettext_lazy(
            "A raster PMTiles file (PNG, JPEG or WebP tiles) of the region; it replaces the map in use."
        ),
    )


def described(found: tiles.Archive, size: int) -> dict[str, Any]:
    header = found.header
    return {
        "zooms": f"{header['min_zoom']}–{header['max_zoom']}",
        "megabytes": round(size / 1024 / 1024, 1),
        "attribution": found.attribution,
    }


def upload_view(request: HttpRequest, admin: Any) -> HttpResponse:
    """/admin/core/municipality/karta/: the archive checked as the maps read it, then put in place
    of the one in use in one step (a map being drawn meanwhile gets the old tiles or the new)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    target = tiles.archive_path()
    form = ArchiveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".pmtiles", delete=False) as copy:
            for chunk in upload.chunks():
                copy.write(chunk)
        new = Path(copy.name)
        try:
            found = tiles.inspect(new)
        except tiles.NotRaster:
            form.add_error("file", _("The archive holds vector tiles or another kind the maps cannot draw: "
                                     "give one of PNG, JPEG or WebP tiles."))  # fmt: skip
        except tiles.NotAnArchive:
            form.add_error("file", _("The file is not a PMTiles archive (version 3)."))
        else:
            os.replace(new, target)
            facts = described(found, target.stat().st_size)
            messages.success(
                request,
                _("The map is replaced: zoom %(zooms)s, %(megabytes)s MB.") % facts,
            )
            return HttpResponseRedirect(reverse("admin:core_map_archive"))
        new.unlink(missing_ok=True)
    current = tiles.archive()
    context = {
        **admin.admin_site.each_context(request),
        "title": _("Map archive"),
        "opts": admin.model._meta,
        "form": form,
        "path": target,
        "current": described(current, target.stat().st_size) if current else None,
    }
    return TemplateResponse(request, "admin/core/map_archive.html", context)
