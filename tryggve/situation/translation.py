"""Texts stored per language (Swedish first, the others fall back to Swedish)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Report


@register(Report)
class ReportTranslation(TranslationOptions):
    fields = Report.SECTIONS
