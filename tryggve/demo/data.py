"""The demonstration data set.

Halmstad's texts, dates, contact details and place names are the public facts of Halmstad
kommun's page on medborgarlöften (shared/seeds). Everything else is invented: the area
outlines (rough hexagons around each district, flagged as invented; Halmstad's are imported
from invented boundary files in SWEREF 99 TM, files/), the population counts (an invented
JSON-stat file in SCB's format), the colours and logos,
the 2017 and 2018 promise texts, Laholm's promise and all staff users.
"""

import math
from datetime import date, time
from pathlib import Path
from typing import Any

# The demo's street map is drawn from its invented areas (load_demo): its attribution says so.
DEMO_MAP_ATTRIBUTION = "Påhittad demokarta · Invented demo map"

# The invented boundary and population files `load_demo` imports (made by make_files.py).
FILES = Path(__file__).resolve().parent / "files"
# The whole municipality (Lantmäteriet's kind of file), then the districts as invented DeSO.
BOUNDARY_FILES = {
    "halmstad": [
        (FILES / "halmstad_kommungrans.geojson", FILES / "halmstad_kommungrans.csv"),
        (FILES / "halmstad_deso.geojson", FILES / "halmstad_deso_omraden.csv"),
    ],
}
# Named places for the lägesbild's hotspot table: Halmstad's own public place names, at invented
# positions (metres east and north of the middle of the demo's invented area outline; a little
# south of it for the central ones, so the area's name and theirs do not overlap on the map), so they
# are labelled invented. slug of the area, name, kind, (east, north).
LANDMARKS: dict[str, list[tuple[str, str, str, tuple[int, int]]]] = {
    "halmstad": [
        ("stadskarnan", "Stora torg", "square", (0, -80)),
        ("stadskarnan", "Lilla torg", "square", (-200, 120)),
        ("stadskarnan", "Brogatan", "street", (-120, -180)),
        ("stadskarnan", "Halmstad C", "station", (270, -200)),
        ("stadskarnan", "Norre Katts park", "park", (60, 300)),
        ("andersberg", "Andersberg centrum", "centre", (0, -80)),
        ("andersberg", "Andersbergsskolan", "school", (270, 300)),
        ("andersberg", "Andersbergsringen", "street", (-350, -180)),
        ("vallas", "Vallås centrum", "centre", (0, -80)),
        ("vallas", "Vallåsskolan", "school", (-350, 300)),
        ("vallas", "Vallås kyrka", "other", (400, -200)),
        ("linehed", "Linehedsskolan", "school", (0, 150)),
        ("linehed", "Linehedsvägen", "street", (-200, -200)),
        ("nyhem", "Nyhem centrum", "centre", (0, -80)),
        ("nyhem", "Nyhems kyrka", "other", (250, 200)),
        ("frosakull", "Frösakulls strand", "other", (-500, 100)),
        ("frosakull", "Frösakullsvägen", "street", (300, 0)),
        ("sondrum", "Söndrums kyrka", "other", (0, 300)),
        ("sondrum", "Söndrumsskolan", "school", (300, -250)),
        ("fyllinge", "Fyllinge centrum", "centre", (0, -80)),
        ("fyllinge", "Frennarp", "other", (400, -250)),
        ("oskarstrom", "Oskarströms station", "station", (150, -300)),
        ("oskarstrom", "Oskarströms kyrka", "other", (-450, 450)),
        ("getinge", "Getinge centrum", "centre", (0, -80)),
        ("simlangsdalen", "Simlångsdalens kyrka", "other", (0, 200)),
    ],
}
# SCB's DeSO table as JSON-stat, with the years it holds; later survey years use the last one.
POPULATION_FILES = {"halmstad": (FILES / "halmstad_folkmangd_deso.json", (2018, 2019))}


def hexagon(longitude: float, latitude: float, radius_km: float) -> dict[str, Any]:
    """An invented, approximate outline: a hexagon around a district's centre."""
    lat_km = 111.32
    lon_km = 111.32 * math.cos(math.radians(latitude))
    ring = []
    for step in range(6):
        angle = math.radians(60 * step)
        ring.append(
            [
                round(longitude + radius_km * math.cos(angle) / lon_km, 5),
                round(latitude + radius_km * math.sin(angle) / lat_km, 5),
            ]
        )
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


WEEKDAYS_MON_THU = (0, 3)
FRIDAY = (4, 4)

MUNICIPALITIES: list[dict[str, Any]] = [
    {
        "slug": "halmstad",
        "name": "Halmstad",
        "official_name_sv": "Halmstads kommun",
        "official_name_en": "Halmstad Municipality",
        "code": "1380",
        "primary_colour": "#00507a",
        "link_colour": "#00507a",
        "contact_phone": "035-13 70 00",
        "contact_email": "direkt@halmstad.se",
        "visiting_address": "Rådhuset, Kyrkogatan 5",
        "postal_address": "301 05 Halmstad",
        "map_url": "https://www.openstreetmap.org/search?query=Kyrkogatan%205%2C%20Halmstad",
        "promise_page_intro_sv": (
            "Varje år ger kommunen och polisen ett gemensamt medborgarlöfte. Det rör sig om en rad "
            "konkreta åtgärder för att förebygga brott som kommun och polis lovar att genomföra.\n\n"
            "Ett medborgarlöfte grundas på invånarnas förslag och upplevelser. Löftet förnyas varje "
            "år efter nya enkäter och dialoger."
        ),
        "promise_page_intro_en": (
            "Every year the municipality and the police give a joint citizen promise. It is a set of "
            "concrete measures to prevent crime that the municipality and the police promise to carry "
            "out.\n\nA citizen promise is based on residents' suggestions and experiences. The promise "
            "is renewed every year after new surveys and dialogues."
        ),
        "opening_hours": [
            ("visitors", *WEEKDAYS_MON_THU, time(8), time(17)),
            ("visitors", *FRIDAY, time(8), time(16)),
            ("phone", *WEEKDAYS_MON_THU, time(7), time(17)),
            ("phone", *FRIDAY, time(7), time(16)),
        ],
        "areas": [
            # slug, name, kind, parent slug, centre (lon, lat), radius in km
            ("halmstad", "Halmstads kommun", "municipality", None, (12.86, 56.70), 16.0),
            ("stadskarnan", "Stadskärnan", "city_centre", "halmstad", (12.8578, 56.6745), 0.6),
            ("andersberg", "Andersberg", "district", "halmstad", (12.8845, 56.6850), 0.9),
            ("vallas", "Vallås", "district", "halmstad", (12.8800, 56.6560), 1.0),
            ("linehed", "Linehed", "district", "halmstad", (12.8950, 56.6700), 0.7),
            ("nyhem", "Nyhem", "district", "halmstad", (12.8700, 56.6900), 0.7),
            ("frosakull", "Frösakull", "district", "halmstad", (12.7900, 56.6650), 1.0),
            ("sondrum", "Söndrum", "district", "halmstad", (12.8050, 56.6600), 1.0),
            ("fyllinge", "Fyllinge", "district", "halmstad", (12.9050, 56.6450), 0.9),
            ("oskarstrom", "Oskarström", "locality", "halmstad", (12.9700, 56.8050), 1.5),
            ("getinge", "Getinge", "locality", "halmstad", (12.7350, 56.8250), 1.2),
            ("simlangsdalen", "Simlångsdalen", "locality", "halmstad", (13.1050, 56.7150), 1.0),
        ],
        "cycles": [
            {"year": 2017},
            {"year": 2018},
            {"year": 2019},
            # The 2019 survey (open 28 October – 24 November) fed the 2020 promise.
            {"year": 2020, "survey_opens": date(2019, 10, 28), "survey_closes": date(2019, 11, 24)},
        ],
    },
    {
        "slug": "laholm",
        "name": "Laholm",
        "official_name_sv": "Laholms kommun",
        "official_name_en": "Laholm Municipality",
        "code": "1381",
        "primary_colour": "#6b2c2c",
        "link_colour": "#6b2c2c",
        "contact_email": "kontakt@laholm.example",
        "promise_page_intro_sv": (
            "Exempel: Laholms kommun och polisen ger ett gemensamt medborgarlöfte om tryggheten i "
            "kommunens tätorter. Texten är påhittad för att visa hur flera kommuner delar Tryggve."
        ),
        "promise_page_intro_en": (
            "Example: Laholm Municipality and the police give a joint citizen promise on safety in "
            "the municipality's towns. The text is invented to show several municipalities sharing "
            "Tryggve."
        ),
        "opening_hours": [],
        "areas": [
            ("laholm", "Laholms kommun", "municipality", None, (13.05, 56.50), 14.0),
            ("laholm-centrum", "Laholm centrum", "city_centre", "laholm", (13.0440, 56.5120), 0.8),
            ("mellbystrand", "Mellbystrand", "locality", "laholm", (12.9450, 56.5100), 1.2),
            ("skottorp", "Skottorp", "locality", "laholm", (12.9600, 56.4700), 0.8),
        ],
        "cycles": [
            {"year": 2019},
            {"year": 2020, "survey_opens": date(2019, 10, 21), "survey_closes": date(2019, 11, 17)},
        ],
    },
]

