from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tryggve.core"
    label = "core"
    verbose_name = _("Municipalities, organisations and areas")

    def ready(self) -> None:
        from . import change_log, place_versions

        change_log.connect()
        place_versions.connect()
