"""What every report's spreadsheet (.xlsx, openpyxl) needs: sheet names Excel accepts."""

from __future__ import annotations

import re

SHEET_NAME_LIMIT = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """A sheet's name as Excel allows it: no []:*?/\\, at most 31 characters, and unique among
    `taken` (which it joins; a translation may be longer than the English)."""
    base = _NOT_IN_SHEET_NAMES.sub(" ", name)[:SHEET_NAME_LIMIT].strip() or "Sheet"
    named, n = base, 2
    while named.casefold() in taken:
        suffix = f" {n}"
        named = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        n += 1
    taken.add(named.casefold())
    return named
