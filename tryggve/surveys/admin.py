"""The survey builder and the analysts' tools for answers, in the admin.

Analysts build surveys from the ready template or a copy of last year's, edit every text in
Swedish, English and Arabic, and quarantine or redact answers. Answers are never added or
edited here except free text that is redacted.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from tryggve.core.admin import MunicipalityScoped
from tryggve.core.forms import limit_choices
from tryggve.core.models import Municipality
from tryggve.core.roles import BUILD_SURVEYS, READ_RESPONSES

from .definition import a_year_later, build_survey, copy_survey
from .models import Answer, FreeText, Item, Option, Page, PlaceMark, QuarantineLog, Question, Response, Survey
from .responses import responses_counted
from .standard_questions import TEMPLATE


class PageInline(MunicipalityScoped, TranslationTabularInline):
    model = Page
    roles = BUILD_SURVEYS
    municipality_path = "survey__municipality"
    extra = 0


class NewSurveyForm(forms.Form):
    municipality: "forms.ModelChoiceField[Municipality]" = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), label=_("municipality")
    )
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    slug = forms.SlugField(label=_("address name"), help_text=_("Part of the survey's web address."))
    opens = forms.DateField(label=_("opens"), widget=forms.DateInput(attrs={"type": "date"}))
    closes = forms.DateField(label=_("closes"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes < opens:
            self.add_error("closes", _("The survey cannot close before it opens."))
        municipality, slug = cleaned.get("municipality"), cleaned.get("slug")
        if municipality and slug and Survey.objects.filter(municipality=municipality, slug=slug).exists():
            self.add_error("slug", _("The municipality already has a survey with this address name."))
        return cleaned


@admin.register(Survey)
class SurveyAdmin(MunicipalityScoped, TranslationAdmin):
    roles = BUILD_SURVEYS
    list_display = ["title", "municipality", "year", "opens", "closes", "access", "staff_links"]
    list_filter = ["municipality", "year"]
    inlines = [PageInline]
    actions = ["copy_to_next_year"]
    readonly_fields = ["staff_links"]
    fieldsets = [
        (None, {"fields": ["municipality", "year", "slug", "opens", "closes", "access", "staff_links"]}),
        (_("Texts for residents"), {"fields": ["title", "intro", "thanks"]}),
    ]

    @admin.display(description=_("Pages for staff"))
    def staff_links(self, survey: Survey) -> str:
        if not survey.pk:
            return "–"
        args = [survey.municipality.slug, survey.slug]
        return format_html(
            '<a href="{}">{}</a> · <a href="{}?preview">{}</a> · <a href="{}">{}</a>',
            reverse("surveys:monitoring", args=args),
            gettext("Responses so far"),
            reverse("surveys:start", args=args),
            gettext("Preview"),
            reverse("admin:surveys_question_changelist") + f"?survey__id__exact={survey.pk}",
            gettext("Questions"),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "fran-mall/",
                self.admin_site.admin_view(self.from_template),
                name="surveys_survey_from_template",
            ),
            *super().get_urls(),
        ]

    def from_template(self, request: HttpRequest) -> HttpResponse:
        """A new survey with the ready template's questions, to adapt."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = NewSurveyForm(request.POST or None)
        limit_choices(
            form,
            municipality=(
                Municipality.objects.all()
                if request.user.is_superuser
                else self.allowed_municipalities(request)
            ),
        )
        if request.method == "POST" and form.is_valid():
            survey = build_survey(TEMPLATE, **form.cleaned_data)
            messages.success(
                request, gettext("The survey was created from the template. Adapt it as needed.")
            )
            return HttpResponseRedirect(reverse("admin:surveys_survey_change", args=[survey.pk]))
        return render(
            request,
            "admin/surveys/survey/from_template.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "title": gettext("New survey from the template"),
            },
        )

    @admin.action(description=_("Copy to next year (same questions, dates a year later)"))
    def copy_to_next_year(self, request: HttpRequest, queryset: QuerySet[Survey]) -> None:
        for survey in queryset:
            year = survey.year + 1
            slug = f"{survey.slug.removesuffix(f'-{survey.year}')}-{year}"
            if Survey.objects.filter(municipality=survey.municipality, slug=slug).exists():
                messages.error(request, gettext("%(slug)s already exists.") % {"slug": slug})
                continue
            copy = copy_survey(
                survey,
                year=year,
                slug=slug,
                opens=a_year_later(survey.opens),
                closes=a_year_later(survey.closes),
            )
            messages.success(request, gettext("Created %(survey)s.") % {"survey": copy})


