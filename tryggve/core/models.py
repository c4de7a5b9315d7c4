"""The parties and places every stage of the cycle refers to.

A municipality is a tenant: its areas, cycles and promises are its own. Organisations
(the kommun, a police area, partners) take part in one or several municipalities, and
staff hold roles through a membership of an organisation in one municipality.
"""

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .colours import AA_NORMAL_TEXT, HEX_COLOUR, WHITE, contrast_ratio
from .files import refuse_oversized_image
from .geojson import validate_area_geometry
from .svg import clean_svg

# First path segments the site uses itself, so no municipality may take them as its slug.
RESERVED_SLUGS = {"admin", "api", "en", "sv", "ar", "konto", "static", "media", "i18n"}

# A dark blue with 8.7:1 contrast against white: a safe theme until the municipality picks its own.
DEFAULT_COLOUR = "#1f4e79"

validate_hex_colour = RegexValidator(HEX_COLOUR, _("Give the colour as #rrggbb, e.g. #005293."))


def validate_region_codes(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) and code.strip() for code in value):
        raise ValidationError(_('Give the codes as a list, e.g. ["1380C1010", "1380C1020"].'))


def validate_municipality_slug(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the site itself; choose another."), params={"slug": slug}
        )


def _is_svg(file: FieldFile) -> bool:
    return bool(file.name and file.name.lower().endswith(".svg"))


def _content(file: FieldFile) -> bytes:
    file.seek(0)
    content = file.read()
    file.seek(0)
    return content


def validate_logo(file: FieldFile) -> None:
    """A new logo is shown to everyone: an SVG must be one (only its drawing is stored, see
    `Municipality.save`), an image must not have more pixels than uploads may."""
    if getattr(file, "_committed", False):
        return  # the stored logo, checked when it was uploaded
    if _is_svg(file):
        clean_svg(_content(file))
    else:
        refuse_oversized_image(file)


