"""Whole numbers that requests give as text: an id, a version, a year in a form or an address."""


def whole_number(text: str | None, digits: int = 18) -> int | None:
    """`text` as a whole number if it is one to store: ASCII digits, at most `digits` of them
    (18 fit any key or number column); None otherwise. `str.isdigit` alone also takes "²", which
    int() refuses, and thousands of digits, which int() refuses or the database cannot hold."""
    if text is None or not (text.isascii() and text.isdigit()) or len(text) > digits:
        return None
    return int(text)
