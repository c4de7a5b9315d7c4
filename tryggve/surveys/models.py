"""The yearly safety survey: its questions, and the anonymous answers residents give.

Anonymity is built into the tables: a response has a random id, the date (never the time)
it arrived, and its answers; nothing about the device, address or person that sent it. An
invitation code only knows whether it has been used, not when or by which response.
"""

import secrets
import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryggve.core.keys import random_primary_key
from tryggve.core.models import Area, Municipality, new_version

validate_code = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    _("Use lower-case letters a–z, digits and _ and start with a letter, e.g. unsafe_alone_evening."),
)

# No 0/O, 1/I/L: codes are typed from a printed letter.
INVITATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class SurveyQuerySet(models.QuerySet["Survey"]):
    def open_now(self) -> "SurveyQuerySet":
        today = timezone.localdate()
        return self.filter(opens__lte=today, closes__gte=today)


class Survey(models.Model):
    class Access(models.TextChoices):
        OPEN = "open", _("Open link: anyone may answer")
        CODES = "codes", _("Sample: a single-use invitation code is needed")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("The year the survey runs; it feeds the next year's promise.")
    )
    slug = models.SlugField(_("address name"), help_text=_("Part of the survey's web address."))
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown on the first page."))
    thanks = models.TextField(
        _("thank-you text"), blank=True, help_text=_("Shown after the answers are sent: what happens next.")
    )
    opens = models.DateField(_("opens"))
    closes = models.DateField(_("closes"), help_text=_("The last day answers are accepted."))
    access = models.CharField(_("who may answer"), max_length=10, choices=Access.choices, default=Access.OPEN)
    # Changed on every change to the survey or its pages, questions, options and items, so
    # servers can keep the loaded questions in memory until they change (see survey_cache.py).
    # Random rather than counted, so a restored backup or a rolled-back change never brings
    # back a version number that a server has cached with other content.
    version = models.PositiveIntegerField(default=new_version, editable=False)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["municipality", "-year", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="survey_slug_unique_in_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def clean(self) -> None:
        if self.opens and self.closes and self.closes < self.opens:
            raise ValidationError({"closes": _("The survey cannot close before it opens.")})

    def is_open(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.opens <= today <= self.closes


class Page(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveSmallIntegerField(_("page number"))
    title = models.CharField(_("heading"), max_length=200)
    intro = models.TextField(_("text before the questions"), blank=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["survey", "number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="page_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("One answer on an ordered scale")
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")
        MATRIX = "matrix", _("Several items on one scale")
        TEXT = "text", _("Free text")
        NUMBER = "number", _("Number")
        AREA = "area", _("Area of residence")
        PLACES = "places", _("Places on a map")

    class Weighting(models.TextChoices):
        NONE = "", _("Not a weighting variable")
        SEX = "sex", _("Sex")
        AGE_BAND = "age_band", _("Age band")
        AREA = "area", _("Area")

    # Kinds whose answers are option codes, so skip logic can depend on them.
    CHOICE_KINDS = (Kind.SCALE, Kind.SINGLE, Kind.MULTIPLE, Kind.AREA)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="questions", verbose_name=_("page"))
    order = models.PositiveSmallIntegerField(_("order on the page"), default=0)
    code = models.CharField(
        _("code"),
        max_length=60,
        validators=[validate_code],
        help_text=_("Stable name used in exports, imports and the API, e.g. unsafe_alone_evening."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("question"))
    help = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("answer required"), default=False)
    weighting = models.CharField(
        _("weighting variable"), max_length=10, choices=Weighting.choices, default="", blank=True
    )
    min_value = models.IntegerField(_("smallest number"), null=True, blank=True)
    max_value = models.IntegerField(_("largest number"), null=True, blank=True)
    show_if = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("show only if the answer to"),
    )
    show_if_values = models.JSONField(
        _("is one of the codes"),
        default=list,
        blank=True,
        help_text=_("Option codes, e.g. [1, 2]. Leave empty to always show the question."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["page__number", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="question_code_unique")]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.page_id and self.survey_id and self.page.survey_id != self.survey_id:
            raise ValidationError({"page": _("The page belongs to another survey.")})
        if self.weighting == self.Weighting.AREA and self.kind != self.Kind.AREA:
            raise ValidationError({"weighting": _("Only an area question can be the area variable.")})
        if self.weighting in (self.Weighting.SEX, self.Weighting.AGE_BAND) and self.kind not in (
            self.Kind.SINGLE,
            self.Kind.SCALE,
        ):
            raise ValidationError({"weighting": _("Sex and age band must be one-answer questions.")})
        if self.min_value is not None and self.max_value is not None and self.max_value < self.min_value:
            raise ValidationError({"max_value": _("The largest number cannot be below the smallest.")})
        self._clean_condition()

    def _clean_condition(self) -> None:
        values = self.show_if_values
        if not isinstance(values, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            raise ValidationError({"show_if_values": _("Give a list of whole-number codes, e.g. [1, 2].")})
        condition = self.show_if
        if condition is None:
            if values:
                raise ValidationError({"show_if": _("Choose the question the condition depends on.")})
            return
        if condition.survey_id != self.survey_id or condition.pk == self.pk:
            raise ValidationError({"show_if": _("The condition must be another question of this survey.")})
        if condition.kind not in self.CHOICE_KINDS:
            raise ValidationError({"show_if": _("The condition must be a question answered with options.")})
        if (condition.page.number, condition.order) >= (self.page.number, self.order):
            raise ValidationError({"show_if": _("The condition must be a question asked earlier.")})
        if not values:
            raise ValidationError({"show_if_values": _("Give the codes for which the question is shown.")})

    def scale(self) -> list["Option"]:
        """The options on the question's scale, in order, without "don't know" and the like."""
        return sorted((o for o in self.options.all() if not o.is_special), key=lambda o: (o.order, o.code))

    def counted_options(self) -> list["Option"]:
        """The answers a share of this question counts (the lägesbild's indicator).

        The options an analyst marked as counted; where none is marked, the steps strictly above
        the middle of an odd scale (4 and 5 of 5, 3 of 3) or the upper half of an even one (3 and
        4 of 4). Special answers ("don't know") are never counted."""
        scale = self.scale()
        marked = [option for option in scale if option.counted]
        return marked or scale[(len(scale) + 1) // 2 :]

    def is_shown(self, codes_given: dict[str, list[int]]) -> bool:
        """Whether skip logic shows this question, given the option codes answered so far."""
        if self.show_if is None:
            return True
        given = codes_given.get(self.show_if.code, [])
        return any(code in self.show_if_values for code in given)


class Option(models.Model):
    """One answer to choose. Special answers ("don't know") are kept apart from the scale."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.SmallIntegerField(_("code"), help_text=_("The number stored and exported, e.g. 1 to 4."))
    label = models.CharField(_("text"), max_length=200)
    is_special = models.BooleanField(
        _("outside the scale"),
        default=False,
        help_text=_("E.g. 'Don't know' or 'I never go out': never counted as a point on the scale."),
    )
    population_label = models.CharField(
        _("label in the population file"),
        max_length=20,
        blank=True,
        help_text=_("For sex and age band: the label used in the population counts, e.g. 16-24."),
    )
    counted = models.BooleanField(
        _("counted in the lägesbild"),
        default=False,
        help_text=_(
            "For scale and matrix questions: the answers the lägesbild's share counts, e.g. 'Fairly "
            "unsafe' and 'Very unsafe'. With none ticked, the steps above the middle of the scale "
            "are counted (of 5 steps the last 2, of 4 the last 2, of 3 the last)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="option_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def clean(self) -> None:
        if self.counted and self.is_special:
            raise ValidationError(
                {"counted": _("An answer outside the scale is never counted in the lägesbild.")}
            )


class Item(models.Model):
    """One row of a matrix question, answered on the matrix's scale."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=60, validators=[validate_code])
    label = models.CharField(_("text"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="item_code_unique")]

    def __str__(self) -> str:
        return self.code


def new_invitation_code() -> str:
    letters = "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


class InvitationCode(models.Model):
    """A single-use code for sample surveys. It records only whether it was used."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitation_codes")
    code = models.CharField(_("code"), max_length=9, unique=True, default=new_invitation_code)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")

    def __str__(self) -> str:
        return self.code


def new_draft_token() -> str:
    return secrets.token_urlsafe(24)


class Draft(models.Model):
    """Answers given so far by one resident, kept on the server between pages.

    Found by a random token in a cookie. On submission the answers move into a response and
    the draft keeps only the fact that it was sent, so a resent form is recognised.
    """

    token = models.CharField(max_length=40, primary_key=True, default=new_draft_token)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    invitation = models.CharField(max_length=9, blank=True)
    preview = models.BooleanField(default=False, help_text="Started by staff: answers are never stored.")
    expires = models.DateTimeField()
    submitted = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.token[:6]


def new_response_id() -> uuid.UUID:
    return uuid.uuid4()


class Response(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        PAPER = "paper", _("Paper or imported file")

    id = models.UUIDField(primary_key=True, default=new_response_id, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    # The weighting variables, copied from the answers so counts per cell need no join.
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("area")
    )
    sex = models.CharField(_("sex"), max_length=20, blank=True)
    age_band = models.CharField(_("age band"), max_length=20, blank=True)
    quarantined = models.BooleanField(
        _("quarantined"), default=False, help_text=_("Kept, but left out of every estimate.")
    )
    quarantine_reason = models.CharField(_("reason for quarantine"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["survey", "received_on"])]

    def __str__(self) -> str:
        return str(self.id)[:8]


class Answer(models.Model):
    """One answer: an option code or number in `value`, free text in `text`."""

    id = random_primary_key()
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # Looked up through the (question, value) index, which begins with it.
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", db_index=False)
    # Only a matrix row's answers have an item: the index holds those (an item's cascade needs no more).
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="answers", db_index=False
    )
    value = models.IntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    text_approved = models.BooleanField(
        _("approved for publication"), default=False, help_text=_("No free text is public until approved.")
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        # Every index on the answers is written for each of a large import's 35 million rows:
        # these two and the response's serve every query on them (exports, quarantine, the sums
        # rebuilt, retention, cascades).
        indexes = [
            models.Index(fields=["question", "value"]),
            models.Index(fields=["item"], condition=models.Q(item__isnull=False), name="surveys_answer_item"),
        ]

    def __str__(self) -> str:
        return f"{self.question}={self.value if self.value is not None else self.text[:20]}"


class FreeText(Answer):
    """Free-text answers, which analysts redact by hand and approve for publication."""

    class Meta:
        proxy = True
        verbose_name = _("free-text answer")
        verbose_name_plural = _("free-text answers")


class PlaceMark(models.Model):
    """A place where a resident feels unsafe: a point, or an area and a description without a map."""

    id = random_primary_key()
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="places")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="places")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    description = models.CharField(_("where"), max_length=300, blank=True)
    reason = models.TextField(_("why"), blank=True)
    text_approved = models.BooleanField(_("approved for publication"), default=False)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return f"{self.latitude},{self.longitude}"


class QuarantineLog(models.Model):
    """Who put a response in or out of quarantine, when, and why."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="quarantine_log")
    quarantined = models.BooleanField()
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.response} {self.quarantined}"
