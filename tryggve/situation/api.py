"""Open data: adopted lägesbilder, as published (small groups removed)."""

from datetime import date
from typing import Any

from django.http import Http404
from ninja import Router, Schema

from tryggve.core.api import municipality_or_404

from . import publication
from .models import Situation
from .shape import PublicPicture

router = Router(tags=["situation"])


class SituationSummaryOut(Schema):
    year: int
    version: int
    adopted_on: date
    decision: str


class SituationOut(SituationSummaryOut):
    figures: PublicPicture  # the OpenAPI schema of the figures is generated from the public shape

    @staticmethod
    def resolve_figures(obj: Situation) -> PublicPicture:
        return publication.public(obj.data)


@router.get(
    "/municipalities/{slug}/situations",
    response=list[SituationSummaryOut],
    summary="Adopted lägesbilder, every version",
)
def list_situations(request: Any, slug: str) -> Any:
    return Situation.objects.filter(municipality=municipality_or_404(slug)).order_by("-year", "-version")


@router.get(
    "/municipalities/{slug}/situations/{year}",
    response=SituationOut,
    summary="One adopted lägesbild as published",
    description=(
        "The newest version, or `version`. Figures as on the public page: shares are fractions from 0 "
        "to 1, and every value that small-group protection hides is null."
    ),
)
def get_situation(request: Any, slug: str, year: int, version: int | None = None) -> Any:
    situation = Situation.objects.version_of(municipality_or_404(slug), year, version)
    if situation is None:
        raise Http404
    return situation
