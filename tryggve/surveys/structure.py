"""A survey's pages and questions, loaded once per server process until the survey changes.

Each resident request needs every question with its options and items (skip logic looks at
all of them). Loading them costs several queries, so each process keeps them per survey and
version; any edit to the survey raises its version (signals below), so a stale copy is never
used. Only the survey row itself, with its version, is read per request.
"""

import threading
from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from .models import Item, Option, Page, Question, Survey
from .responses import survey_questions

_loaded: dict[tuple[int, int], tuple[list[Page], list[Question]]] = {}
_lock = threading.Lock()


def pages_and_questions(survey: Survey) -> tuple[list[Page], list[Question]]:
    key = (survey.pk, survey.version)
    found = _loaded.get(key)
    if found is None:
        found = (list(survey.pages.all()), survey_questions(survey))
        with _lock:
            for stale in [k for k in _loaded if k[0] == survey.pk]:
                del _loaded[stale]
            _loaded[key] = found
    return found


def _survey_id(instance: Any) -> int | None:
    if isinstance(instance, (Page, Question)):
        return int(instance.survey_id)
    if isinstance(instance, (Option, Item)):
        found = Question.objects.filter(pk=instance.question_id).values_list("survey_id", flat=True).first()
        return int(found or 0)
    return None


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    survey_id = _survey_id(instance)
    if survey_id:
        Survey.objects.filter(pk=survey_id).update(version=F("version") + 1)


def _survey_saved(sender: Any, instance: Survey, created: bool, **kwargs: Any) -> None:
    if not created:
        Survey.objects.filter(pk=instance.pk).update(version=F("version") + 1)


def connect() -> None:
    for model in (Page, Question, Option, Item):
        post_save.connect(_changed, sender=model, dispatch_uid=f"survey-version-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"survey-version-delete-{model.__name__}")
    post_save.connect(_survey_saved, sender=Survey, dispatch_uid="survey-version-survey")
