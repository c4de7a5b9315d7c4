"""What was done: the activity log the promise's progress and public follow-up are made from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tryggve.core.models import Area, Organisation
from tryggve.promises.models import Activity
from tryggve.situation.figures import Kind


class ActivityLog(models.Model):
    """One occasion an activity was carried out: when, where and how much, by whom."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="log", verbose_name=_("activity")
    )
    done_on = models.DateField(_("date"))
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("Empty for the whole municipality."),
    )
    quantity = models.PositiveIntegerField(
        _("quantity"),
        default=1,
        help_text=_("In the activity's unit, e.g. controls held or hours of presence."),
    )
    people_met = models.PositiveIntegerField(_("people met"), null=True, blank=True)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 14 mopeds checked. Shown to residents; never write names."),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        ordering = ["-done_on", "-pk"]
        indexes = [models.Index(fields=["activity", "done_on"])]

    def __str__(self) -> str:
        return f"{self.done_on} {self.activity}: {self.quantity}"


class Indicator(models.Model):
    """How an activity's effect is measured: a figure with its baseline and target.

    The figure is one of the adopted lägesbild (a survey indicator, incident reports, dialogue
    topics, police events) or the activity's own log (its quantity in a year).
    """

    LOG = "log"
    KINDS = [*Kind.choices, (LOG, _("The activity log (quantity in a year)"))]

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("activity")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS)
    code = models.CharField(
        _("code"), max_length=100, blank=True, help_text=_("Not needed for the activity log.")
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("area"),
        help_text=_("Empty for the whole municipality."),
    )  # fmt: skip
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    baseline = models.FloatField(
        _("baseline"),
        null=True,
        blank=True,
        help_text=_("Empty: taken from the figure of the baseline year."),
    )
    target_year = models.PositiveSmallIntegerField(_("target year"))
    target = models.FloatField(_("target"), help_text=_("A share as a fraction: 0.35 for 35 %."))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["activity", "pk"]

    def __str__(self) -> str:
        return f"{self.activity}: {self.code or self.kind}"
