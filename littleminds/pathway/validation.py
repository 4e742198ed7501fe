"""Checks on the dates a family gives, shared by the API and the question pages so that both
say the same thing in the same words."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

# A pregnancy lasts at most about 42 weeks: a later delivery date is a mistake.
LONGEST_PREGNANCY = timedelta(weeks=42)
# And a baby comes at most about 2 weeks after the day it was due (42 weeks rather than
# 40): a due date further back is a mistake too, or a baby born already.
LONGEST_OVERDUE = timedelta(weeks=2)
# The days the navigator reasons about. Python's calendar ends at years 1 and 9999, and
# adding 42 weeks to a day near either end overflows; no family's dates come near them.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2199, 12, 31)


def day_problem(day: date) -> str | None:
    """The day asked about (an API's `on_date`), outside the days the navigator knows."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        return _("The day asked about must be between 1 January 1900 and 31 December 2199")
    return None


def birth_date_problem(born: date, today: date) -> str | None:
    if born > today:
        return _("The date of birth must be today or in the past")
    if born < EARLIEST_DAY:
        return _("The date of birth must be 1 January 1900 or later")
    return None


def delivery_date_problem(due: date, today: date) -> str | None:
    if due > today + LONGEST_PREGNANCY:
        return _("The due date must be no more than 42 weeks from today")
    if due < today - LONGEST_OVERDUE:
        return _("The due date must be no more than 2 weeks ago")
    return None
