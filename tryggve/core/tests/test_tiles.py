"""Map tiles at Tryggve's own address: from a PMTiles archive, or fetched from an upstream server
and kept on disk, with the headers that let browsers keep them."""

import contextlib
import http.server
import multiprocessing
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from tryggve.core import tiles
from tryggve.core.maps import map_settings, tile_template
from tryggve.core.tile_archive import draw_areas, pixel, write_archive
from tryggve.testing import Neighbours, client_of, small_municipality, square

HALMSTAD = (12.86, 56.67)


def tile_of(longitude: float, latitude: float, z: int) -> tuple[int, int, int]:
    x, y = pixel(longitude, latitude, z)
    return z, int(x) // 256, int(y) // 256


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "region.pmtiles"
    drawn = draw_areas([("Centrum", square(*HALMSTAD, 0.01))], zooms=[12, 13])
    write_archive(path, drawn, "© Testkartan", (12.8, 56.6, 12.9, 56.7))
    with override_settings(MAP_PMTILES=str(path)):
        yield path


def test_a_tile_of_the_archive_is_a_png_that_browsers_keep(client: Client, archive: Path) -> None:
    z, x, y = tile_of(*HALMSTAD, 13)
    response = client.get(f"/kartor/{z}/{x}/{y}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert "max-age=86400" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    # Asked again with the tag the browser kept: nothing to send.
    again = client.get(f"/kartor/{z}/{x}/{y}", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_a_tile_outside_the_archive_is_a_small_plain_404(client: Client, archive: Path) -> None:
    for url in ("/kartor/13/0/0", "/kartor/3/1/1", "/kartor/13/99999/1", "/kartor/30/1/1"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/plain")
        assert len(response.content) < 100


def test_without_a_source_the_maps_ask_for_no_tiles(client: Client, db: None, tmp_path: Path) -> None:
    with override_settings(MAP_PMTILES=str(tmp_path / "absent.pmtiles"), MAP_TILE_UPSTREAM=""):
        assert map_settings(small_municipality().municipality)["tiles"] == ""
        assert client.get("/kartor/12/2194/1268").status_code == 404


def test_the_maps_ask_tryggve_for_tiles_and_show_the_sources_attribution(db: None, archive: Path) -> None:
    place = small_municipality().municipality
    found = map_settings(place)
    assert found["tiles"] == tile_template() == "/kartor/{z}/{x}/{y}"
    assert found["attribution"] == "© Testkartan"
    with override_settings(MAP_TILE_ATTRIBUTION="© Lantmäteriet"):
        assert map_settings(place)["attribution"] == "© Lantmäteriet"


def test_a_replaced_archive_is_read_anew(client: Client, archive: Path) -> None:
    z, x, y = tile_of(*HALMSTAD, 13)
    first = client.get(f"/kartor/{z}/{x}/{y}")["ETag"]
    drawn = draw_areas([("Söder", square(*HALMSTAD, 0.02))], zooms=[13])
    write_archive(archive, drawn, "© Nya kartan", (12.8, 56.6, 12.9, 56.7))
    assert client.get(f"/kartor/{z}/{x}/{y}")["ETag"] != first
    assert tiles.attribution() == "© Nya kartan"


class Upstream(http.server.BaseHTTPRequestHandler):
    """A tile server on loopback that records what each request carried."""

    seen: list[dict[str, Any]] = []
    body = b""

    def do_GET(self) -> None:
        Upstream.seen.append({"path": self.path, "headers": dict(self.headers)})
        if self.path.startswith("/7/"):
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(Upstream.body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def upstream(tmp_path: Path, db: None) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Upstream.seen = []
    Upstream.body = next(iter(draw_areas([("Centrum", square(*HALMSTAD, 0.01))], zooms=[13]).values()))
    template = f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png?key=hemlig"
    with override_settings(
        MAP_PMTILES=str(tmp_path / "none.pmtiles"),
        MAP_TILE_UPSTREAM=template,
        MAP_TILE_CACHE_DIR=tmp_path / "cache",
    ):
        yield template
    server.shutdown()
    server.server_close()


def test_upstream_tiles_are_fetched_once_without_the_residents_cookies_or_address(
    client: Client, upstream: str, tmp_path: Path
) -> None:
    client.cookies["sessionid"] = "the-residents-session"
    headers = {"X-Forwarded-For": "203.0.113.7", "Referer": "https://tryggve.example/halmstad/enkat/"}
    first = client.get("/kartor/13/4388/2536", headers=headers, REMOTE_ADDR="203.0.113.7")
    again = client.get("/kartor/13/4388/2536", headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content == Upstream.body
    assert first["Cache-Control"].startswith("public")
    # One fetch, kept on disk; the upstream saw its key and nothing of the resident.
    assert [request["path"] for request in Upstream.seen] == ["/13/4388/2536.png?key=hemlig"]
    sent = {name.lower(): value for name, value in Upstream.seen[0]["headers"].items()}
    assert "cookie" not in sent and "referer" not in sent
    assert not any("203.0.113.7" in value for value in sent.values())
    assert (tmp_path / "cache" / "13" / "4388" / "2536").read_bytes() == Upstream.body


def test_a_tile_the_upstream_lacks_is_a_404(client: Client, upstream: str) -> None:
    response = client.get("/kartor/7/68/40")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")


def tile_bytes(cache: Path) -> int:
    """What the tiles in the cache weigh, counted on disk (not the cache's own ledger); a tile
    removed while it is counted (another process trimming) counts nothing."""
    total = 0
    for folder, _dirs, names in os.walk(cache):
        for name in names if folder != str(cache) else ():
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(folder, name)).st_size
    return total


def test_the_disk_cache_never_passes_its_limit_by_more_than_a_tile_dropping_the_least_recently_used(
    client: Client, upstream: str, tmp_path: Path
) -> None:
    size, cache, limit = len(Upstream.body), tmp_path / "cache", 1024 * 1024
    with override_settings(MAP_TILE_CACHE_MB=1):
        # About 1 MB of tiles, then more: the oldest go, the cache stays under its megabyte.
        count = limit // size + 50
        for y in range(count):
            assert client.get(f"/kartor/13/4388/{y}").status_code == 200
            assert tile_bytes(cache) <= limit + size
    assert tile_bytes(cache) <= limit
    assert (cache / "13" / "4388" / str(count - 1)).exists()
    assert not (cache / "13" / "4388" / "0").exists()
    # The cache's count of its bytes is what the disk says.
    assert int((cache / tiles.LEDGER).read_text().split()[0]) == tile_bytes(cache)


def test_a_miss_counts_the_cache_without_walking_it_until_it_is_full(
    client: Client, upstream: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, walks, real_walk = tmp_path / "cache", [], tiles.os.walk

    def counted_walk(top: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(top) == cache:  # a walk of the whole cache, not of its folders on the way
            walks.append(top)
        return real_walk(top, *args, **kwargs)

    monkeypatch.setattr(tiles.os, "walk", counted_walk)
    for y in range(40):
        assert client.get(f"/kartor/13/4388/{y}").status_code == 200
    assert len(walks) == 1  # once, for the first tile: the cache had no count yet
    # A lost count is made again from the disk.
    (cache / tiles.LEDGER).unlink()
    assert client.get("/kartor/13/4388/40").status_code == 200
    assert len(walks) == 2
    assert int((cache / tiles.LEDGER).read_text().split()[0]) == tile_bytes(cache) == 41 * len(Upstream.body)


def fetch_tiles(first: int, count: int) -> None:
    """A worker process's share of the misses (as one of gunicorn's workers would have them)."""
    for y in range(first, first + count):
        tiles.upstream_tile(13, 4389, y)


def test_several_worker_processes_share_one_bound(upstream: str, tmp_path: Path) -> None:
    size, cache, limit = len(Upstream.body), tmp_path / "cache", 1024 * 1024
    share = limit // size // 2  # four workers together fetch twice what the cache holds
    most = 0
    with override_settings(MAP_TILE_CACHE_MB=1):
        fork = multiprocessing.get_context("fork")
        workers = [fork.Process(target=fetch_tiles, args=(n * share, share)) for n in range(4)]
        for worker in workers:
            worker.start()
        while any(worker.is_alive() for worker in workers):
            most = max(most, tile_bytes(cache))
        for worker in workers:
            worker.join()
            assert worker.exitcode == 0
    assert len(Upstream.seen) == 4 * share
    assert 0 < most <= limit + size
    assert tile_bytes(cache) <= limit
    assert int((cache / tiles.LEDGER).read_text().split()[0]) == tile_bytes(cache)


def test_an_upstream_that_sends_no_image_is_not_passed_on(client: Client, upstream: str) -> None:
    Upstream.body = b"<html>Logga in</html>"
    response = client.get("/kartor/13/4388/2536")
    assert response.status_code == 502
    assert b"html" not in response.content


def test_a_superuser_replaces_the_map_archive_by_upload_and_a_bad_file_changes_nothing(
    client: Client, archive: Path, tmp_path: Path, neighbours: Neighbours
) -> None:
    url = reverse("admin:core_map_archive")
    assert client_of(neighbours.both_admin).get(url).status_code == 403  # every municipality's map
    root = User.objects.create_superuser("root", "root@kommun.example", "x")
    admin = client_of(root)
    assert url in admin.get(reverse("admin:core_municipality_changelist")).content.decode()
    assert "zoom 12–13" in admin.get(url).content.decode()
    before = archive.read_bytes()
    for name, body, message in (
        ("karta.pmtiles", b"<html>not a map</html>", "Filen är inget PMTiles-arkiv (version 3)."),
        ("karta.pmtiles", b"PMTiles\x03" + b"\x00" * 200, "Arkivet innehåller vektorrutor eller något annat"),
    ):
        refused = admin.post(url, {"file": SimpleUploadedFile(name, body)})
        assert refused.status_code == 200 and message in refused.content.decode()
        assert archive.read_bytes() == before
    assert [path.name for path in archive.parent.iterdir()] == [archive.name]  # no upload left behind
    # A new region at zoom 14: it is what the maps now serve.
    region = tmp_path / "upload.pmtiles"
    write_archive(
        region,
        draw_areas([("Nytt", square(*HALMSTAD, 0.01))], zooms=[14]),
        "© Ny karta",
        (12.8, 56.6, 12.9, 56.7),
    )
    done = admin.post(url, {"file": SimpleUploadedFile("halmstad.pmtiles", region.read_bytes())}, follow=True)
    assert "Kartan är utbytt: zoom 14–14" in done.content.decode()
    z, x, y = tile_of(*HALMSTAD, 14)
    assert client.get(f"/kartor/{z}/{x}/{y}").status_code == 200
    assert client.get("/kartor/13/4388/2536").status_code == 404
    assert tiles.attribution() == "© Ny karta"
