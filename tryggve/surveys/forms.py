"""The form for one page of the survey, built from its questions.

Field names are the question codes (a matrix item is `question.item`, a place is
`question-N-field`), so a page posts the same names the export uses. The draft keeps the
cleaned answers as plain JSON: an option code or number, a list of codes, {item: code}, a
text, or a list of places.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tryggve.core.areas import area_at, outside_municipality
from tryggve.core.models import Area, Municipality

from .models import Question

MAX_TEXT = 2000
MAX_PLACES = 5
PLACE_TEXT = 300
# The "other area or prefer not to say" answer of an area question.
OTHER_AREA = 0

Answers = dict[str, Any]


def special_codes(question: Question) -> set[int]:
    """The codes of answers outside the scale, such as "Vet ej" or "another area"."""
    if question.kind == Question.Kind.AREA:
        return {OTHER_AREA}
    return {option.code for option in question.options.all() if option.is_special}


def choice_pairs(question: Question, areas: list[Area]) -> list[tuple[int, str]]:
    """Option codes and labels of one question, in the current language."""
    if question.kind == Question.Kind.AREA:
        return [(area.pk, area.name) for area in areas] + [
            (OTHER_AREA, str(_("Other area, or prefer not to say")))
        ]
    return [(option.code, option.label) for option in question.options.all()]


class PlaceFields:
    """Field names of one place slot."""

    def __init__(self, code: str, number: int) -> None:
        self.lat, self.lng = f"{code}-{number}-lat", f"{code}-{number}-lng"
        self.area, self.where, self.reason = (
            f"{code}-{number}-area",
            f"{code}-{number}-where",
            f"{code}-{number}-reason",
        )


class PageForm(forms.Form):
    """Fields for the shown questions of one page, with the draft's answers as initial values."""

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        municipality: Municipality,
        areas: list[Area],
        answers: Answers,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.municipality = municipality
        self.areas = areas
        for question in questions:
            self._add_fields(question, answers.get(question.code))

    def _add_fields(self, question: Question, answer: Any) -> None:
        kind = question.kind
        code = question.code
        # Required is checked in clean() so that "back" can save an unfinished page.
        if kind in (Question.Kind.SCALE, Question.Kind.SINGLE, Question.Kind.AREA, Question.Kind.MATRIX):
            pairs = choice_pairs(question, self.areas)
            names = (
                [f"{code}.{item.code}" for item in question.items.all()]
                if kind == Question.Kind.MATRIX
                else [code]
            )
            for name in names:
                initial = answer.get(name.split(".", 1)[1]) if isinstance(answer, dict) else answer
                self.fields[name] = forms.TypedChoiceField(
                    choices=pairs, coerce=int, required=False, widget=forms.RadioSelect, initial=initial
                )
        elif kind == Question.Kind.MULTIPLE:
            self.fields[code] = forms.TypedMultipleChoiceField(
                choices=choice_pairs(question, self.areas),
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=answer,
            )
        elif kind == Question.Kind.TEXT:
            self.fields[code] = forms.CharField(
                required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5}), initial=answer
            )
        elif kind == Question.Kind.NUMBER:
            self.fields[code] = forms.IntegerField(
                required=False,
                min_value=question.min_value,
                max_value=question.max_value,
                initial=answer,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        elif kind == Question.Kind.PLACES:
            self._add_place_fields(question, answer or [])

    def _add_place_fields(self, question: Question, places: list[dict[str, Any]]) -> None:
        area_choices = [("", "—"), *((area.pk, area.name) for area in self.areas)]
        for number in range(1, MAX_PLACES + 1):
            names = PlaceFields(question.code, number)
            place = places[number - 1] if number <= len(places) else {}
            self.fields[names.lat] = forms.FloatField(
                required=False,
                min_value=-90,
                max_value=90,
                widget=forms.HiddenInput,
                initial=place.get("lat"),
            )
            self.fields[names.lng] = forms.FloatField(
                required=False,
                min_value=-180,
                max_value=180,
                widget=forms.HiddenInput,
                initial=place.get("lng"),
            )
            self.fields[names.area] = forms.TypedChoiceField(
                choices=area_choices, coerce=int, empty_value=None, required=False, initial=place.get("area")
            )
            self.fields[names.where] = forms.CharField(
                required=False, max_length=PLACE_TEXT, initial=place.get("where", "")
            )
            self.fields[names.reason] = forms.CharField(
                required=False, max_length=PLACE_TEXT, initial=place.get("reason", "")
            )

    def place_slots(self, question: Question) -> list[dict[str, Any]]:
        return [
            {
                "number": number,
                **{
                    part: self[getattr(PlaceFields(question.code, number), part)]
                    for part in ("lat", "lng", "area", "where", "reason")
                },
            }
            for number in range(1, MAX_PLACES + 1)
        ]

    def fields_of(self, question: Question) -> list[tuple[str, str, str]]:
        """Each field of a question: its name, the part of the question it is (a matrix row or
        a place; empty for the question as a whole), and the id of the input to go to for it
        (the first choice of a group; a place's visible field, never its hidden point)."""
        code = question.code
        if question.kind == Question.Kind.MATRIX:
            return [
                (f"{code}.{item.code}", item.label, f"{self[f'{code}.{item.code}'].auto_id}_0")
                for item in question.items.all()
            ]
        if question.kind == Question.Kind.PLACES:
            found = []
            for number in range(1, MAX_PLACES + 1):
                names = PlaceFields(code, number)
                place = str(_("place %(number)s") % {"number": number})
                for name, target in (
                    (names.area, names.area),
                    (names.lat, names.where),
                    (names.lng, names.where),
                    (names.where, names.where),
                    (names.reason, names.reason),
                ):
                    found.append((name, place, self[target].auto_id))
            return found
        choices = question.kind not in (Question.Kind.TEXT, Question.Kind.NUMBER)
        return [(code, "", f"{self[code].auto_id}_0" if choices else self[code].auto_id)]

    def has_errors(self, question: Question) -> bool:
        return any(name in self.errors for name, _part, _target in self.fields_of(question))

    def error_summary(self, unanswered: dict[str, str]) -> list[tuple[str, str]]:
        """Every error on the page in the page's order, each naming its question, with the id of
        the input it links to (as GOV.UK's error summary does). `unanswered` holds the errors of
        required questions left unanswered, by question code; an unbound form has no others."""
        entries = []
        listed = set()
        for question in self.questions:
            fields = self.fields_of(question)
            if question.code in unanswered:
                entries.append((unanswered[question.code], fields[0][2]))
            for name, part, target in fields:
                listed.add(name)
                for error in self.errors.get(name, []):
                    entries.append((self._naming(question, part, str(error)), target))
        # Errors of no question (none are made today) are still shown, without a link.
        for name, errors in self.errors.items():
            entries += [(str(error), "") for error in errors if name not in listed]
        return entries

    @staticmethod
    def _naming(question: Question, part: str, error: str) -> str:
        if part:
            return str(_("“%(question)s”, %(part)s: %(error)s")) % {
                "question": question.text,
                "part": part,
                "error": error,
            }
        return str(_("“%(question)s”: %(error)s")) % {"question": question.text, "error": error}

    def answers(self) -> Answers:
        """The cleaned answers of this page, in the draft's format; unanswered ones left out."""
        found: Answers = {}
        data = self.cleaned_data
        for question in self.questions:
            code = question.code
            if question.kind == Question.Kind.MATRIX:
                rows = {
                    item.code: data[f"{code}.{item.code}"]
                    for item in question.items.all()
                    if data.get(f"{code}.{item.code}") not in (None, "")
                }
                value: Any = rows or None
            elif question.kind == Question.Kind.PLACES:
                value = self._places(question) or None
            else:
                value = data.get(code)
                if value in ("", [], None):
                    value = None
            if value is not None:
                found[code] = value
        return found

    def _places(self, question: Question) -> list[dict[str, Any]]:
        places = []
        for number in range(1, MAX_PLACES + 1):
            names = PlaceFields(question.code, number)
            lat, lng = self.cleaned_data.get(names.lat), self.cleaned_data.get(names.lng)
            area = self.cleaned_data.get(names.area)
            where = self.cleaned_data.get(names.where, "")
            reason = self.cleaned_data.get(names.reason, "")
            if lat is None and area is None and not where and not reason:
                continue
            places.append({"lat": lat, "lng": lng, "area": area, "where": where, "reason": reason})
        return places

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.questions:
            if question.kind == Question.Kind.PLACES:
                self._clean_places(question)
            if question.kind == Question.Kind.MULTIPLE:
                self._clean_exclusive(question)
        return cleaned

    def _clean_exclusive(self, question: Question) -> None:
        chosen = set(self.cleaned_data.get(question.code) or [])
        if chosen & special_codes(question) and len(chosen) > 1:
            self.add_error(question.code, _("This answer cannot be combined with the others."))

    def _clean_places(self, question: Question) -> None:
        for number in range(1, MAX_PLACES + 1):
            names = PlaceFields(question.code, number)
            lat, lng = self.cleaned_data.get(names.lat), self.cleaned_data.get(names.lng)
            if (lat is None) != (lng is None):
                self.add_error(names.where, _("The point on the map was incomplete. Mark the place again."))
                continue
            if lat is None or lng is None:
                continue
            if outside_municipality(self.municipality.areas.all(), lat, lng):
                self.add_error(
                    names.where,
                    _("The point is outside %(municipality)s. Mark a place inside the municipality.")
                    % {"municipality": self.municipality.name},
                )
                continue
            if self.cleaned_data.get(names.area) is None:
                inside = area_at(self.areas, lat, lng)
                if inside is not None:
                    self.cleaned_data[names.area] = inside.pk


def missing_required(questions: list[Question], answers: Answers) -> list[Question]:
    """Required questions among those shown that have no answer (special answers count)."""
    return [question for question in questions if question.required and question.code not in answers]
