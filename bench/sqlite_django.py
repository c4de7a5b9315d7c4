"""Django set up for an in-process benchmark: development settings on a fresh SQLite database
in a temporary folder, never the developer's own database."""

import os
import tempfile

import django


def set_up(prefix: str) -> None:
    os.environ["TRYGGVE_LOCAL_DIR"] = tempfile.mkdtemp(prefix=prefix)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryggve.settings")
    django.setup()
