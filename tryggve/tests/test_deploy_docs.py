"""The deployment guide quotes exactly the files in deploy/, which the stack tier runs."""

import re
from pathlib import Path

import pytest

from deploy import render

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deployment.md"
QUOTE = re.compile(r"<!-- deploy/(?P<name>[^ ]+) -->\n```[a-z]*\n(?P<text>.*?)```\n", re.DOTALL)


def quotes() -> dict[str, str]:
    return {match["name"]: match["text"] for match in QUOTE.finditer(GUIDE.read_text())}


def test_the_guide_quotes_what_deploy_holds_with_the_example_values() -> None:
    quoted = quotes()
    assert {"tryggve.env", "gunicorn.conf.py", "nginx/tryggve.conf", "systemd/tryggve.service"} <= set(quoted)
    for name, text in quoted.items():
        assert text == render.render(name), f"docs/deployment.md's quote of deploy/{name} differs"


def test_every_deploy_file_is_quoted_or_listed_and_every_placeholder_is_known() -> None:
    listed = (ROOT / "deploy" / "README.md").read_text() + GUIDE.read_text()
    for name in render.files():
        text = (render.HERE / name).read_text()
        assert set(render.PLACEHOLDER.findall(text)) <= set(render.EXAMPLE), name
        pattern = str(name) if "tryggve-" not in name.name else "tryggve-*"
        assert pattern in listed, f"deploy/{name} is neither quoted in the guide nor listed"
    for placeholder in render.EXAMPLE:
        assert f"`@{placeholder}@`" in listed, f"@{placeholder}@ is not explained in deploy/README.md"


def test_render_fills_given_values_and_refuses_unknown_names(tmp_path: Path) -> None:
    written = render.write_all(tmp_path, {"HOST": "trygghet.example.se", "APP_PORT": "9123"})
    assert {path.relative_to(tmp_path) for path in written} == set(render.files())
    site = (tmp_path / "nginx" / "tryggve.conf").read_text()
    assert "server_name trygghet.example.se;" in site and "server 127.0.0.1:9123;" in site
    with pytest.raises(KeyError, match="NOT_A_PLACEHOLDER"):
        render.render("tryggve.env", {"NOT_A_PLACEHOLDER": "x"})
