"""Dates as the service counts them (DOMAIN.md §5)."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta


def age_in_months(date_of_birth: date, on: date) -> int:
    """Whole months from the date of birth to `on`. A baby born on 31 January is one month
    old on 28 (or 29) February; a child is 24 months old on their second birthday."""
    if on < date_of_birth:
        raise ValueError("The date of birth is after the day asked about.")
    span = relativedelta(on, date_of_birth)
    return span.years * 12 + span.months