def new_version() -> int:
    """A random version number: a new one tells every server process that what it keeps is stale."""
    return secrets.randbits(31)


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("E.g. Halmstad."))
    official_name = models.CharField(
        _("official name"), max_length=150, help_text=_("E.g. Halmstads kommun.")
    )
    slug = models.SlugField(
        _("address name"),
        unique=True,
        validators=[validate_municipality_slug],
        help_text=_("The first part of the public addresses, e.g. halmstad."),
    )
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("The municipality code has four digits."))],
        help_text=_("Statistics Sweden's four-digit code, e.g. 1380."),
    )
    logo = models.FileField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[FileExtensionValidator(["svg", "png", "jpg", "jpeg", "webp"]), validate_logo],
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default=DEFAULT_COLOUR,
        validators=[validate_hex_colour],
        help_text=_("Background of the page header; white text is shown on it."),
    )
    link_colour = models.CharField(
        _("link colour"),
        max_length=7,
        default=DEFAULT_COLOUR,
        validators=[validate_hex_colour],
        help_text=_("Links and headings on a white background."),
    )
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    visiting_address = models.CharField(_("visiting address"), max_length=200, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)
    map_url = models.URLField(
        _("map link"), blank=True, help_text=_("A link to the visiting address on a map.")
    )
    promise_page_intro = models.TextField(
        _("introduction to the citizen promises"),
        blank=True,
        help_text=_("Shown first on the public promise page. Separate paragraphs with a blank line."),
    )
    privacy_notice = models.TextField(
        _("privacy notice (personuppgiftspolicy)"),
        blank=True,
        help_text=_(
            "How the municipality handles personal data in Tryggve: controller, purposes, legal basis, "
            "retention, rights and contact. Empty: Tryggve's standard text with the contact details above."
        ),
    )
    accessibility_statement = models.TextField(
        _("accessibility statement (tillgänglighetsredogörelse)"),
        blank=True,
        help_text=_(
            "Required of Swedish public bodies (lag 2018:1937). Empty: Tryggve's standard statement with "
            "the contact details above."
        ),
    )
    is_demo = models.BooleanField(
        _("demonstration data"),
        default=False,
        help_text=_("Public pages say that the content is invented for demonstration."),
    )
    # New at every change to the municipality or to its areas, landmarks, organisations or opening
    # hours (`core.place_versions`): what a server process keeps of them is keyed by it.
    places_version = models.PositiveIntegerField(default=new_version, editable=False)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new SVG logo is stored as its cleaned drawing, never as uploaded.
        if self.logo and not self.logo._committed and _is_svg(self.logo):
            name = self.logo.name.rsplit("/", 1)[-1]
            self.logo = ContentFile(clean_svg(_content(self.logo)), name=name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        for field, text in (
            ("primary_colour", _("White text on the primary colour")),
            ("link_colour", _("The link colour on white")),
        ):
            colour = getattr(self, field)
            if HEX_COLOUR.match(colour or ""):
                ratio = contrast_ratio(colour, WHITE)
                if ratio < AA_NORMAL_TEXT:
                    errors[field] = ValidationError(
                        _(
                            "%(what)s has a contrast of %(ratio)s:1; WCAG 2.1 AA needs at least "
                            "4.5:1. Choose a darker colour."
                        ),
                        params={"what": text, "ratio": number_format(ratio, 2)},
                    )
        if errors:
            raise ValidationError(errors)


class OpeningHours(models.Model):
    class Kind(models.TextChoices):
        VISITORS = "visitors", _("Opening hours for visitors")
        PHONE = "phone", _("Telephone hours")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="opening_hours")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    first_weekday = models.PositiveSmallIntegerField(_("from weekday"), choices=list(WEEKDAYS.items()))
    last_weekday = models.PositiveSmallIntegerField(_("to weekday"), choices=list(WEEKDAYS.items()))
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["-kind", "first_weekday"]  # visitors first, as on the municipality page

    def __str__(self) -> str:
        return f"{self.days} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def days(self) -> str:
        first = capfirst(str(WEEKDAYS[self.first_weekday]))
        if self.first_weekday == self.last_weekday:
            return first
        return f"{first}–{WEEKDAYS[self.last_weekday]}"

    def clean(self) -> None:
        if (
            self.last_weekday is not None
            and self.first_weekday is not None
            and self.last_weekday < self.first_weekday
        ):
            raise ValidationError(_("The last weekday comes before the first."))
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError(_("The closing time must come after the opening time."))


