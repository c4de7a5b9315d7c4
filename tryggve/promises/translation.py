"""Texts stored per language (Swedish required, others fall back to Swedish)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Activity, CauseAnalysis, FocusArea, Problem, Promise


@register(Promise)
class PromiseTranslation(TranslationOptions):
    fields = (
        "pledge",
        "why",
        "done_so_far",
        "dialogue_first",
        "decision_body",
        "decision_text",
        "change_note",
    )
    required_languages = ("sv",)


@register(FocusArea)
class FocusAreaTranslation(TranslationOptions):
    fields = ("description",)


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("sv",)


@register(Problem)
class ProblemTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("sv",)


@register(CauseAnalysis)
class CauseAnalysisTranslation(TranslationOptions):
    fields = ("public_summary",)
