"""Forms for recording a measure and for tasks. An administration's form asks for each
item's score by its number only: the platform never shows a measure's wording (EPDS and
PIR-GAS are licensed; for the others Little Minds holds no wording to show)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import User
from littleminds.casework.models import TEXT_LIMIT, Case, CasePerson
from littleminds.core.forms import DatePartsField
from littleminds.core.validation import LimitsExplained
from littleminds.measures.definitions import Answerer, Measure

# How far back an administration may be dated, and how far ahead a task may be due.
EARLIEST_RECORD = timedelta(days=366 * 3)
LATEST_DUE = timedelta(days=366)


class AdministrationForm(LimitsExplained, forms.Form):
    on = DatePartsField(
        label=_("Date it was completed"),
        help_text=_("For example, 4 12 2026"),
        noun=_("Date it was completed"),
        missing=_("Enter the date it was completed"),
        what=_("the date it was completed"),
    )

    def __init__(
        self,
        *args: Any,
        measure: Measure,
        people: list[CasePerson],
        opened_on: date,
        replacing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.opened_on = opened_on
        self.people = {str(p.code): p for p in people if p.is_parent_or_carer}
        if measure.answered_by == Answerer.PARENT:
            self.fields["answered_by"] = forms.ChoiceField(
                label=_("Who answered?"),
                choices=[(c, p.name) for c, p in self.people.items()],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose who answered"),
                    "invalid_choice": _("Choose a parent or carer of the case"),
                },
            )
        for number in range(1, measure.items + 1):
            optional = number > measure.fewest_items
            bounds = gettext(
                "Item %(number)d score must be a whole number from %(low)d to %(high)d"
            ) % {
                "number": number,
                "low": measure.item_min,
                "high": measure.item_max,
            }
            label = gettext("Item %(number)d score") % {"number": number}
            hint = gettext("From %(low)d to %(high)d") % {
                "low": measure.item_min,
                "high": measure.item_max,
            }
            if number in measure.risk_items:
                # The risk item stands out: where a measure's wording may be shown, beside
                # its words; where it may not (EPDS), in its label, by number only.
                if measure.wording_shown:
                    hint += ". " + gettext("Risk item: an answer above 0 opens a risk task")
                else:
                    label = gettext("Item %(number)d score (risk item)") % {"number": number}
                    hint += ". " + gettext("An answer above 0 opens a risk task")
            self.fields[f"item_{number}"] = forms.IntegerField(
                label=label + (gettext(" (optional)") if optional else ""),
                help_text=hint,
                required=not optional,
                min_value=measure.item_min,
                max_value=measure.item_max,
                widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
                error_messages={
                    "required": gettext("Enter the score of item %(number)d") % {"number": number},
                    "invalid": bounds,
                    "min_value": bounds,
                    "max_value": bounds,
                },
            )
        if replacing:
            self.fields["reason"] = forms.CharField(
                label=_("What was wrong with the earlier one?"),
                max_length=300,
                error_messages={
                    "required": _("Say what was wrong with the earlier one"),
                    # Added after `LimitsExplained` ran: its "too long" message is given here.
                    "max_length": _(
                        "Enter what was wrong with the earlier one in 300 characters or fewer"
                    ),
                },
            )

    def clean_on(self) -> date:
        on: date = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(
                _("Date it was completed must be today or in the past"), code="future"
            )
        if on < self.opened_on - EARLIEST_RECORD:
            raise forms.ValidationError(
                _("Date it was completed must be within 3 years before the case opened"),
                code="early",
            )
        return on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answered: list[int] = [
            int(data[f"item_{n}"])
            for n in range(1, self.measure.items + 1)
            if data.get(f"item_{n}") is not None
        ]
        optional = [
            data.get(f"item_{n}")
            for n in range(self.measure.fewest_items + 1, self.measure.items + 1)
        ]
        # Goal ratings are given in order: no gap before a later goal.
        seen_gap = False
        for number, value in enumerate(optional, start=self.measure.fewest_items + 1):
            if value is None:
                seen_gap = True
            elif seen_gap:
                self.add_error(f"item_{number}", _("Give the ratings in order, with no gap"))
        self.items = answered
        return data

    def chosen_person(self) -> CasePerson | None:
        code = self.cleaned_data.get("answered_by")
        return self.people.get(code) if code else None


class TaskForm(LimitsExplained, forms.Form):
    description = forms.CharField(
        label=_("What needs doing"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what needs doing")},
    )
    assigned_to = forms.ChoiceField(
        label=_("Who will do it"),
        error_messages={
            "required": _("Choose who will do it"),
            "invalid_choice": _("Choose a member of the team"),
        },
    )
    due_on = DatePartsField(
        label=_("Due date"),
        help_text=_("For example, 4 12 2026"),
        noun=_("Due date"),
        missing=_("Enter the due date"),
        what=_("the date the task is due"),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {
            str(u.code): u
            for u in User.objects.filter(roles__team=case.team, is_active=True)
            .distinct()
            .order_by("full_name", "email")
        }
        field = self.fields["assigned_to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("Choose a person")),
            *((c, u.full_name) for c, u in self.members.items()),
        ]

    def clean_description(self) -> str:
        text = str(self.cleaned_data["description"]).strip()
        if not text:
            raise forms.ValidationError(_("Say what needs doing"), code="required")
        return text

    def clean_due_on(self) -> date:
        due: date = self.cleaned_data["due_on"]
        today = timezone.localdate()
        if due < today:
            raise forms.ValidationError(_("Due date must be today or in the future"), code="past")
        if due > today + LATEST_DUE:
            raise forms.ValidationError(_("Due date must be within a year"), code="late")
        return due

    def chosen(self) -> User:
        return self.members[self.cleaned_data["assigned_to"]]


class TaskDoneForm(LimitsExplained, forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, risk: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.risk = risk
        if risk:
            self.fields["note"].label = _("What action was taken on the risk")
            self.fields["note"].help_text = _("A risk task is closed only with the action taken.")
            # The label changed after `LimitsExplained` ran: its "too long" message too.
            self.fields["note"].error_messages["max_length"] = _(
                "Enter the action taken in %(limit)s characters or fewer"
            ) % {"limit": f"{TEXT_LIMIT:,}"}

    def clean_note(self) -> str:
        note = str(self.cleaned_data["note"]).strip()
        if self.risk and not note:
            raise forms.ValidationError(_("Say what action was taken on the risk"), code="required")
        return note