ORGANISATIONS: list[dict[str, Any]] = [
    {"slug": "halmstads-kommun", "name": "Halmstads kommun", "kind": "kommun", "in": ["halmstad"]},
    {"slug": "laholms-kommun", "name": "Laholms kommun", "kind": "kommun", "in": ["laholm"]},
    {
        "slug": "lpo-halmstad-laholm",
        "name": "Lokalpolisområde Halmstad-Laholm",
        "kind": "police",
        "in": ["halmstad", "laholm"],
    },
    {"slug": "hfab", "name": "HFAB", "kind": "housing", "in": ["halmstad"]},
    {"slug": "halmstad-city", "name": "Halmstad City", "kind": "business", "in": ["halmstad"]},
    {"slug": "stadens-hjarta", "name": "Stadens Hjärta", "kind": "business", "in": ["halmstad"]},
    # A department of the kommun as an organisation of its own: residents' place reports about
    # streets, parks and lamps are routed to it.
    {
        "slug": "halmstad-teknik-fritid",
        "name": "Teknik- och fritidsförvaltningen, Halmstads kommun",
        "kind": "kommun",
        "in": ["halmstad"],
    },
]

HALMSTAD_WHY_SV = (
    "Syftet med medborgarlöftet är att öka invånarnas trygghet och att minska brottsligheten. "
    "Därmed blir också Halmstads kommun en mer attraktiv plats att bo på. När människor upplever "
    "trygghet har de bättre förutsättningar att bidra till samhället och till en positiv "
    "utveckling för kommunen.\n\n"
    "Med mindre brottslighet minskar också det mänskliga lidande som brott medför för såväl de "
    "utsatta som kriminella och anhöriga. Brottslighet kostar dessutom samhället stora summor och "
    "ett minskat antal brott har därför stora samhällsekonomiska fördelar."
)
HALMSTAD_WHY_EN = (
    "The purpose of the citizen promise is to make residents feel safer and to reduce crime. "
    "That also makes Halmstad Municipality a more attractive place to live. When people feel safe "
    "they are better placed to contribute to society and to a positive development for the "
    "municipality.\n\n"
    "Less crime also means less of the human suffering that crime causes, for victims as well as "
    "offenders and their families. Crime also costs society large sums, so fewer crimes bring "
    "great economic benefits."
)
HALMSTAD_DONE_SV = (
    "Det första medborgarlöftet från Halmstads kommun och lokalpolisområdet Halmstad-Laholm gavs "
    "2017. Sedan dess har arbetet fokuserats på att systematisera det brottsförebyggande arbetet "
    "genom bland annat Effektiv Samordning för Trygghet – en samverkansmodell som utarbetats i "
    "Örebro kommun för att skapa en gemensam lägesbild utifrån tryggheten i ett område. Halmstads "
    "kommun, HFAB och Polisen arbetar tillsammans med detta på Vallås och Andersberg.\n\n"
    "Arbetet har även fokuserat på att hitta ett framgångsrikt sätt för att arbeta med "
    "ungdomsgrupperingar med normbrytande beteende. Dessutom har samarbete inletts med Halmstad "
    "City och Stadens Hjärta om tryggheten i stadskärnan."
)
HALMSTAD_DONE_EN = (
    "The first citizen promise from Halmstad Municipality and the Halmstad-Laholm local police "
    "area was given in 2017. Since then the work has focused on making crime prevention "
    "systematic, among other things through Effektiv Samordning för Trygghet (EST), a model of "
    "collaboration developed in Örebro Municipality to build a shared picture of safety in an "
    "area. Halmstad Municipality, HFAB and the police work together on this in Vallås and "
    "Andersberg.\n\n"
    "The work has also focused on finding a successful way of working with groups of young "
    "people who break norms. In addition, collaboration has begun with Halmstad City and Stadens "
    "Hjärta on safety in the city centre."
)
HALMSTAD_DIALOGUE_SV = (
    "Medborgarlöftet grundas på dialog, avsedd att få fram en lägesbild som berättar vad som är "
    "angeläget för att invånarna ska känna sig trygga. Dialogen förs på olika sätt, framför allt "
    "genom en årlig enkät på kommunens webbplats och genom polisens samtal med invånare på olika "
    "orter och i olika stadsdelar. Polisen får härigenom ett komplement till den bild som kommer "
    "fram genom statistik.\n\n"
    "Medborgardialog med tillhörande löfte är ett led i polisens strävan att komma närmare "
    "invånarna och att anpassa arbetet efter lokala behov."
)
HALMSTAD_DIALOGUE_EN = (
    "The citizen promise is based on dialogue, meant to bring out a picture of what matters for "
    "residents to feel safe. The dialogue takes several forms, above all a yearly survey on the "
    "municipality's website and the police's conversations with residents in different towns and "
    "districts. This gives the police a complement to the picture that statistics give.\n\n"
    "Citizen dialogue with its promise is part of the police's effort to come closer to residents "
    "and to adapt their work to local needs."
)

HALMSTAD_PARTIES = ["halmstads-kommun", "lpo-halmstad-laholm"]

