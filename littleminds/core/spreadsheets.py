"""What every report's spreadsheet (.xlsx, openpyxl) needs: sheet names Excel accepts."""

from __future__ import annotations

import re

SHEET_NAME_LIMIT = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def _cut(name: str, limit: int) -> str:
    """`name` within `limit` characters, cut after the last whole word that fits (a
    single word longer than the limit can only be cut)."""
    if len(name) <= limit:
        return name
    words = name[: limit + 1].rsplit(" ", 1)[0].strip()
    return words if words and len(words) <= limit else name[:limit]


def sheet_name(name: str, taken: set[str]) -> str:
    """A sheet's name as Excel allows it: no []:*?/\\, at most 31 characters (cut between
    words), and unique among `taken` (which it joins; a translation may be longer than the
    English)."""
    base = _NOT_IN_SHEET_NAMES.sub(" ", name).strip() or "Sheet"
    named, n = _cut(base, SHEET_NAME_LIMIT), 2
    while named.casefold() in taken:
        suffix = f" {n}"
        named = _cut(base, SHEET_NAME_LIMIT - len(suffix)) + suffix
        n += 1
    taken.add(named.casefold())
    return named


# A spreadsheet program reads a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(cell: object) -> object:
    """Words never read as a formula (a team's name, say); figures as they are."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell
