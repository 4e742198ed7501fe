"""The casework forms. Each validates its answers with words (NHS error summary): bounds,
"too long" messages (`LimitsExplained`), never a silent cut."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import User
from littleminds.casework import selectors
from littleminds.casework.models import NOTE_LIMIT, TEXT_LIMIT, Case, CasePerson, Contact
from littleminds.core.dates import clock_time
from littleminds.core.forms import DatePartsField, PlainSelect
from littleminds.core.validation import LimitsExplained
from littleminds.pathway.validation import birth_date_problem

# How far ahead a contact may be planned.
PLAN_AHEAD = timedelta(days=366)
EARLIEST_BIRTH = timedelta(weeks=18)

STATUS_CHOICES = [
    ("open", _("Open cases")),
    ("closed", _("Closed cases")),
    ("all", _("Open and closed")),
]
SORT_CHOICES = [
    ("", _("Longest since the last contact first")),
    ("next", _("Next planned contact first")),
    ("opened", _("Newest case first")),
    ("name", _("Baby's name")),
]
CONTACT_CHOICES = [
    ("", _("Any")),
    ("none_planned", _("No contact planned")),
    ("not_recorded", _("A past contact not recorded")),
]

# What "Your work" links to: the cases with a contact of the clinician's own.
MY_CONTACT_CHOICES = [
    ("", _("Any")),
    ("today", _("A contact of yours today")),
    ("not_recorded", _("A past contact of yours not recorded")),
]


def _day(on: date) -> str:
    return formats.date_format(on, "j F Y")


def _unknown(what: Any, *, work: bool = False) -> Any:
    """The message for a value in the caseload's address that the list does not know (a
    link copied wrong, or an old one): in words, never echoing the value typed."""
    if work:
        return format_lazy(
            _(
                "The link asked for {what} in a way the list does not know: "
                "use the link on Your work"
            ),
            what=what,
        )
    return format_lazy(
        _("The link asked for {what} in a way the list does not know: choose from the list"),
        what=what,
    )


class CaseloadForm(LimitsExplained, forms.Form):
    status = forms.ChoiceField(
        label=_("Cases"),
        choices=STATUS_CHOICES,
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": _unknown(_("cases"))},
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        choices=SORT_CHOICES,
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": _unknown(_("an order"))},
    )

    def __init__(self, *args: Any, by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by = by

    # The filters a link (from "Your work") may set, said on the page in words.
    said: tuple[str, ...] = ()

    def clean_status(self) -> str:
        return str(self.cleaned_data["status"] or "open")

    def filtered_to(self) -> list[str]:
        """What the list is filtered to, in words (beyond open cases in the usual order)."""
        if not self.is_bound or not self.is_valid():
            return []
        words = []
        for name in self.said:
            value = self.cleaned_data.get(name)
            if value:
                field = self.fields[name]
                assert isinstance(field, forms.ChoiceField)
                words.append(str(dict(field.choices)[value]))  # type: ignore[arg-type]
        return words


# What "Your work" links to: the cases with a task of the clinician's due, or a measure due.
MY_TASK_CHOICES = [
    ("", _("Any")),
    ("due", _("A task of yours due today or overdue")),
]
MEASURE_CHOICES = [
    ("", _("Any")),
    ("due", _("A measure due")),
]


RISK_CHOICES = [
    ("", _("Any")),
    ("escalated", _("A risk task open 2 working days or more")),
]


class MyCaseloadForm(CaseloadForm):
    contact = forms.ChoiceField(
        label=_("Your contacts"),
        choices=MY_CONTACT_CHOICES,
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": _unknown(_("contacts"), work=True)},
    )
    tasks = forms.ChoiceField(
        label=_("Your tasks"),
        choices=MY_TASK_CHOICES,
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": _unknown(_("tasks"), work=True)},
    )
    measures = forms.ChoiceField(
        label=_("Measures"),
        choices=MEASURE_CHOICES,
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": _unknown(_("measures"), work=True)},
    )

    said = ("contact", "tasks", "measures")


class TeamCaseloadForm(CaseloadForm):
    clinician = forms.ChoiceField(
        label=_("Lead clinician"),
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": _unknown(_("a lead clinician"))},
    )
    contact = forms.ChoiceField(
        label=_("Contacts"),
        choices=CONTACT_CHOICES,
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": _unknown(_("contacts"))},
    )
    # What a manager's "Your work" links to; not one of the filters the page offers.
    risk = forms.ChoiceField(
        choices=RISK_CHOICES,
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _unknown(_("risk tasks"), work=True)},
    )

    said = ("risk",)

    def __init__(self, *args: Any, by: User, **kwargs: Any) -> None:
        super().__init__(*args, by=by, **kwargs)
        clinician = self.fields["clinician"]
        assert isinstance(clinician, forms.ChoiceField)
        clinician.choices = [
            ("", _("Anyone")),
            *((str(p.code), p.full_name) for p in selectors.clinician_choices(by)),
        ]


def _clinician_field(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        widget=forms.Select,
        error_messages={
            "required": _("Choose the clinician"),
            "invalid_choice": _("Choose one of the team's clinicians"),
        },
    )


class FromReferralForm(LimitsExplained, forms.Form):
    """Open a case for the referral's family, or add the referral to their open case."""

    case = forms.ChoiceField(
        label=_("Is this family already a case of the team?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to open a new case or add it to the family's case"),
            "invalid_choice": _("Choose one of the cases shown, or a new case"),
        },
    )
    lead = _clinician_field(_("Lead clinician"))

    def __init__(self, *args: Any, matches: list[Case], team_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matches = {str(case.code): case for case in matches}
        case = self.fields["case"]
        assert isinstance(case, forms.ChoiceField)
        case.choices = [
            *(
                (
                    code,
                    gettext("Yes: add it to the case of %(baby)s (%(parent)s), opened %(day)s")
                    % {
                        "baby": getattr(found, "baby_name", "") or gettext("a baby not named yet"),
                        "parent": getattr(found, "parent_name", "") or "–",
                        "day": _day(found.opened_on),
                    },
                )
                for code, found in self.matches.items()
            ),
            ("new", _("No: open a new case")),
        ]
        if not matches:
            case.initial = "new"
        lead = self.fields["lead"]
        assert isinstance(lead, forms.ChoiceField)
        lead.required = False
        lead.help_text = _("Only for a new case: one of the team's clinicians")
        self.clinicians = {str(p.code): p for p in selectors.team_clinicians(team_id)}
        lead.choices = [
            ("", _("Choose a clinician")),
            *((c, p.full_name) for c, p in self.clinicians.items()),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("case") == "new" and not data.get("lead"):
            self.add_error("lead", _("Choose the lead clinician for the new case"))
        return data

    def chosen_case(self) -> Case | None:
        return self.matches.get(self.cleaned_data["case"])

    def chosen_lead(self) -> User:
        return self.clinicians[self.cleaned_data["lead"]]


class ContactPlanForm(LimitsExplained, forms.Form):
    day = DatePartsField(
        label=_("Date"),
        help_text=_("For example, 4 12 2026"),
        noun=_("Date"),
        missing=_("Enter the date of the contact"),
        what=_("the date of the contact"),
    )
    at = forms.CharField(
        label=_("Time"),
        help_text=_("On the 24-hour clock, for example 14:30"),
        max_length=5,
        error_messages={
            "required": _("Enter the time of the contact"),
            "max_length": _("Enter the time on the 24-hour clock, like 14:30"),
        },
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=5,
        max_value=480,
        initial=60,
        error_messages={
            "required": _("Enter the length in minutes"),
            "invalid": _("Length must be a number of minutes, like 60"),
            "min_value": _("Length must be between 5 and 480 minutes"),
            "max_value": _("Length must be between 5 and 480 minutes"),
        },
    )
    place = forms.ChoiceField(
        label=_("Where"),
        choices=Contact.Place.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose where the contact is"),
            "invalid_choice": _("Choose where the contact is"),
        },
    )
    clinician = _clinician_field(_("Clinician"))
    invited = forms.MultipleChoiceField(
        label=_("Who is invited (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the people of the case")},
    )

    def __init__(
        self, *args: Any, case: Case, people: list[CasePerson], by: User, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.people = {str(p.code): p for p in people}
        invited = self.fields["invited"]
        assert isinstance(invited, forms.MultipleChoiceField)
        invited.choices = [(c, p.name) for c, p in self.people.items()]
        self.fields["at"].widget.attrs.update(
            {"class": "nhsuk-input--width-5", "inputmode": "numeric"}
        )
        self.fields["minutes"].widget.attrs.update({"class": "nhsuk-input--width-4"})
        self.clinicians = {str(p.code): p for p in selectors.team_clinicians(case.team_id)}
        if by.pk is not None and str(by.code) not in self.clinicians and by.is_active:
            self.clinicians[str(by.code)] = by
        clinician = self.fields["clinician"]
        assert isinstance(clinician, forms.ChoiceField)
        clinician.choices = [(c, p.full_name) for c, p in self.clinicians.items()]
        clinician.initial = str(by.code)

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if day < self.case.opened_on:
            raise forms.ValidationError(
                gettext("Date must be on or after %(day)s, when the case was opened")
                % {"day": _day(self.case.opened_on)},
                code="before",
            )
        if day > timezone.localdate() + PLAN_AHEAD:
            raise forms.ValidationError(_("Date must be within a year from today"), code="far")
        return day

    def clean_at(self) -> time:
        found = clock_time(str(self.cleaned_data["at"]))
        if found is None:
            raise forms.ValidationError(
                _("Enter the time on the 24-hour clock, like 14:30"), code="invalid"
            )
        return found

    def starts_at(self) -> datetime:
        return timezone.make_aware(
            datetime.combine(self.cleaned_data["day"], self.cleaned_data["at"])
        )

    def chosen_clinician(self) -> User:
        return self.clinicians[self.cleaned_data["clinician"]]

    def chosen_invited(self) -> list[CasePerson]:
        return [self.people[c] for c in self.cleaned_data["invited"]]


class ContactRecordForm(LimitsExplained, forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happened?"),
        choices=Contact.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what happened"),
            "invalid_choice": _("Choose what happened"),
        },
    )
    came = forms.MultipleChoiceField(
        label=_("Who came?"),
        help_text=_("Only if the contact took place"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the people of the case")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Enter the note in 5,000 characters or fewer")},
    )

    def __init__(self, *args: Any, people: list[CasePerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.code): p for p in people}
        came = self.fields["came"]
        assert isinstance(came, forms.MultipleChoiceField)
        came.choices = [(c, p.name) for c, p in self.people.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if outcome == Contact.Outcome.ATTENDED and self.people and not data.get("came"):
            self.add_error("came", _("Choose who came"))
        if outcome and outcome != Contact.Outcome.ATTENDED and data.get("came"):
            self.add_error("came", _("Nobody came to a contact that did not take place"))
        return data

    def chosen_came(self) -> list[CasePerson]:
        return [self.people[c] for c in self.cleaned_data["came"]]


class NoteForm(LimitsExplained, forms.Form):
    text = forms.CharField(
        label=_("Note"),
        help_text=_("Once saved, the note is signed with your name and cannot be changed."),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Enter the note"),
            "max_length": _("Enter the note in 5,000 characters or fewer"),
        },
    )

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(_("Enter the note"), code="required")
        return text


