from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "tryggve.surveys"
    label = "surveys"
    verbose_name = _("Safety surveys")

    def ready(self) -> None:
        from . import retention  # noqa: F401 (registers what retention removes of the surveys)
        from .survey_cache import connect

        connect()