PROMISES: list[dict[str, Any]] = [
    {
        "municipality": "halmstad",
        "year": 2019,
        "status": "published",
        "parties": HALMSTAD_PARTIES,
        "pledge_sv": (
            "Polis och kommun lovar att tillsammans arbeta för att höja invånarnas upplevda trygghet "
            "i de centrala delarna av Andersberg och Vallås samt i Halmstads stadskärna."
        ),
        "pledge_en": (
            "The police and the municipality promise to work together to raise residents' sense of "
            "safety in the central parts of Andersberg and Vallås and in Halmstad's city centre."
        ),
        "why_sv": HALMSTAD_WHY_SV,
        "why_en": HALMSTAD_WHY_EN,
        "done_so_far_sv": HALMSTAD_DONE_SV,
        "done_so_far_en": HALMSTAD_DONE_EN,
        "dialogue_first_sv": HALMSTAD_DIALOGUE_SV,
        "dialogue_first_en": HALMSTAD_DIALOGUE_EN,
        "decision_body_sv": "Kommunstyrelsen",
        "decision_body_en": "The municipal executive board",
        "decision_text_sv": "Kommunstyrelsen fastställde löftet våren 2019.",
        "decision_text_en": "The municipal executive board adopted the promise in spring 2019.",
        "focus_areas": [
            ("andersberg", "de centrala delarna", "the central parts"),
            ("vallas", "de centrala delarna", "the central parts"),
            ("stadskarnan", "", ""),
        ],
        "activities": [
            (
                "Trafikkontroller (hastighet-, beteende- och alkohol/drog-kontroller). Mopeder inkluderat.",
                "Traffic controls (speed, behaviour and alcohol/drug checks). Mopeds included.",
                ["lpo-halmstad-laholm"],
            ),
            (
                "Kontakt- och relationsskapande polisverksamhet.",
                "Police work that builds contacts and relationships.",
                ["lpo-halmstad-laholm"],
            ),
            (
                "Arbeta för att begränsa tillgängligheten av narkotika.",
                "Work to limit the availability of drugs.",
                ["lpo-halmstad-laholm", "halmstads-kommun"],
            ),
            (
                "Åtgärder i den fysiska trafikmiljön på prioriterade platser.",
                "Changes to the physical traffic environment at prioritised places.",
                ["halmstads-kommun"],
            ),
            (
                "Verka för ökad närvaro av trygga vuxna på kvällar och helger.",
                "Work for more safe adults being present on evenings and weekends.",
                ["halmstads-kommun", "lpo-halmstad-laholm"],
            ),
            (
                "Trygghetsvandringar på prioriterade platser – "
                "med efterföljande åtgärder i den fysiska miljön.",
                "Safety walks at prioritised places, followed by changes to the physical environment.",
                ["halmstads-kommun", "lpo-halmstad-laholm", "hfab"],
            ),
        ],
    },
    {
        "municipality": "halmstad",
        "year": 2018,
        "status": "archived",
        "parties": HALMSTAD_PARTIES,
        "pledge_sv": (
            "Polis och kommun lovar att tillsammans med HFAB arbeta för ökad trygghet på Vallås och "
            "Andersberg. (Påhittad exempeltext.)"
        ),
        "pledge_en": (
            "The police and the municipality promise to work with HFAB for greater safety in Vallås "
            "and Andersberg. (Invented example text.)"
        ),
        "done_so_far_sv": (
            "Det första medborgarlöftet gavs 2017. Under 2018 började Halmstads kommun, HFAB och "
            "Polisen arbeta med Effektiv Samordning för Trygghet på Vallås och Andersberg. "
            "(Påhittad exempeltext.)"
        ),
        "done_so_far_en": (
            "The first citizen promise was given in 2017. In 2018 Halmstad Municipality, HFAB and "
            "the police started working with EST in Vallås and Andersberg. (Invented example text.)"
        ),
        "decision_body_sv": "Kommunstyrelsen",
        "decision_body_en": "The municipal executive board",
        "focus_areas": [("vallas", "", ""), ("andersberg", "", "")],
        "activities": [
            (
                "Gemensam lägesbild med EST tillsammans med HFAB.",
                "A shared picture with EST together with HFAB.",
                ["halmstads-kommun", "lpo-halmstad-laholm", "hfab"],
            ),
            (
                "Arbete med ungdomsgrupperingar med normbrytande beteende.",
                "Work with groups of young people who break norms.",
                ["halmstads-kommun", "lpo-halmstad-laholm"],
            ),
            (
                "Trafikkontroller med fokus på mopeder.",
                "Traffic controls focused on mopeds.",
                ["lpo-halmstad-laholm"],
            ),
        ],
    },
    {
        "municipality": "halmstad",
        "year": 2017,
        "status": "archived",
        "parties": HALMSTAD_PARTIES,
        "pledge_sv": (
            "Polis och kommun lovar att tillsammans arbeta för att invånarna ska känna sig tryggare "
            "på Vallås och Andersberg. (Påhittad exempeltext för Halmstads första medborgarlöfte.)"
        ),
        "pledge_en": (
            "The police and the municipality promise to work together so that residents feel safer "
            "in Vallås and Andersberg. (Invented example text for Halmstad's first citizen promise.)"
        ),
        "decision_body_sv": "Kommunstyrelsen",
        "decision_body_en": "The municipal executive board",
        "focus_areas": [("vallas", "", ""), ("andersberg", "", "")],
        "activities": [
            (
                "Polisens medborgardialoger i stadsdelarna.",
                "Police citizen dialogues in the districts.",
                ["lpo-halmstad-laholm"],
            ),
            (
                "Trygghetsvandringar på Vallås och Andersberg.",
                "Safety walks in Vallås and Andersberg.",
                ["halmstads-kommun", "lpo-halmstad-laholm"],
            ),
        ],
    },
    {
        "municipality": "laholm",
        "year": 2019,
        "status": "published",
        "parties": ["laholms-kommun", "lpo-halmstad-laholm"],
        "pledge_sv": (
            "Polis och kommun lovar att arbeta för ökad trygghet i Laholms centrum och i "
            "Mellbystrand under sommarsäsongen. (Påhittad exempeltext.)"
        ),
        "pledge_en": (
            "The police and the municipality promise to work for greater safety in central Laholm "
            "and in Mellbystrand during the summer season. (Invented example text.)"
        ),
        "decision_body_sv": "Kommunstyrelsen",
        "decision_body_en": "The municipal executive board",
        "focus_areas": [("laholm-centrum", "", ""), ("mellbystrand", "", "")],
        "activities": [
            (
                "Synlig polisnärvaro i Mellbystrand under sommaren.",
                "Visible police presence in Mellbystrand during the summer.",
                ["lpo-halmstad-laholm"],
            ),
            (
                "Bättre belysning på gångstråk i centrum.",
                "Better lighting on footpaths in the centre.",
                ["laholms-kommun"],
            ),
        ],
    },
]

