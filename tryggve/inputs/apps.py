from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InputsConfig(AppConfig):
    name = "tryggve.inputs"
    label = "inputs"
    verbose_name = _("Inputs: dialogues, incident reports, police events")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from tryggve.core.models import Municipality

        from . import place_followers, retention  # noqa: F401 (register what retention removes)
        from .models import start_taxonomies

        post_save.connect(start_taxonomies, sender=Municipality, dispatch_uid="inputs.start_taxonomies")
