from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "tryggve.followup"
    label = "followup"
    verbose_name = _("Follow-up: activity log")

    def ready(self) -> None:
        from tryggve.inputs import place_actions

        from . import (
            place_findings,
            retention,  # noqa: F401 (registers what retention removes of the follow-up)
        )

        # A place report's page tells which walk's finding it became, and offers to make it one.
        place_actions.register(place_findings.became, place_findings.offers)
