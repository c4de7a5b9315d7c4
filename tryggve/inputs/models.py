"""What feeds the lägesbild besides the survey: citizen and staff dialogues, the partners' EST
incident reports with their weekly meetings and quarterly priorities, the residents' place
reports, and the police's open events."""

from datetime import date, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tryggve.core.keys import random_primary_key
from tryggve.core.models import Area, Municipality, Organisation


class Taxonomy(models.Model):
    """A municipality's own list of labels, shared by its parties and editable by analysts.

    Every municipality starts with DEFAULTS (slug, Swedish, English); `ensure_defaults`
    creates them for a new municipality.
    """

    DEFAULTS: ClassVar[list[tuple[str, str, str]]] = []

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    slug = models.SlugField(_("code"), help_text=_("Used in imports, exports and the API."))
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(
        _("in use"), default=True, help_text=_("Labels no longer in use stay on earlier records.")
    )

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def ensure_defaults(cls, municipality: Municipality) -> None:
        if cls.objects.filter(municipality=municipality).exists():  # type: ignore[attr-defined]
            return
        cls.objects.bulk_create(  # type: ignore[attr-defined]
            cls(
                **{
                    "municipality": municipality,
                    "slug": slug,
                    "name_sv": sv,
                    "name_en": en,
                    "position": index,
                }
            )
            for index, (slug, sv, en) in enumerate(cls.DEFAULTS)
        )


class Category(Taxonomy):
    """What an incident report is about (EST's template)."""

    DEFAULTS: ClassVar[list[tuple[str, str, str]]] = [
        ("vandalism", "Skadegörelse", "Vandalism"),
        ("graffiti", "Klotter", "Graffiti"),
        ("littering", "Nedskräpning", "Littering"),
        ("fire", "Brand eller anlagd brand", "Fire or arson"),
        ("theft", "Stöld eller inbrott", "Theft or burglary"),
        ("violence", "Hot eller våld", "Threats or violence"),
        ("drugs", "Narkotika", "Drugs"),
        ("groups", "Störande grupper", "Disturbing groups"),
        ("traffic", "Trafik och mopeder", "Traffic and mopeds"),
        ("unsafe_place", "Otrygg plats (belysning, buskage)", "Unsafe place (lighting, vegetation)"),
        ("other", "Annat", "Other"),
    ]

    class Meta(Taxonomy.Meta):
        verbose_name = _("incident category")
        verbose_name_plural = _("incident categories")
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="category_slug_unique")]


class Topic(Taxonomy):
    """A subject raised in a dialogue."""

    DEFAULTS: ClassVar[list[tuple[str, str, str]]] = [
        ("lighting", "Belysning", "Lighting"),
        ("traffic", "Trafik och mopeder", "Traffic and mopeds"),
        ("drugs", "Narkotika", "Drugs"),
        ("young_people", "Ungdomar och grupper", "Young people and groups"),
        ("police_presence", "Polisens närvaro", "Police presence"),
        ("adults_out", "Vuxna ute på kvällar", "Adults out in the evenings"),
        ("littering", "Nedskräpning och klotter", "Littering and graffiti"),
        ("vegetation", "Buskage och sikt", "Vegetation and view"),
        ("burglary", "Inbrott och stöld", "Burglary and theft"),
        ("violence", "Våld och hot", "Violence and threats"),
        ("meeting_places", "Mötesplatser och aktiviteter", "Meeting places and activities"),
        ("other", "Annat", "Other"),
    ]

    class Meta(Taxonomy.Meta):
        verbose_name = _("dialogue topic")
        verbose_name_plural = _("dialogue topics")
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="topic_slug_unique")]


