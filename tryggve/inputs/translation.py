"""Taxonomy labels are stored per language (Swedish required, English falling back to it)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Topic


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("sv",)


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("sv",)
