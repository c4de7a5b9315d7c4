"""Map tile benchmark: a warm tile from a PMTiles archive through the development server, and a
tile the upstream proxy has not kept yet.

Prints `tile_p50_ms` (target at most 20 ms): one client asking for the same tile 500 times over
HTTP from Django's own development server (`runserver`'s WSGI server, in a thread), after one
request that opens the archive. And `tile_cache_miss_ms`: the median of 200 tiles the disk
cache lacks, fetched from a tile server on loopback, with 20 000 tiles already in the cache
(what costs grows with the cache, such as walking it, shows here).
"""

import http.server
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
MISSES = 200
CACHED_TILES = 20_000


class Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class Upstream(http.server.BaseHTTPRequestHandler):
    """A tile server on loopback answering every tile with the same PNG."""

    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def median_ms(urls: list[str]) -> float:
    times = []
    for url in urls:
        start = time.perf_counter()
        with urllib.request.urlopen(url) as answer:  # noqa: S310 (http on loopback, built above)
            answer.read()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def cache_misses(folder: Path, port: int, body: bytes) -> float:
    """The median time of tiles the upstream proxy fetches, its cache already well filled."""
    cache = folder / "tile-cache"
    for n in range(CACHED_TILES):
        kept = cache / "15" / str(n // 1000) / str(n % 1000)
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(body)
    Upstream.body = body
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    settings.MAP_PMTILES = str(folder / "none.pmtiles")
    settings.MAP_TILE_UPSTREAM = f"http://127.0.0.1:{upstream.server_port}/{{z}}/{{x}}/{{y}}.png"
    settings.MAP_TILE_CACHE_DIR = cache
    settings.MAP_TILE_CACHE_MB = 500
    # The first miss counts the cache once (it has no count yet); the rest are timed.
    urls = [f"http://127.0.0.1:{port}/kartor/16/{y}/0" for y in range(MISSES + 1)]
    median_ms(urls[:1])
    found = median_ms(urls[1:])
    upstream.shutdown()
    return found


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
    print(f"tile_p50_ms: {median_ms([url] * REQUESTS):.2f}")
    print(f"tile_archive_tiles: {len(drawn)}")
    print(f"tile_cache_miss_ms: {cache_misses(folder, server.server_port, next(iter(drawn.values()))):.2f}")
    print(f"tile_cache_tiles: {CACHED_TILES}")
    server.shutdown()


if __name__ == "__main__":
    main()
