"""The medborgarlöfte: a promise by a kommun and its police area, its focus areas and activities."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tryggve.core.models import Area, Cycle, Decision, Municipality, Organisation, PartyComment
from tryggve.inputs.models import PlaceReport
from tryggve.situation.references import Figure, Figures, Kind


class PromiseQuerySet(models.QuerySet["Promise"]):
    def public(self) -> "PromiseQuerySet":
        return self.filter(status__in=Promise.PUBLIC_STATUSES)


class Promise(Decision):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review by the parties")
        ADOPTED = "adopted", _("Adopted")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Replaced by a new version")
        ARCHIVED = "archived", _("Completed and archived")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.SUPERSEDED, Status.ARCHIVED)
    # Only a draft or a promise in review can be edited; from adoption on it is frozen.
    EDITABLE_STATUSES = (Status.DRAFT, Status.REVIEW)

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="promises", verbose_name=_("municipality")
    )
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.PROTECT,
        related_name="promises",
        verbose_name=_("cycle"),
        help_text=_(
            "The round whose survey and dialogues the promise grows from; its year is the first year."
        ),
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, help_text=_("Leave empty for a one-year promise.")
    )
    slug = models.SlugField(_("address name"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    parties = models.ManyToManyField(
        Organisation,
        related_name="promises",
        verbose_name=_("parties"),
        help_text=_("Usually the kommun and the local police area."),
    )
    pledge = models.TextField(
        _("the promise"),
        help_text=_("The promise in the parties' own words, e.g. “Polis och kommun lovar att …”."),
    )
    why = models.TextField(_("why the promise is made"), blank=True)
    done_so_far = models.TextField(_("what has been done so far"), blank=True)
    dialogue_first = models.TextField(_("dialogue first, promise after"), blank=True)
    # decision_body, decision_date, decision_reference: from core.models.Decision
    police_chief = models.CharField(
        _("signed for the police by"),
        max_length=150,
        blank=True,
        help_text=_("Name and title, e.g. the local police area chief."),
    )
    police_chief_signed_on = models.DateField(_("police signature date"), null=True, blank=True)
    chair = models.CharField(
        _("signed for the kommun by"),
        max_length=150,
        blank=True,
        help_text=_("Name and title, e.g. the chair of the kommunstyrelse."),
    )
    chair_signed_on = models.DateField(_("kommun signature date"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="revisions",
        verbose_name=_("new version of"),
    )
    change_note = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_("For a new version: what changed and why. Shown to residents."),
    )
    decision_text = models.CharField(
        _("decision as told to residents"),
        max_length=300,
        blank=True,
        help_text=_(
            "E.g. “Kommunstyrelsen fastställde löftet våren 2019.” Empty: built from the fields above."
        ),
    )

    objects = PromiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen promise")
        verbose_name_plural = _("citizen promises")
        ordering = ["municipality", "-cycle__year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="promise_slug_unique_in_municipality"
            )
        ]

    def __str__(self) -> str:
        return gettext("Citizen promise %(period)s, %(municipality)s") % {
            "period": self.period,
            "municipality": self.municipality,
        }

    def save(self, *args: object, **kwargs: object) -> None:
        self.slug = self.address_name()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def address_name(self) -> str:
        """The promise's part of its public address: its period, and its version from the second."""
        return self.period.replace("–", "-") + (f"-v{self.revision}" if self.revision > 1 else "")

    @property
    def start_year(self) -> int:
        return self.cycle.year

    @property
    def last_year(self) -> int:
        return self.end_year or self.cycle.year

    @property
    def period(self) -> str:
        if self.last_year == self.start_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.last_year}"

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    def versions(self) -> list["Promise"]:
        """Every version of this promise, the first first."""
        first = self
        while first.revision_of is not None:
            first = first.revision_of
        chain = [first]
        while (following := Promise.objects.filter(revision_of=chain[-1]).first()) is not None:
            chain.append(following)
        return chain

    def next_cycle(self) -> Cycle | None:
        """The round whose survey asks residents what the following promise should be."""
        return Cycle.objects.filter(municipality_id=self.municipality_id, year=self.last_year + 1).first()

    def clean(self) -> None:
        if self.cycle_id and self.municipality_id and self.cycle.municipality_id != self.municipality_id:
            raise ValidationError({"cycle": _("Choose a cycle of the promise's municipality.")})
        if self.cycle_id and self.end_year is not None and self.end_year < self.cycle.year:
            raise ValidationError({"end_year": _("The last year cannot come before the first.")})


