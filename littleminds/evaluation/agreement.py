"""Agreement between two coders, as Cohen's kappa on yes/no decisions: for each segment (and
each code), did coder A code it, did coder B? Pure functions on plain lists, so the tests can
set them beside a statistics library's answer on the same vectors.

    observed agreement  p_o = (decisions where A and B agree) / n
    expected agreement  p_e = p_A(yes)·p_B(yes) + p_A(no)·p_B(no)
    kappa               κ   = (p_o − p_e) / (1 − p_e)

κ is undefined when p_e is 1: both coders made one and the same decision everywhere (both
coded every segment, or neither coded any), so there is no chance agreement to improve on.
Then `kappa` is None and `why_not` says why in words, never NaN. The arithmetic is done in
fractions, so "p_e is exactly 1" is decided exactly, not by a float's rounding.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Agreement:
    """Two coders' agreement on `segments` yes/no decisions."""

    segments: int
    both: int  # coded by A and by B
    only_a: int
    only_b: int
    neither: int
    observed: float | None
    expected: float | None
    kappa: float | None
    why_not: str  # why kappa cannot be computed; empty when it can

    @property
    def computed(self) -> bool:
        return self.kappa is not None


def cohen_kappa(a: Sequence[bool], b: Sequence[bool]) -> Agreement:
    """Cohen's kappa of two coders' decisions, `a[i]` and `b[i]` on the same item i."""
    if len(a) != len(b):
        raise ValueError("The two coders' decisions must be on the same items.")
    n = len(a)
    both = sum(1 for x, y in zip(a, b, strict=True) if x and y)
    only_a = sum(1 for x, y in zip(a, b, strict=True) if x and not y)
    only_b = sum(1 for x, y in zip(a, b, strict=True) if y and not x)
    neither = n - both - only_a - only_b
    return from_counts(both=both, only_a=only_a, only_b=only_b, neither=neither)


def from_counts(*, both: int, only_a: int, only_b: int, neither: int) -> Agreement:
    """Cohen's kappa from the 2×2 table of decisions (summing tables pools decisions)."""
    n = both + only_a + only_b + neither
    if n == 0:
        return Agreement(
            0, 0, 0, 0, 0, None, None, None, _("There are no segments both coders could code.")
        )
    observed = Fraction(both + neither, n)
    a_yes, b_yes = Fraction(both + only_a, n), Fraction(both + only_b, n)
    expected = a_yes * b_yes + (1 - a_yes) * (1 - b_yes)
    if expected == 1:
        why = (
            _("Both coders coded every segment, so agreement by chance is certain.")
            if both == n
            else _("Neither coder coded any segment, so agreement by chance is certain.")
        )
        return Agreement(
            n, both, only_a, only_b, neither, float(observed), float(expected), None, why
        )
    kappa = (observed - expected) / (1 - expected)
    return Agreement(
        n, both, only_a, only_b, neither, float(observed), float(expected), float(kappa), ""
    )


def pooled(parts: Sequence[Agreement]) -> Agreement:
    """One agreement over every decision of `parts` (each code's, say): kappa of the summed
    table, not an average of kappas."""
    return from_counts(
        both=sum(p.both for p in parts),
        only_a=sum(p.only_a for p in parts),
        only_b=sum(p.only_b for p in parts),
        neither=sum(p.neither for p in parts),
    )


def overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether [start, end) shares at least one position with any span (end exclusive)."""
    return any(s < end and start < e for s, e in spans)


def coverage(segments: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each segment (in order, not overlapping one another), whether any span overlaps
    it: what `overlaps` answers segment by segment, found by bisection, so that a long
    transcript with many codings is decided in time proportional to what is coded."""
    coded = [False] * len(segments)
    ends = [end for _start, end in segments]
    for start, end in spans:
        # The first segment ending after `start`, then each one starting before `end`.
        i = bisect_right(ends, start)
        while i < len(segments) and segments[i][0] < end:
            coded[i] = True
            i += 1
    return coded