class Organisation(models.Model):
    class Kind(models.TextChoices):
        KOMMUN = "kommun", _("Municipality (kommun)")
        POLICE = "police", _("Local police area")
        HOUSING = "housing", _("Housing company")
        BUSINESS = "business", _("Business association")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("address name"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="organisations",
        verbose_name=_("takes part in"),
        help_text=_("A police area takes part in every municipality it serves."),
    )
    website = models.URLField(_("website"), blank=True)
    require_two_factor = models.BooleanField(
        _("require two-factor login"),
        default=False,
        help_text=_(
            "Staff with a role in this organisation must log in with a code from an authenticator app "
            "(or through the municipality's single sign-on)."
        ),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Whole municipality")
        DISTRICT = "district", _("District (stadsdel)")
        LOCALITY = "locality", _("Locality (tätort)")
        CITY_CENTRE = "city_centre", _("City centre")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="areas", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("address name"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DISTRICT)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    geometry = models.JSONField(
        _("outline (GeoJSON)"),
        null=True,
        blank=True,
        validators=[validate_area_geometry],
        help_text=_("A GeoJSON Polygon or MultiPolygon geometry, longitude before latitude."),
    )
    code = models.CharField(
        _("official code"),
        max_length=20,
        blank=True,
        help_text=_(
            "Statistics Sweden's or Lantmäteriet's code of the area, e.g. the DeSO code 1380C1010 or "
            "the municipality code 1380; empty for an area the municipality drew itself."
        ),
    )
    region_codes = models.JSONField(
        _("statistical regions"),
        default=list,
        blank=True,
        validators=[validate_region_codes],
        help_text=_(
            "The codes of the statistical areas (DeSO, RegSO) the area is made of: population counts "
            "for them are summed into this area."
        ),
    )
    geometry_is_invented = models.BooleanField(
        _("outline is approximate and invented"),
        default=False,
        help_text=_("Shown next to the map so nobody takes the line for an official border."),
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="area_slug_unique_in_municipality"),
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=~models.Q(code=""),
                name="area_code_unique_in_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        parent = self.parent
        if parent is not None and parent.municipality_id != self.municipality_id:
            raise ValidationError(
                {"parent": _("An area can only be part of an area in the same municipality.")}
            )
        seen = {self.pk}
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError({"parent": _("An area cannot be part of itself.")})
            seen.add(parent.pk)
            parent = parent.parent


class Landmark(models.Model):
    """A named place residents know (a square, a station, a school, a street): the words the
    lägesbild uses for where a hotspot lies, instead of coordinates."""

    class Kind(models.TextChoices):
        SQUARE = "square", _("Square")
        STATION = "station", _("Station")
        SCHOOL = "school", _("School")
        STREET = "street", _("Street")
        CENTRE = "centre", _("Local centre")
        PARK = "park", _("Park")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="landmarks", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    latitude = models.FloatField(
        _("latitude"),
        validators=[MinValueValidator(55.0), MaxValueValidator(69.1)],
        help_text=_("In WGS 84 degrees, e.g. 56.6744."),
    )
    longitude = models.FloatField(
        _("longitude"),
        validators=[MinValueValidator(10.9), MaxValueValidator(24.2)],
        help_text=_("In WGS 84 degrees, e.g. 12.8578."),
    )
    position_is_invented = models.BooleanField(
        _("position is approximate and invented"),
        default=False,
        help_text=_("For demonstration data: the name is real, the point is not surveyed."),
    )

    class Meta:
        verbose_name = _("named place")
        verbose_name_plural = _("named places")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="landmark_name_unique_in_municipality"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def with_descendants(areas: Iterable[Area]) -> set[int]:
    """Ids of the given areas and every area nested inside them."""
    ids = {area.pk for area in areas}
    frontier = set(ids)
    while frontier:
        frontier = set(Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return ids


class Cycle(models.Model):
    """One yearly round: the survey and dialogues of one autumn feed the promise that follows."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="cycles", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(
        _("promise year"), help_text=_("The year the promise of this round starts.")
    )
    survey_opens = models.DateField(
        _("survey opens"), null=True, blank=True, help_text=_("Usually in the autumn before.")
    )
    survey_closes = models.DateField(_("survey closes"), null=True, blank=True)

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["municipality", "-year"]
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="one_cycle_per_year")]

    def __str__(self) -> str:
        return gettext("%(municipality)s %(year)s") % {
            "municipality": self.municipality,
            "year": self.year,
        }

    @property
    def survey_year(self) -> int:
        return self.survey_opens.year if self.survey_opens else self.year - 1

    def clean(self) -> None:
        if self.survey_opens and self.survey_closes and self.survey_closes < self.survey_opens:
            raise ValidationError({"survey_closes": _("The survey cannot close before it opens.")})
        if self.survey_opens and self.year and self.survey_opens.year > self.year:
            raise ValidationError(
                {"survey_opens": _("The survey feeds the promise, so it runs before the promise year.")}
            )


class Membership(models.Model):
    """A staff user's role in one organisation, in one municipality, optionally in some areas."""

    class Role(models.TextChoices):
        ANALYST = "analyst", _("Analyst")
        PARTNER_REPORTER = "reporter", _("Partner reporter")
        ACTIVITY_OWNER = "owner", _("Activity owner")
        APPROVER = "approver", _("Approver")
        ADMINISTRATOR = "admin", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("municipality")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    areas = models.ManyToManyField(
        Area,
        blank=True,
        verbose_name=_("areas"),
        help_text=_("Leave empty for the whole municipality; nested areas are included."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "municipality", "role"], name="one_role_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.organisation} ({self.municipality})"

    def clean(self) -> None:
        if (
            self.organisation_id
            and self.municipality_id
            and not self.organisation.municipalities.filter(pk=self.municipality_id).exists()
        ):
            raise ValidationError(
                {"municipality": _("The organisation does not take part in this municipality.")}
            )


class Population(models.Model):
    """Residents of an area by sex and age band in one year: what survey answers are weighted to.

    Sex and age band are the labels of the population file (e.g. "kvinna", "16-24"); the
    survey's background questions carry the same labels on their options.
    """

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="population", verbose_name=_("area")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(_("sex"), max_length=20)
    age_band = models.CharField(_("age band"), max_length=20)
    count = models.PositiveIntegerField(_("residents"))

    class Meta:
        verbose_name = _("population count")
        verbose_name_plural = _("population counts")
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "sex", "age_band"], name="one_population_cell")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year} {self.sex} {self.age_band}: {self.count}"