class OptionInline(MunicipalityScoped, TranslationTabularInline):
    """The question's options; `counted` ticks the answers the lägesbild's share counts."""

    model = Option
    roles = BUILD_SURVEYS
    municipality_path = "question__survey__municipality"
    extra = 0


class ItemInline(MunicipalityScoped, TranslationTabularInline):
    model = Item
    roles = BUILD_SURVEYS
    municipality_path = "question__survey__municipality"
    extra = 0


@admin.register(Question)
class QuestionAdmin(MunicipalityScoped, TranslationAdmin):
    roles = BUILD_SURVEYS
    municipality_path = "survey__municipality"
    list_display = ["code", "text", "kind", "page", "weighting", "required"]
    list_filter = ["survey", "kind"]
    search_fields = ["code", "text"]
    inlines = [OptionInline, ItemInline]
    fieldsets = [
        (None, {"fields": ["survey", "page", "order", "code", "kind", "required", "weighting"]}),
        (_("Texts for residents"), {"fields": ["text", "help"]}),
        (_("Numbers"), {"fields": ["min_value", "max_value"]}),
        (_("Skip logic"), {"fields": ["show_if", "show_if_values"]}),
    ]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name in ("page", "show_if") and not request.user.is_superuser:
            field.queryset = field.queryset.filter(
                survey__municipality__in=self.allowed_municipalities(request)
            )
        return field


class ResponseForm(forms.ModelForm):
    class Meta:
        model = Response
        fields = ["quarantined", "quarantine_reason"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "quarantined" in self.changed_data and not cleaned.get("quarantine_reason", "").strip():
            self.add_error("quarantine_reason", _("Say why, so the decision can be understood later."))
        return cleaned


class AnswerInline(MunicipalityScoped, admin.TabularInline):
    model = Answer
    roles = READ_RESPONSES
    municipality_path = "response__survey__municipality"
    fields = ["question", "item", "value", "text"]
    readonly_fields = ["question", "item", "value", "text"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


@admin.register(Response)
class ResponseAdmin(MunicipalityScoped, admin.ModelAdmin):
    """Analysts read responses and quarantine suspicious ones; nothing else can change."""

    roles = READ_RESPONSES
    municipality_path = "survey__municipality"
    form = ResponseForm
    list_display = ["__str__", "survey", "received_on", "channel", "area", "sex", "age_band", "quarantined"]
    list_filter = ["survey", "quarantined", "channel", "received_on"]
    readonly_fields = ["survey", "received_on", "channel", "area", "sex", "age_band", "quarantine_history"]
    fields = [
        "survey",
        "received_on",
        "channel",
        "area",
        "sex",
        "age_band",
        "quarantined",
        "quarantine_reason",
        "quarantine_history",
    ]
    inlines = [AnswerInline]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    @admin.display(description=_("Quarantine history"))
    def quarantine_history(self, response: Response) -> str:
        entries = response.quarantine_log.select_related("by")
        return (
            "; ".join(
                f"{entry.at:%Y-%m-%d} {entry.by or '–'}: "
                f"{gettext('in quarantine') if entry.quarantined else gettext('released')} ({entry.reason})"
                for entry in entries
            )
            or "–"
        )

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Response, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "quarantined" in form.changed_data:
            answers = list(obj.answers.select_related("item"))
            places = list(obj.places.all())
            responses_counted.send(
                Response, built=[(obj, answers, places)], sign=-1 if obj.quarantined else 1
            )
            QuarantineLog.objects.create(
                response=obj,
                quarantined=obj.quarantined,
                reason=obj.quarantine_reason,
                by=request.user if request.user.is_authenticated else None,
            )


@admin.register(FreeText)
class FreeTextAdmin(MunicipalityScoped, admin.ModelAdmin):
    """Analysts redact free text by hand and approve what may be published."""

    roles = READ_RESPONSES
    municipality_path = "response__survey__municipality"
    list_display = ["text", "question", "text_approved"]
    list_editable = ["text_approved"]
    list_filter = ["question__survey", "text_approved"]
    fields = ["question", "text", "text_approved"]
    readonly_fields = ["question"]
    search_fields = ["text"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).exclude(text="").select_related("question")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


@admin.register(PlaceMark)
class PlaceMarkAdmin(MunicipalityScoped, admin.ModelAdmin):
    roles = READ_RESPONSES
    municipality_path = "response__survey__municipality"
    list_display = ["area", "description", "reason", "latitude", "longitude", "text_approved"]
    list_editable = ["text_approved"]
    list_filter = ["question__survey", "area", "text_approved"]
    fields = ["question", "area", "latitude", "longitude", "description", "reason", "text_approved"]
    readonly_fields = ["question", "area", "latitude", "longitude"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False
