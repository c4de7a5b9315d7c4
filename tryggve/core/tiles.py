"""Map tiles served at Tryggve's own address, so residents' browsers contact no other host.

The sources, tried in this order for each tile:
- a raster PMTiles archive (one file: an extract of the region, or the demo's invented map) read
  with the `pmtiles` package, at `TRYGGVE_MAP_PMTILES` or, unset, at `kartor/karta.pmtiles`
  under the media folder (where `load_demo` writes its map);
- an upstream tile server, `TRYGGVE_MAP_TILE_UPSTREAM`, whose tiles Tryggve fetches itself
  (without the resident's cookies or address) and keeps on disk up to a size limit (`keep`).
Tiles are ordinary XYZ tiles at `/kartor/<z>/<x>/<y>`, for Leaflet's own tile layer.
"""

import contextlib
import fcntl
import functools
import gzip
import hashlib
import json
import mmap
import os
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.views.decorators.http import require_safe
from pmtiles.tile import (
    Compression,
    TileType,
    deserialize_directory,
    deserialize_header,
    find_tile,
    zxy_to_tileid,
)

# The file a source archive is stored as when the setting names none (the demo's map, or an
# administrator's copy), relative to the media folder.
DEFAULT_ARCHIVE = Path("kartor") / "karta.pmtiles"
CONTENT_TYPES = {TileType.PNG: "image/png", TileType.JPEG: "image/jpeg", TileType.WEBP: "image/webp"}
# Tiles change only when the administrator replaces the archive: a day in the browser's cache,
# and the ETag answers a revalidation with 304 after that.
MAX_AGE = 24 * 60 * 60


class NotRaster(ValueError):
    """The archive holds something Leaflet's tile layer cannot draw (vector tiles, say)."""


def archive_path() -> Path:
    return Path(settings.MAP_PMTILES) if settings.MAP_PMTILES else Path(settings.MEDIA_ROOT) / DEFAULT_ARCHIVE


class Archive:
    """An open archive: its header read once, its directories kept as they are read."""

    def __init__(self, data: Any, header: Any, content_type: str, attribution: str) -> None:
        self.data = data  # the file, memory-mapped
        self.header = header
        self.content_type = content_type
        self.attribution = attribution
        # Deserialising a directory costs far more than finding a tile in it.
        self._directories: dict[tuple[int, int], list[Any]] = {}

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        if not self.header["min_zoom"] <= z <= self.header["max_zoom"]:
            return None
        tile_id = zxy_to_tileid(z, x, y)
        offset, length = self.header["root_offset"], self.header["root_length"]
        for _depth in range(4):  # the format nests directories at most so deep
            entry = find_tile(self._directory(offset, length), tile_id)
            if entry is None:
                return None
            if entry.run_length:
                start = self.header["tile_data_offset"] + entry.offset
                return bytes(self.data[start : start + entry.length])
            offset, length = self.header["leaf_directory_offset"] + entry.offset, entry.length
        return None

    def _directory(self, offset: int, length: int) -> list[Any]:
        found = self._directories.get((offset, length))
        if found is None:
            # (The package's directories are always gzipped; it unpacks them itself.)
            found = deserialize_directory(self.data[offset : offset + length])
            if len(self._directories) >= 512:  # a leaf directory holds thousands of tiles
                self._directories.clear()
            self._directories[(offset, length)] = found
        return found


@functools.lru_cache(maxsize=4)
def _open(path: str, _changed: int, _size: int) -> Archive:
    # Keyed by the file's modification time and size too, so a replaced archive is read anew.
    with open(path, "rb") as file:
        data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    header = deserialize_header(data[0:127])
    if header["tile_type"] not in CONTENT_TYPES or header["tile_compression"] not in (
        Compression.NONE,
        Compression.UNKNOWN,
    ):
        raise NotRaster(f"{path}: not an archive of PNG, JPEG or WebP tiles")
    metadata_raw = data[header["metadata_offset"] : header["metadata_offset"] + header["metadata_length"]]
    attribution = ""
    if metadata_raw:
        if header["internal_compression"] == Compression.GZIP:
            metadata_raw = gzip.decompress(metadata_raw)
        attribution = str(json.loads(metadata_raw).get("attribution", ""))
    return Archive(data, header, CONTENT_TYPES[header["tile_type"]], attribution)


