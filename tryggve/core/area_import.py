"""Areas from a boundary file: which features make which area, then all of them stored at once.

`plan` decides, from the features `boundaries.read_features` gives, what each area will be (one
feature, the features sharing a --group-by value, or those a mapping file names together) and
which existing area it updates: the one with its official code, else the one with its address
name (slug). Features of other municipalities (a code that does not start with the
municipality's four-digit code) are skipped and counted. `store` writes a plan in one
transaction; `import_areas` and the administration's upload both use them.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .boundaries import BoundaryError, Feature, outline
from .csv_files import csv_reader
from .files import read_text
from .geojson import validate_area_geometry
from .models import Area, Municipality

MAPPING_COLUMNS = ["code", "area"]
KINDS = {choice.value for choice in Area.Kind}


@dataclass
class Target:
    """An area as the mapping file names it (with its kind and address name, if given)."""

    name: str
    kind: str = ""
    slug: str = ""


@dataclass
class PlannedArea:
    name: str
    slug: str
    code: str
    kind: str
    parts: list[Feature]
    geometry: dict[str, Any] = field(default_factory=dict)
    existing: Area | None = None
    changed: bool = True

    @property
    def region_codes(self) -> list[str]:
        return sorted(part.code for part in self.parts)


@dataclass
class Plan:
    municipality: Municipality
    file: str
    areas: list[PlannedArea]
    skipped: int
    parent: Area | None

    @property
    def created(self) -> int:
        return sum(1 for area in self.areas if area.existing is None)

    @property
    def updated(self) -> int:
        return sum(1 for area in self.areas if area.existing is not None and area.changed)

    @property
    def unchanged(self) -> int:
        return sum(1 for area in self.areas if area.existing is not None and not area.changed)

    def summary(self) -> str:
        """The last line of `import_areas`, the same in every language, for scripts to read."""
        return f"areas: {self.created} created, {self.updated} updated"

    def feature_collection(self) -> dict[str, Any]:
        """The planned outlines as GeoJSON, for the upload's preview map."""
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": area.geometry,
                    "properties": {"name": area.name, "code": area.code, "new": area.existing is None},
                }
                for area in self.areas
            ],
        }


def read_mapping(path: Path, file: str = "") -> dict[str, Target]:
    """A mapping file: `code,area[,kind][,slug]`, one line per feature code, naming the area it
    is part of (and, optionally, the area's kind and address name)."""
    file = file or path.name
    try:
        rows = list(csv_reader(read_text(path)))
    except CommandError as error:
        raise BoundaryError(str(error)) from error
    header = [name.strip().lower() for name in rows[0]] if rows else []
    extra = header[2:]
    if header[:2] != MAPPING_COLUMNS or len(set(extra)) != len(extra) or not set(extra) <= {"kind", "slug"}:
        raise BoundaryError(
            _("%(file)s: the first line must be code,area (then kind and slug if you give them).")
            % {"file": file}
        )
    mapping: dict[str, Target] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = {"file": file, "line": line}
        if len(row) > len(header):
            raise BoundaryError(_("%(file)s, line %(line)s: give a code and the area's name.") % where)
        cells = dict(
            zip(header, [cell.strip() for cell in row] + [""] * (len(header) - len(row)), strict=True)
        )
        code, name, kind, slug = cells["code"], cells["area"], cells.get("kind", ""), cells.get("slug", "")
        if not code or not name:
            raise BoundaryError(_("%(file)s, line %(line)s: give a code and the area's name.") % where)
        if kind and kind not in KINDS:
            raise BoundaryError(
                _("%(file)s, line %(line)s: the kind must be one of %(kinds)s.")
                % {**where, "kinds": ", ".join(sorted(KINDS))}
            )
        if slug and slug != slugify(slug):
            raise BoundaryError(
                _("%(file)s, line %(line)s: an address name has only a–z, 0–9 and hyphens, e.g. %(example)s.")
                % {**where, "example": slugify(slug) or "vallas"}
            )
        if code in mapping:
            raise BoundaryError(
                _("%(file)s, line %(line)s: the code %(code)s appears twice.") % {**where, "code": code}
            )
        mapping[code] = Target(name, kind, slug)
    return mapping