# username, first name, last name, e-mail, superuser, memberships:
# (organisation, municipality, role, area slugs)
STAFF: list[tuple[str, str, str, str, bool, list[tuple[str, str, str, list[str]]]]] = [
    ("it.admin", "Ida", "Testsson", "it.admin@halmstad.example", True, []),
    (
        "samordnare.halmstad",
        "Sara",
        "Exempelsson",
        "samordnare@halmstad.example",
        False,
        [
            ("halmstads-kommun", "halmstad", "analyst", []),
            ("halmstads-kommun", "halmstad", "owner", []),
        ],
    ),
    (
        "kommunpolis",
        "Kim",
        "Demosson",
        "kommunpolis@polisen.example",
        False,
        [
            ("lpo-halmstad-laholm", "halmstad", "analyst", []),
            ("lpo-halmstad-laholm", "laholm", "analyst", []),
            ("lpo-halmstad-laholm", "halmstad", "owner", []),
        ],
    ),
    (
        "hfab.rapportor",
        "Hanna",
        "Provsson",
        "rapportor@hfab.example",
        False,
        [("hfab", "halmstad", "reporter", ["andersberg", "vallas"])],
    ),
    (
        "ks.ordforande",
        "Olle",
        "Fiktivsson",
        "ordforande@halmstad.example",
        False,
        [("halmstads-kommun", "halmstad", "approver", [])],
    ),
    (
        "teknik.halmstad",
        "Tove",
        "Låtsasson",
        "teknik@halmstad.example",
        False,
        [("halmstad-teknik-fritid", "halmstad", "owner", [])],
    ),
    (
        "samordnare.laholm",
        "Lea",
        "Påhittsson",
        "samordnare@laholm.example",
        False,
        [("laholms-kommun", "laholm", "analyst", [])],
    ),
]


