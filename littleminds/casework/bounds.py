"""How far back and ahead the dates of a case's care may go, in one place for the forms
(which say it in words) and the services (which refuse it whatever calls them).

- What the team did or agreed on the case (an intervention's start, a goal agreed, a
  safeguarding flag raised) is not before the case was opened.
- A chronology of significant events reaches further back: to the pregnancy of the eldest
  baby (10 months before the birth, or the due date of a baby not born yet), since what
  happened then can matter; never before the case was opened if that is earlier still.
- A planned end is at most 2 years ahead. (Things that happened are never in the future:
  each form and service says so itself.)
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils import formats, timezone
from django.utils.translation import gettext

from littleminds.casework.models import Case

HISTORY_BEFORE_BIRTH = relativedelta(months=10)
PLANNED_AHEAD = relativedelta(years=2)


def _day(on: date) -> str:
    return formats.date_format(on, "j F Y")


def before_opened(day: date | None, opened_on: date, noun: str) -> str | None:
    """The message when `day` is before the case was opened, else None."""
    if day is None or day >= opened_on:
        return None
    return gettext("%(noun)s must be on or after %(day)s, when the case was opened") % {
        "noun": noun,
        "day": _day(opened_on),
    }


def earliest_history(case: Case) -> tuple[date, str]:
    """The earliest day a chronology entry of `case` may have, and why in words: the
    earliest of the case's opening and each baby's birth (or due date) less 10 months."""
    earliest, why = case.opened_on, gettext("when the case was opened")
    for baby in case.babies.all():
        born = baby.due_date if baby.unborn else baby.date_of_birth
        if born is None:
            continue
        start = born - HISTORY_BEFORE_BIRTH
        if start < earliest:
            earliest = start
            why = (
                gettext("10 months before the baby's due date")
                if baby.unborn
                else gettext("10 months before the baby's birth")
            )
    return earliest, why


def before_history(day: date | None, bound: tuple[date, str], noun: str) -> str | None:
    earliest, why = bound
    if day is None or day >= earliest:
        return None
    return gettext("%(noun)s must be on or after %(day)s, %(why)s") % {
        "noun": noun,
        "day": _day(earliest),
        "why": why,
    }


def too_far_ahead(day: date | None, noun: str) -> str | None:
    if day is None or day <= timezone.localdate() + PLANNED_AHEAD:
        return None
    return gettext("%(noun)s must be within 2 years from today") % {"noun": noun}
