"""Population counts from Statistics Sweden's PxWeb API (JSON-stat 2.0), in the survey's cells.

A dataset is recognised by its content (`"class": "dataset"` with `id`, `size`, `dimension` and
`value`). Its regions are matched to the municipality's areas by official code (an area's own
`code`, or one of the `region_codes` it is made of) and summed into them; regions of other
municipalities are skipped and counted. SCB's age classes are counted into the survey's age
bands (`core.age_bands`): whole classes as they are, a class that straddles a band's edge in
proportion to its years (SCB's 15–19 gives 4/5 of itself to 16–24). Sexes become the labels of
the template's sex question (`kvinna`, `man`). Every problem is collected and reported by
region; `counts` raises `PopulationFileError` with all of them and nothing is stored.
docs/formats.md, "Population from SCB", says all of it for the people who make the files.
"""

import json
import math
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tryggve.core import age_bands
from tryggve.core.age_bands import AgeBand
from tryggve.core.models import Area, Municipality, Population

# SCB's codes and labels for sex, and the population labels of the template's sex question.
SEXES = {"1": "man", "2": "kvinna", "män": "man", "man": "man", "kvinnor": "kvinna", "kvinna": "kvinna"}
REGION_IDS = ("region",)
AGE_IDS = ("alder", "ålder", "age")
SEX_IDS = ("kon", "kön", "sex")
TIME_IDS = ("tid", "time", "år", "year")
METRIC_IDS = ("contentscode",)
MAX_BYTES = 200 * 1024 * 1024
MAX_PROBLEMS = 20

# The DeSO table (5-year age classes, by sex) in PxWeb API v1; docs/formats.md shows the query.
DESO_TABLE_URL = "https://api.scb.se/OV0104/v1/doris/sv/ssd/BE/BE0101/BE0101Y/FolkmDesoAldKon"
DESO_CONTENTS = "000007Y7"


class PopulationFileError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def is_dataset(data: Any) -> bool:
    """Whether parsed JSON is a JSON-stat 2.0 dataset."""
    return (
        isinstance(data, dict)
        and data.get("class") == "dataset"
        and all(key in data for key in ("id", "size", "dimension", "value"))
    )


def looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith("{")


def default_query(municipality: Municipality, year: int) -> dict[str, Any]:
    """The POST query for the DeSO table: the regions of the municipality's areas, every age
    class (with the total, so it is checked), both sexes, one year, as JSON-stat 2.0."""
    codes = sorted({code for area in municipality.areas.all() for code in (area.region_codes or [])})
    return {
        "query": [
            {"code": "Region", "selection": {"filter": "item", "values": codes}},
            {"code": "Alder", "selection": {"filter": "all", "values": ["*"]}},
            {"code": "Kon", "selection": {"filter": "item", "values": ["1", "2"]}},
            {"code": "ContentsCode", "selection": {"filter": "item", "values": [DESO_CONTENTS]}},
            {"code": "Tid", "selection": {"filter": "item", "values": [str(year)]}},
        ],
        "response": {"format": "json-stat2"},
    }


def fetch(url: str, query: dict[str, Any], timeout: float = 120) -> str:
    """The API's answer to the POST query, as text."""
    request = urllib.request.Request(  # noqa: S310 (the analyst's own URL, http or https only)
        url,
        data=json.dumps(query).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    if not url.startswith(("https://", "http://")):
        raise PopulationFileError([_("Give the API's address with https://.")])
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_BYTES + 1)
    except OSError as error:
        raise PopulationFileError(
            [_("%(url)s did not answer: %(error)s") % {"url": url, "error": error}]
        ) from error
    if len(body) > MAX_BYTES:
        raise PopulationFileError([_("The answer is larger than 200 MB: ask for fewer regions.")])
    return body.decode("utf-8-sig")


@dataclass
class Dimension:
    id: str
    codes: list[str]
    labels: list[str]


@dataclass
class Result:
    counts: dict[tuple[int, str, str], int]  # (area id, sex, age band) → residents
    regions: int  # regions of the municipality read
    skipped: int  # regions of other municipalities
    notes: list[str] = field(default_factory=list)  # e.g. which age classes were split