class NotAnArchive(ValueError):
    """The file is not a PMTiles archive (version 3) at all."""


def inspect(path: Path) -> Archive:
    """The archive at `path`, read as the maps would read it; `NotAnArchive` or `NotRaster` if
    they could not (for an upload, before it replaces the archive in use)."""
    with open(path, "rb") as file:
        start = file.read(8)
    if len(start) < 8 or start[:7] != b"PMTiles" or start[7] != 3:
        raise NotAnArchive(f"{path}: not a PMTiles archive (version 3)")
    status = os.stat(path)
    try:
        return _open(str(path), status.st_mtime_ns, status.st_size)
    except (ValueError, IndexError, OSError, gzip.BadGzipFile) as error:
        if isinstance(error, NotRaster):
            raise
        raise NotAnArchive(f"{path}: {error}") from error


def archive() -> Archive | None:
    """The configured archive, or None when there is none to serve."""
    path = archive_path()
    try:
        status = os.stat(path)
    except OSError:
        return None
    return _open(str(path), status.st_mtime_ns, status.st_size)


def missing() -> HttpResponse:
    """A short plain 404: a map has many tiles beyond the region, each asked for separately."""
    response = HttpResponseNotFound(b"No map tile here.\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def tile_response(request: HttpRequest, body: bytes, content_type: str) -> HttpResponse:
    """The tile with the headers that let browsers keep it: max-age, and an ETag for after."""
    tag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    if tag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = tag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def image_type(body: bytes) -> str | None:
    """The content type of a PNG, JPEG or WebP image from its first bytes, else None."""
    if body.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if body.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "image/webp"
    return None


class UpstreamFailed(Exception):
    """The upstream server answered with an error or with something that is not a tile."""


# Only what a tile needs: no cookie handler, no Referer, no forwarded address; the request is
# Tryggve's own, so the tile server learns nothing about the resident.
_opener = urllib.request.build_opener()
_opener.addheaders = [("User-Agent", "Tryggve tile proxy")]


def upstream_tile(z: int, x: int, y: int) -> bytes | None:
    """The upstream's tile, from the disk cache or fetched (None where the upstream has none)."""
    cache = Path(settings.MAP_TILE_CACHE_DIR)
    kept = cache / str(z) / str(x) / str(y)
    try:
        body = kept.read_bytes()
        os.utime(kept)  # recently used: the last to be removed when the cache is full
        return body
    except OSError:
        pass
    url = settings.MAP_TILE_UPSTREAM.format(z=z, x=x, y=y)
    try:
        with _opener.open(url, timeout=settings.MAP_TILE_UPSTREAM_TIMEOUT) as answer:
            body = answer.read(4 * 1024 * 1024)
    except urllib.error.HTTPError as error:
        if error.code in (204, 404):
            return None
        raise UpstreamFailed(f"HTTP {error.code}") from error
    except (OSError, ValueError) as error:
        raise UpstreamFailed(str(error)) from error
    if image_type(body) is None:
        raise UpstreamFailed("not a PNG, JPEG or WebP image")
    keep(cache, kept, body, settings.MAP_TILE_CACHE_MB * 1024 * 1024)
    return body


# The cache's own bookkeeping, beside the tiles (which are in z/x/y folders): the bytes of tiles
# kept, and the lock every worker process takes to change the cache.
LEDGER = ".size"
LOCK = ".lock"
# The ledger is set right by counting the tiles at least this often (seconds), whatever happens.
RECOUNT_AFTER = 24 * 60 * 60


def keep(cache: Path, kept: Path, body: bytes, limit: int) -> None:
    """The tile stored, and the cache held under its limit.

    Every worker (gunicorn runs several) writes tiles only while holding the cache's lock, and
    counts what it wrote in the ledger, so the cache's size is known without looking at the tiles:
    only when it passes the limit are they walked and the least recently used removed (to 90 %,
    so the walk comes again only after a tenth of the limit's worth of new tiles). The cache is
    thus never more than the one tile being written over its limit. A missing or unreadable
    ledger is rebuilt by walking the tiles; a tile removed by hand only makes the count high, so
    the next trim comes early and sets it right.
    """
    if len(body) > limit:
        return  # a tile the cache cannot hold is served, not kept
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / LOCK, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        total, counted = _tracked(cache)
        with contextlib.suppress(OSError):
            total -= os.stat(kept).st_size  # another worker fetched it meanwhile: replaced
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=kept.parent, delete=False) as file:
            file.write(body)
        os.replace(file.name, kept)  # whole or not at all, for a request reading it meanwhile
        total += len(body)
        if total > limit:
            total, counted = _trim(cache, limit), time.time()
        (cache / LEDGER).write_text(f"{total} {counted:.0f}")


