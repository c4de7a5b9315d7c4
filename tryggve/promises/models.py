"""The medborgarlöfte: a promise by a kommun and its police area, its focus areas and activities."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tryggve.core.models import (
    Area,
    Cycle,
    DecidedVersion,
    Decision,
    Municipality,
    Organisation,
    PartyComment,
)
from tryggve.inputs.models import PlaceReport
from tryggve.situation.models import Situation
from tryggve.situation.references import Figure, Figures, Kind


class Signatures(models.Model):
    """The two signatures of the parties' agreement: the local police area chief's and the
    kommunstyrelse chair's, each with its date. One home for the fields and their rules, used by
    the citizen promise's adoption and the collaboration agreement (`Agreement`)."""

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

    class Meta:
        abstract = True

    SIGNATURE_FIELDS = ("police_chief", "police_chief_signed_on", "chair", "chair_signed_on")

    def signature_errors(self, today: date) -> dict[str, str]:
        """The signatures' faults, by field: both names and dates are needed, and no date is after
        `today` (a signature is recorded once it is made)."""
        errors = {}
        for name in ("police_chief", "chair"):
            if not getattr(self, name).strip():
                errors[name] = gettext("Write who signed, with their title.")
        for name in ("police_chief_signed_on", "chair_signed_on"):
            day = getattr(self, name)
            if day is None:
                errors[name] = gettext("Give the date of the signature.")
            elif day > today:
                errors[name] = gettext("The date cannot be in the future.")
        return errors

    @property
    def is_signed(self) -> bool:
        return bool(self.police_chief_signed_on and self.chair_signed_on)


class PromiseQuerySet(models.QuerySet["Promise"]):
    def public(self) -> "PromiseQuerySet":
        return self.filter(status__in=Promise.PUBLIC_STATUSES)


class Promise(Decision, Signatures):
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
    # police_chief, police_chief_signed_on, chair, chair_signed_on: from Signatures
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
    # The action plan's part of a measure: the problem it answers, its resources and expected effect.
    problem = models.ForeignKey(
        "Problem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("prioritised problem"),
        help_text=_("The problem of the action plan the measure answers."),
    )
    resources = models.TextField(
        _("resources"), blank=True, help_text=_("E.g. two police officers four evenings a month.")
    )
    expected_effect = models.TextField(
        _("expected effect"),
        blank=True,
        help_text=_("What the measure should change, and how soon, e.g. fewer reports of drug dealing."),
    )
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

    # Evidence is behind either a promise (and maybe one of its focus areas or activities) or a
    # prioritised problem of the action plan, never both.
    promise = models.ForeignKey(
        Promise, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    problem = models.ForeignKey(
        "Problem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("prioritised problem"),
    )
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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(promise__isnull=False, problem__isnull=True)
                | models.Q(promise__isnull=True, problem__isnull=False, focus_area__isnull=True,
                           activity__isnull=True),
                name="evidence_of_a_promise_or_a_problem",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.code} {self.area or ''} {self.year}"

    @property
    def municipality(self) -> Municipality:
        """The municipality of the promise or problem (which may not be saved yet)."""
        if self.promise is not None:
            return self.promise.municipality
        assert self.problem is not None  # noqa: S101 (the constraint: a promise's or a problem's)
        return self.problem.plan.municipality

    def figure(self, published: Figures | None = None) -> Figure | None:
        """The figure, from `published` when a page reads several of the same municipality."""
        source = published or Figures(self.municipality)
        return source.find(self.year, self.kind, self.code, self.area)

    def clean(self) -> None:
        if (self.promise is None and self.problem is None) or not self.kind or not self.code or not self.year:
            return
        if self.area is not None and self.area.municipality_id != self.municipality.pk:
            raise ValidationError({"area": _("Choose an area of the promise's municipality.")})
        for part in (self.focus_area, self.activity):
            if part is not None and part.promise_id != self.promise_id:
                raise ValidationError(_("Choose a focus area or activity of this promise."))
        if self.figure() is None:
            raise ValidationError(
                _("The adopted lägesbild of %(year)s has no figure %(code)s for %(area)s.")
                % {"year": self.year, "code": self.code, "area": self.area or _("the whole municipality")}
            )


