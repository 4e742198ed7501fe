"""Small numbers in aggregate figures for anyone outside the team (DOMAIN.md §9, ADR 0039).

A count from 1 to 7 could point at a family, so it is shown as "*"; any other count is
rounded to the nearest 5 (0 stays 0), so that two tables or two periods cannot be
subtracted to find one. A total is never the true total rounded: it is recomputed from the
figures shown, a "*" counting as 0, so that a reader who adds up a column gets the total
shown and learns nothing more.

Written once for every aggregate report (community reach, and the insights to come):

    >>> suppress(0), suppress(7), suppress(8), suppress(12), suppress(13)
    (0, '*', 10, 10, 15)
    >>> total([suppress(3), suppress(12), suppress(13)])
    25
    >>> marked_total([suppress(3), suppress(12), suppress(13)]), marked_total([suppress(3)])
    ('25 + *', '*')

A total that left out a "*" says so (`marked_total`): "25 + *" is 25 from the figures shown
and more that is not shown; "*" alone is a total of figures that were all "*". A reader is
never shown 0 for a column of hidden figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal

SUPPRESSED: Final = "*"
# Counts from 1 up to this are suppressed.
LARGEST_SUPPRESSED: Final = 7
# Other counts are rounded to the nearest multiple of this.
ROUNDED_TO: Final = 5

Suppressed = Literal["*"]
# A figure as shown: a count (exact, or rounded) or the sign of a small number.
Figure = int | Suppressed


def suppress(count: int) -> Figure:
    """A count as shown outside the team: 0 as 0, 1 to 7 as "*", others to the nearest 5
    (the remainder 1 or 2 rounds down, 3 or 4 up, so there is never a tie)."""
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    if count == 0:
        return 0
    if count <= LARGEST_SUPPRESSED:
        return SUPPRESSED
    return ROUNDED_TO * ((count + ROUNDED_TO // 2) // ROUNDED_TO)


# The mark of a total that left out figures shown as "*".
LEFT_OUT: Final = " + *"


def value(figure: Figure | str) -> int:
    """What a shown figure adds to a total: a "*" adds nothing, a marked total ("25 + *")
    what it shows."""
    if figure == SUPPRESSED:
        return 0
    if isinstance(figure, str) and figure.endswith(LEFT_OUT):
        return int(figure.removesuffix(LEFT_OUT))
    return int(figure)


def left_out(figure: Figure | str) -> bool:
    """Whether a shown figure is a "*" or a total that left one out."""
    return isinstance(figure, str) and (figure == SUPPRESSED or figure.endswith(LEFT_OUT))


def total(figures: Iterable[Figure | str]) -> int:
    """The total of figures as shown, "*" counting as 0: a multiple of 5, and never a small
    number, because every figure it adds is."""
    return sum(value(figure) for figure in figures)


def marked_total(figures: Iterable[Figure | str]) -> int | str:
    """The total of figures as shown (`total`), marked when it left out a "*" (or added a
    total that did): "25 + *", or "*" when nothing else was left to add; a plain number when
    nothing was left out.

    >>> marked_total(["25 + *", 10]), marked_total(["*", "*"])
    ('35 + *', '*')
    """
    added, hidden = 0, False
    for figure in figures:  # one pass: a table's total row adds thousands
        if type(figure) is int:
            added += figure
        else:
            added += value(figure)
            hidden = hidden or left_out(figure)
    if not hidden:
        return added
    return f"{added}{LEFT_OUT}" if added else SUPPRESSED


def shown(count: int, *, suppressed: bool) -> Figure:
    """The count itself for the team's own figures, or suppressed for anyone outside it."""
    return suppress(count) if suppressed else count
