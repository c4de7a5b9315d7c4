"""Invented survey answers and population counts for the demonstration.

The answers are drawn from a simple model in which women, older residents, and residents of
Andersberg and Vallås feel less safe, and where the neighbourhood problems differ by area,
so the lägesbild has differences to show. Nothing here describes real people.
"""

import math
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tryggve.core.models import Area
from tryggve.surveys.standard_questions import PROBLEM_ITEMS

SEXES = (("kvinna", 1, 0.5), ("man", 2, 0.5))
AGE_BANDS = (("16-24", 1, 0.14), ("25-44", 2, 0.32), ("45-64", 3, 0.30), ("65+", 4, 0.24))
# Older people and women answer surveys more often than younger men.
RESPONSE_PROPENSITY = {"16-24": 0.6, "25-44": 0.8, "45-64": 1.1, "65+": 1.4}
WOMEN_PROPENSITY = 1.2

LESS_SAFE_AREAS = {"andersberg": 0.9, "vallas": 0.8, "stadskarnan": 0.4}
AREA_PROBLEMS = {
    "andersberg": {"drug_dealing": 1.0, "disturbing_youth": 1.0, "disturbing_traffic": 0.8, "vandalism": 0.7},
    "vallas": {"drug_dealing": 0.8, "disturbing_youth": 0.9, "disturbing_traffic": 1.0, "poor_lighting": 0.5},
    "stadskarnan": {"intoxicated_public": 1.0, "littering": 0.8, "public_violence": 0.6, "vandalism": 0.5},
}
PLACE_REASONS = [
    "Mörkt och ingen annan i närheten på kvällen.",
    "Gäng som samlas och stör.",
    "Mopeder som kör fort på gångvägen.",
    "Buskarna skymmer sikten.",
    "",
]
FREE_TEXTS = [
    "Bättre belysning i gångtunneln skulle hjälpa.",
    "Mer vuxna ute på kvällarna, gärna fältare.",
    "Det har blivit lugnare sedan förra året.",
    "Polisen borde synas mer på helgerna.",
]


def population_cells(residents: int, seed: str) -> list[tuple[str, str, int]]:
    """Split an area's residents into (sex, age band, count), with slightly more older women."""
    rng = random.Random(seed)
    cells = []
    for sex, _code, sex_share in SEXES:
        for band, _band_code, band_share in AGE_BANDS:
            tilt = 1.08 if (sex == "kvinna" and band == "65+") else 1.0
            cells.append(
                (sex, band, round(residents * sex_share * band_share * tilt * rng.uniform(0.95, 1.05)))
            )
    return cells


def _scale(rng: random.Random, latent: float) -> int:
    """A 1–4 answer from a latent score: higher means more unsafe (or a bigger problem)."""
    value = latent + rng.gauss(0, 0.8)
    return 1 if value < 0.6 else 2 if value < 1.6 else 3 if value < 2.4 else 4


def _point_in(rng: random.Random, area: Area) -> tuple[float, float] | None:
    if not area.geometry:
        return None
    ring = area.geometry["coordinates"][0]
    lng = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
    lat = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
    spread_lng = (max(p[0] for p in ring) - min(p[0] for p in ring)) / 4
    spread_lat = (max(p[1] for p in ring) - min(p[1] for p in ring)) / 4
    return round(lat + rng.uniform(-spread_lat, spread_lat), 6), round(
        lng + rng.uniform(-spread_lng, spread_lng), 6
    )