# --- The action plan (lag 2023:196): prioritised problems, their causes, measures, the agreement --


class ActionPlan(models.Model):
    """The municipality's action plan (åtgärdsplan) for one cycle's year, as the analysts write it.

    Its prioritised problems (`Problem`) are picked from an adopted lägesbild, each with a cause
    analysis; its measures are the activities of the promise running that year (`plans.promise_of`):
    the public ones are the medborgarlöfte, the plan's public part, the internal ones (`public`
    unticked) the rest of the plan. Deciding it freezes a numbered `ActionPlanVersion`; later edits
    are the next draft. The collaboration agreement with the police (`Agreement`) belongs to it.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("municipality")
    )
    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("cycle")
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=6000,
        help_text=_("What the plan is about and how it was made; never names or suspected offences."),
    )
    coordination = models.TextField(
        _("coordinating function"),
        blank=True,
        max_length=2000,
        help_text=_(
            "Who coordinates the crime-prevention work, as the law asks, e.g. the safety coordinator."
        ),
    )
    updated_on = models.DateField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["municipality", "-cycle__year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "cycle"], name="one_action_plan_per_cycle")
        ]

    def __str__(self) -> str:
        return gettext("Action plan %(year)s, %(municipality)s") % {
            "year": self.cycle.year,
            "municipality": self.municipality,
        }

    @property
    def year(self) -> int:
        return self.cycle.year

    def clean(self) -> None:
        if self.cycle_id and self.municipality_id and self.cycle.municipality_id != self.municipality_id:
            raise ValidationError({"cycle": _("Choose a cycle of the plan's municipality.")})


class ActionPlanVersion(DecidedVersion):
    """A decided version of the action plan: the plan as it was decided (its problems, evidence,
    public summaries and measures, as plain data) with the decision. Numbered from 1."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("action plan")
    )
    content = models.JSONField(_("the plan as decided"))

    class Meta:
        verbose_name = _("decided action plan version")
        verbose_name_plural = _("decided action plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="action_plan_version_number_unique")
        ]

    def __str__(self) -> str:
        return gettext("%(plan)s, version %(number)s") % {"plan": self.plan, "number": self.number}


