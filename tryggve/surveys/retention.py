"""What `core.retention` removes of the surveys: free texts and place descriptions (the
answers and the places themselves stay, so every count does)."""

from datetime import date

from django.db.models import Q

from tryggve.core.models import Municipality, RetentionRule
from tryggve.core.retention import removes

from .models import Answer, PlaceMark


@removes(RetentionRule.Kind.SURVEY_FREE_TEXT)
def free_texts(place: Municipality | None, before: date) -> int:
    texts = Answer.objects.filter(response__survey__municipality=place, response__received_on__lt=before)
    places = PlaceMark.objects.filter(response__survey__municipality=place, response__received_on__lt=before)
    return texts.exclude(text="").update(text="") + places.exclude(Q(reason="") & Q(description="")).update(
        reason="", description=""
    )
