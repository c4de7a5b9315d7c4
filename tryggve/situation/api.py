"""Open data: adopted lägesbilder, as published (small groups removed)."""

from datetime import date
from typing import Any

from django.http import Http404
from ninja import Router, Schema, Status

from tryggve.core.api import municipality_or_404

from . import publication
from .models import Situation
from .shape import PublicPicture
from .views import withdrawn_notice

router = Router(tags=["situation"])


class SituationSummaryOut(Schema):
    year: int
    version: int
    adopted_on: date
    decision: str


class WithdrawnOut(Schema):
    detail: str
    replaced_by: int


class SituationListed(SituationSummaryOut):
    replaced_by: int | None  # withdrawn: read together with that version, a small group would show


class SituationOut(SituationSummaryOut):
    figures: PublicPicture  # the OpenAPI schema of the figures is generated from the public shape

    @staticmethod
    def resolve_figures(obj: Situation) -> PublicPicture:
        return publication.public(obj.data)


@router.get(
    "/municipalities/{slug}/situations",
    response=list[SituationListed],
    summary="Adopted lägesbilder, every version",
)
def list_situations(request: Any, slug: str) -> Any:
    found = Situation.objects.filter(municipality=municipality_or_404(slug), public=True)
    return found.order_by("-year", "-version")


@router.get(
    "/municipalities/{slug}/situations/{year}",
    response={200: SituationOut, 410: WithdrawnOut},
    summary="One adopted lägesbild as published",
    description=(
        "The newest version, or `version`. Figures as on the public page: shares are fractions from 0 "
        "to 1, and every value that small-group protection hides is null. A withdrawn version (one "
        "that beside a later one would reveal a small group) answers 410 with the version that "
        "replaced it."
    ),
)
def get_situation(request: Any, slug: str, year: int, version: int | None = None) -> Any:
    found = Situation.objects.filter(public=True) if version is not None else Situation.objects.readable()
    situation = found.version_of(municipality_or_404(slug), year, version)
    if situation is None:
        raise Http404
    if situation.replaced_by is not None:
        return Status(410, {"detail": withdrawn_notice(situation), "replaced_by": situation.replaced_by})
    return situation
