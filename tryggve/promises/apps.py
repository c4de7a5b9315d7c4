from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    name = "tryggve.promises"
    label = "promises"
    verbose_name = _("Citizen promises")

    def ready(self) -> None:
        from . import (
            notices,  # noqa: F401 (the e-mails to the parties listen to the workflow's steps)
            retention,  # noqa: F401 (registers what retention removes of the action plan)
        )
