"""Texts stored per language (Swedish required, others fall back to Swedish)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Municipality


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("official_name", "promise_page_intro", "privacy_notice", "accessibility_statement")
    required_languages = ("sv",)
