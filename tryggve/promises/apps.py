from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    name = "tryggve.promises"
    label = "promises"
    verbose_name = _("Citizen promises")

    def ready(self) -> None:
        from tryggve.inputs import place_actions

        from . import (
            notices,  # noqa: F401 (the e-mails to the parties listen to the workflow's steps)
            place_measures,
            retention,  # noqa: F401 (registers what retention removes of the action plan)
        )

        # A place report's page tells which measure it became, and offers to make it one.
        place_actions.register(place_measures.became, place_measures.offers)
