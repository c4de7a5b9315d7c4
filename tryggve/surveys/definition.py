"""A survey as plain data, and a survey built from such data.

One format serves the ready template, copying a survey to a new year and the API's public
survey definitions: texts are {language: text}, questions are found by their codes.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from tryggve.core.models import Municipality

from .models import Item, Option, Page, Question, Survey

LANGUAGES: tuple[str, ...] = tuple(settings.MODELTRANSLATION_LANGUAGES)


def texts(obj: Any, field: str) -> dict[str, str]:
    return {language: getattr(obj, f"{field}_{language}") or "" for language in LANGUAGES}


def _localised(field: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": values.get(language, "") for language in LANGUAGES}


def question_definition(question: Question) -> dict[str, Any]:
    return {
        "code": question.code,
        "kind": question.kind,
        "text": texts(question, "text"),
        "help": texts(question, "help"),
        "required": question.required,
        "weighting": question.weighting,
        "min_value": question.min_value,
        "max_value": question.max_value,
        "show_if": (
            {"question": question.show_if.code, "values": question.show_if_values}
            if question.show_if
            else None
        ),
        "options": [
            {
                "code": option.code,
                "label": texts(option, "label"),
                "is_special": option.is_special,
                "population_label": option.population_label,
                "counted": option.counted,
            }
            for option in question.options.all()
        ],
        "items": [{"code": item.code, "label": texts(item, "label")} for item in question.items.all()],
    }


def survey_definition(survey: Survey) -> dict[str, Any]:
    pages = survey.pages.prefetch_related("questions__options", "questions__items", "questions__show_if")
    return {
        "title": texts(survey, "title"),
        "intro": texts(survey, "intro"),
        "thanks": texts(survey, "thanks"),
        "access": survey.access,
        "pages": [
            {
                "title": texts(page, "title"),
                "intro": texts(page, "intro"),
                "questions": [question_definition(question) for question in page.questions.all()],
            }
            for page in pages
        ],
    }


@transaction.atomic
def build_survey(
    definition: dict[str, Any],
    *,
    municipality: Municipality,
    year: int,
    slug: str,
    opens: date,
    closes: date,
) -> Survey:
    """Create a survey, its pages, questions, options and items from a definition."""
    survey = Survey.objects.create(
        municipality=municipality,
        year=year,
        slug=slug,
        opens=opens,
        closes=closes,
        access=definition.get("access", Survey.Access.OPEN),
        **_localised("title", definition["title"]),
        **_localised("intro", definition.get("intro", {})),
        **_localised("thanks", definition.get("thanks", {})),
    )
    by_code: dict[str, Question] = {}
    for number, page_definition in enumerate(definition["pages"], start=1):
        page = Page.objects.create(
            survey=survey,
            number=number,
            **_localised("title", page_definition["title"]),
            **_localised("intro", page_definition.get("intro", {})),
        )
        for order, entry in enumerate(page_definition["questions"]):
            condition = entry.get("show_if")
            question = Question.objects.create(
                survey=survey,
                page=page,
                order=order,
                code=entry["code"],
                kind=entry["kind"],
                required=entry.get("required", False),
                weighting=entry.get("weighting", ""),
                min_value=entry.get("min_value"),
                max_value=entry.get("max_value"),
                show_if=by_code[condition["question"]] if condition else None,
                show_if_values=condition["values"] if condition else [],
                **_localised("text", entry["text"]),
                **_localised("help", entry.get("help", {})),
            )
            by_code[question.code] = question
            Option.objects.bulk_create(
                Option(
                    question=question,
                    code=choice["code"],
                    is_special=choice.get("is_special", False),
                    population_label=choice.get("population_label", ""),
                    counted=choice.get("counted", False),
                    order=position,
                    **_localised("label", choice["label"]),
                )
                for position, choice in enumerate(entry.get("options", []))
            )
            Item.objects.bulk_create(
                Item(
                    question=question, code=item["code"], order=position, **_localised("label", item["label"])
                )
                for position, item in enumerate(entry.get("items", []))
            )
    return survey


def a_year_later(day: date) -> date:
    """The same day a year later (28 February for 29 February)."""
    return (
        day.replace(year=day.year + 1, day=28)
        if (day.month, day.day) == (2, 29)
        else day.replace(year=day.year + 1)
    )


def copy_survey(source: Survey, *, year: int, slug: str, opens: date, closes: date) -> Survey:
    return build_survey(
        survey_definition(source),
        municipality=source.municipality,
        year=year,
        slug=slug,
        opens=opens,
        closes=closes,
    )