class AddendumForm(NoteForm):
    text = forms.CharField(
        label=_("Addendum"),
        help_text=_(
            "Say what is corrected or added. It is signed with your name and shown beside "
            "the note, which stays as it was."
        ),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter the addendum"),
            "max_length": _("Enter the addendum in 5,000 characters or fewer"),
        },
    )

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(_("Enter the addendum"), code="required")
        return text


class ClinicianForm(LimitsExplained, forms.Form):
    """Choose one of the team's clinicians: the new lead, or another to allocate."""

    clinician = _clinician_field(_("Clinician"))

    def __init__(self, *args: Any, case: Case, label: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clinicians = {str(p.code): p for p in selectors.team_clinicians(case.team_id)}
        clinician = self.fields["clinician"]
        assert isinstance(clinician, forms.ChoiceField)
        clinician.label = label
        clinician.choices = [
            ("", _("Choose a clinician")),
            *((c, p.full_name) for c, p in self.clinicians.items()),
        ]

    def chosen(self) -> User:
        return self.clinicians[self.cleaned_data["clinician"]]


class BornForm(LimitsExplained, forms.Form):
    """The birth of a baby who was due: the same record gets its date of birth."""

    born = DatePartsField(
        label=_("Date of birth"),
        help_text=_("For example, 4 12 2026"),
        noun=_("Date of birth"),
        missing=_("Enter the date of birth"),
        what=_("the date of birth"),
    )

    def __init__(self, *args: Any, due: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.due = due

    def clean_born(self) -> date:
        born: date = self.cleaned_data["born"]
        problem = birth_date_problem(born, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem, code="bounds")
        # A baby is born at 22 weeks at the earliest: 18 weeks or more before the due date.
        if born < self.due - EARLIEST_BIRTH:
            raise forms.ValidationError(
                gettext("Date of birth must be on or after %(day)s, 18 weeks before the due date")
                % {"day": _day(self.due - EARLIEST_BIRTH)},
                code="early",
            )
        return born