class Dialogue(models.Model):
    """A recorded conversation: with residents (medborgardialog) or with the parties' own staff
    (medarbetardialog, whose content stays internal). Participants are counted, never named."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Citizen dialogue (medborgardialog)")
        STAFF = "staff", _("Staff dialogue (medarbetardialog), internal")

    class Format(models.TextChoices):
        WALK = "walk", _("Walk-and-talk")
        MEETING = "meeting", _("Meeting")
        STAND = "stand", _("Stand at a market, school or event")
        DIGITAL = "digital", _("Digital")
        OTHER = "other", _("Other")

    # Who took part, counted approximately; the form asks for each group.
    PARTICIPANT_GROUPS: ClassVar[list[tuple[str, Any]]] = [
        ("residents", _("Adult residents")),
        ("young", _("Young people (under 20)")),
        ("seniors", _("Older people (65 and over)")),
        ("business", _("Business owners")),
        ("staff", _("Staff of the parties")),
        ("other", _("Others")),
    ]

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="dialogues", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CITIZEN)
    held_on = models.DateField(_("date"))
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("Leave empty for the whole municipality."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("E.g. Andersbergs centrum."))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    organisers = models.ManyToManyField(Organisation, related_name="+", verbose_name=_("organisers"))
    participants = models.JSONField(_("participants by group"), default=dict)
    topics = models.ManyToManyField(Topic, blank=True, related_name="dialogues", verbose_name=_("topics"))
    raised = models.TextField(_("what was raised"), blank=True)
    requests = models.TextField(_("what the participants asked for"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place or self.area or self.municipality}"

    @property
    def participant_total(self) -> int:
        return sum(self.participants.values())


def participant_counts(counted: dict[str, int]) -> list[tuple[Any, int]]:
    """(group's name, count) for stored participant counts, in the groups' order."""
    names = dict(Dialogue.PARTICIPANT_GROUPS)
    return [(names.get(group, group), n) for group, n in counted.items()]


def default_purge_date() -> date:
    return date.today() + timedelta(days=settings.INCIDENT_RETENTION_DAYS)


class Incident(models.Model):
    """An observation a partner reports (EST): what, when and where, never who.

    Reports concern suspected offences (GDPR article 10), so the description is scrubbed before
    it is stored, analysts can redact it further, and after `purge_after` the description, the
    address and the exact position are removed by `apply_retention`; category, area and time
    stay for the counts.
    """

    class Source(models.TextChoices):
        FORM = "form", _("Form")
        IMPORT = "import", _("Import")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="incidents", verbose_name=_("municipality")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("category")
    )
    happened_at = models.DateTimeField(_("when"))
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address or place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by organisation")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    external_id = models.CharField(
        _("id in the partner's system"), max_length=100, blank=True, help_text=_("Makes imports idempotent.")
    )
    redacted = models.BooleanField(_("redacted by an analyst"), default=False)
    # One per filled-in form: sending it again (a retry on a bad network, a double tap) saves nothing new.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    purge_after = models.DateField(_("description removed after"), default=default_purge_date)
    purged = models.BooleanField(_("description removed"), default=False)

    class Meta:
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")
        ordering = ["-happened_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "happened_at"]),
            models.Index(fields=["purged", "purge_after"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~models.Q(external_id=""),
                name="one_import_per_external_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.happened_at:%Y-%m-%d} {self.category} {self.area}"


class PlaceKind(models.TextChoices):
    """What is at a place: the one list of the residents' place reports and the safety walks'
    findings (`followup.Finding.kind`), so a report can become a finding."""

    LIGHTING = "lighting", _("Lighting")
    VEGETATION = "vegetation", _("Vegetation")
    BLOCKED_VIEW = "blocked_view", _("Blocked view")
    LITTERING = "littering", _("Littering")
    GRAFFITI = "graffiti", _("Graffiti")
    DAMAGE = "damage", _("Damage")
    GATHERING_PLACE = "gathering_place", _("Gathering place")
    TRAFFIC = "traffic", _("Traffic")
    OTHER = "other", _("Other")
    SAFE_PLACE = "safe_place", _("A safe place")


class PlaceReportQuerySet(models.QuerySet["PlaceReport"]):
    def published(self) -> "PlaceReportQuerySet":
        """The reports residents may see (issue 33): moderated (staff routed it, so its status is
        no longer new, or approved its text), neither hidden nor merged into another. What of
        them is public is `situation.publication.place_report`'s to say."""
        return self.filter(hidden=False, duplicate_of=None).filter(
            ~models.Q(status=PlaceReport.Status.NEW) | models.Q(approved=True)
        )

    def merged_into(self, municipality: Any, pk: int) -> "PlaceReport | None":
        """The published report that report `pk` of `municipality` was merged into, if it was
        (and was not hidden): where the public page and the API send whoever follows its key."""
        merged = self.filter(municipality=municipality, pk=pk, hidden=False).exclude(duplicate_of=None)
        original = self.published().filter(municipality=municipality, pk__in=merged.values("duplicate_of"))
        return original.first()

    def newest_status_first(self) -> "PlaceReportQuerySet":
        """The public list's order, by the day staff last set the status (an index holds it)."""
        return self.order_by(models.F("status_on").desc(nulls_last=True), "-pk")


class PlaceReport(models.Model):
    """A place a resident reports, unsafe or safe: anonymous, with nothing that tells who sent it
    or when beyond the date (a random key, `received_on` a date, no address, device or account).

    Staff moderate it (`hidden`, `duplicate_of`, `public_text` once `approved`) and route it to
    the organisation that can act (`organisation`), whose staff set its `status` and `answer`.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        RECEIVED = "received", _("Received")
        FORWARDED = "forwarded", _("Forwarded")
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        NOT_DONE = "not_done", _("Will not be done")

    # A case with one of these is closed: it is no longer listed first or reminded of.
    CLOSED = frozenset({Status.DONE, Status.NOT_DONE})

    id = random_primary_key()
    # No index of their own: the indexes below begin with the municipality and the organisation,
    # and every index is one more write when a resident sends a report.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="place_reports",
        verbose_name=_("municipality"),
        db_index=False,
    )
    kind = models.CharField(_("what"), max_length=15, choices=PlaceKind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="place-reports/", blank=True)
    received_on = models.DateField(_("received on"))
    # Moderation.
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("why hidden"), max_length=200, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    public_text = models.TextField(_("text that may be published"), blank=True)
    approved = models.BooleanField(_("text approved"), default=False)
    # The case.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible organisation"),
        db_index=False,
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    # The day staff last set the status (a date, as every time of a report): the public pages
    # and the feed show the newest first.
    status_on = models.DateField(_("status since"), null=True, blank=True)
    purged = models.BooleanField(_("description and photo removed"), default=False)

    objects = PlaceReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("place report")
        verbose_name_plural = _("place reports")
        ordering = ["-received_on", "pk"]
        indexes = [
            models.Index(fields=["municipality", "received_on"]),
            models.Index(fields=["organisation", "status"]),
            # The public list, newest status first (`-status_on`, `-id`).
            models.Index(fields=["municipality", "status_on", "id"]),
            # The public counts per area and status, read from the index alone.
            models.Index(fields=["municipality", "area", "status", "hidden", "duplicate_of", "approved"]),
        ]

    def __str__(self) -> str:
        return f"{self.received_on} {self.get_kind_display()} {self.area}"

    @property
    def public(self) -> bool:
        """Whether the report may ever be shown outside the staff side."""
        return not self.hidden and self.duplicate_of_id is None


class StatusSubscription(models.Model):
    """An e-mail address a resident left on the report form to hear of its status (issue 33.2).

    Kept apart from the report on purpose, and read only by `inputs.place_followers`, which
    e-mails the new status and a link: no page, admin, export, API, audit entry
    (`core.change_log.NOT_LOGGED`) or backup (`core.backups.LEFT_OUT`) holds it. Deleted when
    the case closes or the report is hidden, and at the latest `place_followers.KEEP_DAYS`
    after `since` (`apply_retention`).
    """

    id = random_primary_key()
    report = models.ForeignKey(PlaceReport, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    language = models.CharField(max_length=5)  # the form's, so the e-mails are in it
    since = models.DateField()

    class Meta:
        verbose_name = _("status e-mail")
        verbose_name_plural = _("status e-mails")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)  # never the address


class WeeklyMeeting(models.Model):
    """The EST group's weekly meeting: what it decided and the feedback sent to reporters."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    week = models.DateField(_("week (its Monday)"))
    decisions = models.TextField(_("decisions"))
    feedback = models.TextField(
        _("feedback to reporters"), blank=True, help_text=_("E-mailed to everyone who reported that week.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    feedback_sent_to = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("weekly meeting")
        verbose_name_plural = _("weekly meetings")
        ordering = ["-week"]
        constraints = [models.UniqueConstraint(fields=["municipality", "week"], name="one_meeting_per_week")]

    def __str__(self) -> str:
        return f"{self.municipality} {self.week:%G-W%V}"


class QuarterPriority(models.Model):
    """The quarterly analysis's choice: the areas to prioritise in the coming quarter."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    areas = models.ManyToManyField(Area, related_name="+", verbose_name=_("areas to prioritise"))
    reasoning = models.TextField(_("reasoning"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quarterly priority")
        verbose_name_plural = _("quarterly priorities")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "quarter"], name="one_priority_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} Q{self.quarter}"


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


def start_taxonomies(
    sender: type[Municipality], instance: Municipality, created: bool, **kwargs: Any
) -> None:
    """Every municipality starts with the default incident categories and dialogue topics."""
    if created and not kwargs.get("raw"):
        Category.ensure_defaults(instance)
        Topic.ensure_defaults(instance)


# ---------------------------------------------------------------- recorded crime (Kolada)


KOLADA_ID = RegexValidator(
    r"^[A-Z]\d{5}$", _("A Kolada KPI id is a capital letter and five digits, e.g. N07403.")
)


class KoladaKpi(models.Model):
    """A Kolada key figure (KPI) a municipality follows in its lägesbild, e.g. N07403 (reported
    violent crime per 100,000 residents). Its title, description and unit come from Kolada's KPI
    response (`import_kolada` with /v2/kpi/…) or are entered here; see inputs.kolada."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="kolada_kpis", verbose_name=_("municipality")
    )
    kpi = models.CharField(_("Kolada id"), max_length=6, validators=[KOLADA_ID], help_text=_("E.g. N07403."))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True, help_text=_("E.g. antal/100 000 inv."))
    source = models.CharField(
        _("source"), max_length=200, default="Kolada (RKA), Brå:s officiella kriminalstatistik"
    )
    shown = models.BooleanField(_("shown in the lägesbild"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("Kolada key figure")
        verbose_name_plural = _("Kolada key figures")
        ordering = ["position", "kpi"]
        constraints = [models.UniqueConstraint(fields=["municipality", "kpi"], name="one_kolada_kpi")]

    def __str__(self) -> str:
        return f"{self.kpi} {self.title}"


class KoladaValue(models.Model):
    """One figure of a Kolada KPI for the KPI's municipality, a year and a gender, as imported
    by `import_kolada` (Kolada revises figures: a new value replaces the stored one)."""

    class Gender(models.TextChoices):
        TOTAL = "T", _("Total")
        WOMEN = "K", _("Women")
        MEN = "M", _("Men")

    kpi = models.ForeignKey(KoladaKpi, on_delete=models.CASCADE, related_name="values", verbose_name=_("KPI"))
    year = models.PositiveSmallIntegerField(_("year"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    value = models.FloatField(_("value"), null=True, blank=True, help_text=_("Empty: Kolada has no value."))
    count = models.PositiveIntegerField(_("count"), default=1)
    status = models.CharField(_("status"), max_length=50, blank=True)
    updated_at = models.DateTimeField(_("imported or updated"), auto_now=True)

    class Meta:
        verbose_name = _("Kolada figure")
        verbose_name_plural = _("Kolada figures")
        ordering = ["kpi", "year", "gender"]
        constraints = [models.UniqueConstraint(fields=["kpi", "year", "gender"], name="one_kolada_value")]

    def __str__(self) -> str:
        return f"{self.kpi.kpi} {self.year} {self.gender}"
