"""Courses that may duplicate each other, for the team's managers (ADR 0031).

Two courses overlap when they share a tier and an audience and have sessions on
overlapping dates, or when their titles are alike (a ratio of 0.8 or more, ignoring case).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from django.utils.translation import gettext_lazy as _

from littleminds.training.models import Course

SIMILAR_TITLES = 0.8


@dataclass(frozen=True)
class Overlap:
    first: Course
    second: Course
    reason: object


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, a.casefold().strip(), b.casefold().strip()).ratio() >= (
        SIMILAR_TITLES
    )


def _dates_meet(a: Course, b: Course) -> bool:
    spans_a = [(s.first_day, s.last_day) for s in a.sessions.all() if s.cancelled_at is None]
    spans_b = [(s.first_day, s.last_day) for s in b.sessions.all() if s.cancelled_at is None]
    return any(x0 <= y1 and y0 <= x1 for x0, x1 in spans_a for y0, y1 in spans_b)


def overlaps(courses: Iterable[Course]) -> list[Overlap]:
    found = []
    for a, b in combinations(courses, 2):
        if _similar(a.title, b.title):
            found.append(Overlap(a, b, _("Similar titles")))
        elif a.tier == b.tier and set(a.audience_list) & set(b.audience_list) and _dates_meet(a, b):
            found.append(Overlap(a, b, _("Same tier and audience, on overlapping dates")))
    return found
