"""The Content-Security-Policy allows images, map tiles too, only from this site."""

from django.test import Client, RequestFactory

from tryggve.settings import CONTENT_SECURITY_POLICY


def test_map_tiles_need_no_other_host_in_the_policy() -> None:
    # Tryggve serves the tiles itself (tryggve.core.tiles), whatever their source.
    assert CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] == ["'self'", "data:"]
    assert CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]


def test_every_page_carries_the_policy(client: Client, db: None) -> None:
    policy = client.get("/").headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                      "object-src 'none'"):  # fmt: skip
        assert directive in policy


def test_the_policy_built_once_is_django_csps_and_its_exclusions_hold(client: Client, db: None) -> None:
    from csp.utils import build_policy

    first, again = client.get("/"), client.get("/halmstad/")
    assert (
        first.headers["Content-Security-Policy"] == again.headers["Content-Security-Policy"] == build_policy()
    )
    # Swagger UI adds its own <style> elements, so its page is left out, as configured.
    assert "Content-Security-Policy" not in client.get("/api/v1/docs").headers


def test_a_view_that_changes_the_policy_still_gets_its_own(rf: RequestFactory) -> None:
    from csp.decorators import csp_update
    from django.http import HttpResponse

    from tryggve.core.csp import CSPMiddleware

    view = csp_update({"img-src": ["https://example.org"]})(lambda request: HttpResponse("x"))
    response = CSPMiddleware(view)(rf.get("/"))
    assert isinstance(response, HttpResponse)
    assert "img-src 'self' data: https://example.org" in response.headers["Content-Security-Policy"]
