"""A new municipality in one sitting: the administrator's guided set-up (issue 27.4).

After a superuser has created the municipality (name, address name, code), its administrator
follows `/konto/kom-igang/<kommun>/`: each step says whether it is done, derived from the data
(never ticked by hand), and leads to the page where it is done — the municipality's page in the
administration (logo, colours, contact block), the boundary-file upload (areas), the population
upload here (`population`: a CSV or SCB's JSON-stat file, through `import_population`), the
organisations (shared ones, such as the police area, are joined by a superuser or by an
administrator of every municipality involved), the memberships (staff and their roles) and a
survey from the template. The first step not done is the next one.
"""

import io
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryggve.core.access import holds_role
from tryggve.core.audit import record
from tryggve.core.models import (
    DEFAULT_COLOUR,
    Area,
    AuditEntry,
    Membership,
    Municipality,
    Organisation,
    Population,
)
from tryggve.core.roles import ADMINISTER
from tryggve.surveys.models import Survey


@dataclass
class Step:
    title: str
    done: bool
    status: str
    url: str
    action: str


def administered(request: HttpRequest, slug: str) -> Municipality:
    municipality = get_object_or_404(Municipality, slug=slug)
    if not (request.user.is_superuser or holds_role(request.user, municipality.pk, *ADMINISTER)):
        raise PermissionDenied
    return municipality


def steps(municipality: Municipality) -> list[Step]:
    areas = municipality.areas.exclude(kind=Area.Kind.MUNICIPALITY)
    outlined = areas.exclude(geometry=None).count()
    years = sorted(
        set(Population.objects.filter(area__municipality=municipality).values_list("year", flat=True))
    )
    partners = municipality.organisations.exclude(kind=Organisation.Kind.KOMMUN).count()
    staff = Membership.objects.filter(municipality=municipality).values("user").distinct().count()
    surveys = Survey.objects.filter(municipality=municipality).count()
    looks = bool(municipality.logo) and municipality.primary_colour != DEFAULT_COLOUR
    contact = bool(municipality.contact_email or municipality.contact_phone)
    change = reverse("admin:core_municipality_change", args=[municipality.pk])
    return [
        Step(
            _("Logo, colours and contact block"),
            looks and contact,
            _("Logo and own colours: %(looks)s. Contact details: %(contact)s.")
            % {
                "looks": _("yes") if looks else _("not yet"),
                "contact": _("yes") if contact else _("not yet"),
            },
            change,
            _("Open the municipality's page"),
        ),
        Step(
            _("Areas"),
            outlined > 0,
            _("%(count)s areas with an outline.") % {"count": outlined},
            reverse("admin:core_area_import"),
            _("Import a boundary file"),
        ),
        Step(
            _("Population"),
            bool(years),
            _("Counts for %(years)s.") % {"years": ", ".join(map(str, years))}
            if years
            else _("No counts yet."),
            reverse("accounts:setup_population", args=[municipality.slug]),
            _("Import population counts"),
        ),
        Step(
            _("Partner organisations"),
            partners > 0,
            _("%(count)s organisations besides the kommun (the police area too).") % {"count": partners},
            reverse("admin:core_organisation_changelist"),
            _("Add or join organisations"),
        ),
        Step(
            _("Staff and their roles"),
            staff > 1,
            _("%(count)s staff with a role.") % {"count": staff},
            reverse("admin:core_membership_add"),
            _("Give a role"),
        ),
        Step(
            _("The survey from the template"),
            surveys > 0,
            _("%(count)s surveys.") % {"count": surveys},
            reverse("admin:surveys_survey_from_template"),
            _("Make the survey"),
        ),
    ]


@login_required
def overview(request: HttpRequest, municipality: str) -> HttpResponse:
    """/konto/kom-igang/<kommun>/: the steps, what each has done, and the next one."""
    place = administered(request, municipality)
    found = steps(place)
    following = next((step for step in found if not step.done), None)
    return render(request, "accounts/setup.html", {"place": place, "steps": found, "following": following})


class PopulationForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year the counts are weighted for"), min_value=2000, max_value=2100
    )
    file = forms.FileField(
        label=gettext_lazy("Population file"),
        help_text=gettext_lazy(
            "SCB's table saved as JSON-stat 2.0 (e.g. FolkmDesoAldKon) or a CSV file "
            "area,sex,age_band,population."
        ),
    )
    from_year = forms.IntegerField(
        label=gettext_lazy("Year in the file"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=gettext_lazy("Empty: the same year. E.g. last year's counts for this year's survey."),
    )


@login_required
def population(request: HttpRequest, municipality: str) -> HttpResponse:
    """/konto/kom-igang/<kommun>/befolkning/: `import_population` as an upload, all or nothing."""
    place = administered(request, municipality)
    form = PopulationForm(
        request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year}
    )
    output = problems = ""
    if request.method == "POST" and form.is_valid():
        folder = Path(settings.LOCAL_DIR) / "population-uploads" / secrets.token_urlsafe(16)
        folder.mkdir(parents=True)
        upload = form.cleaned_data["file"]
        suffix = ".json" if upload.name.lower().endswith(".json") else ".csv"
        path = folder / f"befolkning{suffix}"
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        stdout, stderr = io.StringIO(), io.StringIO()
        year = form.cleaned_data["year"]
        options = (
            ["--from-year", str(form.cleaned_data["from_year"])] if form.cleaned_data["from_year"] else []
        )
        try:
            call_command(
                "import_population", place.slug, str(year), str(path), *options, stdout=stdout, stderr=stderr
            )
        except CommandError as error:
            problems = "\n".join(filter(None, [stderr.getvalue().strip(), str(error)]))
        else:
            record(request, place, AuditEntry.Action.IMPORT, _("population %(year)s") % {"year": year})
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        output = stdout.getvalue().strip()
    return render(
        request,
        "accounts/setup_population.html",
        {"place": place, "form": form, "output": output, "problems": problems},
    )
