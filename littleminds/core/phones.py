"""Phone numbers as people read them. Numbers are kept in the international format
(+447700900982); pages show a UK number as it is written here (07700 900982) and link to it
in the international format, which every phone dials."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


# Parsing is most of the cost of drawing a number, and a page draws each one twice (shown
# and linked), lists many: each number is parsed once per process (the result is only read).
@lru_cache(maxsize=4096)
def _parsed(number: str) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = phonenumbers.parse(number or "", "GB")
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_possible_number(parsed) else None


def phone_shown(number: str) -> str:
    """A UK number in the national format ("01274 123456"); any other number in the
    international format; text that is not a number as it is."""
    parsed = _parsed(number)
    if parsed is None:
        return number or ""
    if parsed.country_code == 44:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_link(number: str) -> str:
    """The `tel:` address of a number, or "" for text that is not one."""
    parsed = _parsed(number)
    if parsed is None:
        return ""
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
