from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "tryggve.followup"
    label = "followup"
    verbose_name = _("Follow-up: activity log")

    def ready(self) -> None:
        from tryggve.inputs import place_actions
        from tryggve.situation import feedback

        from . import (
            place_findings,
            report,
            retention,  # noqa: F401 (registers what retention removes of the follow-up)
            traceability,  # noqa: F401 (registers how the action plan's measures are measured)
        )

        feedback.register(report.feedback)  # the follow-up report, on the next lägesbild's staff page
        # A place report's page tells which walk's finding it became, and offers to make it one.
        place_actions.register(place_findings.became, place_findings.offers)
