"""Add the sha256 of every pinned package to requirements.txt and requirements-dev.txt.

Run after changing a version (`make hashes`): it downloads each pinned package for this
platform (Python 3.11 on Linux x86_64, as servers and CI run) and for any platform as a
source or universal wheel, and writes its hashes, so `pip install` refuses any other file.
"""

import hashlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\[\]-]+)==([^\s\\]+)")


def digests(requirement: str) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(  # noqa: S603 (a fixed program; the requirement comes from our own files)
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", folder, requirement],
            check=True,
        )
        return sorted(hashlib.sha256(path.read_bytes()).hexdigest() for path in Path(folder).iterdir())


def pin(path: Path) -> None:
    lines = []
    for line in path.read_text().splitlines():
        line = line.split(" \\")[0].rstrip()
        if line.startswith("    --hash"):
            continue
        found = PIN.match(line)
        if found is None:
            lines.append(line)
            continue
        hashes = digests(f"{found.group(1)}=={found.group(2)}")
        lines.append(" \\\n".join([line, *(f"    --hash=sha256:{digest}" for digest in hashes)]))
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    for name in ("requirements.txt", "requirements-dev.txt"):
        pin(ROOT / name)
        print(f"{name}: hashed")
