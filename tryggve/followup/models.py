"""What was done: the activity log the promise's progress and public follow-up are made from."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tryggve.core.models import Area, DecidedVersion, Municipality, Organisation, PartyComment
from tryggve.inputs.models import PlaceKind, PlaceReport
from tryggve.promises.models import Activity
from tryggve.situation.references import Kind


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


def validate_route(value: Any) -> None:
    """A GeoJSON LineString of 2–500 [longitude, latitude] points in Sweden's neighbourhood."""
    coordinates = value.get("coordinates") if isinstance(value, dict) else None
    if (
        not isinstance(value, dict)
        or value.get("type") != "LineString"
        or not isinstance(coordinates, list)
        or not 2 <= len(coordinates) <= 500
        or not all(
            isinstance(point, list)
            and len(point) == 2
            and all(isinstance(c, int | float) for c in point)
            and 5 <= point[0] <= 30
            and 50 <= point[1] <= 72
            for point in coordinates
        )
    ):
        raise ValidationError(_("The route must be a line of 2 to 500 points on the map."))


class SafetyWalk(models.Model):
    """A trygghetsvandring: planned, walked, its findings followed up, and sometimes repeated."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        WALKED = "walked", _("Walked; measures being decided")
        PROTOCOL = "protocol", _("Protocol done")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="safety_walks", verbose_name=_("municipality")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="safety_walks",
        verbose_name=_("activity of the promise"),
    )  # fmt: skip
    walk_on = models.DateField(_("date"))
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    route = models.TextField(
        _("route"), help_text=_("Where the walk goes, e.g. from the square along the footpath to the school.")
    )
    route_line = models.JSONField(
        _("route on the map"),
        null=True,
        blank=True,
        validators=[validate_route],
        help_text=_("A GeoJSON LineString, drawn on the map; the route in words is enough without it."),
    )
    participants = models.JSONField(_("participants by group"), default=dict)
    repeat_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="repeats",
        verbose_name=_("repeat of"), help_text=_("A repeat walk revisits the earlier walk's findings."),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    protocol_on = models.DateField(_("protocol date"), null=True, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("safety walk")
        verbose_name_plural = _("safety walks")
        ordering = ["-walk_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.walk_on} {self.area}"


class Finding(models.Model):
    """What the walk found at a place: a problem, or a place that feels safe."""

    # One list with the residents' place reports (`inputs.PlaceKind`), so a report can become a finding.
    Kind = PlaceKind

    walk = models.ForeignKey(SafetyWalk, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("what"), max_length=15, choices=PlaceKind.choices)
    place = models.CharField(_("place"), max_length=200, help_text=_("E.g. the footpath behind the school."))
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="safety-walks/", blank=True)
    # The resident's place report this finding is: the report it was made from, or the report it
    # was published as (one each way, so a place is never counted twice).
    place_report = models.OneToOneField(
        PlaceReport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="finding",
        verbose_name=_("place report"),
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.place}"


class Measure(models.Model):
    """What a responsible organisation will do about a finding, and whether it was done."""

    class Status(models.TextChoices):
        CHOSEN = "chosen", _("Chosen")
        REJECTED = "rejected", _("Rejected")
        DONE = "done", _("Done")

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="measures")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible organisation")
    )
    action = models.CharField(_("measure"), max_length=300)
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHOSEN)
    reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.action


class Revisit(models.Model):
    """A repeat walk's verdict on an earlier finding."""

    class Verdict(models.TextChoices):
        SOLVED = "solved", _("Solved")
        BETTER = "better", _("Better")
        UNCHANGED = "unchanged", _("Unchanged")
        WORSE = "worse", _("Worse")

    walk = models.ForeignKey(SafetyWalk, on_delete=models.CASCADE, related_name="revisits")
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="revisits")
    verdict = models.CharField(_("now"), max_length=10, choices=Verdict.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("revisit")
        verbose_name_plural = _("revisits")
        constraints = [models.UniqueConstraint(fields=["walk", "finding"], name="one_revisit_per_finding")]

    def __str__(self) -> str:
        return f"{self.finding}: {self.get_verdict_display()}"


class FollowupReport(models.Model):
    """The yearly follow-up report (uppföljningsrapport) of a municipality: what was done against
    the plan, the indicators' movement and the evaluation, generated from what is logged
    (`followup.report`), with what the analysts write about it. Its figures are not stored
    here; a decided version (`FollowupReportVersion`) freezes them with the texts."""

    # The texts residents read (per language, `translation.py`), in the order the report has them.
    TEXTS = ("summary", "changes", "commentary")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="followup_reports",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(
        _("summary"), blank=True, max_length=3000,
        help_text=_("The year in brief; the next lägesbild's staff page shows it."),
    )  # fmt: skip
    changes = models.TextField(
        _("what should change"), blank=True, max_length=6000,
        help_text=_("For the next action plan and promise: what to keep, change or stop."),
    )  # fmt: skip
    commentary = models.TextField(_("the analysts' commentary"), blank=True, max_length=6000)
    internal_note = models.TextField(
        _("internal commentary"), blank=True, max_length=6000,
        help_text=_("For the parties' staff only: never on the public report, in the API or the feed."),
    )  # fmt: skip
    updated_on = models.DateField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        ordering = ["municipality", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="followup_report_per_year")
        ]

    def __str__(self) -> str:
        return gettext("Follow-up report %(year)s, %(municipality)s") % {
            "year": self.year,
            "municipality": self.municipality,
        }


class MeasureNote(models.Model):
    """What the analysts think should change about one measure (an activity of the year's
    promise), in the follow-up report. An internal measure's note is internal like the measure."""

    report = models.ForeignKey(FollowupReport, on_delete=models.CASCADE, related_name="notes")
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="followup_notes", verbose_name=_("measure")
    )
    change = models.TextField(_("what should change"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("note on a measure")
        verbose_name_plural = _("notes on measures")
        ordering = ["report", "activity__order", "activity"]
        constraints = [models.UniqueConstraint(fields=["report", "activity"], name="one_note_per_measure")]

    def __str__(self) -> str:
        return str(self.activity)


class FollowupReportVersion(DecidedVersion):
    """A decided version of the follow-up report: everything it showed when it was decided
    (the generated figures and the texts, `followup.report.content`) and the decision. Later logs
    and edits never change it; each new decision is a new version, numbered from 1. Only the
    public part of a decided version is published (`followup.report.public`)."""

    report = models.ForeignKey(
        FollowupReport, on_delete=models.CASCADE, related_name="versions", verbose_name=_("follow-up report")
    )
    content = models.JSONField(_("the report as decided"))

    class Meta:
        verbose_name = _("decided follow-up report version")
        verbose_name_plural = _("decided follow-up report versions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="followup_report_version_unique")
        ]

    def __str__(self) -> str:
        return gettext("%(report)s, version %(number)s") % {"report": self.report, "number": self.number}


class FollowupReportComment(PartyComment):
    """A party's comment on the follow-up report, for the other parties' staff; never public."""

    report = models.ForeignKey(FollowupReport, on_delete=models.CASCADE, related_name="comments")

    class Meta(PartyComment.Meta):
        verbose_name = _("follow-up report comment")
        verbose_name_plural = _("follow-up report comments")