def logo_svg(letter: str, colour: str) -> str:
    """An invented emblem (not the municipality's real logo)."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img">'
        f'<path d="M6 4h36v22c0 10-8 16-18 20C14 42 6 36 6 26z" fill="#ffffff"/>'
        f'<path d="M10 8h28v18c0 8-6 12-14 16-8-4-14-8-14-16z" fill="{colour}"/>'
        f'<text x="24" y="31" font-family="sans-serif" font-size="18" font-weight="700" '
        f'text-anchor="middle" fill="#ffffff">{letter}</text></svg>'
    )


# Invented residents aged 16 and over per area (the sex and age-band split is derived in
# survey_answers.population_cells); used for weighting and response rates.
RESIDENTS_16_PLUS = {
    "halmstad": {
        "stadskarnan": 6100,
        "andersberg": 6900,
        "vallas": 6400,
        "linehed": 3100,
        "nyhem": 4200,
        "frosakull": 5200,
        "sondrum": 6300,
        "fyllinge": 4700,
        "oskarstrom": 4800,
        "getinge": 3600,
        "simlangsdalen": 1300,
    },
}

# Surveys created from the template. `opens_in_days` places a window around the day the demo is
# loaded, so a fresh demo always has one survey open to try.
SURVEYS: list[dict[str, Any]] = [
    {
        "municipality": "halmstad",
        "year": 2018,
        "slug": "trygghetsmatning-2018",
        "opens": date(2018, 10, 22),
        "closes": date(2018, 11, 18),
        "responses": 2600,
        # A year earlier Andersberg felt safer than in 2019, so the 2019 lägesbild shows a change.
        # This survey fed the 2019 promise: `evaluate_promise halmstad 2019` compares it with 2019's.
        "less_safe": {"andersberg": 0.45, "vallas": 0.75, "stadskarnan": 0.4},
        "seed": 2018,
    },
    {
        "municipality": "halmstad",
        "year": 2019,
        "slug": "trygghetsmatning-2019",
        "opens": date(2019, 10, 28),
        "closes": date(2019, 11, 24),
        "responses": 3200,
        # Women, older residents, and Andersberg and Vallås feel less safe (invented answers).
        "seed": 2019,
    },
    {
        "municipality": "halmstad",
        "year": None,  # the year the demo is loaded
        "slug": "trygghetsmatning",
        "opens_in_days": -14,
        "open_days": 60,
        "responses": 240,
        "seed": 2026,
    },
]

# Adopted lägesbilder: the 2019 picture chose the 2020 promise's focus areas.
SITUATIONS: list[dict[str, Any]] = [
    {
        "municipality": "halmstad",
        "year": 2018,
        "focus": ["andersberg", "vallas"],
        "adopted_on": date(2018, 12, 11),
        "decision": "Kommunstyrelsen och lokalpolisområde Halmstad (påhittat beslut)",
    },
    {
        "municipality": "halmstad",
        "year": 2019,
        "focus": ["andersberg", "vallas", "stadskarnan"],
        "adopted_on": date(2019, 12, 10),
        "decision": "Kommunstyrelsen och lokalpolisområde Halmstad (påhittat beslut)",
    },
]

# The lägesbild report written from the 2018 lägesbild, the one the 2019 promise came from.
# Invented texts, each marked as demo: no municipality wrote them.
REPORTS: list[dict[str, Any]] = [
    {
        "municipality": "halmstad",
        "year": 2018,
        # decided before the 2019 promise was adopted (spring 2019): version 1, public
        "decision": {
            "decision_body": "Kommunstyrelsen",
            "decision_date": date(2019, 2, 12),
            "decision_reference": "KS 2019/27 (påhittat diarienummer)",
        },
        "texts": {
            "crime": {
                "sv": "Demo (påhittad text): Anmälda brott per invånare minskade något 2018 efter tre års "
                "ökning. Skadegörelse är fortfarande vanligast bland händelserna polisen rapporterar.",
                "en": "Demo (invented text): Reported crime per resident fell slightly in 2018 after three "
                "years of increase. Vandalism is still the most common of the events the police report.",
            },
            "safety": {
                "sv": "Demo (påhittad text): De flesta känner sig trygga i sitt bostadsområde, men en "
                "större andel i Andersberg och Vallås än i resten av kommunen är otrygga ute sent "
                "på kvällen.",
            },
            "partners": {
                "sv": "Demo (påhittad text): Fastighetsägarna och skolorna rapporterar mest skadegörelse och "
                "nedskräpning, oftast kvällar och helger.",
            },
            "residents": {
                "sv": "Demo (påhittad text): I dialogerna tog de boende oftast upp belysning, nedskräpning "
                "och otrygga gångstråk.",
            },
            "analysis": {
                "sv": "Demo (påhittad text): Otryggheten är störst där skadegörelsen är vanligast. Vi "
                "föreslår ett medborgarlöfte för Andersberg och Vallås om bättre belysning och fler "
                "trygghetsvandringar.",
                "en": "Demo (invented text): Feeling unsafe is most common where vandalism is. We propose "
                "a citizen promise for Andersberg and Vallås on better lighting and more safety walks.",
            },
        },
    },
]

# Invented police events for the survey years, at the feed's fixed point for the municipality.
POLICE_EVENTS: list[dict[str, Any]] = [
    {
        "municipality": "halmstad",
        "year": 2018,
        "count": 380,
        "gps": (56.674375, 12.857788),
        "first_id": 9_180_000,
    },
    {
        "municipality": "halmstad",
        "year": 2019,
        "count": 420,
        "gps": (56.674375, 12.857788),
        "first_id": 9_190_000,
    },
]

# Invented EST reports where Halmstad's page says EST runs: Vallås and Andersberg (the kommun,
# HFAB and the police) and the city centre (with Halmstad City and Stadens Hjärta). Reports per
# week on average, and who files them.
EST_AREAS: dict[str, tuple[float, list[str]]] = {
    "andersberg": (9.0, ["hfab", "halmstads-kommun", "lpo-halmstad-laholm"]),
    "vallas": (7.0, ["hfab", "halmstads-kommun", "lpo-halmstad-laholm"]),
    "stadskarnan": (6.0, ["halmstad-city", "stadens-hjarta", "halmstads-kommun"]),
}
# The survey years (for the lägesbild) and the last 400 days (for this week's picture).
EST_PERIODS = [(date(2018, 1, 1), 730), (None, 400)]

# Invented dialogues of 2019: the police's talks in districts and localities, and one staff
# dialogue. (day, area slug or None, place, format, organisers, participants, topics, raised, asked)
DIALOGUES: list[tuple[Any, ...]] = [
    (
        date(2019, 3, 14),
        "andersberg",
        "Andersbergs centrum",
        "walk",
        ["lpo-halmstad-laholm", "hfab"],
        {"residents": 25, "young": 10},
        ["young_people", "lighting", "drugs"],
        "Oro för ungdomsgrupper vid centrum på kvällarna och mörka gångvägar.",
        "Mer polis på kvällstid och bättre belysning.",
    ),
    (
        date(2019, 4, 6),
        "oskarstrom",
        "Torget i Oskarström",
        "stand",
        ["lpo-halmstad-laholm"],
        {"residents": 40, "seniors": 15},
        ["traffic", "police_presence"],
        "Mopeder och höga hastigheter genom samhället.",
        "Trafikkontroller och fartdämpande åtgärder.",
    ),
    (
        date(2019, 5, 9),
        "vallas",
        "Vallås torg",
        "meeting",
        ["lpo-halmstad-laholm", "halmstads-kommun", "hfab"],
        {"residents": 30, "business": 4},
        ["drugs", "young_people", "adults_out"],
        "Narkotikaförsäljning nära skolan nämns av flera.",
        "Vuxna som rör sig ute på kvällar och helger.",
    ),
    (
        date(2019, 6, 12),
        "getinge",
        "Getinge bibliotek",
        "meeting",
        ["lpo-halmstad-laholm"],
        {"residents": 18},
        ["burglary", "police_presence"],
        "Inbrott i villor och förråd under sommaren.",
        "Grannsamverkan och synlig polis.",
    ),
    (
        date(2019, 8, 22),
        "stadskarnan",
        "Stora torg",
        "stand",
        ["lpo-halmstad-laholm", "halmstad-city", "stadens-hjarta"],
        {"residents": 35, "business": 12, "young": 8},
        ["violence", "littering", "adults_out"],
        "Otrygghet i stadskärnan sena helgkvällar, nedskräpning efter helgerna.",
        "Trygghetsvärdar och städning på söndagsmorgnar.",
    ),
    (
        date(2019, 9, 18),
        "simlangsdalen",
        "Simlångsdalens skola",
        "meeting",
        ["lpo-halmstad-laholm"],
        {"residents": 12, "seniors": 6},
        ["traffic"],
        "Tung trafik och höga hastigheter förbi skolan.",
        "Trafikkontroller vid skolstart.",
    ),
    (
        date(2019, 10, 3),
        "andersberg",
        "Andersbergsskolan",
        "stand",
        ["lpo-halmstad-laholm", "halmstads-kommun"],
        {"young": 45, "residents": 10},
        ["meeting_places", "young_people", "traffic"],
        "Unga efterfrågar fler mötesplatser; mopedåkning på gångvägar.",
        "Fritidsgård öppen fler kvällar.",
    ),
    (
        date(2019, 10, 24),
        None,
        "Kommunens webbplats",
        "digital",
        ["halmstads-kommun", "lpo-halmstad-laholm"],
        {"residents": 60},
        ["lighting", "vegetation", "traffic"],
        "Förslag på mörka platser och buskage som skymmer sikten.",
        "Ses över vid trygghetsvandringar.",
    ),
    (
        date(2019, 11, 7),
        "vallas",
        "Vallåsgården",
        "walk",
        ["lpo-halmstad-laholm", "hfab"],
        {"residents": 20, "seniors": 5},
        ["lighting", "vegetation"],
        "Trygghetsvandring: släckta lampor och höga buskar vid gångtunneln.",
        "Byte av armaturer och röjning.",
    ),
]
STAFF_DIALOGUES: list[tuple[Any, ...]] = [
    (
        date(2019, 9, 5),
        None,
        "Polisstationen",
        "meeting",
        ["lpo-halmstad-laholm"],
        {"staff": 14},
        ["drugs", "young_people", "traffic"],
        "Medarbetardialog: ingripandepersonalens bild av narkotika och mopeder.",
        "",
    ),
]

# Invented plans for the Halmstad promises' activities and how often they were logged: (year,
# activity order) → (planned quantity, unit, per, areas, share of the plan that was done,
# people met per entry, notes). Nothing here happened.
ACTIVITY_PLANS: dict[tuple[int, int], tuple[Any, ...]] = {
    (2019, 0): (2, "controls", "month", ["vallas", "andersberg"], 1.1, 0,
                ["12 mopeder kontrollerade", "Hastighetskontroll vid skolan"]),
    (2019, 1): (8, "hours", "month", ["andersberg", "vallas", "stadskarnan"], 1.0, 25,
                ["Samtal vid torget", "Besök på fritidsgården"]),
    (2019, 2): (1, "occasions", "quarter", [], 1.0, 0, ["Samverkansmöte om narkotikaläget"]),
    (2019, 3): (4, "measures", "year", ["vallas"], 0.5, 0, ["Farthinder vid Vallås torg"]),
    (2019, 4): (4, "occasions", "month", ["stadskarnan", "andersberg"], 0.95, 40,
                ["Nattvandring fredag kväll"]),
    (2019, 5): (4, "walks", "year", ["vallas", "andersberg"], 1.0, 15, ["Trygghetsvandring med boende"]),
    (2018, 2): (2, "controls", "month", ["vallas", "andersberg"], 1.0, 0, ["Mopedkontroll"]),
    (2017, 1): (2, "walks", "year", ["vallas", "andersberg"], 1.0, 12, ["Trygghetsvandring"]),
}  # fmt: skip

# What motivates the 2019 promise in the 2018 lägesbild, and how two activities are measured:
# (kind, code, area or None, lägesbild year, activity order or None).
EVIDENCE_2019: list[tuple[str, str, str | None, int, int | None]] = [
    ("survey", "unsafe_alone_evening", "andersberg", 2018, None),
    ("survey", "unsafe_alone_evening", "vallas", 2018, None),
    ("survey", "neighbourhood_problems.disturbing_traffic", "vallas", 2018, 0),
    ("survey", "neighbourhood_problems.drug_dealing", "andersberg", 2018, 2),
    ("incidents", "groups", "andersberg", 2018, 4),
]
# (activity order, kind, code, area or None, baseline year, target year, target)
INDICATORS_2019: list[tuple[int, str, str, str | None, int, int, float]] = [
    (0, "survey", "neighbourhood_problems.disturbing_traffic", "vallas", 2018, 2021, 0.2),
    (4, "survey", "unsafe_alone_evening", "andersberg", 2018, 2021, 0.4),
    (0, "log", "", None, 2018, 2019, 24),
]

# An invented safety walk in Vallås and its repeat half a year later: (kind, place, description,
# [(organisation, measure, due, status, reason, done on)]).
SAFETY_WALK: dict[str, Any] = {
    "area": "vallas",
    "walk_on": date(2019, 4, 2),
    "protocol_on": date(2019, 4, 23),
    "route": "Från Vallås torg längs gångstråket till skolan och tillbaka genom gångtunneln.",
    "participants": {"residents": 14, "staff": 6, "young": 3},
    "findings": [
        ("lighting", "Gångtunneln under Skånegatan", "Två armaturer ur funktion; mörkt efter kl. 17.",
         [("hfab", "Byta armaturer och ljuskällor", date(2019, 5, 15), "done", "", date(2019, 5, 8))]),
        ("vegetation", "Gångstråket bakom skolan", "Höga buskar skymmer sikten längs gångvägen.",
         [("halmstads-kommun", "Röja och beskära buskaget", date(2019, 6, 1), "done", "",
           date(2019, 5, 28))]),
        ("littering", "Återvinningsstationen", "Mycket skräp runt containrarna.",
         [("halmstads-kommun", "Flytta stationen närmare gatan", None, "rejected",
           "Ingen annan lämplig plats; tömningen görs i stället två gånger i veckan.", None)]),
        ("safe_place", "Vallås torg", "Väl upplyst och mycket folk på kvällarna.", []),
    ],
    "repeat_on": date(2019, 10, 2),
    "verdicts": ["solved", "better", "unchanged"],
}  # fmt: skip

# An internal measure of the collaboration agreement behind the 2019 promise: planned and logged
# like the promise's activities, never shown to residents. (Swedish title, English title.)
INTERNAL_2019 = (
    "Gemensam lägesbild för polis och kommun varje kvartal (samverkansöverenskommelsen).",
    "A joint police and kommun picture every quarter (the collaboration agreement).",
)


# Recorded crime as `import_kolada` stores it from Kolada (invented figures, per 100,000
# residents): per KPI, the total for each year.
RECORDED_CRIME: dict[str, dict[str, list[tuple[int, float]]]] = {
    "halmstad": {
        "N07403": [(2015, 838.2), (2016, 871.9), (2017, 905.4), (2018, 884.0), (2019, 861.7)],
        "N07540": [(2015, 11870.5), (2016, 11644.1), (2017, 11932.8), (2018, 11405.3), (2019, 11190.6)],
        "N07546": [(2015, 301.4), (2016, 288.0), (2017, 242.9), (2018, 236.1), (2019, 198.5)],
        "N07544": [(2015, 702.3), (2016, 745.8), (2017, 811.0), (2018, 869.2), (2019, 902.4)],
    },
}


# National and county figures beside the survey's indicators, as `import_national_figures`
# stores them (invented for the demo, in the shape of Brå's NTU): per municipality, rows of
# indicator, level, year, share, source and how the methods differ.
NTU_METHOD = (
    "NTU är en nationell enkät till ett urval av invånare 16–84 år (webb och post) med en annan "
    "frågeformulering (”mycket eller ganska otrygg eller går inte ut”); kommunens mätning är en "
    "egen urvals- och webbenkät viktad till invånarna per område, kön och ålder."
)
NATIONAL_FIGURES: dict[str, list[tuple[str, str, int, float, str, str]]] = {
    "halmstad": [
        ("unsafe_alone_evening", "national", 2018, 0.29, "Brå, NTU 2018 (demo)", NTU_METHOD),
        ("unsafe_alone_evening", "national", 2019, 0.28, "Brå, NTU 2019 (demo)", NTU_METHOD),
        ("unsafe_alone_evening", "county", 2019, 0.24, "Brå, NTU 2019, Hallands län (demo)", NTU_METHOD),
    ],
}

# The follow-up report (uppföljningsrapport) of 2019, written and decided early in 2020: its
# figures are generated from the invented log, its texts are invented. The notes per measure are
# keyed by the start of the measure's Swedish title; the internal note never reaches residents.
FOLLOWUP_REPORTS: list[dict[str, Any]] = [
    {
        "municipality": "halmstad",
        "year": 2019,
        "decision": {
            "decision_body": "Kommunstyrelsen",
            "decision_date": date(2020, 2, 11),
            "decision_reference": "KS 2020/19 (påhittat diarienummer)",
        },
        "texts": {
            "summary": {
                "sv": "Demo (påhittad text): De flesta åtgärderna genomfördes enligt plan 2019. "
                "Trafikkontrollerna och närvaron av trygga vuxna nådde sina mål; åtgärderna i den "
                "fysiska trafikmiljön blev försenade.",
                "en": "Demo (invented text): Most measures were carried out as planned in 2019. The "
                "traffic controls and the presence of safe adults reached their targets; the changes to "
                "the physical traffic environment were delayed.",
                "ar": "عرض تجريبي (نص مُختلَق): نُفِّذت معظم الإجراءات حسب الخطة في عام 2019.",
            },
            "changes": {
                "sv": "Demo (påhittad text): Behåll trafikkontrollerna och kvällsvandringarna. Planera "
                "åtgärderna i trafikmiljön tidigare på året, tillsammans med fastighetsägarna.",
                "en": "Demo (invented text): Keep the traffic controls and the evening walks. Plan the "
                "changes to the traffic environment earlier in the year, with the property owners.",
            },
            "commentary": {
                "sv": "Demo (påhittad text): Otryggheten i Andersberg och Vallås minskade något mer än i "
                "resten av kommunen, men skillnaden är inte säker. Uppföljningen är underlag för "
                "lägesbilden 2020.",
                "en": "Demo (invented text): Feeling unsafe fell slightly more in Andersberg and Vallås "
                "than in the rest of the municipality, but the difference is not certain. The follow-up "
                "feeds the 2020 lägesbild.",
            },
        },
        "internal_note": "Demo (påhittad text): Styrgruppen behöver ett fast datum för kvartalsmötena.",
        "notes": {
            "Trafikkontroller": "Demo (påhittad text): Fler kontroller kvällstid i stadskärnan.",
            "Åtgärder i den fysiska trafikmiljön": "Demo (påhittad text): Börja projekteringen i januari.",
            INTERNAL_2019[0]: "Demo (påhittad text): Kvartalsmötena bör bokas för hela året i förväg.",
        },
    },
]


# The 2019 action plan (lag 2023:196) from the 2018 lägesbild: two prioritised problems with
# their evidence and cause analyses, the 2019 promise's activities as its measures, the decision
# and the collaboration agreement. Every text, name, reference and date is invented.
ACTION_PLAN_2019: dict[str, Any] = {
    "summary": (
        "Åtgärdsplanen bygger på lägesbilden 2018 och medborgardialogerna. Polis och kommun har valt "
        "två problem att arbeta med under 2019; medborgarlöftet är planens offentliga del. "
        "(Påhittad exempeltext.)"
    ),
    "coordination": (
        "Kommunens trygghetssamordnare samordnar arbetet tillsammans med kommunpolisen. "
        "(Påhittad exempeltext.)"
    ),
    "problems": [
        {
            "title_sv": "Narkotikahandel kring Vallås centrum",
            "title_en": "Drug dealing around Vallås centrum",
            "areas": ["vallas"],
            # (kind, code, area, lägesbild year)
            "evidence": [
                ("survey", "neighbourhood_problems.drug_dealing", "vallas", 2018),
                ("incidents", "drugs", "vallas", 2018),
            ],
            "analysis": {
                "offender_known": "Försäljning sker kvällstid vid torget och gångtunneln. (Påhittat.)",
                "offender_assumed": "Unga säljare rekryteras av äldre. (Påhittat antagande.)",
                "handlers": "Föräldrar, fältassistenter, socialtjänsten.",
                "target_known": "Boende och unga som passerar torget känner sig otrygga.",
                "target_assumed": "Köparna kommer till stor del från andra stadsdelar.",
                "guardians": "Butikspersonal, fritidsgårdens personal, HFAB:s bovärdar.",
                "place_known": "Skymd gångtunnel och dålig belysning vid torgets baksida.",
                "place_assumed": "Platsen väljs för att den går att lämna åt flera håll.",
                "place_managers": "HFAB, fastighetsägaren vid torget, kommunens gatuförvaltning.",
                "sources": "Lägesbilden 2018, EST-rapporter 2018, polisens lokala analys, dialoger.",
                "public_summary_sv": (
                    "Handeln sker på platser som är skymda och dåligt belysta, och få vuxna rör sig "
                    "där på kvällen. Därför arbetar polis och kommun både med närvaro och med "
                    "den fysiska miljön. (Påhittad sammanfattning.)"
                ),
                "public_summary_en": (
                    "The dealing happens in places that are hidden and poorly lit, where few adults "
                    "are about in the evening. So the police and the kommun work on presence and on "
                    "the physical environment alike. (Invented summary.)"
                ),
            },
        },
        {
            "title_sv": "Otrygg kvällsmiljö i stadskärnan",
            "title_en": "Unsafe evening environment in the city centre",
            "areas": ["stadskarnan"],
            "evidence": [
                ("survey", "unsafe_alone_evening", "stadskarnan", 2018),
                ("incidents", "groups", "stadskarnan", 2018),
            ],
            "analysis": {
                "offender_known": "Störande grupper samlas vid Stora torg fredag och lördag kväll.",
                "offender_assumed": "Alkohol från krogarna bidrar sent på natten. (Påhittat.)",
                "handlers": "Föräldrar, nattvandrare, ordningsvakter.",
                "target_known": "Kvinnor och äldre undviker stadskärnan på kvällen.",
                "target_assumed": "Otryggheten hänger mer ihop med miljön än med brott.",
                "guardians": "Krogpersonal, ordningsvakter, Halmstad Citys värdar.",
                "place_known": "Tomma lokaler och mörka passager mellan torget och stationen.",
                "place_assumed": "Fler öppna verksamheter på kvällen skulle minska otryggheten.",
                "place_managers": "Fastighetsägarna i Stadens Hjärta, kommunens gatuförvaltning.",
                "sources": "Lägesbilden 2018, EST-rapporter, dialog med Halmstad City.",
                "public_summary_sv": (
                    "Få vuxna och mörka passager gör stadskärnan otrygg på kvällen. Mer närvaro av "
                    "trygga vuxna och bättre belysning ska ändra det. (Påhittad sammanfattning.)"
                ),
                "public_summary_en": (
                    "Few adults and dark passages make the city centre feel unsafe in the evening. "
                    "More safe adults about and better lighting are to change that. (Invented summary.)"
                ),
            },
        },
    ],
    # The 2019 promise's activities (by order) that answer a problem (its index above), with
    # their resources and expected effect; "internal" is the promise's internal measure.
    "measures": {
        2: (
            0,
            "Två poliser fyra kvällar i månaden; kommunens fältassistenter.",
            "Färre rapporter om narkotikahandel vid Vallås torg 2019.",
        ),
        1: (
            1,
            "Kommunpolisen och områdespoliserna, åtta timmar i månaden.",
            "Fler boende som litar på polisen i stadskärnan.",
        ),
        4: (
            1,
            "Nattvandrare och fältassistenter fredag och lördag kväll.",
            "Färre som känner sig otrygga ute ensamma sent på kvällen.",
        ),
        5: (
            0,
            "Kommunens trygghetssamordnare, HFAB och polisen; 50 000 kr för åtgärder.",
            "Bättre belysning och siktlinjer vid torget och gångtunneln.",
        ),
        "internal": (
            0,
            "Analytiker hos polis och kommun, en halv dag i kvartalet.",
            "En gemensam bild av narkotikaläget som styr insatserna.",
        ),
    },
    "decision": {
        "decision_body": "Kommunstyrelsen",
        "decision_date": date(2019, 3, 5),
        "decision_reference": "KS 2019/41 (påhittat diarienummer)",
    },
    "agreement": {
        "terms": (
            "Polis och kommun möts varje kvartal, följer upp åtgärderna tillsammans och delar sina "
            "lägesbilder. (Påhittad exempeltext.)"
        ),
        "police_chief": "Per Påhittsson, lokalpolisområdeschef",
        "police_chief_signed_on": date(2019, 3, 12),
        "chair": "Olle Fiktivsson, kommunstyrelsens ordförande",
        "chair_signed_on": date(2019, 3, 12),
    },
}


# Invented residents' place reports in Halmstad (`inputs.PlaceReport`); nothing here was reported.
# Each says so in its description (and its answer). `days`: received that many days before the
# demo is loaded; `map`: marked on the map (near the middle of the invented area), else in words
# only. Moderation: `hidden` (the reason), `duplicate` (the `key` of the report it repeats),
# `public` (the text is approved for publication). The case: `to` (the organisation), `due` (days
# after it was received), `status`, `reason` (why not done) and `answer`. None is in Nyhem: the
# tests delete that area to see the demo bring it back, and an area with reports cannot go.
PLACE_REPORTS: list[dict[str, Any]] = [
    # New, not yet moderated.
    {"days": 1, "area": "vallas", "kind": "lighting", "map": True, "place": "Gångvägen bakom Vallåsskolan",
     "text": "Två lampor längs gångvägen är släckta, det är helt mörkt efter klockan fem."},
    {"days": 1, "area": "sondrum", "kind": "safe_place", "place": "Söndrums kyrka",
     "text": "Upplyst gångväg och folk i rörelse, det känns tryggt även sent på kvällen."},
    {"days": 2, "area": "stadskarnan", "kind": "gathering_place", "map": True,
     "place": "Brogatan vid busshållplatsen",
     "text": "Grupper samlas sent på kvällarna och det känns otryggt att gå förbi."},
    {"days": 3, "area": "andersberg", "kind": "littering", "place": "Andersbergsringen vid återvinningen",
     "text": "Mycket skräp och trasiga kartonger runt återvinningsstationen."},
    {"days": 4, "area": "fyllinge", "kind": "safe_place", "map": True, "place": "Fyllinge centrum",
     "text": "Torget är väl upplyst och det är alltid folk i rörelse, här känns det tryggt."},
    {"days": 5, "area": "fyllinge", "kind": "traffic", "place": "Övergångsstället vid Fyllinge centrum",
     "text": "Bilar kör fort förbi övergångsstället där barnen går till skolan."},
    {"days": 6, "area": "linehed", "kind": "vegetation", "map": True, "place": "Linehedsvägen",
     "text": "Buskarna har vuxit över cykelvägen så att man inte ser vem som kommer."},
    {"days": 7, "area": "getinge", "kind": "lighting", "place": "Busshållplatsen i Getinge centrum",
     "text": "Gatlampan vid busshållplatsen är släckt sedan en vecka."},
    {"days": 7, "area": "frosakull", "kind": "blocked_view", "place": "Frösakullsvägen vid parkeringen",
     "text": "Ett högt plank skymmer sikten vid utfarten från parkeringen."},
    # Hidden by the coordinator.
    {"days": 8, "area": "stadskarnan", "kind": "other", "place": "Stora torg",
     "text": "Klagomål på en granne, inget om platsen.", "hidden": "Handlar om en person, inte om en plats"},
    {"days": 20, "area": "vallas", "kind": "damage", "place": "",
     "text": "Test test.", "hidden": "Inget om en plats"},
    # Routed, open.
    {"days": 10, "area": "andersberg", "kind": "lighting", "map": True,
     "place": "Cykelstället vid Andersberg centrum",
     "text": "Lampan vid cykelstället blinkar och slocknar.", "public": True,
     "to": "halmstad-teknik-fritid", "due": 30, "status": "received"},
    {"days": 12, "area": "sondrum", "kind": "vegetation", "place": "Stigen bakom Söndrumsskolan",
     "text": "Stigen bakom skolan är igenvuxen och mörk.", "public": True,
     "to": "halmstad-teknik-fritid", "due": 14, "status": "received"},
    {"days": 15, "area": "vallas", "kind": "littering", "place": "Bakom butikerna i Vallås centrum",
     "text": "Sopor och krossat glas bakom butikerna varje helg.",
     "to": "hfab", "due": 21, "status": "received"},
    {"key": "tvattstugan", "days": 25, "area": "andersberg", "kind": "damage", "map": True,
     "place": "Tvättstugan vid Andersbergsringen",
     "text": "Fönstret i tvättstugans dörr är krossat sedan flera veckor.", "public": True,
     "to": "hfab", "due": 14, "status": "received"},
    {"days": 24, "area": "andersberg", "kind": "damage", "place": "Andersbergsringen",
     "text": "Krossat glas utanför tvättstugan.", "duplicate": "tvattstugan"},
    {"key": "gangtunneln", "days": 30, "area": "vallas", "kind": "lighting", "map": True,
     "place": "Gångtunneln vid Vallås centrum",
     "text": "Belysningen i gångtunneln är trasig.", "public": True,
     "to": "hfab", "due": 45, "status": "planned",
     "answer": "Nya armaturer är beställda och sätts upp i gångtunneln inom tre veckor."},
    {"days": 29, "area": "vallas", "kind": "lighting", "place": "Tunneln vid Vallås centrum",
     "text": "Mörkt i tunneln på kvällarna.", "duplicate": "gangtunneln"},
    {"days": 35, "area": "stadskarnan", "kind": "vegetation", "place": "Norre Katts park",
     "text": "Häckarna skymmer gångvägen och det är mörkt under träden.", "public": True,
     "to": "halmstad-teknik-fritid", "due": 60, "status": "planned",
     "answer": "Häckarna beskärs när höstens parkarbete börjar."},
    {"days": 40, "area": "oskarstrom", "kind": "lighting",
     "place": "Cykelparkeringen vid Oskarströms station",
     "text": "Cykelparkeringen vid stationen saknar belysning.", "public": True,
     "to": "halmstad-teknik-fritid", "due": 30, "status": "planned",
     "answer": "Belysning är planerad, men leveransen av stolpar är försenad."},
    {"days": 45, "area": "getinge", "kind": "traffic", "place": "Gångvägen genom Getinge centrum",
     "text": "Mopeder kör på gångvägen genom centrum.",
     "to": "halmstad-teknik-fritid", "due": 30, "status": "forwarded",
     "answer": "Skickat vidare till polisen, som gör trafikkontroller."},
    # Done, or not to be done, with the answer.
    {"days": 50, "area": "andersberg", "kind": "lighting", "place": "Skolgården vid Andersbergsskolan",
     "text": "Strålkastaren på skolgården är trasig.", "public": True,
     "to": "halmstad-teknik-fritid", "due": 21, "status": "done", "answer": "Strålkastaren är lagad."},
    {"days": 55, "area": "frosakull", "kind": "vegetation", "place": "Stigen ner till Frösakulls strand",
     "text": "Sly längs stigen ner till stranden gör den mörk.", "public": True,
     "to": "halmstad-teknik-fritid", "due": 30, "status": "not_done",
     "reason": "Marken är privat; markägaren är kontaktad.",
     "answer": "Vi kan inte röja på privat mark, men har bett markägaren att göra det."},
    {"days": 60, "area": "vallas", "kind": "graffiti", "map": True, "place": "Gaveln på Vallåsskolan",
     "text": "Klotter på skolans gavel mot gångvägen.", "public": True,
     "to": "halmstad-teknik-fritid", "due": 14, "status": "done", "answer": "Klottret är sanerat."},
    {"days": 65, "area": "andersberg", "kind": "littering", "place": "Torget i Andersberg centrum",
     "text": "Överfulla papperskorgar vid torget.", "public": True,
     "to": "hfab", "due": 14, "status": "done", "answer": "Fler papperskorgar är uppsatta och töms oftare."},
    {"days": 70, "area": "vallas", "kind": "gathering_place", "place": "Parkeringen vid Vallås kyrka",
     "text": "Bilar samlas på parkeringen på nätterna och spelar hög musik.",
     "to": "hfab", "due": 21, "status": "not_done",
     "reason": "Parkeringen är inte HFAB:s; ärendet är skickat till kommunen.",
     "answer": "Parkeringen sköts av kommunen, som har fått ärendet."},
    {"days": 75, "area": "stadskarnan", "kind": "blocked_view", "place": "Lilla torg",
     "text": "Byggstängsel skymmer sikten vid övergångsstället.", "public": True,
     "to": "halmstad-teknik-fritid", "due": 7, "status": "done", "answer": "Stängslet är flyttat."},
    {"days": 80, "area": "linehed", "kind": "damage", "map": True, "place": "Busskuren vid Linehedsskolan",
     "text": "Glaset i busskuren är krossat.",
     "to": "halmstad-teknik-fritid", "due": 14, "status": "done", "answer": "Glaset är bytt."},
    {"days": 90, "area": "simlangsdalen", "kind": "safe_place", "place": "Vägen till Simlångsdalens kyrka",
     "text": "Den nya belysningen på vägen till kyrkan gör att jag vågar gå här på kvällen.",
     "public": True, "to": "halmstad-teknik-fritid", "due": 30, "status": "done",
     "answer": "Tack! Belysningen blir kvar, och platsen finns med i vår lägesbild."},
]  # fmt: skip
