"""From a set of answers to a stored, anonymous response.

The web flow and the file import both end here, with answers in the draft's format:
{question code: option code | number | [codes] | {item code: code} | text | [places]}.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.dispatch import Signal

from tryggve.core.models import Area
from tryggve.core.scrub import scrub

from .models import Answer, PlaceMark, Question, Response, Survey

Answers = dict[str, Any]


def codes_of(question: Question, answer: Any) -> list[int]:
    """The option codes an answer holds, for skip logic."""
    if question.kind == Question.Kind.MULTIPLE and isinstance(answer, list):
        return [code for code in answer if isinstance(code, int)]
    if question.kind in Question.CHOICE_KINDS and isinstance(answer, int):
        return [answer]
    return []


def shown(questions: list[Question], answers: Answers) -> list[Question]:
    """The questions skip logic shows, in order, given the answers."""
    given: dict[str, list[int]] = {}
    visible = []
    for question in questions:
        if question.is_shown(given):
            visible.append(question)
            given[question.code] = codes_of(question, answers.get(question.code))
    return visible


def survey_questions(survey: Survey) -> list[Question]:
    return list(
        survey.questions.select_related("page", "show_if")
        .prefetch_related("options", "items")
        .order_by("page__number", "order", "pk")
    )


Built = tuple[Response, list[Answer], list[PlaceMark]]


class ResponseBuilder:
    """Turns answers into unsaved rows, so one response or thousands are saved the same way."""

    def __init__(self, survey: Survey, questions: list[Question], areas: list[Area] | None = None) -> None:
        self.survey = survey
        self.questions = questions
        if areas is None:
            areas = list(Area.objects.filter(municipality_id=survey.municipality_id))
        self.areas = {area.pk: area for area in areas}
        # Kept when names are scrubbed from free text: the areas and the municipality's names.
        self.places = [area.name for area in areas] + [
            area.name.removesuffix(" kommun").removesuffix("s")
            for area in areas
            if area.kind == Area.Kind.MUNICIPALITY
        ]
        self.items = {q.pk: {item.code: item for item in q.items.all()} for q in questions}
        self.labels = {q.pk: {o.code: o.population_label for o in q.options.all()} for q in questions}

    def build(
        self,
        answers: Answers,
        *,
        received_on: date,
        channel: str = Response.Channel.WEB,
        respondent: str | None = None,
        quarantine_reason: str = "",
    ) -> Built:
        """Answers to questions that skip logic hides are dropped; free text is scrubbed of
        personnummer, phone numbers and e-mail addresses before it is stored."""
        response = Response(
            survey=self.survey,
            received_on=received_on,
            channel=channel,
            quarantined=bool(quarantine_reason),
            quarantine_reason=quarantine_reason,
        )
        if respondent:
            response.id = respondent
        rows: list[Answer] = []
        places: list[PlaceMark] = []
        for question in shown(self.questions, answers):
            answer = answers.get(question.code)
            if answer is None:
                continue
            self._weighting(response, question, answer)
            kind = question.kind
            if kind == Question.Kind.MATRIX:
                items = self.items[question.pk]
                rows.extend(
                    Answer(response=response, question=question, item=items[code], value=value)
                    for code, value in answer.items()
                )
            elif kind == Question.Kind.MULTIPLE:
                rows.extend(Answer(response=response, question=question, value=value) for value in answer)
            elif kind == Question.Kind.TEXT:
                text = scrub(answer, self.places)
                if text:
                    rows.append(Answer(response=response, question=question, text=text))
            elif kind == Question.Kind.PLACES:
                places.extend(
                    PlaceMark(
                        response=response,
                        question=question,
                        latitude=place.get("lat"),
                        longitude=place.get("lng"),
                        area=self.areas.get(place.get("area") or 0),
                        description=scrub(place.get("where") or "", self.places),
                        reason=scrub(place.get("reason") or "", self.places),
                    )
                    for place in answer
                )
            else:
                rows.append(Answer(response=response, question=question, value=answer))
        return response, rows, places

    def _weighting(self, response: Response, question: Question, answer: Any) -> None:
        """Copy a background answer onto the response, in the population file's labels."""
        if question.weighting == Question.Weighting.AREA:
            response.area = self.areas.get(answer)
        elif question.weighting in (Question.Weighting.SEX, Question.Weighting.AGE_BAND):
            setattr(response, question.weighting, self.labels[question.pk].get(answer, ""))


@dataclass
class Counted:
    """What some responses add to the counts kept of them, already added up: a file import
    sends this instead of a million responses' rows (`responses_counted`'s `counted`)."""

    survey_id: int
    # (area id or 0, sex, age band) → respondents
    cells: Counter[tuple[int, str, str]] = field(default_factory=Counter)
    # (question id, item code or "", area id or 0, sex, age band, value) → answers with that value
    answers: Counter[tuple[int, str, int, str, str, int]] = field(default_factory=Counter)
    # (latitude, longitude) of marked places → places
    points: Counter[tuple[float, float]] = field(default_factory=Counter)


# Sent inside the saving transaction with `built` (responses with their rows), `sign` (+1 when
# responses start counting, -1 when they stop: quarantine) and, from a file import, `counted`
# (a Counted of responses not in `built`). Later stages of the cycle keep their aggregates
# with it; surveys never imports them.
responses_counted = Signal()


@transaction.atomic(savepoint=False)  # inside the sending transaction, a savepoint would add two queries
def save_responses(built: list[Built]) -> None:
    """Save responses with their answers and places, all or nothing."""
    Response.objects.bulk_create([response for response, _rows, _places in built], batch_size=500)
    Answer.objects.bulk_create([row for _response, rows, _places in built for row in rows], batch_size=2000)
    PlaceMark.objects.bulk_create([p for _response, _rows, places in built for p in places], batch_size=500)
    counted = [b for b in built if not b[0].quarantined]
    if counted:
        responses_counted.send(Response, built=counted, sign=1)
