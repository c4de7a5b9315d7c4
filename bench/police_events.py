"""Police events benchmark: importing a generated feed of 100,000 events.

Prints `police_events_import_per_s`. The events name the demo's municipalities, their county
and places elsewhere in Sweden (skipped), as the national feed does.
"""

import io
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sqlite_django import set_up  # noqa: E402

set_up(prefix="tryggve-bench-police-")

from django.core.management import call_command  # noqa: E402

from tryggve.inputs.models import PoliceEvent  # noqa: E402

EVENTS = 100_000
PLACES = [
    ("Halmstad", "56.674375,12.857788"),
    ("Laholm", "56.512,13.0436"),
    ("Hallands län", "56.89,12.80"),
    ("Stockholm", "59.329324,18.068581"),
    ("Göteborg", "57.70887,11.97456"),
    ("Malmö", "55.605,13.0038"),
]
KINDS = ["Trafikolycka", "Skadegörelse", "Stöld", "Brand", "Misshandel", "Rattfylleri", "Narkotikabrott"]


def feed() -> str:
    rng = random.Random(5)
    start = datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=1)))
    events = []
    for number in range(EVENTS):
        place, gps = rng.choice(PLACES)
        kind = rng.choice(KINDS)
        moment = start + timedelta(minutes=5 * number)
        events.append(
            {
                "id": 1_000_000 + number,
                "datetime": moment.strftime("%Y-%m-%d %H:%M:%S %z")[:-2] + ":00",
                "name": f"{moment:%d %B %H.%M}, {kind}, {place}",
                "summary": "En genererad händelse för prestandamätning.",
                "url": f"/aktuellt/handelser/{number}/",
                "type": kind,
                "location": {"name": place, "gps": gps},
            }
        )
    return json.dumps(events, ensure_ascii=False)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_demo", responses=0.01, stdout=io.StringIO())
    path = Path(tempfile.mkdtemp(prefix="tryggve-bench-feed-")) / "events.json"
    path.write_text(feed(), encoding="utf-8")
    start = time.perf_counter()
    call_command("import_police_events", str(path), stdout=io.StringIO())
    seconds = time.perf_counter() - start
    stored = PoliceEvent.objects.count()
    assert stored > EVENTS // 3, stored
    print(f"police_events_import_per_s: {EVENTS / seconds:.0f}")


if __name__ == "__main__":
    main()
