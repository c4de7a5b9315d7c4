"""The start page of each of the demo's staff: valid, and only their own municipalities' work."""

import pytest
from django.contrib.auth.models import User

from tryggve.testing import assert_valid_html, client_of


@pytest.mark.parametrize(
    ("username", "shown", "hidden"),
    [
        ("samordnare.halmstad", ["/halmstad/est/vecka/"], ["/laholm/"]),
        ("samordnare.laholm", [], ["/halmstad/"]),
        ("hfab.rapportor", [], ["/laholm/", "EST-veckor"]),
        ("ks.ordforande", [], ["/laholm/", "EST-veckor"]),
    ],
)
def test_each_demo_staff_members_to_do_is_their_own(
    demo: None, username: str, shown: list[str], hidden: list[str]
) -> None:
    response = client_of(User.objects.get(username=username)).get("/konto/")
    assert_valid_html(response.content)
    page = response.content.decode()
    for text in shown:
        assert text in page
    for text in hidden:
        assert text not in page
