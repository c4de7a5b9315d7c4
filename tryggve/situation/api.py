"""Open data: adopted lägesbilder, as published (small groups removed)."""

from typing import Any

from django.http import Http404
from ninja import Router, Schema

from tryggve.core.api import municipality_or_404

from . import picture
from .models import Situation

router = Router(tags=["situation"])


class SituationOut(Schema):
    year: int
    version: int
    adopted_on: str
    decision: str
    figures: dict[str, Any]

    @staticmethod
    def resolve_adopted_on(obj: Situation) -> str:
        return obj.adopted_on.isoformat()

    @staticmethod
    def resolve_figures(obj: Situation) -> dict[str, Any]:
        return picture.public(obj.data)


class SituationSummaryOut(Schema):
    year: int
    version: int
    adopted_on: str
    decision: str

    @staticmethod
    def resolve_adopted_on(obj: Situation) -> str:
        return obj.adopted_on.isoformat()


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
    found = Situation.objects.filter(municipality=municipality_or_404(slug), year=year)
    if version is not None:
        found = found.filter(version=version)
    situation = found.order_by("-version").first()
    if situation is None:
        raise Http404
    return situation