class Problem(models.Model):
    """A prioritised problem (prioriterat problem) of the action plan, picked from an adopted
    lägesbild, with the figures that show it (`Evidence`, at least one) and a cause analysis."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="problems", verbose_name=_("action plan")
    )
    situation = models.ForeignKey(
        Situation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("picked from the lägesbild"),
    )
    title = models.CharField(
        _("problem"), max_length=200, help_text=_("E.g. drug dealing around Vallås centrum.")
    )
    areas: "models.ManyToManyField[Area, Any]" = models.ManyToManyField(
        Area,
        blank=True,
        related_name="+",
        verbose_name=_("where"),
        help_text=_("The areas the problem is in; empty for the whole municipality."),
    )
    order = models.PositiveSmallIntegerField(_("priority"), default=0, help_text=_("1 is the first."))

    class Meta:
        verbose_name = _("prioritised problem")
        verbose_name_plural = _("prioritised problems")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.plan_id and self.situation_id and self.situation.municipality_id != self.plan.municipality_id:
            raise ValidationError({"situation": _("Choose a lägesbild of the plan's municipality.")})


class CauseAnalysis(models.Model):
    """The cause analysis (orsaksanalys) of one problem, by the problem-analysis triangle: the
    offender, the target or victim and the place, each with what is known, what is assumed and
    who can act on it (handler, guardian, place manager), and the sources used.

    Internal: it can touch suspected offences (GDPR article 10), so its texts are scrubbed, kept
    under the retention kind `cause_analyses` and never published. Only `public_summary`, once
    the analyst ticks `summary_is_public`, reaches public pages, the API or the feed.
    """

    problem = models.OneToOneField(
        Problem, on_delete=models.CASCADE, related_name="analysis", verbose_name=_("prioritised problem")
    )
    offender_known = models.TextField(_("offender: what is known"), blank=True, max_length=4000)
    offender_assumed = models.TextField(_("offender: what is assumed"), blank=True, max_length=4000)
    handlers = models.TextField(
        _("who can act on the offender (handlers)"),
        blank=True,
        max_length=2000,
        help_text=_("E.g. parents, youth workers, the social services."),
    )
    target_known = models.TextField(_("target or victim: what is known"), blank=True, max_length=4000)
    target_assumed = models.TextField(_("target or victim: what is assumed"), blank=True, max_length=4000)
    guardians = models.TextField(
        _("who can protect the target (guardians)"),
        blank=True,
        max_length=2000,
        help_text=_("E.g. shop staff, security guards, neighbours."),
    )
    place_known = models.TextField(_("place: what is known"), blank=True, max_length=4000)
    place_assumed = models.TextField(_("place: what is assumed"), blank=True, max_length=4000)
    place_managers = models.TextField(
        _("who can act on the place (place managers)"),
        blank=True,
        max_length=2000,
        help_text=_("E.g. the housing company, the property owner, the park department."),
    )
    sources = models.TextField(
        _("sources"),
        blank=True,
        max_length=4000,
        help_text=_("E.g. the lägesbild 2018, EST reports, the police's local analysis, dialogues."),
    )
    public_summary = models.TextField(
        _("public summary"),
        blank=True,
        max_length=2000,
        help_text=_(
            "A few sentences residents may read: general causes, never people or suspected offences."
        ),
    )
    summary_is_public = models.BooleanField(
        _("the summary may be published"),
        default=False,
        help_text=_("Tick when the summary is checked: only then do residents and the API see it."),
    )
    updated_on = models.DateField(_("last changed"), auto_now=True)

    # The internal texts: what retention removes, and what never leaves the analysts' pages.
    INTERNAL = (
        "offender_known",
        "offender_assumed",
        "handlers",
        "target_known",
        "target_assumed",
        "guardians",
        "place_known",
        "place_assumed",
        "place_managers",
        "sources",
    )

    class Meta:
        verbose_name = _("cause analysis")
        verbose_name_plural = _("cause analyses")

    def __str__(self) -> str:
        return gettext("Cause analysis: %(problem)s") % {"problem": self.problem}

    @property
    def published_summary(self) -> str:
        """The summary if the analyst made it public, else nothing."""
        return self.public_summary if self.summary_is_public else ""


class Agreement(Signatures):
    """The collaboration agreement (samverkansöverenskommelse) between the kommun and the police
    for one action plan: the measures both commit to, signed by the local police area chief and
    the kommunstyrelse's chair. Its public part is the citizen promise. Once both have signed it
    is frozen."""

    plan = models.OneToOneField(
        ActionPlan, on_delete=models.CASCADE, related_name="agreement", verbose_name=_("action plan")
    )
    terms = models.TextField(
        _("what the parties agree"),
        blank=True,
        max_length=6000,
        help_text=_("E.g. how the parties meet, follow up and share information."),
    )
    measures = models.ManyToManyField(
        Activity, blank=True, related_name="agreements", verbose_name=_("measures both parties commit to")
    )
    # police_chief, police_chief_signed_on, chair, chair_signed_on: from Signatures

    class Meta:
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")

    def __str__(self) -> str:
        return gettext("Collaboration agreement %(year)s, %(municipality)s") % {
            "year": self.plan.year,
            "municipality": self.plan.municipality,
        }
