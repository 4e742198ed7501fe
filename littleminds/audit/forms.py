from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.audit.labels import action_choices
from littleminds.core.validation import LimitsExplained

# How browsers fill in and send a date box (`<input type="date">`), whatever the language.
ISO_DATE = "%Y-%m-%d"
# The trail holds nothing older, and a date box accepts years up to 275760.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 1, 1)
DATE_BOX = {"type": "date", "min": EARLIEST.isoformat(), "max": "2099-12-31"}


class AuditSearchForm(LimitsExplained, forms.Form):
    person = forms.CharField(
        label=_("Person"),
        max_length=254,
        required=False,
        help_text=_("All or part of the email address of the person who acted"),
    )
    record = forms.CharField(
        label=_("Record"),
        max_length=254,
        required=False,
        help_text=_(
            "A referral's reference, like LM-ACDE-FGHJ, a person's email address, or the "
            "name of a service, area or team"
        ),
    )
    # A list of actions in words; the value is the action's name, or the start shared by
    # a subject's actions, and the search matches events whose action starts with it.
    action = forms.CharField(label=_("Action"), max_length=64, required=False, widget=forms.Select)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        help_text=_("For example, 2026-11-28"),
        error_messages={"invalid": _("Enter the start date as a real date, like 2026-11-28")},
        input_formats=[ISO_DATE],
        widget=forms.DateInput(attrs=DATE_BOX, format=ISO_DATE),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        help_text=_("For example, 2026-11-30"),
        error_messages={"invalid": _("Enter the end date as a real date, like 2026-11-30")},
        input_formats=[ISO_DATE],
        widget=forms.DateInput(attrs=DATE_BOX, format=ISO_DATE),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["action"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = action_choices()

    def clean_date_from(self) -> date | None:
        start: date | None = self.cleaned_data["date_from"]
        if start and not EARLIEST <= start < LATEST:
            raise forms.ValidationError(
                _("Enter a start date between 2000 and 2099"), code="bounds"
            )
        return start

    def clean_date_to(self) -> date | None:
        end: date | None = self.cleaned_data["date_to"]
        if end and not EARLIEST <= end < LATEST:
            raise forms.ValidationError(_("Enter an end date between 2000 and 2099"), code="bounds")
        return end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must be the same as or after the start date"))
        return data
