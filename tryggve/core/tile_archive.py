"""Writing raster PMTiles archives: the demo's invented map, and the tests' small ones.

Tiles are drawn with Pillow from area outlines (filled, outlined and labelled with their names)
and named places (a dot and the name),
in the Web Mercator XYZ scheme Leaflet asks for, and written with the `pmtiles` writer.
"""

import io
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write

from .fonts import font_files

SIZE = 256
# Named places are drawn from this zoom on (a dot and the name), where a town's streets would be.
PLACE_ZOOM = 13
PLACE_COLOUR = "#4a4a4a"


def pixel(longitude: float, latitude: float, z: int) -> tuple[float, float]:
    """The point's position in the world's pixels at zoom z (Web Mercator)."""
    scale = SIZE * 2**z
    sin = math.sin(math.radians(latitude))
    return (longitude + 180) / 360 * scale, (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale


def write_archive(
    path: Path,
    tiles: Mapping[tuple[int, int, int], bytes],
    attribution: str,
    bounds: tuple[float, float, float, float],
) -> None:
    """PNG tiles by (z, x, y) into a PMTiles archive; bounds are west, south, east, north."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = sorted(tiles.items(), key=lambda item: zxy_to_tileid(*item[0]))
    zooms = [z for (z, _x, _y) in tiles]
    west, south, east, north = bounds
    with write(str(path)) as writer:
        for (z, x, y), body in ordered:
            writer.write_tile(zxy_to_tileid(z, x, y), body)
        writer.finalize(
            {
                "tile_type": TileType.PNG,
                "tile_compression": Compression.NONE,
                "min_zoom": min(zooms),
                "max_zoom": max(zooms),
                "min_lon_e7": int(west * 1e7),
                "min_lat_e7": int(south * 1e7),
                "max_lon_e7": int(east * 1e7),
                "max_lat_e7": int(north * 1e7),
                "center_zoom": min(zooms),
                "center_lon_e7": int((west + east) / 2 * 1e7),
                "center_lat_e7": int((south + north) / 2 * 1e7),
            },
            {"attribution": attribution, "name": path.stem},
        )


def _rings(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon[:1]]


def outline_points(geometry: Mapping[str, Any]) -> list[list[float]]:
    """Every point (longitude, latitude) of a Polygon's or MultiPolygon's outer rings."""
    return [point for ring in _rings(geometry) for point in ring]


def draw_areas(
    areas: Iterable[tuple[str, Mapping[str, Any]]],
    zooms: Iterable[int],
    label: str = "",
    places: Iterable[tuple[str, float, float]] = (),
) -> dict[tuple[int, int, int], bytes]:
    """Tiles showing each named outline on a pale ground, its name at its centre, and from
    PLACE_ZOOM on each named place (name, longitude, latitude) as a dot with its name.

    Only the tiles that the outlines touch are drawn, so a town's map stays small. `label`, if
    given, is written in a corner of every tile (the demo's "invented map").
    """
    shapes = [(name, _rings(geometry)) for name, geometry in areas if geometry]
    named = list(places)
    regular = str(font_files()[""])  # Pillow's own default font has no å, ä or ö
    font = ImageFont.truetype(regular, 13)
    small = ImageFont.truetype(regular, 11)
    tiles: dict[tuple[int, int, int], bytes] = {}
    for z in zooms:
        projected = [
            (name, [[pixel(lon, lat, z) for lon, lat in ring] for ring in rings]) for name, rings in shapes
        ]
        xs = [px for _name, rings in projected for ring in rings for px, _py in ring]
        ys = [py for _name, rings in projected for ring in rings for _px, py in ring]
        for x in range(int(min(xs)) // SIZE, int(max(xs)) // SIZE + 1):
            for y in range(int(min(ys)) // SIZE, int(max(ys)) // SIZE + 1):
                image = Image.new("RGB", (SIZE, SIZE), "#f2efe9")
                draw = ImageDraw.Draw(image)
                left, top = x * SIZE, y * SIZE
                for _name, rings in projected:
                    for ring in rings:
                        draw.polygon(
                            [(px - left, py - top) for px, py in ring], fill="#e4ecd9", outline="#8a9a7b"
                        )
                for name, rings in projected:
                    ring = max(rings, key=len)
                    cx = sum(px for px, _py in ring) / len(ring) - left
                    cy = sum(py for _px, py in ring) / len(ring) - top
                    draw.text(
                        (cx, cy),
                        name,
                        fill="#3b3b3b",
                        font=font,
                        anchor="mm",
                        stroke_width=2,
                        stroke_fill="#ffffff",
                    )
                for name, lon, lat in named if z >= PLACE_ZOOM else ():
                    px, py = pixel(lon, lat, z)
                    px, py = px - left, py - top
                    if -SIZE / 2 < px < SIZE * 1.5 and -SIZE / 2 < py < SIZE * 1.5:  # its name may reach in
                        draw.ellipse((px - 3, py - 3, px + 3, py + 3), fill=PLACE_COLOUR)
                        draw.text(
                            (px, py + 5),
                            name,
                            fill=PLACE_COLOUR,
                            font=small,
                            anchor="ma",
                            stroke_width=2,
                            stroke_fill="#ffffff",
                        )
                if label:
                    draw.text((4, SIZE - 4), label, fill="#6b6b6b", font=font, anchor="ld")
                buffer = io.BytesIO()
                image.save(buffer, "PNG", optimize=False)
                tiles[(z, x, y)] = buffer.getvalue()
    return tiles
