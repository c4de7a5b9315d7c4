"""Staff pages of a survey: monitoring while it is open, exports, invitation codes, import.

Every staff role of the municipality sees counts; only analysts export or import answers.
"""

import csv
import io
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from tryggve.core.access import holds_role
from tryggve.core.audit import record
from tryggve.core.files import excel_csv_response
from tryggve.core.models import AuditEntry
from tryggve.core.roles import MAKE_CODES, READ_RESPONSES

from .counts import response_counts
from .models import InvitationCode, Survey, new_invitation_code
from .response_files import (
    PLACE_EXPORT_COLUMNS,
    Columns,
    Importer,
    codebook_header,
    codebook_rows,
    people_codebook_header,
    people_place_header,
    people_place_rows,
    people_response_header,
    people_rows,
    place_rows,
    response_rows,
    workbook,
    write_csv,
)

MAX_CODES = 100_000
MAX_UPLOAD = 50 * 1024 * 1024

View = Callable[..., HttpResponseBase]


def staff_survey(*roles: str) -> Callable[[View], View]:
    """Find the survey and require one of the roles in its municipality (any role if none given)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, municipality: str, survey: str, **kwargs: Any) -> HttpResponseBase:
            found: Survey = get_object_or_404(
                Survey.objects.select_related("municipality"), municipality__slug=municipality, slug=survey
            )
            if not holds_role(request.user, found.municipality_id, *roles):
                raise PermissionDenied
            return view(request, found, **kwargs)

        return wrapper

    return decorator


def _reads_responses(request: HttpRequest, survey: Survey) -> bool:
    return holds_role(request.user, survey.municipality_id, *READ_RESPONSES)


@staff_survey()
def monitoring(request: HttpRequest, survey: Survey) -> HttpResponse:
    """Responses per day and per area against the area's population: counts only."""
    return render(
        request,
        "surveys/staff/monitoring.html",
        {
            "survey": survey,
            "municipality": survey.municipality,
            "counts": response_counts(survey),
            "is_analyst": _reads_responses(request, survey),
            "codes": InvitationCode.objects.filter(survey=survey).aggregate(
                total=Count("pk"), used=Count("pk", filter=Q(used=True))
            ),
        },
    )


def _download_name(survey: Survey, part: str, extension: str) -> str:
    return f"{survey.municipality.slug}-{survey.slug}-{part}.{extension}"


def _about(request: HttpRequest, survey: Survey) -> list[tuple[str, str]]:
    """*Om datan* of the survey's XLSX file."""
    monitoring = reverse("surveys:monitoring", args=[survey.municipality.slug, survey.slug])
    return [
        (
            _("Source"),
            _("%(survey)s %(year)s, %(municipality)s: every response not in quarantine.")
            % {
                "survey": survey.title,
                "year": survey.year,
                "municipality": survey.municipality.official_name or survey.municipality.name,
            },
        ),
        (_("Address"), request.build_absolute_uri(monitoring)),
        (_("Downloaded"), date_format(timezone.localdate(), "j F Y")),
        (
            _("Codes"),
            _(
                "Each answer is a numeric code; the sheet Kodbok gives every column's question and "
                "every code's label. An empty cell is no answer."
            ),
        ),
        (
            _("Small groups"),
            _(
                "The answers are anonymous but individual: publish no figure from fewer than "
                "%(minimum)s respondents (the lägesbild follows that rule)."
            )
            % {"minimum": settings.SITUATION_MIN_RESPONDENTS},
        ),
    ]


@staff_survey(*READ_RESPONSES)
def export(request: HttpRequest, survey: Survey, part: str) -> HttpResponseBase:
    """Responses, places or the codebook as CSV (for programs, or for Swedish Excel), or all
    three as one XLSX file."""
    if part == "xlsx":
        return FileResponse(
            io.BytesIO(workbook(survey, _about(request, survey))),
            as_attachment=True,
            filename=_download_name(survey, "svar", "xlsx"),
        )
    columns = Columns(survey)
    sources = {
        "svar": (columns.header, lambda: response_rows(survey, columns)),
        "platser": (list(PLACE_EXPORT_COLUMNS), lambda: place_rows(survey)),
        "kodbok": (codebook_header(), lambda: codebook_rows(columns)),
    }
    for_people = {
        "svar-excel": (people_response_header(columns), lambda: people_rows(response_rows(survey, columns))),
        "platser-excel": (people_place_header(), lambda: people_place_rows(survey)),
        "kodbok-excel": (people_codebook_header(), lambda: people_rows(codebook_rows(columns))),
    }
    if part in for_people:
        header, typed = for_people[part]
        return excel_csv_response(_download_name(survey, part, "csv"), header, typed())
    if part not in sources:
        raise PermissionDenied
    header, rows = sources[part]
    response = StreamingHttpResponse(write_csv(header, rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(survey, part, "csv")}"'
    return response


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=gettext_lazy("Number of new codes"), min_value=1, max_value=MAX_CODES, initial=100
    )


