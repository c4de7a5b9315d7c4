"""The demo shared between tests (tryggve.testing): each test sees it as loaded, whatever the
test before it changed, and a test without it sees an empty database."""

import pytest

from tryggve.core.models import Area, Municipality
from tryggve.testing import shared_demo

pytestmark = pytest.mark.django_db

seen: dict[str, int] = {}


def test_a_test_changes_the_shared_demo(demo: None) -> None:
    halmstad = Municipality.objects.get(slug="halmstad")
    seen["halmstad"] = halmstad.pk
    halmstad.name = "Ändrad av ett test"
    halmstad.save()
    Area.objects.filter(municipality__slug="laholm", slug="mellbystrand").update(name="Borta")


def test_the_next_test_sees_the_demo_as_loaded(demo: None) -> None:
    halmstad = Municipality.objects.get(slug="halmstad")
    assert halmstad.name == "Halmstad"
    assert Area.objects.get(municipality__slug="laholm", slug="mellbystrand").name == "Mellbystrand"
    # The same load, not a new one: the demo is loaded once for consecutive tests.
    assert halmstad.pk == seen["halmstad"]
    assert shared_demo.transaction is not None


def test_a_test_without_the_demo_sees_an_empty_database() -> None:
    # Run after every test on the shared demo (they run first): its transaction has ended.
    assert not Municipality.objects.exists()
