"""Fill in the deployment files' placeholders: `python3 deploy/render.py DESTINATION [NAME=value …]`.

The files in deploy/ are the ones docs/deployment.md quotes. Each site-specific value is a named
placeholder such as @HOST@; without a NAME=value, the guide's example for Halmstad is used.
Writes the filled-in files under DESTINATION, keeping their folders, and refuses unknown names.
"""

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLACEHOLDER = re.compile(r"@([A-Z_]+)@")

# The guide's example values: what an installation in Halmstad would write.
EXAMPLE = {
    "HOST": "trygghet.halmstad.se",
    "USER": "tryggve",
    "APP_DIR": "/srv/tryggve",
    "DATA_DIR": "/var/lib/tryggve",
    "LOG_DIR": "/var/log/nginx",
    "TLS_DIR": "/etc/ssl/tryggve",
    "BACKUP_DIR": "/var/backups/tryggve",
    "HTTP_PORT": "80",
    "HTTPS_PORT": "443",
    "APP_PORT": "8001",
    "MEMCACHED": "127.0.0.1:11211",
    "SECRET_KEY": "...",
    "DATABASE_URL": "postgres://tryggve:PASSWORD@127.0.0.1:5432/tryggve",
    "EMAIL_HOST": "smtp.halmstad.se",
    "EMAIL_PASSWORD": "...",
    "FROM_EMAIL": "tryggve@halmstad.se",
    "POLICE_EVENTS_URL": "https://polisen.se/api/events",
}


def files() -> list[Path]:
    """The deployment files, relative to deploy/ (this script and the README are not one)."""
    return sorted(
        path.relative_to(HERE)
        for path in HERE.rglob("*")
        if path.is_file()
        and path.name not in {"render.py", "README.md", "__init__.py"}
        and "__pycache__" not in path.parts
    )


def render(name: Path | str, values: dict[str, str] | None = None) -> str:
    """One file's text with every placeholder filled from values, then from the example."""
    filled = {**EXAMPLE, **(values or {})}
    unknown = set(filled) - set(EXAMPLE)
    if unknown:
        raise KeyError(f"unknown placeholder(s): {', '.join(sorted(unknown))}")
    return PLACEHOLDER.sub(lambda match: filled[match.group(1)], (HERE / name).read_text())


def write_all(destination: Path, values: dict[str, str] | None = None) -> list[Path]:
    written = []
    for name in files():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(name, values))
        written.append(target)
    return written


def main(arguments: list[str]) -> None:
    if not arguments or arguments[0].startswith("-"):
        raise SystemExit(__doc__)
    values = {}
    for argument in arguments[1:]:
        name, equals, value = argument.partition("=")
        if not equals:
            raise SystemExit(f"expected NAME=value, got {argument!r}")
        values[name] = value
    try:
        for target in write_all(Path(arguments[0]), values):
            print(target)
    except KeyError as error:
        raise SystemExit(f"{error.args[0]}; known: {', '.join(EXAMPLE)}") from None


if __name__ == "__main__":
    main(sys.argv[1:])
