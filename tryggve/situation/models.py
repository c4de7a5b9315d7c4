"""The lägesbild's running sums: per weighting cell, how many respondents gave each answer.

Estimates need only these (see estimators.py), so a lägesbild costs the same with a thousand or a
million responses. They are updated in the transaction that stores or quarantines responses
(running_sums.py) and can be rebuilt from the answers at any time.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tryggve.core.keys import random_primary_key
from tryggve.core.models import DecidedVersion, Municipality, PartyComment
from tryggve.surveys.models import Question, Survey


class CellCount(models.Model):
    """Respondents (not in quarantine) in one weighting cell of one survey."""

    id = random_primary_key()

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    area_key = models.PositiveIntegerField(help_text="The area's id; 0 if the respondent did not say.")
    sex = models.CharField(max_length=20, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    respondents = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("cell count")
        constraints = [
            models.UniqueConstraint(fields=["survey", "area_key", "sex", "age_band"], name="one_cell_count")
        ]

    def __str__(self) -> str:
        return f"{self.area_key} {self.sex} {self.age_band}: {self.respondents}"


class Tally(models.Model):
    """Respondents in one weighting cell who gave one answer value to a question (or matrix item)."""

    id = random_primary_key()

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=50, blank=True)
    area_key = models.PositiveIntegerField()
    sex = models.CharField(max_length=20, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    value = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("answer tally")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question", "item", "area_key", "sex", "age_band", "value"],
                name="one_tally",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}.{self.item} {self.area_key} {self.sex} {self.age_band} = {self.value}"


class PlaceCount(models.Model):
    """Places residents marked on the map, counted per grid square (see tally.GRID)."""

    id = random_primary_key()

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    row = models.IntegerField(help_text="floor(latitude / GRID_LATITUDE)")
    column = models.IntegerField(help_text="floor(longitude / GRID_LONGITUDE)")
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("place count")
        constraints = [models.UniqueConstraint(fields=["survey", "row", "column"], name="one_place_count")]

    def __str__(self) -> str:
        return f"{self.row},{self.column}: {self.count}"


class PlaceSquaresOfMonth(models.Model):
    """The squares the public map of place reports shows under the grouped rule, fixed once a
    month (`publication.place_squares`): a live count would change the day one report was read,
    and two days' maps compared would place that report in its square."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="the first day of the month the squares are shown in")
    squares = models.JSONField(default=list)

    class Meta:
        verbose_name = _("place squares of a month")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "month"], name="one_place_squares_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.month:%Y-%m}"


def validate_age_band_groups(value: object) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip() for k, v in value.items()
    ):
        raise ValidationError(_('Give pairs of age bands, e.g. {"16-19": "16-24", "20-24": "16-24"}.'))


class Weighting(models.Model):
    """How an analyst adjusts a survey's weighting cells, e.g. by joining age bands.

    Joining is needed when a cell has respondents but no residents or the other way round, or
    when the population counts use finer age bands than the survey asked for.
    """

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, related_name="+", verbose_name=_("survey")
    )
    age_band_groups = models.JSONField(
        _("joined age bands"),
        default=dict,
        blank=True,
        validators=[validate_age_band_groups],
        help_text=_(
            "Each age band, in the answers or the population counts, and the band it is counted in, "
            'e.g. {"16-24": "16-44", "25-44": "16-44"}. Bands not listed stay as they are.'
        ),
    )

    class Meta:
        verbose_name = _("weighting")
        verbose_name_plural = _("weightings")

    def __str__(self) -> str:
        return str(self.survey)


class SituationQuerySet(models.QuerySet["Situation"]):
    def version_of(
        self, municipality: Municipality, year: int, version: int | None = None
    ) -> "Situation | None":
        """The adopted lägesbild of a year: the given version, or the newest."""
        found = self.filter(municipality=municipality, year=year)
        if version is not None:
            found = found.filter(version=version)
        return found.order_by("-version").first()

    def readable(self) -> "SituationQuerySet":
        """Versions everyone may read (see publication.py): public, and not withdrawn."""
        return self.filter(public=True, replaced_by__isnull=True)