def _dimensions(data: dict[str, Any]) -> list[Dimension]:
    found = []
    for dimension_id, size in zip(data["id"], data["size"], strict=True):
        category = data["dimension"][dimension_id]["category"]
        index = category.get("index")
        labels = category.get("label", {})
        if index is None:
            codes = list(labels)
        elif isinstance(index, list):
            codes = [str(code) for code in index]
        else:
            codes = [code for code, _position in sorted(index.items(), key=lambda item: item[1])]
        if len(codes) != size:
            raise PopulationFileError(
                [_("The dimension %(dimension)s has %(found)s categories, not %(size)s.")
                 % {"dimension": dimension_id, "found": len(codes), "size": size}]
            )  # fmt: skip
        found.append(Dimension(dimension_id, codes, [str(labels.get(code, code)) for code in codes]))
    return found


def _role(data: dict[str, Any], dimensions: list[Dimension], role: str, ids: Sequence[str]) -> int | None:
    named = (data.get("role") or {}).get(role) or []
    for number, dimension in enumerate(dimensions):
        if dimension.id in named or dimension.id.lower() in ids:
            return number
    return None


def _value(values: Any, position: int) -> Any:
    if isinstance(values, list):
        return values[position] if position < len(values) else None
    return values.get(str(position))


def survey_bands(labels: Iterable[str]) -> list[tuple[str, AgeBand]]:
    """The survey's age bands (population labels such as "16-24", "65+") as ranges of years."""
    bands = []
    for label in labels:
        band = age_bands.parse(label)
        if band is None:
            raise PopulationFileError(
                [
                    _("The age band “%(label)s” is not a range of years such as 16-24 or 65+.")
                    % {"label": label}
                ]
            )
        bands.append((label, band))
    return bands


def _area_lookup(municipality: Municipality) -> dict[str, Area | None]:
    """Official codes → the area they belong to; None where two areas claim the same code."""
    lookup: dict[str, Area | None] = {}
    for area in municipality.areas.all():
        for code in {area.code, *(area.region_codes or [])} - {""}:
            lookup[code] = None if code in lookup and lookup[code] != area else area
    return lookup


def _fixed(
    dimensions: list[Dimension], used: set[int], time_at: int | None, metric_at: int | None, year: int
) -> dict[int, list[int]]:
    """The categories read of every dimension but region, age and sex: the year, the one
    content, and of any other dimension (e.g. marital status) its total or else all, summed."""
    fixed: dict[int, list[int]] = {}
    for number, dimension in enumerate(dimensions):
        if number in used:
            continue
        if number == time_at:
            if str(year) not in dimension.codes:
                raise PopulationFileError(
                    [_("The file has no counts for %(year)s, only for %(years)s.")
                     % {"year": year, "years": ", ".join(dimension.codes)}]
                )  # fmt: skip
            fixed[number] = [dimension.codes.index(str(year))]
        elif number == metric_at and len(dimension.codes) > 1:
            raise PopulationFileError(
                [_("The file has several contents (%(codes)s): ask for the population only.")
                 % {"codes": ", ".join(dimension.codes)}]
            )  # fmt: skip
        else:
            totals = [
                i for i, (c, label) in enumerate(zip(dimension.codes, dimension.labels, strict=True))
                if age_bands.is_total(c) or age_bands.is_total(label)
            ]  # fmt: skip
            fixed[number] = totals[:1] or list(range(len(dimension.codes)))
    return fixed


class _Cells:
    """The dataset's values by (region, age, sex) position, the fixed dimensions summed."""

    def __init__(
        self,
        data: dict[str, Any],
        dimensions: list[Dimension],
        at: tuple[int, int, int],
        fixed: dict[int, list[int]],
    ) -> None:
        sizes = [len(d.codes) for d in dimensions]
        strides = [math.prod(sizes[number + 1 :]) for number in range(len(sizes))]
        self.strides = tuple(strides[number] for number in at)
        self.offsets = [0]
        for number, positions in fixed.items():
            self.offsets = [offset + p * strides[number] for offset in self.offsets for p in positions]
        self.values = data["value"]

    def __call__(self, region: int, age: int, sex: int) -> float | None:
        total = 0.0
        at = region * self.strides[0] + age * self.strides[1] + sex * self.strides[2]
        for offset in self.offsets:
            value = _value(self.values, at + offset)
            if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
                return None
            total += value
        return total