def invented_answers(
    count: int,
    areas: list[tuple[Area, int]],
    opens: date,
    closes: date,
    seed: int,
    less_safe: dict[str, float] | None = None,
) -> list[tuple[date, dict[str, Any]]]:
    """`count` invented respondents as (day received, answers in the draft's format).

    `less_safe` raises the unsafety of areas by slug (LESS_SAFE_AREAS if not given)."""
    less_safe = LESS_SAFE_AREAS if less_safe is None else less_safe
    rng = random.Random(seed)
    cells = [
        (area, sex, sex_code, band, band_code)
        for area, _residents in areas
        for sex, sex_code, _share in SEXES
        for band, band_code, _band_share in AGE_BANDS
    ]
    weights = [
        residents
        * share
        * band_share
        * RESPONSE_PROPENSITY[band]
        * (WOMEN_PROPENSITY if sex == "kvinna" else 1)
        for area, residents in areas
        for sex, _code, share in SEXES
        for band, _band_code, band_share in AGE_BANDS
    ]
    days = max((closes - opens).days, 0)
    found = []
    for area, sex, sex_code, band, band_code in rng.choices(cells, weights, k=count):
        latent = 0.35 + (0.45 if sex == "kvinna" else 0) + 0.15 * band_code + less_safe.get(area.slug, 0)
        if band == "65+" and rng.random() < 0.08:
            unsafe = 8  # never goes out late
        elif rng.random() < 0.02:
            unsafe = 9  # don't know
        else:
            unsafe = _scale(rng, latent)
        problems = AREA_PROBLEMS.get(area.slug, {})
        answers: dict[str, Any] = {
            "area": area.pk,
            "sex": sex_code if rng.random() > 0.02 else 9,
            "age_band": band_code,
            "years_in_area": min(int(rng.expovariate(1 / 12)), 80),
            "unsafe_alone_evening": unsafe,
            "avoided_activity": 1 if rng.random() > 0.12 + 0.08 * (unsafe in (3, 4)) else rng.choice([2, 3]),
            "neighbourhood_problems": {
                item: 9
                if rng.random() < 0.06
                else _scale(rng, 0.6 + problems.get(item, 0) + 0.1 * (unsafe - 2))
                for item, _label in PROBLEM_ITEMS
            },
            "trust_police": 9 if rng.random() < 0.08 else 5 - _scale(rng, 1.3 + 0.2 * (unsafe in (3, 4))),
            "trust_kommun": 9 if rng.random() < 0.12 else 5 - _scale(rng, 1.6),
        }
        victim = [
            code
            for code, chance in ((1, 0.05), (2, 0.02), (3, 0.06), (4, 0.02), (5, 0.05), (6, 0.04))
            if rng.random() < chance
        ]
        answers["victim_12m"] = victim or [0]
        if victim:
            answers["victim_reported"] = rng.choice([1, 2, 3, 3])
        answers["safer_measures"] = sorted(rng.sample(range(1, 8), rng.randint(1, 3)))
        if rng.random() < 0.15:
            point = _point_in(rng, area)
            if point:
                answers["unsafe_places"] = [
                    {
                        "lat": point[0],
                        "lng": point[1],
                        "area": area.pk,
                        "where": "",
                        "reason": rng.choice(PLACE_REASONS),
                    }
                ]
        if rng.random() < 0.05:
            answers["safer_text"] = rng.choice(FREE_TEXTS)
        # More answers in the first days after the invitation, fewer towards the end.
        offset = min(int(rng.expovariate(3 / max(days, 1))), days)
        found.append((opens + timedelta(days=offset), answers))
    return found


POLICE_EVENT_TYPES = [
    ("Trafikolycka", 30), ("Skadegörelse", 22), ("Stöld", 20), ("Misshandel", 10), ("Brand", 8),
    ("Narkotikabrott", 8), ("Rattfylleri", 7), ("Ordningslagen", 5),
]  # fmt: skip


def invented_police_events(year: int, count: int, seed: int) -> list[tuple[datetime, str]]:
    """(when, type) of invented police events spread over a year; nothing here happened."""
    rng = random.Random(seed)
    kinds, weights = zip(*POLICE_EVENT_TYPES, strict=True)
    start = datetime(year, 1, 1, tzinfo=UTC)
    return sorted(
        (start + timedelta(minutes=rng.randrange(365 * 24 * 60)), rng.choices(kinds, weights)[0])
        for _ in range(count)
    )


# Invented EST reports: (category code, weight, descriptions that name no one).
INCIDENT_KINDS = [
    ("littering", 24, ["Mycket skräp vid återvinningen.", "Glassplitter på gångvägen."]),
    ("vandalism", 18, ["Krossad ruta i porten.", "Trasig belysning vid cykelstället."]),
    ("graffiti", 14, ["Klotter på fasaden mot parkeringen.", "Nytt klotter i gångtunneln."]),
    ("groups", 12, ["Grupp som spelade hög musik sent vid torget.", "Oro vid lekplatsen på kvällen."]),
    ("traffic", 10, ["Mopeder kör på gångvägen.", "Buskörning på parkeringen."]),
    ("unsafe_place", 8, ["Mörkt vid gångstigen, lampor ur funktion.", "Igenvuxet buskage skymmer sikten."]),
    ("drugs", 5, ["Misstänkt langning vid busshållplatsen.", "Sprutor hittade i rabatten."]),
    ("theft", 4, ["Inbrott i förråd.", "Cykelstölder i cykelrummet."]),
    ("fire", 3, ["Brand i papperskorg.", "Anlagd brand i soprum."]),
    ("violence", 2, ["Bråk utanför affären.", "Hotfull stämning vid entrén."]),
]


def invented_incidents(
    first: date, days: int, per_area_week: dict[str, float], seed: int
) -> list[tuple[datetime, str, str, str]]:
    """(when, area slug, category code, description) of invented reports; nothing here happened.

    Reports peak in the autumn and on Friday and Saturday evenings, as EST groups describe.
    """
    rng = random.Random(seed)
    codes = [kind[0] for kind in INCIDENT_KINDS]
    weights = [kind[1] for kind in INCIDENT_KINDS]
    texts = {kind[0]: kind[2] for kind in INCIDENT_KINDS}
    found = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        season = 1.3 if day.month in (8, 9, 10, 11) else 0.85
        weekend = 1.6 if day.weekday() in (4, 5) else 0.85
        for area, weekly in per_area_week.items():
            expected = weekly / 7 * season * weekend
            for _ in range(_poisson(rng, expected)):
                code = rng.choices(codes, weights)[0]
                hour = rng.choice([9, 13, 16, 18, 19, 20, 21, 22, 23])
                moment = datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=UTC)
                found.append((moment, area, code, rng.choice(texts[code])))
    return found


def _poisson(rng: random.Random, mean: float) -> int:
    count, limit, product = 0, math.exp(-mean), rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
