"""An indicator's values: its baseline, each later year's value up to the target year, and the
target. Lägesbild figures come from the adopted lägesbilder; log figures are the activity's
logged quantity per calendar year (with the versions before it)."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import translation
from django.utils.translation import gettext as _

from tryggve.situation import references

from .models import ActivityLog, Indicator
from .progress import lineage


@dataclass
class Measured:
    indicator: Indicator
    title: dict[str, str]
    kind: str  # "share", "mean" or "count"
    baseline: float | None
    values: list[tuple[int, float | None]] = field(default_factory=list)  # (year, value) after the baseline
    counted: dict[str, str] | None = None  # for a share: the answers it counts, per language

    @property
    def latest(self) -> tuple[int, float | None] | None:
        return self.values[-1] if self.values else None

    @property
    def lower_is_better(self) -> bool:
        """The promise aims down when its target lies below the baseline (fewer unsafe, fewer
        reports); up otherwise (more trust, more controls)."""
        return self.baseline is not None and self.indicator.target < self.baseline

    @property
    def worse(self) -> bool:
        """The latest value has moved away from the target, past the baseline."""
        latest = self.latest
        if latest is None or latest[1] is None or self.baseline is None:
            return False
        return latest[1] > self.baseline if self.lower_is_better else latest[1] < self.baseline


def _log_values(indicator: Indicator) -> dict[int, float]:
    owner = lineage([indicator.activity])
    found = (
        ActivityLog.objects.filter(activity__in=list(owner))
        .annotate(year=ExtractYear("done_on"))
        .values_list("year")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    return {year: float(total) for year, total in found}


def measure(indicator: Indicator, today: date, published: references.Figures | None = None) -> Measured:
    """The indicator's values; `published` shares the lägesbilder among a page's indicators."""
    last = min(indicator.target_year, today.year)
    if indicator.kind == Indicator.LOG:
        per_year = _log_values(indicator)
        title = {}
        for language, _name in settings.LANGUAGES:  # the unit's name, so in every language
            with translation.override(language):
                title[language] = str(indicator.activity.get_unit_display())
        baseline = (
            indicator.baseline
            if indicator.baseline is not None
            else per_year.get(indicator.baseline_year, 0.0)
        )
        values: list[tuple[int, float | None]] = [
            (year, per_year.get(year, 0.0)) for year in range(indicator.baseline_year + 1, last + 1)
        ]
        return Measured(indicator, title, "count", baseline, values)
    source = published or references.Figures(indicator.activity.promise.municipality)
    first = source.find(indicator.baseline_year, indicator.kind, indicator.code, indicator.area)
    later = [
        (year, found.value)
        for year in range(indicator.baseline_year + 1, last + 1)
        if (found := source.find(year, indicator.kind, indicator.code, indicator.area)) is not None
    ]
    return Measured(
        indicator,
        first.title if first else {"sv": indicator.code, "en": indicator.code},
        first.kind if first else "count",
        indicator.baseline if indicator.baseline is not None else (first.value if first else None),
        later,
        first.counted if first else None,
    )


def check(indicator: Indicator) -> None:
    """A lägesbild indicator must name a figure of its baseline year's adopted lägesbild."""
    if indicator.target_year < indicator.baseline_year:
        raise ValidationError({"target_year": _("The target year cannot come before the baseline year.")})
    if indicator.kind == Indicator.LOG or indicator.baseline is not None:
        return
    place = indicator.activity.promise.municipality
    if (
        references.find(place, indicator.baseline_year, indicator.kind, indicator.code, indicator.area)
        is None
    ):
        raise ValidationError(
            _("No figure %(code)s for %(area)s in the lägesbild of %(year)s; give the baseline yourself.")
            % {
                "year": indicator.baseline_year,
                "code": indicator.code,
                "area": indicator.area or _("the whole municipality"),
            }
        )
