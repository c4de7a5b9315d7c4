"""What feeds the lägesbild besides the survey. So far: the police's open events."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tryggve.core.models import Area, Municipality


class PoliceEvent(models.Model):
    """One event from the Swedish Police's open events feed (polisen.se/api/events).

    Attached to the municipality it names; county-level events ("Hallands län") have no
    municipality and are kept as context for the municipalities of that county.
    """

    event_id = models.BigIntegerField(_("event id"), unique=True, help_text=_("The feed's id."))
    happened_at = models.DateTimeField(_("date and time"))
    name = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    kind = models.CharField(_("type"), max_length=100)
    location_name = models.CharField(_("place"), max_length=100)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="police_events"
    )
    county = models.CharField(_("county"), max_length=60, blank=True)
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("police event")
        verbose_name_plural = _("police events")
        ordering = ["-happened_at"]
        indexes = [models.Index(fields=["municipality", "happened_at"]), models.Index(fields=["county"])]

    def __str__(self) -> str:
        return self.name