def counts(
    data: dict[str, Any], municipality: Municipality, year: int, bands: list[tuple[str, AgeBand]]
) -> Result:
    """The dataset's residents per area, sex and survey age band for `year`."""
    problems: list[str] = []
    own = municipality.code
    if not own:
        raise PopulationFileError(
            [_("%(municipality)s has no municipality code: set it first, regions are matched by it.")
             % {"municipality": municipality}]
        )  # fmt: skip
    dimensions = _dimensions(data)
    region_at = _role(data, dimensions, "geo", REGION_IDS)
    age_at = _role(data, dimensions, "", AGE_IDS)
    sex_at = _role(data, dimensions, "", SEX_IDS)
    if region_at is None or age_at is None or sex_at is None:
        raise PopulationFileError(
            [_("The dataset needs the dimensions region, age and sex (Region, Alder, Kon); it has %(ids)s.")
             % {"ids": ", ".join(d.id for d in dimensions)}]
        )  # fmt: skip
    time_at = _role(data, dimensions, "time", TIME_IDS)
    metric_at = _role(data, dimensions, "metric", METRIC_IDS)
    fixed = _fixed(dimensions, {region_at, age_at, sex_at}, time_at, metric_at, year)
    ages = _age_classes(dimensions[age_at], bands, problems)
    sexes = _sexes(dimensions[sex_at], problems)
    if problems:
        raise PopulationFileError(problems)
    cell = _Cells(data, dimensions, (region_at, age_at, sex_at), fixed)
    reading = _Regions(municipality, cell, ages, sexes)
    reading.read(dimensions[region_at])
    if reading.whole is not None and not reading.problems:
        reading.check_whole(dimensions[age_at], dimensions[sex_at])
    problems = reading.problems
    if problems:
        if len(problems) > MAX_PROBLEMS:
            problems = [*problems[:MAX_PROBLEMS], _("… and more.")]
        raise PopulationFileError(problems)
    if not reading.read_regions:
        raise PopulationFileError(
            [_("The file has no region of %(municipality)s (codes starting with %(code)s).")
             % {"municipality": municipality, "code": own}]
        )  # fmt: skip
    rounded = {key: math.floor(value + 0.5) for key, value in reading.result.items()}
    return Result(rounded, reading.read_regions, reading.skipped, ages.notes)


class _Regions:
    """The regions of the municipality read into their areas, the others counted."""

    def __init__(self, municipality: Municipality, cell: _Cells, ages: "_Ages", sexes: "_Sexes") -> None:
        self.own = municipality.code
        self.lookup = _area_lookup(municipality)
        self.cell, self.ages, self.sexes = cell, ages, sexes
        self.result: dict[tuple[int, str, str], float] = defaultdict(float)
        self.sums: dict[tuple[int, int], float] = defaultdict(float)  # (age, sex) over the regions read
        self.problems: list[str] = []
        self.read_regions = self.skipped = 0
        self.whole: int | None = None

    def read(self, regions: Dimension) -> None:
        own = self.own
        # With regions inside the municipality, the municipality's own code is their total.
        inside = [c.split("_", 1)[0] for c in regions.codes if c.startswith(own)]
        has_subregions = any(code != own for code in inside)
        for number, (raw_code, label) in enumerate(zip(regions.codes, regions.labels, strict=True)):
            code = raw_code.split("_", 1)[0]  # SCB marks versions: "1380C1010_DeSO2025"
            if not code.startswith(own):
                self.skipped += 1
                continue
            name = f"{code} ({label})" if label and label != raw_code else code
            if code == own and has_subregions:
                self.whole = number  # checked against the regions (check_whole)
                continue
            area = self.lookup.get(code)
            if code not in self.lookup:
                self.problems.append(_("region %(region)s: no area has this code.") % {"region": name})
            elif area is None:
                self.problems.append(_("region %(region)s: two areas have this code.") % {"region": name})
            else:
                self.read_regions += 1
                self.region(number, name, area.pk)
            if len(self.problems) > MAX_PROBLEMS:
                return

    def region(self, number: int, name: str, area: int) -> None:
        """One region's cells added into its area; a missing cell or a total that does not add up
        is a problem named by the region."""
        cell, problems = self.cell, self.problems
        per_sex: dict[int, float] = defaultdict(float)
        for age, shares in self.ages.classes:
            per_age = 0.0
            for sex, sex_label in self.sexes.sexes:
                value = cell(number, age, sex)
                if value is None or value < 0:
                    problems.append(
                        (_("region %(region)s: a count is missing.") if value is None
                         else _("region %(region)s: a count is negative.")) % {"region": name}
                    )  # fmt: skip
                    return
                per_sex[sex] += value
                per_age += value
                self.sums[(age, sex)] += value
                for band, share in shares:
                    self.result[(area, sex_label, band)] += value * share
            given = cell(number, age, self.sexes.total) if self.sexes.total is not None else None
            if given is not None and abs(given - per_age) > 0.5:
                problems.append(
                    _("region %(region)s: the total of both sexes (%(total)s) is not the sum of women and "
                      "men (%(sum)s).") % {"region": name, "total": _n(given), "sum": _n(per_age)}
                )  # fmt: skip
                return
        if self.ages.total is None:
            return
        for sex, _label in self.sexes.sexes:
            given = cell(number, self.ages.total, sex)
            if given is not None and abs(given - per_sex[sex]) > 0.5:
                problems.append(
                    _("region %(region)s: the total over all ages (%(total)s) is not the sum of the age "
                      "classes (%(sum)s).") % {"region": name, "total": _n(given), "sum": _n(per_sex[sex])}
                )  # fmt: skip
                return

    def check_whole(self, ages: Dimension, sexes: Dimension) -> None:
        assert self.whole is not None  # noqa: S101 (read() found it)
        for (age, sex), found in self.sums.items():
            given = self.cell(self.whole, age, sex)
            if given is not None and abs(given - found) > 0.5:
                self.problems.append(
                    _("region %(region)s: the municipality's total %(total)s is not the sum of its "
                      "regions, %(sum)s (%(age)s, %(sex)s).")
                    % {"region": self.own, "total": _n(given), "sum": _n(found),
                       "age": ages.labels[age], "sex": sexes.labels[sex]}
                )  # fmt: skip
                return


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


