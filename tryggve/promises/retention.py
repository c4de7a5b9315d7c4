"""What `core.retention` removes of the action plan: the cause analyses' internal texts (the
triangle, who can act, the sources), which can touch suspected offences (GDPR article 10). The
problem, its evidence and the public summary stay. An analysis is counted from the end of its
plan's year: a rule of 365 days removes the 2019 analyses' texts during 2021."""

from datetime import date

from tryggve.core.models import Municipality, RetentionRule
from tryggve.core.retention import removes

from .models import CauseAnalysis


@removes(RetentionRule.Kind.CAUSE_ANALYSES)
def cause_analyses(place: Municipality | None, before: date) -> int:
    """Empties the internal texts of the analyses whose plan's year ended before `before`."""
    found = CauseAnalysis.objects.filter(
        problem__plan__municipality=place, problem__plan__cycle__year__lt=before.year
    )
    written = found.exclude(**dict.fromkeys(CauseAnalysis.INTERNAL, ""))
    return written.update(**dict.fromkeys(CauseAnalysis.INTERNAL, ""))
