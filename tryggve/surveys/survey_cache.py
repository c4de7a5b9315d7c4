"""A survey as residents see it, loaded (and its pages rendered) once per server process until
something in it changes.

Each resident request needs every question with its options and items (skip logic looks at
all of them), the municipality's areas (for the area question and the map) and the
municipality's contact block. Loading them costs several queries, so each process keeps them
per survey and version. Any edit to the survey, its questions, or its municipality's areas,
contact details or opening hours changes the survey's version (signals below), so a stale copy
is never used. Per request, one query reads the survey's version together with the visitor's
draft.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models.expressions import Col
from django.db.models.signals import post_delete, post_save

from tryggve.core.areas import resident_areas
from tryggve.core.models import Area, Municipality, OpeningHours, new_version

from .models import Draft, Item, Option, Page, Question, Survey
from .responses import ResponseBuilder, survey_questions


@dataclass(frozen=True)
class Structure:
    survey: Survey
    municipality: Municipality
    pages: list[Page]
    questions: list[Question]
    areas: list[Area]

    @cached_property
    def builder(self) -> ResponseBuilder:
        """Turns answers into rows; places may lie in any of the municipality's areas."""
        return ResponseBuilder(self.survey, self.questions, list(self.municipality.areas.all()))


_loaded: dict[tuple[int, int], Structure] = {}
_lock = threading.Lock()


def find(
    municipality_slug: str, survey_slug: str, draft_token: str = ""
) -> tuple[Structure, Draft | None] | None:
    """The survey at this address, as kept in this process, and the draft with this token
    (sent or not, expired or not); None if there is no such survey.

    One query tells the current version and reads the draft; everything else comes from
    memory unless that version has not been loaded yet.
    """
    draft_columns = ", ".join(f"d.{column.target.column}" for _name, column, _conv in _draft_fields())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.id, s.version, {draft_columns} FROM {Survey._meta.db_table} s "  # noqa: S608 (names, not input)
            f"JOIN {Municipality._meta.db_table} m ON m.id = s.municipality_id "
            f"LEFT JOIN {Draft._meta.db_table} d ON d.survey_id = s.id AND d.token = %s "
            "WHERE m.slug = %s AND s.slug = %s",
            [draft_token, municipality_slug, survey_slug],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    found = _loaded.get((row[0], row[1]))
    structure = found if found is not None else load(Survey.objects.get(pk=row[0]))
    return structure, _draft(row[2:]) if row[2] is not None else None


def save_answers(draft: Draft) -> None:
    """Store a draft's answers: one statement, the one write of most survey requests."""
    field = Draft._meta.get_field("answers")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Draft._meta.db_table} SET {field.column} = %s WHERE token = %s",  # noqa: S608 (names)
            [field.get_db_prep_save(draft.answers, connection), draft.pk],
        )


Converters = list[tuple[str, Col, list[Callable[..., Any]]]]
_draft_converters: dict[str, Converters] = {}


def _draft_fields() -> Converters:
    """Per draft column: the attribute, and the ORM's conversions from this database's values."""
    found = _draft_converters.get(connection.vendor)
    if found is None:
        found = []
        for field in Draft._meta.concrete_fields:
            column = Col(Draft._meta.db_table, field)
            converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            found.append((field.attname, column, converters))
        _draft_converters[connection.vendor] = found
    return found


def _draft(values: tuple[Any, ...]) -> Draft:
    """A draft from its raw column values, converted as the ORM would (JSON, dates, booleans)."""
    converted = {}
    for (attname, column, converters), value in zip(_draft_fields(), values, strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        converted[attname] = value
    draft = Draft(**converted)
    draft._state.adding = False
    draft._state.db = connection.alias
    return draft


def load(survey: Survey) -> Structure:
    key = (survey.pk, survey.version)
    found = _loaded.get(key)
    if found is None:
        municipality = Municipality.objects.prefetch_related("opening_hours", "areas").get(
            pk=survey.municipality_id
        )
        survey.municipality = municipality
        found = Structure(
            survey=survey,
            municipality=municipality,
            pages=list(survey.pages.all()),
            questions=survey_questions(survey),
            areas=resident_areas(municipality),
        )
        with _lock:
            for stale in [k for k in _loaded if k[0] == survey.pk]:
                del _loaded[stale]
            _loaded[key] = found
    return found


# Pages as first shown (no answers yet, no errors), per survey version, language and variant.
# The CSRF token differs per visitor, so it is stored as `core.page_cache.CSRF_PLACEHOLDER` and
# filled in per request (`core.page_cache.with_token`).
MAX_RENDERED_PER_SURVEY = 500
_rendered: dict[int, tuple[int, dict[tuple[Any, ...], str]]] = {}


def rendered(survey: Survey, key: tuple[Any, ...], render: Callable[[], str]) -> str:
    """The page for `key` as rendered before for this version of the survey, or render it now."""
    version, pages = _rendered.get(survey.pk, (survey.version, {}))
    if version != survey.version:
        version, pages = survey.version, {}
    html = pages.get(key)
    if html is None:
        html = render()
        if len(pages) < MAX_RENDERED_PER_SURVEY:
            pages[key] = html
        with _lock:
            _rendered[survey.pk] = (version, pages)
    return html


def _bump(**lookup: Any) -> None:
    Survey.objects.filter(**lookup).update(version=new_version())


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, (Page, Question)):
        _bump(pk=instance.survey_id)
    elif isinstance(instance, (Option, Item)):
        _bump(pk__in=Question.objects.filter(pk=instance.question_id).values("survey_id"))
    elif isinstance(instance, Survey):
        if not kwargs.get("created"):
            _bump(pk=instance.pk)
    elif isinstance(instance, Municipality):
        _bump(municipality_id=instance.pk)
    elif isinstance(instance, (Area, OpeningHours)):
        _bump(municipality_id=instance.municipality_id)


def connect() -> None:
    for model in (Page, Question, Option, Item, Survey, Municipality, Area, OpeningHours):
        post_save.connect(_changed, sender=model, dispatch_uid=f"survey-version-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"survey-version-delete-{model.__name__}")
