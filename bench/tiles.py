"""Map tile benchmark: a warm tile from a PMTiles archive through the development server.

Prints `tile_p50_ms` (target at most 20 ms): one client asking for the same tile 500 times over
HTTP from Django's own development server (`runserver`'s WSGI server, in a thread), after one
request that opens the archive.
"""

import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sqlite_django import set_up  # noqa: E402

set_up(prefix="tryggve-bench-tiles-")

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402

from tryggve.core.tile_archive import draw_areas, pixel, write_archive  # noqa: E402
from tryggve.testing import square  # noqa: E402

REQUESTS = 500


class Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="tryggve-bench-tiles-"))
    archive = folder / "region.pmtiles"
    # A town's worth of tiles at four zooms: directories as a real extract has them.
    drawn = draw_areas([("Centrum", square(12.86, 56.67, 0.05))], zooms=range(11, 15))
    write_archive(archive, drawn, "Bench", (12.8, 56.6, 12.9, 56.7))
    settings.MAP_PMTILES = str(archive)
    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    x, y = pixel(12.86, 56.67, 14)
    url = f"http://127.0.0.1:{server.server_port}/kartor/14/{int(x) // 256}/{int(y) // 256}"
    with urllib.request.urlopen(url) as answer:
        assert answer.status == 200 and answer.read().startswith(b"\x89PNG")
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        with urllib.request.urlopen(url) as answer:
            answer.read()
        times.append((time.perf_counter() - start) * 1000)
    server.shutdown()
    print(f"tile_p50_ms: {statistics.median(times):.2f}")
    print(f"tile_archive_tiles: {len(drawn)}")


if __name__ == "__main__":
    main()
