"""*Utvärdering*: an analyst's page of one promise's effect evaluation, for any comparison.

Everything is in the query string (GET), so the page works without JavaScript and a result
can be bookmarked or sent to a colleague. Only the municipality's analysts open it: it shows
small groups, marked, as the working lägesbild does.
"""

from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryggve.core.access import holds_role
from tryggve.core.languages import page_language
from tryggve.core.models import Area, Municipality
from tryggve.core.roles import EVALUATE_PROMISES
from tryggve.promises.models import Promise
from tryggve.situation.builder import survey_of_year
from tryggve.surveys.models import Survey

from . import evaluation
from .evaluation_pages import HEADLINE, Choice, chart, choices, rows

SHARE, MEAN = "share", "mean"


def _values(text: str) -> list[int]:
    try:
        found = sorted({int(part) for part in text.replace(" ", "").split(",") if part})
    except ValueError:
        raise forms.ValidationError(
            _("Give the answer values as whole numbers separated by commas, e.g. 3,4.")
        ) from None
    return found


class EvaluationForm(forms.Form):
    question = forms.ChoiceField(label=gettext_lazy("Question"))
    measure = forms.ChoiceField(
        label=gettext_lazy("Measure"),
        choices=[
            (SHARE, gettext_lazy("Share answering the values below")),
            (MEAN, gettext_lazy("Mean of the answers")),
        ],
        widget=forms.RadioSelect,
        initial=SHARE,
        required=False,
    )
    values = forms.CharField(
        label=gettext_lazy("Answer values counted in the share"),
        help_text=gettext_lazy("Comma-separated, e.g. 3,4. Empty: as the lägesbild counts them."),
        required=False,
        max_length=60,
    )
    before = forms.ChoiceField(label=gettext_lazy("Before (survey)"), required=False)
    after = forms.ChoiceField(label=gettext_lazy("After (survey)"), required=False)
    focus = forms.MultipleChoiceField(
        label=gettext_lazy("Focus areas"),
        help_text=gettext_lazy("None chosen: the promise's own focus areas."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, data: Any, offered: list[Choice], surveys: list[Survey], areas: list[Area]) -> None:
        super().__init__(data)
        language = page_language()
        self.offered = {choice.code: choice for choice in offered}
        cast(forms.ChoiceField, self.fields["question"]).choices = [
            (choice.code, f"{choice.title.get(language) or choice.title['sv']} ({choice.code})")
            for choice in offered
        ]
        promise_default = [("", _("The promise's"))]
        surveyed = [(survey.slug, f"{survey.title} ({survey.year})") for survey in surveys]
        for name in ("before", "after"):
            cast(forms.ChoiceField, self.fields[name]).choices = promise_default + surveyed
        cast(forms.ChoiceField, self.fields["focus"]).choices = [(area.slug, area.name) for area in areas]

    def clean_values(self) -> list[int]:
        return _values(self.cleaned_data.get("values") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = self.offered.get(cleaned.get("question", ""))
        if chosen is None:
            return cleaned
        measure = cleaned.get("measure") or (SHARE if chosen.values is not None else MEAN)
        cleaned["measure"] = measure
        if measure == SHARE and not cleaned.get("values"):
            if chosen.values is None:
                self.add_error(
                    "values", _("This question has no scale: give the values to count, or the mean.")
                )
            else:
                cleaned["values"] = chosen.values
        before, after = cleaned.get("before"), cleaned.get("after")
        if before and after and before == after:
            self.add_error("after", _("Before and after are the same survey."))
        return cleaned


def _promise(request: HttpRequest, municipality: str, pk: int) -> tuple[Municipality, Promise]:
    place = get_object_or_404(Municipality, slug=municipality)
    if not holds_role(request.user, place.pk, *EVALUATE_PROMISES):
        raise PermissionDenied
    found: Promise = get_object_or_404(Promise.objects.select_related("cycle"), pk=pk, municipality=place)
    return place, found


@login_required
def evaluation_page(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, promise = _promise(request, municipality, pk)
    surveys = list(Survey.objects.filter(municipality=place).order_by("-year", "slug"))
    basis = survey_of_year(place.pk, promise.last_year) or (surveys[0] if surveys else None)
    offered = choices(basis) if basis is not None else []
    data = request.GET.copy()
    if "question" not in data and offered:
        data["question"] = HEADLINE if any(c.code == HEADLINE for c in offered) else offered[0].code
    areas = list(Area.objects.filter(municipality=place).exclude(kind="municipality").order_by("name"))
    form = EvaluationForm(data, offered, surveys, areas)
    context: dict[str, Any] = {
        "municipality": place,
        "promise": promise,
        "form": form,
        "problem": "",
        "result": None,
    }
    if not offered:
        context["problem"] = _("The municipality has no survey to evaluate with.")
    elif form.is_valid():
        cleaned = form.cleaned_data
        values = cleaned["values"] if cleaned["measure"] == SHARE else None
        try:
            compared = evaluation.comparison(
                place.slug,
                promise.cycle.year,
                before=cleaned["before"] or None,
                after=cleaned["after"] or None,
                focus=cleaned["focus"] or None,
            )
            if not cleaned["focus"]:
                own = [chosen.area for chosen in promise.focus_areas.select_related("area").order_by("order")]
                if own:
                    compared = evaluation.Comparison(
                        compared.municipality,
                        compared.before,
                        compared.after,
                        own,
                        compared.promise,
                        compared.preliminary,
                    )
            found = evaluation.evaluate(compared, cleaned["question"], values)
        except evaluation.EvaluationError as error:
            context["problem"] = str(error)
        else:
            table = rows(found, public=False)
            context["result"] = {
                "evaluation": found,
                "comparison": compared,
                "rows": table,
                "chart": chart(table),
                "did": table[-1],
                "kind": SHARE if values is not None else MEAN,
                "values": values,
                "choice": form.offered[cleaned["question"]],
                "too_small": [evaluation.labels()[name] for name in found.too_small],
                "any_suppressed": any(row.suppressed for row in table),
                "events_placed": any(c.events_focus or c.events_rest for c in found.context),
                "events_without": sum(c.events_without_position for c in found.context),
                "summaries": sum(c.summaries for c in found.context),
            }
    return render(request, "followup/evaluation.html", context)