class Situation(models.Model):
    """An adopted lägesbild: a dated, numbered version whose figures are frozen in `data`.

    Lag (2023:196) asks every kommun for a lägesbild; once adopted, later imports and answers
    never change what was adopted and published. A new adoption makes a new version.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="situations", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year the survey ran."))
    version = models.PositiveSmallIntegerField(_("version"))
    survey = models.ForeignKey(
        Survey, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("survey")
    )
    adopted_on = models.DateField(_("adopted on"))
    decision = models.CharField(
        _("decision"),
        max_length=200,
        help_text=_("Who adopted it and the reference, e.g. Kommunstyrelsen § 245."),
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField(_("frozen figures"))
    public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "Whether the version is published. A version frozen before the survey closed is internal: "
            "only the parties' staff see it."
        ),
    )
    replaced_by = models.PositiveSmallIntegerField(
        _("withdrawn, replaced by version"),
        null=True,
        blank=True,
        help_text=_(
            "A later version whose figures, read beside this one's, would reveal a small group: this one "
            "is then withdrawn from public pages and the API (staff still see it)."
        ),
    )

    objects = SituationQuerySet.as_manager()

    class Meta:
        verbose_name = _("adopted lägesbild")
        verbose_name_plural = _("adopted lägesbilder")
        ordering = ["municipality", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "version"], name="one_situation_version")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} v{self.version}"


class Theme(models.Model):
    """A topic residents raise in their own words, found by the Swedish stems of its words."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="themes", verbose_name=_("municipality")
    )
    name = models.CharField(_("theme"), max_length=80)
    words = models.TextField(
        _("words"),
        help_text=_(
            "Words separated by commas, in any form: belysning, lampa, mörker. Inflected forms and "
            "compounds (gatubelysningen) are found too."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("free-text theme")
        verbose_name_plural = _("free-text themes")
        ordering = ["municipality", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="theme_name_unique")]

    def __str__(self) -> str:
        return self.name


class NationalFigure(models.Model):
    """A national or county figure comparable with one of the lägesbild's indicators, entered or
    imported by an analyst (issue 28.3), e.g. from Brå's national survey NTU. Published figures
    of others, not respondents; shown beside the municipality's estimate with how the methods differ."""

    NATIONAL = "national"
    COUNTY = "county"
    LEVELS = [(NATIONAL, _("the whole country")), (COUNTY, _("the county"))]

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="national_figures",
        verbose_name=_("municipality"),
    )
    indicator = models.CharField(
        _("indicator"),
        max_length=100,
        help_text=_("The indicator's code as the lägesbild names it, e.g. unsafe_alone_evening."),
    )
    level = models.CharField(_("level"), max_length=10, choices=LEVELS)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"), help_text=_("A share between 0 and 1: 0.17 for 17 per cent."))
    source = models.CharField(_("source"), max_length=200, help_text=_("E.g. Brå, NTU 2024."))
    method_note = models.TextField(
        _("how the methods differ"),
        help_text=_(
            "E.g. NTU is a national telephone and web survey with another question wording and sample."
        ),
    )

    class Meta:
        verbose_name = _("national comparison figure")
        verbose_name_plural = _("national comparison figures")
        ordering = ["municipality", "indicator", "level", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "indicator", "level", "year"], name="one_national_figure_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0, value__lte=1), name="national_figure_is_a_share"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.get_level_display()} {self.year}"

    def clean(self) -> None:
        if self.value is not None and not 0 <= self.value <= 1:
            raise ValidationError(
                {"value": _("The value is a share between 0 and 1 (0.17 for 17 per cent).")}
            )


class Report(models.Model):
    """The municipality's lägesbild report (lag 2023:196): what the analysts write about one
    adopted version, in the sections the law asks for. Its figures are not stored here: the
    editor and every later form of the report read them from the version's public form
    (`situation.report`), so they are the adopted ones, small groups hidden."""

    # The sections, in the order the report has them; each a text written per language.
    SECTIONS = ("crime", "safety", "partners", "residents", "analysis")

    situation = models.OneToOneField(
        Situation, on_delete=models.CASCADE, related_name="report", verbose_name=_("adopted lägesbild")
    )
    crime = models.TextField(_("extent and nature of crime"), blank=True, max_length=6000)
    safety = models.TextField(_("safety and trust"), blank=True, max_length=6000)
    partners = models.TextField(_("what partners see"), blank=True, max_length=6000)
    residents = models.TextField(_("what residents say"), blank=True, max_length=6000)
    analysis = models.TextField(_("analysis and conclusions"), blank=True, max_length=6000)
    updated_on = models.DateField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("lägesbild report")
        verbose_name_plural = _("lägesbild reports")

    def __str__(self) -> str:
        return str(self.situation)  # the verbose name says it is the report


class ReportVersion(DecidedVersion):
    """A decided version of the lägesbild report: its texts as they were decided, in every
    language, and the decision. Later edits of the `Report` are a new draft and never change a
    version; each new decision is a new version, numbered from 1. Only decided versions are
    public (`situation.report_versions`)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="versions", verbose_name=_("lägesbild report")
    )
    texts = models.JSONField(_("texts as decided"), help_text=_("Per section, the text per language."))

    class Meta:
        verbose_name = _("decided report version")
        verbose_name_plural = _("decided report versions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number_unique")
        ]

    def __str__(self) -> str:
        return gettext("%(report)s, version %(number)s") % {"report": self.report, "number": self.number}


class ReportComment(PartyComment):
    """A party's comment on the lägesbild report, for the other parties' staff; never public."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")

    class Meta(PartyComment.Meta):
        verbose_name = _("report comment")
        verbose_name_plural = _("report comments")
