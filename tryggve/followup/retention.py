"""What `core.retention` removes of the follow-up: safety-walk photos (the findings stay)."""

from datetime import date

from tryggve.core.models import Municipality, RetentionRule
from tryggve.core.retention import removes

from .models import Finding


@removes(RetentionRule.Kind.WALK_PHOTOS)
def walk_photos(place: Municipality | None, before: date) -> int:
    count = 0
    for finding in Finding.objects.filter(walk__municipality=place, walk__walk_on__lt=before).exclude(
        photo=""
    ):
        finding.photo.delete(save=False)
        finding.photo = ""
        finding.save(update_fields=["photo"])
        count += 1
    return count
