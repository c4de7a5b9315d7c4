"""The layers of docs/architecture.md hold for templates too: a template loads tag libraries and
extends or includes templates of its own app, of the stages before it, or of the project
(`tryggve/templates/`), never of a later stage or of a sibling. Python imports are checked by
import-linter's layers contract (pyproject.toml) in `make lint`."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tryggve"
TAGS = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
USES = re.compile(r"""{%\s*(?:extends|include)\s+["']([^"']+)["']""")


def layers() -> list[set[str]]:
    """The apps of each layer, from the highest (may import every other) to the lowest."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [
        {name.strip().removeprefix("tryggve.") for name in layer.split("|")} for layer in contract["layers"]
    ]


def level(app: str) -> int:
    return next(number for number, apps in enumerate(layers()) if app in apps)


def owner_of_library(library: str) -> str | None:
    """The app whose templatetags define the library; None for Django's and other packages'."""
    found = [path.parts[-3] for path in PACKAGE.glob(f"*/templatetags/{library}.py")]
    return found[0] if found else None


def owner_of_template(name: str) -> str | None:
    """The app whose templates folder holds the template; None for the project's and Django's."""
    found = [path.relative_to(PACKAGE).parts[0] for path in PACKAGE.glob(f"*/templates/{name}")]
    return found[0] if found else None


def crossings(app: str, text: str) -> list[str]:
    """What a template of `app` uses from a later stage or a sibling."""
    used = [
        (f"library {lib}", owner_of_library(lib)) for group in TAGS.findall(text) for lib in group.split()
    ]
    used += [(f"template {name}", owner_of_template(name)) for name in USES.findall(text)]
    return [
        f"{what} of {other}"
        for what, other in used
        if other is not None and other != app and level(other) <= level(app)
    ]


def test_the_docs_state_the_layers_the_build_checks() -> None:
    stated = re.search(r"`(demo > [^`]+)`", (ROOT / "docs" / "architecture.md").read_text())
    assert stated, "docs/architecture.md states the layer order as `demo > … > core`"
    parts = [{name.strip() for name in layer.split("|")} for layer in stated.group(1).split(">")]
    assert parts == layers()


def test_every_template_uses_only_its_own_and_earlier_stages() -> None:
    broken = {
        str(path.relative_to(ROOT)): crossings(path.relative_to(PACKAGE).parts[0], path.read_text())
        for path in PACKAGE.glob("*/templates/**/*.html")
    }
    assert {path: found for path, found in broken.items() if found} == {}


def test_a_template_using_a_later_stage_is_found() -> None:
    assert crossings("surveys", "{% load i18n promise_text %}") == ["library promise_text of promises"]
    assert crossings("surveys", '{% include "inputs/week_map.html" %}') == []  # no such template
    assert crossings("inputs", "{% load survey_form %}") == ["library survey_form of surveys"]
    assert crossings("promises", "{% load survey_form situation %}") == []
