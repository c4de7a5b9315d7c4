"""Texts stored per language (Swedish first, the others fall back to Swedish)."""

from modeltranslation.translator import TranslationOptions, register

from .models import FollowupReport


@register(FollowupReport)
class FollowupReportTranslation(TranslationOptions):
    fields = FollowupReport.TEXTS
