"""Keeping the lägesbild's sums (CellCount, Tally, PlaceCount) equal to the answers they count.

Responses start counting when they are stored and stop when they go into quarantine; the
surveys app says so with its `responses_counted` signal, inside its own transaction, so sums
and answers never disagree. A file import sends its responses already added up (a `Counted`),
so a million imported responses cost a few thousand upserted rows. `rebuild` computes the same
sums directly from the answers.
"""

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Model

from tryggve.core.keys import random_key
from tryggve.surveys.models import Answer, PlaceMark, Response, Survey
from tryggve.surveys.responses import Counted

from .models import CellCount, PlaceCount, Tally

Cell = tuple[int, str, str]  # area id (0: not said), sex, age band
BATCH = 500
# Marked places are counted per grid square of 0.0025° latitude × 0.0045° longitude: about
# 280 × 250 m in southern Sweden (the square narrows further north). Hotspots show squares only.
GRID_LATITUDE = 0.0025
GRID_LONGITUDE = 0.0045


def square(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / GRID_LATITUDE), math.floor(longitude / GRID_LONGITUDE)


def cell_of(response: Response) -> Cell:
    return (response.area_id or 0, response.sex, response.age_band)


def add(
    built: Iterable[tuple[Response, list[Answer], Any]], sign: int, counted: Counted | None = None
) -> None:
    """Count (sign 1) or stop counting (sign -1) responses with their answer rows, and what
    `counted` adds up (a file import's responses, summed while the file was read)."""
    cells: Counter[tuple[Any, ...]] = Counter()
    tallies: Counter[tuple[Any, ...]] = Counter()
    squares: Counter[tuple[Any, ...]] = Counter()
    for response, rows, places in built:
        cell = cell_of(response)
        cells[(response.survey_id, *cell)] += sign
        for answer in rows:
            if answer.value is not None:
                item = answer.item.code if answer.item is not None else ""
                tallies[(response.survey_id, answer.question_id, item, *cell, answer.value)] += sign
        for place in places:
            if place.latitude is not None and place.longitude is not None:
                squares[(response.survey_id, *square(place.latitude, place.longitude))] += sign
    if counted is not None:
        survey = counted.survey_id
        for cell, n in counted.cells.items():
            cells[(survey, *cell)] += sign * n
        for key, n in counted.answers.items():
            tallies[(survey, *key)] += sign * n
        for (latitude, longitude), n in counted.points.items():
            squares[(survey, *square(latitude, longitude))] += sign * n
    _upsert(CellCount, ["survey", "area_key", "sex", "age_band"], "respondents", cells)
    _upsert(Tally, ["survey", "question", "item", "area_key", "sex", "age_band", "value"], "count", tallies)
    _upsert(PlaceCount, ["survey", "row", "column"], "count", squares)


def _upsert(model: type[Model], key: list[str], amount: str, deltas: Counter[tuple[Any, ...]]) -> None:
    """Add each delta to its row, creating rows as needed: one statement per batch.

    Rows are written in key order, so two transactions never wait for each other crosswise.
    A new row takes a random id (core.keys): the order rows first appeared in is nobody's business.
    """
    quote = connection.ops.quote_name  # "row" and "column" are reserved words in PostgreSQL
    table = quote(model._meta.db_table)
    fields = {field.name: quote(field.column) for field in model._meta.concrete_fields}
    columns = ", ".join(fields[name] for name in key)
    target = fields[amount]
    rows = sorted((k, d) for k, d in deltas.items() if d)
    placeholder = "(" + ", ".join(["%s"] * (len(key) + 2)) + ")"
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({fields['id']}, {columns}, {target}) "  # noqa: S608 (names, not input)
                f"VALUES {', '.join([placeholder] * len(batch))} "
                f"ON CONFLICT ({columns}) DO UPDATE SET {target} = {table}.{target} + excluded.{target}",
                [value for k, d in batch for value in (random_key(), *k, d)],
            )


@transaction.atomic
def rebuild(survey: Survey) -> None:
    """Recount a survey's sums from its answers (the direct computation)."""
    CellCount.objects.filter(survey=survey).delete()
    Tally.objects.filter(survey=survey).delete()
    PlaceCount.objects.filter(survey=survey).delete()
    counted = Response.objects.filter(survey=survey, quarantined=False)
    CellCount.objects.bulk_create(
        [
            CellCount(survey=survey, area_key=row["area_id"] or 0, sex=row["sex"], age_band=row["age_band"],
                      respondents=row["n"])
            for row in counted.values("area_id", "sex", "age_band").annotate(n=Count("id"))
        ],
        batch_size=BATCH,
    )  # fmt: skip
    answers = Answer.objects.filter(response__in=counted, value__isnull=False).values(
        "question_id", "item__code", "response__area_id", "response__sex", "response__age_band", "value"
    )
    Tally.objects.bulk_create(
        [
            Tally(survey=survey, question_id=row["question_id"], item=row["item__code"] or "",
                  area_key=row["response__area_id"] or 0, sex=row["response__sex"],
                  age_band=row["response__age_band"], value=row["value"], count=row["n"])
            for row in answers.annotate(n=Count("id"))
        ],
        batch_size=BATCH,
    )  # fmt: skip
    squares = Counter(
        square(latitude, longitude)
        for latitude, longitude in PlaceMark.objects.filter(
            response__in=counted, latitude__isnull=False, longitude__isnull=False
        ).values_list("latitude", "longitude")
        if latitude is not None and longitude is not None
    )
    PlaceCount.objects.bulk_create(
        [PlaceCount(survey=survey, row=row, column=column, count=n) for (row, column), n in squares.items()],
        batch_size=BATCH,
    )
