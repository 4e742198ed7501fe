"""A report's period: two dates typed as day, month and year, the last 12 months unless the
address asks for others. The training reports and the community reach report share it, and
so will the insights."""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from littleminds.core.forms import DatePartsField

# The longest period a report covers, and the earliest day it may start.
LONGEST = relativedelta(years=10)
EARLIEST = date(2000, 1, 1)

FIELDS = ("start", "end")


class PeriodForm(forms.Form):
    start = DatePartsField(
        label=_("From"),
        help_text=_("For example, 1 4 2026"),
        noun=_("The first day"),
        missing=_("Enter the first day of the period"),
    )
    end = DatePartsField(
        label=_("To"),
        help_text=_("For example, 31 3 2027"),
        noun=_("The last day"),
        missing=_("Enter the last day of the period"),
    )

    @staticmethod
    def asked(data: Any) -> bool:
        """Whether the address names a period at all (else the last 12 months)."""
        return any(key == name or key.startswith(f"{name}_") for key in data for name in FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and start < EARLIEST:
            self.add_error(
                "start",
                _("The first day must be on or after %(day)s")
                % {"day": date_format(EARLIEST, "j F Y")},
            )
        elif start and end and end < start:
            self.add_error("end", _("The last day must be the same as or after the first day"))
        elif start and end and end > start + LONGEST:
            self.add_error("end", _("The period can be at most 10 years long"))
        return data
