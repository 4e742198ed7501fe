"""The form recording a consultation: the worries discussed (pre-filled from the booking),
a note, the advice given, the actions agreed, the outcome, the service signposted to
(chosen from the directory) and a follow-up date within a year of the consultation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.consultations.models_records import ADVICE_LIMIT, NOTE_LIMIT, Outcome
from littleminds.consultations.services_records import FOLLOW_UP_AHEAD, Said
from littleminds.core.forms import DatePartsField
from littleminds.core.validation import LimitsExplained
from littleminds.directory.models import Service
from littleminds.pathway.labels import CONCERN_LABELS


def _text(label: Any, limit: int, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=limit,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RecordForm(LimitsExplained, forms.Form):
    concerns = forms.MultipleChoiceField(
        label=_("Worries discussed"),
        help_text=_("Select all that apply."),
        choices=list(CONCERN_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Select the worries from the list")},
    )
    note = _text(_("Note (optional)"), NOTE_LIMIT, _("What you talked about. No names needed."))
    advice = _text(_("Advice given (optional)"), ADVICE_LIMIT)
    actions = _text(_("Actions agreed (optional)"), ADVICE_LIMIT)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the outcome"),
            "invalid_choice": _("Choose one of the outcomes"),
        },
    )
    service = forms.ChoiceField(
        label=_("Service signposted to"),
        help_text=_("If you signposted the practitioner to another service"),
        required=False,
        error_messages={"invalid_choice": _("Choose a service from the directory")},
    )
    follow_up_on = DatePartsField(
        label=_("Follow-up date"),
        help_text=_("Needed for a follow-up consultation. For example, 15 1 2027"),
        noun=_("The follow-up date"),
        missing=_("Enter the follow-up date"),
        required=False,
    )

    def __init__(self, *args: Any, held_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held_on = held_on
        self.services = {
            str(service.code): service
            for service in Service.objects.filter(status=Service.Status.ACTIVE)
            .select_related("organisation")
            .order_by("name")
        }
        field = self.fields["service"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a service"))] + [
            (code, f"{service.name} ({service.organisation.name})")
            for code, service in self.services.items()
        ]

    def clean_note(self) -> str:
        return str(self.cleaned_data["note"]).strip()

    def clean_advice(self) -> str:
        return str(self.cleaned_data["advice"]).strip()

    def clean_actions(self) -> str:
        return str(self.cleaned_data["actions"]).strip()

    def clean_follow_up_on(self) -> date | None:
        day: date | None = self.cleaned_data["follow_up_on"]
        if day is not None and not self.held_on <= day <= self.held_on + FOLLOW_UP_AHEAD:
            raise forms.ValidationError(
                _("The follow-up date must be from the consultation's day to a year after it")
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if (
            outcome == Outcome.SIGNPOSTED
            and not data.get("service")
            and "service" not in self.errors
        ):
            self.add_error("service", _("Choose the service you signposted to"))
        if (
            outcome == Outcome.FOLLOW_UP
            and not data.get("follow_up_on")
            and "follow_up_on" not in self.errors
        ):
            self.add_error("follow_up_on", _("Enter the follow-up date"))
        return data

    def said(self) -> Said:
        data = self.cleaned_data
        signposted = data["outcome"] == Outcome.SIGNPOSTED
        return Said(
            outcome=data["outcome"],
            concerns=list(data.get("concerns") or []),
            note=data["note"],
            advice=data["advice"],
            actions=data["actions"],
            signposted_to=self.services.get(data.get("service") or "") if signposted else None,
            follow_up_on=data.get("follow_up_on"),
        )