def create_codes(survey: Survey, count: int) -> int:
    """Add `count` new unique codes to the survey; returns how many were made."""
    made = 0
    while made < count:
        batch = {new_invitation_code() for _ in range(min(count - made, 5000))}
        batch -= set(InvitationCode.objects.filter(code__in=batch).values_list("code", flat=True))
        try:
            with transaction.atomic():
                InvitationCode.objects.bulk_create(InvitationCode(survey=survey, code=code) for code in batch)
        except IntegrityError:  # a code taken meanwhile: draw the batch again
            continue
        made += len(batch)
    return made


@staff_survey(*MAKE_CODES)
def codes(request: HttpRequest, survey: Survey) -> HttpResponseBase:
    """Make invitation codes for a postal sample and download them for the mail merge."""
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = create_codes(survey, form.cleaned_data["count"])
        record(
            request,
            survey.municipality,
            AuditEntry.Action.CREATED,
            _("invitation codes: %(survey)s") % {"survey": survey.slug},
            made,
        )
        text = ngettext("%(made)s new code made.", "%(made)s new codes made.", made) % {"made": made}
        messages.success(request, text)
        # A refresh of the page afterwards must not make another batch.
        return redirect(request.path)
    if "download" in request.GET:
        return _codes_file(request, survey)
    found = InvitationCode.objects.filter(survey=survey)
    return render(
        request,
        "surveys/staff/codes.html",
        {
            "survey": survey,
            "municipality": survey.municipality,
            "form": form,
            "total": found.count(),
            "unused": found.filter(used=False).count(),
        },
        status=400 if form.errors else 200,
    )


def _codes_file(request: HttpRequest, survey: Survey) -> HttpResponseBase:
    """The codes (all, or those not yet used) with the survey's address, for the mail merge: as
    CSV for programs, or (`excel=1`) for Swedish Excel."""
    unused_only = request.GET["download"] == "oanvanda"
    found = InvitationCode.objects.filter(survey=survey)
    if unused_only:
        found = found.filter(used=False)
    address = request.build_absolute_uri(
        reverse("surveys:start", args=[survey.municipality.slug, survey.slug])
    )
    codes = found.order_by("pk").values_list("code", flat=True)
    part = "oanvanda-koder" if unused_only else "koder"
    if request.GET.get("excel"):
        return excel_csv_response(
            _download_name(survey, f"{part}-excel", "csv"),
            [pgettext("download column", "Code"), pgettext("download column", "Address")],
            ([code, address] for code in codes.iterator()),
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["code", "url"])
    for code in codes.iterator():
        writer.writerow([code, address])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(survey, part, "csv")}"'
    return response


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file in the survey format"))
    places = forms.FileField(label=gettext_lazy("Places file (optional)"), required=False)
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Import the valid lines even if some lines are wrong"), required=False
    )


def _uploaded_text(form: ImportForm, name: str) -> str | None:
    """An uploaded file's text, or None (with the reason on the form) if it cannot be read."""
    upload = form.cleaned_data.get(name)
    if upload is None:
        return None
    if upload.size > MAX_UPLOAD:
        form.add_error(name, _("The file is larger than 50 MB."))
        return None
    try:
        return str(upload.read().decode("utf-8-sig"))
    except UnicodeDecodeError:
        form.add_error(name, _("The file must be saved as UTF-8 text (CSV UTF-8)."))
        return None


@staff_survey(*READ_RESPONSES)
def import_file(request: HttpRequest, survey: Survey) -> HttpResponse:
    """Paper answers (or another tool's export) entered from a file, checked line by line."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        texts = {name: _uploaded_text(form, name) for name in ("file", "places")}
        if not form.errors and texts["file"] is not None:
            result = Importer(survey).run(
                texts["file"],
                places=texts["places"] or "",
                skip_invalid=form.cleaned_data["skip_invalid"],
                received_on=min(survey.closes, timezone.localdate()),
            )
            if result.imported:
                what = _("survey responses imported: %(survey)s") % {"survey": survey.slug}
                record(request, survey.municipality, AuditEntry.Action.IMPORT, what, result.imported)
    return render(
        request,
        "surveys/staff/import.html",
        {"survey": survey, "municipality": survey.municipality, "form": form, "result": result},
        status=400 if form.errors or (result and result.problems and not result.imported) else 200,
    )
