"""EST benchmark: the weekly picture with 200,000 stored incident reports.

Prints `est_week_page_p50_ms` (the weekly page as an analyst sees it, with its map points and
report list) and `est_quarter_page_p50_ms`. The reports are generated over Halmstad's districts
from 2017, when EST started there, to today: about 400 a week.
"""

import io
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sqlite_django import set_up  # noqa: E402

set_up(prefix="tryggve-bench-est-")

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.run import median_ms  # noqa: E402
from tryggve.core.models import Area, Organisation  # noqa: E402
from tryggve.inputs.models import Category, Incident  # noqa: E402

REPORTS = 200_000


def generate(first: datetime) -> None:
    """Reports spread evenly in time over every district, with invented positions."""
    areas = list(Area.objects.filter(municipality__slug="halmstad").exclude(kind="municipality"))
    categories = list(Category.objects.filter(municipality__slug="halmstad"))
    organisation = Organisation.objects.get(slug="hfab")
    Incident.objects.filter(municipality__slug="halmstad").delete()
    rng = random.Random(7)
    seconds = int((timezone.now() - first).total_seconds())
    batch = []
    for number in range(REPORTS):
        area = rng.choice(areas)
        batch.append(
            Incident(
                municipality_id=area.municipality_id,
                category=rng.choice(categories),
                happened_at=first + timedelta(seconds=seconds * number // REPORTS),
                area=area,
                latitude=56.67 + rng.random() / 20,
                longitude=12.85 + rng.random() / 20,
                description="Genererad rapport.",
                organisation=organisation,
            )
        )
        if len(batch) == 10_000:
            Incident.objects.bulk_create(batch)
            batch = []
    Incident.objects.bulk_create(batch)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_demo", responses=0.01, stdout=io.StringIO())
    generate(datetime(2017, 1, 1, tzinfo=UTC))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert Incident.objects.count() == REPORTS
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="samordnare.halmstad"))
    last_week = (timezone.localdate() - timedelta(weeks=1)).isocalendar()
    week = f"/halmstad/est/vecka/{last_week.year}-{last_week.week}/"
    quarter = f"/halmstad/est/kvartal/{last_week.year}-1/"
    for path in (week, quarter):
        assert client.get(path).status_code == 200, path
    monday = datetime.fromisocalendar(last_week.year, last_week.week, 1).replace(tzinfo=UTC)
    shown = Incident.objects.filter(
        happened_at__gte=monday, happened_at__lt=monday + timedelta(weeks=1)
    ).count()
    print(f"est_week_reports_shown: {shown}")
    print(f"est_week_page_p50_ms: {median_ms(lambda: client.get(week), repeat=30):.1f}")
    print(f"est_quarter_page_p50_ms: {median_ms(lambda: client.get(quarter), repeat=30):.1f}")


if __name__ == "__main__":
    main()
