"""docs/architecture.md is true: it names every app's modules, management commands and models
where they are, and every Python file it names exists where it says (docs kept honest by tests).

A name counts when it is written in backticks. An app's module (`estimators.py`,
`templatetags/text.py`) and its commands and models are named in the app's row of the table
"| app | owns | entry points |", or, for a module, anywhere as `situation/estimators.py`. The
modules every app may have in Django's layout (`models.py`, `views.py`, …) are named once for
all of them. The project's own modules (`urls.py`, `testing.py`, …) and packages (`formats/`)
are named anywhere.
"""

import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tryggve"
DOC = ROOT / "docs" / "architecture.md"
NAMED = re.compile(r"`([^`\s]+)`")
HEADER = "| app | owns | entry points |"
ROW = re.compile(r"^\| `(?P<app>[a-z_]+)` \|")

# Django's layout: each app may have these, and the doc says what they hold once for all apps.
CONVENTIONAL = {"models.py", "admin.py", "forms.py", "views.py", "urls.py", "api.py", "translation.py"}
NOT_MODULES = {"__init__.py", "apps.py"}
NOT_MODULE_FOLDERS = {"migrations", "tests", "management", "static", "templates"}


def project_apps() -> dict[str, Path]:
    """The project's apps by label, with their folders."""
    configs = apps.get_app_configs()
    return {config.label: Path(config.path) for config in configs if config.name.startswith("tryggve.")}


def modules(folder: Path) -> list[str]:
    """An app's modules, by their path in the app (`estimators.py`, `templatetags/text.py`)."""
    found = []
    for path in folder.rglob("*.py"):
        relative = path.relative_to(folder)
        if path.name in NOT_MODULES or NOT_MODULE_FOLDERS & set(relative.parts[:-1]):
            continue
        found.append(relative.as_posix())
    return sorted(found)


def commands(folder: Path) -> list[str]:
    return sorted(path.stem for path in folder.glob("management/commands/*.py") if path.name != "__init__.py")


def named(text: str) -> set[str]:
    return set(NAMED.findall(text))


def table_lines() -> list[str]:
    """The lines of the table of pieces ("| app | owns | entry points |"), its header first."""
    lines = DOC.read_text().splitlines()
    assert HEADER in lines, f"docs/architecture.md has no table {HEADER!r}"
    start = lines.index(HEADER)
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return lines[start:end]


def rows() -> dict[str, str]:
    """Each app's row of the table of pieces, by app."""
    return {match["app"]: line for line in table_lines() if (match := ROW.match(line))}


def test_every_app_has_a_row() -> None:
    missing = sorted(set(project_apps()) - set(rows()))
    assert not missing, f"docs/architecture.md's table of pieces has no row for: {', '.join(missing)}"


def test_the_doc_names_every_module_command_and_model_of_each_app() -> None:
    everywhere = named(DOC.read_text())
    table = rows()
    missing = []
    for app, folder in project_apps().items():
        row = named(table.get(app, ""))
        for module in modules(folder):
            if module in row or f"{app}/{module}" in everywhere:
                continue
            if module in CONVENTIONAL and module in everywhere:
                continue
            missing.append(f"module `{module}` of {app} (in its row, or as `{app}/{module}`)")
        missing += [f"command `{name}` of {app} (in its row)" for name in commands(folder) if name not in row]
        missing += [
            f"model `{model.__name__}` of {app} (in its row)"
            for model in apps.get_app_config(app).get_models()
            if model.__name__ not in row
        ]
    assert not missing, "docs/architecture.md does not name:\n" + "\n".join(missing)


def test_the_doc_names_the_project_modules_and_packages() -> None:
    everywhere = named(DOC.read_text())
    missing = [
        f"`{path.name}` (or `tryggve/{path.name}`)"
        for path in sorted(PACKAGE.glob("*.py"))
        if path.name != "__init__.py" and not {path.name, f"tryggve/{path.name}"} & everywhere
    ]
    packages = [
        path.parent.name
        for path in sorted(PACKAGE.glob("*/__init__.py"))
        if path.parent.name not in project_apps() and path.parent.name != "tests"
    ]
    missing += [f"`{name}/`" for name in packages if not {f"{name}/", f"tryggve/{name}/"} & everywhere]
    assert not missing, "docs/architecture.md does not name the project's:\n" + "\n".join(missing)


def test_every_python_file_the_doc_names_exists_where_it_says() -> None:
    text = DOC.read_text()
    table = rows()
    wrong = []
    for app, row in table.items():
        for name in named(row):
            if name.endswith(".py") and not ((PACKAGE / app / name).is_file() or (PACKAGE / name).is_file()):
                wrong.append(f"`{name}`, listed under {app}, is not in tryggve/{app}/ (nor tryggve/)")
    prose = text.replace("\n".join(table_lines()), "")
    everything = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")}
    for name in named(prose):
        if not name.endswith(".py") or "<" in name:  # `tests/test_<feature>.py` is a pattern
            continue
        if "/" in name:
            found = (ROOT / name).is_file() or (PACKAGE / name).is_file()
        else:
            found = (ROOT / name).is_file() or any(path.rsplit("/", 1)[-1] == name for path in everything)
        if not found:
            wrong.append(f"`{name}` is not a file of the project (under tryggve/ or from its root)")
    assert not wrong, "docs/architecture.md names Python files that are not there:\n" + "\n".join(wrong)
