"""Place reports benchmark: the public map page with 100,000 stored place reports (issue 33).

Prints `place_map_page_p50_ms` (`/halmstad/rapporterade-platser/` as a resident opens it: the
counts per area, the newest 20 with their points, the map data; target at most 100 ms), the
same filtered to one area (`place_map_area_page_p50_ms`) and on a later page
(`place_map_page_50_p50_ms`), the page's queries and bytes, one report's page
(`place_report_page_p50_ms`) and the grouped rule's page (`place_map_grouped_page_p50_ms`, the
squares counted over every report). The reports are spread over Halmstad's districts with
invented positions; nine in ten are moderated (routed or answered), the rest new or hidden.
"""

import io
import random
import sys
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sqlite_django import set_up  # noqa: E402

set_up(prefix="tryggve-bench-places-")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.run import median_ms  # noqa: E402
from tryggve.core.models import Area, Organisation  # noqa: E402
from tryggve.inputs.models import PlaceKind, PlaceReport  # noqa: E402

REPORTS = 100_000
STATUSES = ["received", "forwarded", "planned", "done", "not_done"]


def generate() -> None:
    areas = list(Area.objects.filter(municipality__slug="halmstad").exclude(kind="municipality"))
    organisations = list(Organisation.objects.filter(municipalities__slug="halmstad"))
    PlaceReport.objects.filter(municipality__slug="halmstad").delete()
    rng = random.Random(33)
    first = date(2022, 1, 1)
    days = (date.today() - first).days
    batch = []
    for number in range(REPORTS):
        received = first + timedelta(days=days * number // REPORTS)
        moderated = rng.random() < 0.9
        batch.append(
            PlaceReport(
                municipality_id=areas[0].municipality_id,
                kind=rng.choice(PlaceKind.values),
                area=rng.choice(areas),
                latitude=56.64 + rng.random() / 12,
                longitude=12.80 + rng.random() / 8,
                description="Genererad rapport.",
                received_on=received,
                hidden=not moderated and rng.random() < 0.3,
                status=rng.choice(STATUSES) if moderated else "new",
                status_on=received + timedelta(days=rng.randrange(30)) if moderated else None,
                organisation=rng.choice(organisations) if moderated else None,
                answer="Vi har tittat på platsen." if moderated else "",
                public_text="Godkänd text." if moderated and rng.random() < 0.5 else "",
                approved=moderated and rng.random() < 0.5,
            )
        )
        if len(batch) == 10_000:
            PlaceReport.objects.bulk_create(batch)
            batch = []
    PlaceReport.objects.bulk_create(batch)


def queries_of(client: Client, path: str) -> int:
    found: list[str] = []

    def count(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        found.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        client.get(path)
    return len(found)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_demo", responses=0.01, stdout=io.StringIO())
    generate()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert PlaceReport.objects.count() == REPORTS
    client = Client(HTTP_HOST="127.0.0.1")
    page = "/halmstad/rapporterade-platser/"
    area = Area.objects.filter(municipality__slug="halmstad").exclude(kind="municipality").first()
    assert area is not None
    one = PlaceReport.objects.published().filter(municipality__slug="halmstad").first()
    assert one is not None
    paths = {
        "place_map_page": page,
        "place_map_area_page": f"{page}?omrade={area.slug}",
        "place_map_page_50": f"{page}?sida=50",
        "place_report_page": f"{page}{one.pk}/",
    }
    for path in paths.values():
        assert client.get(path).status_code == 200, path
    print(f"place_map_reports_published: {PlaceReport.objects.published().count()}")
    print(f"place_map_page_queries: {queries_of(client, page)}")
    print(f"place_map_page_bytes: {len(client.get(page).content)}")
    for name, path in paths.items():
        print(f"{name}_p50_ms: {median_ms(partial(client.get, path), repeat=30):.1f}")
    settings.PLACE_REPORT_POINTS = "grouped"
    assert client.get(page).status_code == 200
    print(f"place_map_grouped_page_p50_ms: {median_ms(lambda: client.get(page), repeat=30):.1f}")


if __name__ == "__main__":
    main()
