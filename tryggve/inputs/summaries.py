"""Counts of the inputs per area and year: dialogue topics, incident categories and the kinds of
the residents' place reports.

They feed the staff pages, the lägesbild and the API. Staff dialogues (medarbetardialog) are
internal: only counts that ask for them (`internal=True`, staff pages) include them.
"""

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import translation

from tryggve.core.languages import SITE_LANGUAGES, texts
from tryggve.core.models import Area, Municipality

from .models import Category, Dialogue, Incident, PlaceKind, PlaceReport, Topic

WHOLE_MUNICIPALITY = None  # the area key of dialogues held for the whole municipality


def dialogues_in(place: Municipality, areas: QuerySet[Area], year: int | None = None) -> QuerySet[Dialogue]:
    """Dialogues in the areas, and those held for the whole municipality."""
    found = Dialogue.objects.filter(Q(area__in=areas) | Q(area__isnull=True), municipality=place)
    return found.filter(held_on__year=year) if year is not None else found


def dialogue_years(place: Municipality) -> list[int]:
    return sorted(
        {d.year for d in Dialogue.objects.filter(municipality=place).dates("held_on", "year")}, reverse=True
    )


Label = int | str  # a label's key: a taxonomy's id, or a place kind's code


def _table(
    labels: Sequence[tuple[Label, str, dict[str, str]]],
    counted: Counter[tuple[int | None, Label]],
    extra: dict[int | None, dict[str, int]],
) -> dict[str, Any]:
    """Rows of counts per area (most first), with a column per label that has any count.

    Labels are texts per language, as a lägesbild freezes them."""
    areas = {key for key, _label in counted} | set(extra)
    names = dict(Area.objects.filter(pk__in=[a for a in areas if a is not None]).values_list("pk", "name"))
    used = [label for label in labels if any(counted[(area, label[0])] for area in areas)]
    rows: list[dict[str, Any]] = [
        {
            "area": names.get(area, "") if area is not None else "",
            "area_id": area,
            "counts": [counted[(area, pk)] for pk, _code, _texts in used],
            **extra.get(area, {}),
        }
        for area in areas
    ]
    rows.sort(key=lambda row: (-sum(row["counts"]), row["area"]))
    return {
        "codes": [code for _pk, code, _texts in used],
        "labels": [texts for _pk, _code, texts in used],
        "rows": rows,
    }


def topic_counts(
    place: Municipality, year: int, areas: QuerySet[Area] | None = None, internal: bool = False
) -> dict[str, Any]:
    """How many dialogues raised each topic, per area, with dialogues and participants."""
    found = Dialogue.objects.filter(municipality=place, held_on__year=year)
    if areas is not None:
        found = dialogues_in(place, areas, year)
    if not internal:
        found = found.filter(kind=Dialogue.Kind.CITIZEN)
    counted: Counter[tuple[int | None, Label]] = Counter(
        {
            (area, topic): n
            for area, topic, n in found.filter(topics__isnull=False)
            .values_list("area_id", "topics")
            .annotate(n=Count("id"))
            .order_by()
        }
    )
    extra: dict[int | None, dict[str, int]] = {}
    for area, participants in found.values_list("area_id", "participants"):
        row = extra.setdefault(area, {"dialogues": 0, "participants": 0})
        row["dialogues"] += 1
        row["participants"] += sum(participants.values())
    topics = [(t.pk, t.slug, texts(t, "name")) for t in Topic.objects.filter(municipality=place)]
    return {"year": year, **_table(topics, counted, extra)}


def category_counts(place: Municipality, year: int) -> dict[str, Any]:
    """Incident reports of the year per area and category."""
    counted: Counter[tuple[int | None, Label]] = Counter(
        {
            (area, category): n
            for area, category, n in Incident.objects.filter(municipality=place, happened_at__year=year)
            .values_list("area_id", "category_id")
            .annotate(n=Count("id"))
            .order_by()
        }
    )
    categories = [(c.pk, c.slug, texts(c, "name")) for c in Category.objects.filter(municipality=place)]
    return {"year": year, **_table(categories, counted, {})}


def place_kind_texts() -> list[tuple[Label, str, dict[str, str]]]:
    """The place kinds as `_table` labels: code, code, name per site language."""
    found: list[tuple[Label, str, dict[str, str]]] = []
    for code, label in PlaceKind.choices:
        names = {}
        for language in SITE_LANGUAGES:
            with translation.override(language):
                names[language] = str(label)
        found.append((code, code, names))
    return found


def place_report_counts(place: Municipality, year: int) -> dict[str, Any]:
    """Residents' place reports received in the year per area and kind; hidden reports (abuse)
    and duplicates of another report left out, so each place is counted once."""
    counted: Counter[tuple[int | None, Label]] = Counter(
        {
            (area, kind): n
            for area, kind, n in PlaceReport.objects.filter(
                municipality=place, received_on__year=year, hidden=False, duplicate_of=None
            )
            .values_list("area_id", "kind")
            .annotate(n=Count("id"))
            .order_by()
        }
    )
    return {"year": year, **_table(place_kind_texts(), counted, {})}
