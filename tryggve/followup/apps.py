from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "tryggve.followup"
    label = "followup"
    verbose_name = _("Follow-up: activity log")

    def ready(self) -> None:
        from . import (
            retention,  # noqa: F401 (registers what retention removes of the follow-up)
            traceability,  # noqa: F401 (registers how the action plan's measures are measured)
        )