@dataclass
class _Ages:
    classes: list[tuple[int, list[tuple[str, float]]]]  # each class with the bands it counts in, and how much
    total: int | None  # the position of the total over all ages
    notes: list[str]  # the classes split in proportion


def _age_classes(dimension: Dimension, bands: list[tuple[str, AgeBand]], problems: list[str]) -> _Ages:
    ages = _Ages([], None, [])
    covered: dict[str, int] = defaultdict(int)  # years of each band the classes cover
    for number, (code, label) in enumerate(zip(dimension.codes, dimension.labels, strict=True)):
        if age_bands.is_total(code) or age_bands.is_total(label):
            ages.total = number
            continue
        found = age_bands.parse(code) or age_bands.parse(label)
        if found is None:
            problems.append(_("The age class “%(label)s” is not a range of years.") % {"label": label})
            continue
        shares = []
        for band_label, band in bands:
            share = age_bands.share(found, band)
            if share is None:
                problems.append(
                    _("The age class %(label)s reaches past the band %(band)s and cannot be split.")
                    % {"label": label, "band": band_label}
                )
            elif share:
                years = min(found.last, band.last) - max(found.first, band.first) + 1
                shares.append((band_label, share))
                covered[band_label] += years
                if share < 1:
                    ages.notes.append(
                        _("%(label)s: %(part)s of %(years)s years counted in %(band)s (in proportion to the "
                          "years).")
                        % {"label": label, "part": years, "years": found.years, "band": band_label}
                    )  # fmt: skip
        ages.classes.append((number, shares))
    for band_label, band in bands:
        if covered[band_label] < band.years:
            problems.append(
                _("The file's age classes do not cover the whole band %(band)s.") % {"band": band_label}
            )
    return ages


@dataclass
class _Sexes:
    sexes: list[tuple[int, str]]  # the position of each sex with its population label
    total: int | None  # the position of both sexes together


def _sexes(dimension: Dimension, problems: list[str]) -> _Sexes:
    found = _Sexes([], None)
    for number, (code, label) in enumerate(zip(dimension.codes, dimension.labels, strict=True)):
        if age_bands.is_total(code) or age_bands.is_total(label):
            found.total = number
        elif (sex := SEXES.get(code.strip().lower()) or SEXES.get(label.strip().lower())) is not None:
            found.sexes.append((number, sex))
        else:
            problems.append(_("The sex “%(label)s” is neither women nor men.") % {"label": label})
    if len({sex for _number, sex in found.sexes}) != 2:
        problems.append(_("The file needs counts for both women and men."))
    return found


def store(year: int, counts: dict[tuple[int, str, str], int]) -> tuple[int, int]:
    """The counts per (area id, sex, age band) for the year, in one transaction: (imported, unchanged)."""
    imported = unchanged = 0
    with transaction.atomic():
        existing = {
            (cell.area_id, cell.sex, cell.age_band): cell
            for cell in Population.objects.filter(area_id__in={key[0] for key in counts}, year=year)
        }
        new = []
        for (area_id, sex, age_band), count in counts.items():
            cell = existing.get((area_id, sex, age_band))
            if cell is None:
                new.append(Population(area_id=area_id, year=year, sex=sex, age_band=age_band, count=count))
                imported += 1
            elif cell.count != count:
                cell.count = count
                cell.save(update_fields=["count"])
                imported += 1
            else:
                unchanged += 1
        Population.objects.bulk_create(new)
    return imported, unchanged