class FocusArea(models.Model):
    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="focus_areas")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="focus_of", verbose_name=_("area"))
    description = models.CharField(
        _("which part"), max_length=200, blank=True, help_text=_("E.g. the central parts of the district.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["promise", "area"], name="area_once_per_promise")]

    def __str__(self) -> str:
        return self.area.name

    def clean(self) -> None:
        if self.area_id and self.promise_id and self.area.municipality_id != self.promise.municipality_id:
            raise ValidationError({"area": _("Choose an area of the promise's municipality.")})
        if self.area_id and self.area.kind == Area.Kind.MUNICIPALITY:
            raise ValidationError(
                {
                    "area": _(
                        "The whole municipality is not a focus area: choose the areas the promise is about."
                    )
                }
            )


class Activity(models.Model):
    """A concrete thing the parties promise to do, with a plan the activity log is measured against."""

    class Unit(models.TextChoices):
        OCCASIONS = "occasions", _("occasions")
        CONTROLS = "controls", _("traffic controls")
        HOURS = "hours", _("hours of presence")
        WALKS = "walks", _("safety walks")
        MEASURES = "measures", _("measures")
        MEETINGS = "meetings", _("meetings")

    class Per(models.TextChoices):
        MONTH = "month", _("a month")
        QUARTER = "quarter", _("a quarter")
        YEAR = "year", _("a year")
        PERIOD = "period", _("in the whole period")

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ManyToManyField(
        Organisation, blank=True, related_name="activities", verbose_name=_("responsible organisations")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    public = models.BooleanField(
        _("part of the public promise"),
        default=True,
        help_text=_(
            "Untick for the collaboration agreement's or the action plan's internal measures: they are "
            "planned and logged like the others, but residents see only the promise's activities."
        ),
    )
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The same activity in the promise's previous version: its log counts here too."),
    )
    planned_quantity = models.PositiveIntegerField(
        _("planned quantity"),
        null=True,
        blank=True,
        help_text=_("E.g. 2 for traffic controls twice a month. Empty: no number is planned."),
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.OCCASIONS)
    per = models.CharField(_("per"), max_length=10, choices=Per.choices, default=Per.MONTH)
    areas: "models.ManyToManyField[Area, Any]" = models.ManyToManyField(
        Area,
        blank=True,
        related_name="planned_activities",
        verbose_name=_("where"),
        help_text=_("The areas the activity is planned for; empty for the whole municipality."),
    )
    starts = models.DateField(
        _("from"), null=True, blank=True, help_text=_("Empty: the promise's first day.")
    )
    ends = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: the promise's last day."))
    # The residents' place reports this measure answers (`place_measures`): internal, never public.
    place_reports: "models.ManyToManyField[PlaceReport, Any]" = models.ManyToManyField(
        PlaceReport, blank=True, related_name="activities", verbose_name=_("place reports")
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def first_day(self) -> date:
        return self.starts or date(self.promise.start_year, 1, 1)

    @property
    def last_day(self) -> date:
        return self.ends or date(self.promise.last_year, 12, 31)

    def clean(self) -> None:
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("The activity cannot end before it starts.")})


class PromiseEvent(models.Model):
    """One step of the workflow: who moved the promise from which status to which, and when."""

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=Promise.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Promise.Status.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.from_status} → {self.to_status}"


class ReviewComment(PartyComment):
    """A party's comment on a draft promise during review."""

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="comments")

    class Meta(PartyComment.Meta):
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")


class Evidence(models.Model):
    """A lägesbild figure that motivates the promise, one of its focus areas or activities.

    Residents read it under "Därför görs löftet", with its value from the adopted lägesbild.
    """

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="evidence")
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("focus area"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("activity"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(
        _("code"),
        max_length=100,
        help_text=_(
            "A question code (unsafe_alone_evening), category or topic code (graffiti), or event type."
        ),
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("area"),
        help_text=_("Empty for the whole municipality."),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(
        _("lägesbild of"), help_text=_("The year of the adopted lägesbild.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence: why the promise is made")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.area or ''} {self.year}"

    def figure(self, published: Figures | None = None) -> Figure | None:
        """The figure, from `published` when a page reads several of the same municipality."""
        source = published or Figures(self.promise.municipality)
        return source.find(self.year, self.kind, self.code, self.area)

    def clean(self) -> None:
        if not self.promise_id or not self.kind or not self.code or not self.year:
            return
        if self.area is not None and self.area.municipality_id != self.promise.municipality_id:
            raise ValidationError({"area": _("Choose an area of the promise's municipality.")})
        for part in (self.focus_area, self.activity):
            if part is not None and part.promise_id != self.promise_id:
                raise ValidationError(_("Choose a focus area or activity of this promise."))
        if self.figure() is None:
            raise ValidationError(
                _("The adopted lägesbild of %(year)s has no figure %(code)s for %(area)s.")
                % {"year": self.year, "code": self.code, "area": self.area or _("the whole municipality")}
            )
