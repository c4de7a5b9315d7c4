"""The one font Tryggve draws text with on the server (the report's PDF, the invented map's tiles).

IBM Plex Sans Arabic (SIL Open Font License 1.1), from the `fontpkg-ibm-plex-sans-arabic` package
that pip installs: it has the Latin letters Swedish needs (å, ä, ö) and Arabic.
"""

from functools import cache
from importlib.resources import files
from pathlib import Path

FONT_FILES = {"": "IBMPlexSansArabic-Regular.ttf", "B": "IBMPlexSansArabic-Bold.ttf"}


@cache
def font_files() -> dict[str, Path]:
    """The font's files by style: "" regular, "B" bold (fpdf2's names for them)."""
    folder = Path(str(files("fontpkg_ibm_plex_sans_arabic") / "files"))  # installed by pip
    return {style: folder / name for style, name in FONT_FILES.items()}
