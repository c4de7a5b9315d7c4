"""Remove direct identifiers from free text before it is stored.

Residents and partners are asked not to write personal data, but some do. Personnummer
(and samordningsnummer), phone numbers and e-mail addresses are replaced with a marker,
so what is stored never holds them. Names cannot be found reliably by a pattern; analysts
redact those by hand.
"""

import re

# One marker whatever language the writer used: the texts are read by the kommun's staff.
REMOVED = "[borttaget]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# 6 or 8 digits of birth date, an optional separator (- or +), then four digits.
PERSONNUMMER = re.compile(r"(?<!\d)(\d{2})?\d{6}\s?[-+]?\s?\d{4}(?!\d)")
# Swedish numbers (07x, 0xx, +46) and international ones: 8 or more digits with separators.
PHONE = re.compile(r"(?<![\w])(\+|00)?\d(?:[\s\-/()]*\d){7,14}(?!\d)")


def scrub(text: str) -> str:
    """The text with e-mail addresses, personnummer and phone numbers replaced."""
    for pattern in (EMAIL, PERSONNUMMER, PHONE):
        text = pattern.sub(REMOVED, text)
    return text.strip()
