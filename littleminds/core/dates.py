"""Dates as the service counts them (DOMAIN.md §5)."""

from __future__ import annotations

import re
from datetime import date, time

from dateutil.relativedelta import relativedelta


def age_in_months(date_of_birth: date, on: date) -> int:
    """Whole months from the date of birth to `on`. A baby born on 31 January is one month
    old on 28 (or 29) February; a child is 24 months old on their second birthday."""
    if on < date_of_birth:
        raise ValueError("The date of birth is after the day asked about.")
    span = relativedelta(on, date_of_birth)
    return span.years * 12 + span.months


# A time on the 24-hour clock as people type it: "9:05", "09.05", "14:30".
_CLOCK = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


def clock_time(text: str) -> time | None:
    """The time `text` gives on the 24-hour clock, or None when it gives none."""
    found = _CLOCK.match(text.strip())
    return time(int(found[1]), int(found[2])) if found else None
