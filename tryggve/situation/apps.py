from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    name = "tryggve.situation"
    label = "situation"
    verbose_name = _("Situation picture (lägesbild)")

    def ready(self) -> None:
        from tryggve.surveys.responses import responses_counted

        from . import running_sums

        responses_counted.connect(
            lambda sender, built, sign, counted=None, **kwargs: running_sums.add(built, sign, counted),
            weak=False,
            dispatch_uid="situation-tally",
        )
