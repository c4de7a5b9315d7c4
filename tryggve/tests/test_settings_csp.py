"""The Content-Security-Policy allows map tiles only from the configured tile server."""

from django.test import Client

from tryggve.settings import CONTENT_SECURITY_POLICY, _origin


def test_the_tile_servers_origin_is_all_the_policy_adds_for_images() -> None:
    assert _origin("https://tiles.halmstad.se/{z}/{x}/{y}.png") == "https://tiles.halmstad.se"
    assert _origin("https://{s}.tile.example.org:8080/{z}/{x}/{y}.png") == "https://*.tile.example.org:8080"
    assert _origin("") == ""
    assert CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]


def test_every_page_carries_the_policy(client: Client, db: None) -> None:
    policy = client.get("/").headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                      "object-src 'none'"):  # fmt: skip
        assert directive in policy
