"""Whole numbers from requests: what int() or the database would refuse is no number at all."""

import pytest

from tryggve.core.numbers import whole_number


@pytest.mark.parametrize(
    ("text", "number"),
    [("7", 7), ("0042", 42), ("9" * 18, int("9" * 18)), ("9" * 19, None), ("0" * 5000, None),
     ("²", None), ("٣", None), ("-1", None), (" 1", None), ("", None), (None, None), ("1.5", None)],
)  # fmt: skip
def test_only_ascii_digits_that_fit_are_a_number(text: str | None, number: int | None) -> None:
    assert whole_number(text) == number


def test_fewer_digits_where_fewer_fit() -> None:
    assert whole_number("2026", digits=4) == 2026 and whole_number("20261", digits=4) is None