def _tracked(cache: Path) -> tuple[int, float]:
    """The bytes of tiles in the cache by the ledger, and when it last counted them; counted now
    if the ledger is missing, unreadable or a day old."""
    try:
        total, counted = (cache / LEDGER).read_text().split()
        if time.time() - float(counted) < RECOUNT_AFTER:
            return max(0, int(total)), float(counted)
    except (OSError, ValueError):
        pass
    return sum(size for _time, size, _path in _tiles(cache)), time.time()


def _tiles(cache: Path) -> list[tuple[int, int, str]]:
    """Every tile in the cache: (last used, bytes, path)."""
    found = []
    for folder, _dirs, names in os.walk(cache):
        for name in names:
            if folder == str(cache) and name in (LEDGER, LOCK):
                continue
            path = os.path.join(folder, name)
            try:
                status = os.stat(path)
            except OSError:
                continue
            found.append((status.st_mtime_ns, status.st_size, path))
    return found


def _trim(cache: Path, limit: int) -> int:
    """Least recently used tiles removed until the cache is under 90 % of its limit; the bytes left."""
    files = _tiles(cache)
    total = sum(size for _time, size, _path in files)
    if total <= limit:
        return total
    for _time, size, path in sorted(files):
        if total <= limit * 0.9:
            break
        try:
            os.remove(path)
        except OSError:
            continue
        total -= size
    return total


@require_safe
def tile(request: HttpRequest, z: int, x: int, y: int) -> HttpResponse:
    if not (0 <= z <= 24 and 0 <= x < 2**z and 0 <= y < 2**z):
        return missing()
    source = archive()
    found = source.tile(z, x, y) if source else None
    if found is not None and source is not None:
        return tile_response(request, found, source.content_type)
    if settings.MAP_TILE_UPSTREAM:
        try:
            fetched = upstream_tile(z, x, y)
        except UpstreamFailed:
            response = HttpResponse(
                b"The map server did not answer.\n", status=502, content_type="text/plain; charset=utf-8"
            )
            response["Cache-Control"] = "no-store"
            return response
        if fetched is not None:
            return tile_response(request, fetched, image_type(fetched) or "image/png")
    return missing()


def configured() -> bool:
    """Whether any source is set, so the maps ask for tiles at all."""
    return bool(settings.MAP_TILE_UPSTREAM) or archive_path().is_file()


def attribution() -> str:
    """What the source requires the map to say: the setting, else the archive's own."""
    if settings.MAP_TILE_ATTRIBUTION:
        return str(settings.MAP_TILE_ATTRIBUTION)
    source = archive()
    return source.attribution if source else ""


def max_zoom() -> int:
    """The deepest zoom the source has: the archive's, or 19 for an upstream server."""
    source = archive()
    return int(source.header["max_zoom"]) if source else 19


def bounds() -> str:
    """The archive's extent as "west,south,east,north" in degrees; empty for an upstream."""
    source = archive()
    if source is None:
        return ""
    h = source.header
    return ",".join(f"{h[key] / 1e7:.5f}" for key in ("min_lon_e7", "min_lat_e7", "max_lon_e7", "max_lat_e7"))