class AuditEntry(models.Model):
    """One entry of the audit log, kept for administrators to read: a view of raw data (incident
    reports, dialogues, on a page or through the API), a redaction, an import or an export, every
    change staff make (`core.change_log`), a login, a failed or blocked one, a logout, two-factor
    login turned on or off, and each retention run (`apply_retention`); `Action` names them all.

    Written by `tryggve.core.audit.record`; never changed afterwards.
    """

    class Action(models.TextChoices):
        # Raw data read: incident reports and dialogues on the staff pages, or through the API.
        VIEW = "view", _("Viewed raw data")
        API = "api", _("Read raw data through the API")
        REDACT = "redact", _("Redacted")
        IMPORT = "import", _("Imported")
        EXPORT = "export", _("Exported")
        # A change by staff (`core.change_log`), and the invitation codes made for a survey.
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        DELETED = "deleted", _("Deleted")
        RETENTION = "retention", _("Deleted at the end of its retention period")
        # Logins (`accounts.signals`, `accounts.lockout`) and two-factor login.
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOCKED_OUT = "locked_out", _("Login blocked")
        LOGOUT = "logout", _("Logged out")
        TWO_FACTOR_FAILED = "2fa_failed", _("Wrong two-factor code")
        TWO_FACTOR_ON = "2fa_on", _("Turned two-factor login on")
        TWO_FACTOR_OFF = "2fa_off", _("Turned two-factor login off")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150, help_text=_("Kept if the user is removed."))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("municipality"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    what = models.CharField(_("what"), max_length=200)
    rows = models.PositiveIntegerField(_("rows shown"), default=0)
    path = models.CharField(_("address"), max_length=500)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only; the database refuses changes too (migration 0007).
        if not self._state.adding:
            raise PermissionDenied("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("Audit entries are removed only by apply_retention, past their retention.")


class RetentionRule(models.Model):
    """How long one kind of data is kept in a municipality, under its gallringsbeslut.

    Applied daily by `apply_retention`, which records each run in the audit log.
    """

    class Kind(models.TextChoices):
        SURVEY_FREE_TEXT = "survey_text", _("Survey free text and place descriptions")
        WALK_PHOTOS = "walk_photos", _("Safety-walk photos")
        INCIDENT_DESCRIPTIONS = "incidents", _("Incident report descriptions, addresses and positions")
        PLACE_REPORTS = "place_reports", _("Place reports' descriptions, places, positions and photos")
        CAUSE_ANALYSES = "cause_analyses", _("Cause analyses' internal texts (the public summary stays)")
        AUDIT_ENTRIES = "audit", _("Audit log entries")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="retention_rules", verbose_name=_("municipality")
    )
    kind = models.CharField(_("data"), max_length=20, choices=Kind.choices)
    days = models.PositiveIntegerField(_("kept for (days)"))
    decision = models.CharField(
        _("gallringsbeslut"), max_length=200, help_text=_("The decision the rule follows, e.g. KS 2024/123.")
    )

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["municipality", "kind"]
        constraints = [models.UniqueConstraint(fields=["municipality", "kind"], name="one_rule_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days}"


class StaffEmail(models.TextChoices):
    """The kinds of e-mail Tryggve sends staff about their work; each user may turn each one off
    (`core.notices`). Password resets and lockout warnings are not among them: they always go."""

    PROMISE_REVIEW = "promise_review", _("A citizen promise of my organisation is sent for review")
    PROMISE_ADOPTED = "promise_adopted", _("A citizen promise of my organisation is adopted")
    PROMISE_PUBLISHED = "promise_published", _("A citizen promise of my organisation is published")
    MEASURE_DUE = "measure_due", _("A safety-walk measure of my organisation is due within a week or overdue")
    ACTIVITY_BEHIND = "activity_behind", _("An activity of my organisation is behind its plan")
    PLACE_REPORT_DUE = (
        "place_report_due",
        _("A resident's place report routed to my organisation is due within a week or overdue"),
    )
    EST_FEEDBACK = "est_feedback", _("Feedback from the EST meeting on a week I reported in")


class EmailOptOut(models.Model):
    """A kind of e-mail one staff user has turned off; every kind is on until it is turned off."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("e-mail"), max_length=20, choices=StaffEmail.choices)

    class Meta:
        verbose_name = _("e-mail turned off")
        verbose_name_plural = _("e-mails turned off")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"


class SentReminder(models.Model):
    """A reminder e-mailed to a user: its kind, what it was about (e.g. ``measure:12:overdue``)
    and the day, so the same reminder is not sent again too soon. Nothing else is kept, and
    `core.notices.remind` removes rows older than `core.notices.KEEP_DAYS`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=StaffEmail.choices)
    about = models.CharField(max_length=60)
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        indexes = [models.Index(fields=["kind", "sent_on"])]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.user} {self.about}"


class Decision(models.Model):
    """A decision by a political body (e.g. Kommunstyrelsen): who, when and its reference (the
    diarienummer or paragraph). One home for the fields and their rules, used by the citizen
    promise's adoption and the lägesbild report's versions. The fields may stay empty until the
    decision is made; `check_decision` says what is missing or wrong before one is recorded."""

    decision_body = models.CharField(
        _("adopted by"), max_length=150, blank=True, help_text=_("E.g. Kommunstyrelsen.")
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_reference = models.CharField(
        _("decision reference"), max_length=60, blank=True, help_text=_("The case number (diarienummer).")
    )

    class Meta:
        abstract = True

    def decision_errors(self, today: datetime.date) -> dict[str, str]:
        """The decision's faults, by field: a body and date are needed, and the date is not after
        `today` (a decision is recorded once it is made)."""
        errors = {}
        if not self.decision_body.strip():
            errors["decision_body"] = gettext("Write which body made the decision.")
        if self.decision_date is None:
            errors["decision_date"] = gettext("Give the date of the decision.")
        elif self.decision_date > today:
            errors["decision_date"] = gettext("The decision date cannot be in the future.")
        return errors

    def check_decision(self, today: datetime.date) -> None:
        if errors := self.decision_errors(today):
            raise ValidationError(errors)


class DecidedVersion(Decision):
    """A numbered, decided version of a document the parties decide (the lägesbild report, the
    action plan, the follow-up report): its number from 1, who recorded the decision and when.
    The subclass holds the document as decided and its link to the draft."""

    number = models.PositiveSmallIntegerField(_("version"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class PartyComment(models.Model):
    """A party's comment on a draft (a promise in review, the lägesbild report): which of the
    parties' organisations wrote it, who and when. Staff only, never public. One home for the
    fields, used by `promises.ReviewComment` and `situation.ReportComment`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.text[:50]}"
