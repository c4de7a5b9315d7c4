"""Response counts while a survey is open: per day, and per area against its population."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum

from tryggve.core.areas import resident_areas
from tryggve.core.models import Area, Population

from .models import Response, Survey


@dataclass
class AreaCount:
    area: Area
    responses: int
    population: int | None

    @property
    def rate(self) -> float | None:
        """Responses per 100 residents (16 and over), when the population is known."""
        return 100 * self.responses / self.population if self.population else None


@dataclass
class Counts:
    total: int
    quarantined: int
    per_day: list[tuple[date, int]]
    per_area: list[AreaCount]
    no_area: int


def response_counts(survey: Survey) -> Counts:
    responses = Response.objects.filter(survey=survey)
    per_day = list(
        responses.values_list("received_on").annotate(count=Count("pk")).values_list("received_on", "count")
    )
    per_area: dict[int | None, int] = dict(
        responses.values_list("area_id").annotate(count=Count("pk")).values_list("area_id", "count")
    )
    population: dict[int, int] = dict(
        Population.objects.filter(area__municipality=survey.municipality, year=survey.year)
        .values_list("area_id")
        .annotate(total=Sum("count"))
        .values_list("area_id", "total")
    )
    return Counts(
        total=sum(per_area.values()),
        quarantined=responses.filter(quarantined=True).count(),
        per_day=sorted(per_day),
        per_area=[
            AreaCount(area, per_area.get(area.pk, 0), population.get(area.pk))
            for area in resident_areas(survey.municipality)
        ],
        no_area=per_area.get(None, 0),
    )