def plan(
    municipality: Municipality,
    features: list[Feature],
    *,
    file: str,
    grouped: bool = False,
    mapping: dict[str, Target] | None = None,
    parent: Area | None = None,
) -> Plan:
    """What importing the features would create and update; raises BoundaryError, changes nothing."""
    own = municipality.code
    seen: dict[str, Feature] = {}
    kept: list[Feature] = []
    skipped = 0
    for feature in features:
        if not feature.code:
            raise BoundaryError(_("%(where)s has no code.") % {"where": feature.label(file)})
        if feature.code in seen:
            raise BoundaryError(
                _("%(where)s has the same code as feature %(other)s: each code may appear once.")
                % {"where": feature.label(file), "other": seen[feature.code].number}
            )
        seen[feature.code] = feature
        if own and not feature.code.startswith(own):
            skipped += 1
        else:
            kept.append(feature)
    if not kept:
        raise BoundaryError(
            _("%(file)s has no feature whose code starts with %(code)s, the code of %(municipality)s.")
            % {"file": file, "code": own, "municipality": municipality}
        )
    groups: dict[str, list[Feature]] = {}
    targets: dict[str, Target] = {}
    for feature in kept:
        if mapping is not None:
            target = mapping.get(feature.code)
            if target is None:
                raise BoundaryError(
                    _("%(where)s is not in the mapping file: name the area it belongs to.")
                    % {"where": feature.label(file)}
                )
            key = target.name
            targets[key] = target
        elif grouped:
            if not feature.group:
                raise BoundaryError(
                    _("%(where)s has no value in the field it is grouped by.")
                    % {"where": feature.label(file)}
                )
            key = feature.group
        else:
            key = feature.code
        groups.setdefault(key, []).append(feature)
    areas = []
    for key, parts in groups.items():
        first = parts[0]
        target = targets.get(key)
        code = "" if target else key
        name = target.name if target else (first.name or key)
        kind = (target.kind if target else "") or (
            Area.Kind.MUNICIPALITY if own and code == own else Area.Kind.DISTRICT
        )
        areas.append(
            PlannedArea(
                name=name[:100],
                slug=(target.slug if target else "") or slugify(name)[:50] or slugify(code)[:50],
                code=code,
                kind=kind,
                parts=parts,
            )
        )
    _match(municipality, areas, file)
    for area in areas:
        area.geometry = outline(part.geometry for part in area.parts)
        validate_area_geometry(area.geometry)
        if area.existing is not None:
            area.changed = _changes(area, parent) != {}
    return Plan(municipality, file, areas, skipped, parent)


def _match(municipality: Municipality, areas: list[PlannedArea], file: str) -> None:
    existing = list(municipality.areas.all())
    by_code = {area.code: area for area in existing if area.code}
    by_slug = {area.slug: area for area in existing}
    taken: dict[int, PlannedArea] = {}
    slugs: dict[str, PlannedArea] = {}
    for area in areas:
        if area.slug in slugs:
            raise BoundaryError(
                _("%(file)s: the areas %(one)s and %(other)s would get the same address name “%(slug)s”.")
                % {"file": file, "one": slugs[area.slug].name, "other": area.name, "slug": area.slug}
            )
        slugs[area.slug] = area
        match = by_code.get(area.code) if area.code else None
        if match is None:
            match = by_slug.get(area.slug)
            if match is not None and match.code and area.code and match.code != area.code:
                raise BoundaryError(
                    _(
                        "%(file)s: the area %(name)s has the code %(code)s, but the existing area “%(slug)s” "
                        "has the code %(other)s."
                    )
                    % {
                        "file": file,
                        "name": area.name,
                        "code": area.code,
                        "slug": match.slug,
                        "other": match.code,
                    }
                )
        if match is not None:
            if match.pk in taken:
                raise BoundaryError(
                    _("%(file)s: %(one)s and %(other)s would both update the area %(area)s.")
                    % {"file": file, "one": taken[match.pk].name, "other": area.name, "area": match.name}
                )
            taken[match.pk] = area
        area.existing = match


def _changes(area: PlannedArea, parent: Area | None) -> dict[str, Any]:
    existing = area.existing
    if existing is None:
        return {}
    wanted: dict[str, Any] = {
        "geometry": area.geometry,
        "region_codes": area.region_codes,
        "code": area.code or existing.code,
    }
    if parent is not None and parent.pk != existing.pk:
        wanted["parent_id"] = parent.pk
    return {name: value for name, value in wanted.items() if getattr(existing, name) != value}


def store(plan: Plan, *, invented: bool = False) -> tuple[int, int]:
    """Create and update the planned areas in one transaction: (created, updated)."""
    created = updated = 0
    municipality = plan.municipality
    # New areas are part of the whole municipality unless --parent names another area.
    whole = None if plan.parent else municipality.areas.filter(kind=Area.Kind.MUNICIPALITY).first()
    with transaction.atomic():
        for area in plan.areas:
            if area.existing is None:
                parent = plan.parent or (whole if area.kind != Area.Kind.MUNICIPALITY else None)
                Area.objects.create(
                    municipality=municipality,
                    name=area.name,
                    slug=area.slug,
                    code=area.code,
                    kind=area.kind,
                    parent=parent,
                    geometry=area.geometry,
                    region_codes=area.region_codes,
                    geometry_is_invented=invented,
                )
                created += 1
                continue
            changes = _changes(area, plan.parent)
            if changes:
                for name, value in changes.items():
                    setattr(area.existing, name, value)
                area.existing.geometry_is_invented = invented
                area.existing.save()
                updated += 1
    return created, updated
