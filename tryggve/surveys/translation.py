"""Every text a resident sees is stored per language; Swedish is required."""

from modeltranslation.translator import TranslationOptions, register

from .models import Item, Option, Page, Question, Survey


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "intro", "thanks")
    required_languages = ("sv",)


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "intro")
    required_languages = ("sv",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help")
    required_languages = ("sv",)


@register(Option)
class OptionTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ("sv",)


@register(Item)
class ItemTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ("sv",)
