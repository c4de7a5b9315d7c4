from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InputsConfig(AppConfig):
    name = "tryggve.inputs"
    label = "inputs"
    verbose_name = _("Inputs: dialogues, incident reports, police events")
