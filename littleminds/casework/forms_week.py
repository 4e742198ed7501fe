"""Forms of this part of casework: a person of the family, another baby, and a case opened
without a referral. Each validates with words (NHS error summary), never cuts text short."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import User
from littleminds.casework import selectors
from littleminds.casework.models import NAME_LIMIT, TEXT_LIMIT, CasePerson
from littleminds.core import validation
from littleminds.core.forms import DatePartsField
from littleminds.core.postcodes import InvalidPostcode, Postcode, parse_postcode
from littleminds.core.validation import LimitsExplained, PhoneNumberField
from littleminds.pathway.labels import CONCERN_LABELS
from littleminds.pathway.validation import birth_date_problem, delivery_date_problem

CONTACT_WAYS = [
    ("may_call", _("Call them")),
    ("may_text", _("Text them")),
    ("may_leave_message", _("Leave a message")),
]


class PersonForm(LimitsExplained, forms.Form):
    """A parent or carer, or another person important to the baby."""

    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_LIMIT,
        error_messages={"required": _("Enter the person's name")},
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the baby"),
        choices=CasePerson.Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the person's relationship to the baby"),
            "invalid_choice": _("Choose the person's relationship to the baby"),
        },
    )
    language = forms.CharField(
        label=_("Language they prefer (optional)"),
        help_text=_("In words, for example Urdu"),
        max_length=60,
        required=False,
    )
    interpreter = forms.BooleanField(label=_("They need an interpreter"), required=False)
    phone = PhoneNumberField(
        label=_("Phone number (optional)"),
        help_text=_("For example, 07700 900 982. A UK number."),
        required=False,
        error_messages={"max_length": _("Enter a phone number, like 07700 900 982")},
    )
    contact = forms.MultipleChoiceField(
        label=_("Which of these is it safe for the team to do?"),
        help_text=_("Select all that are safe. Leave all empty if none of them is safe."),
        choices=CONTACT_WAYS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose from the ways shown")},
    )
    email = forms.CharField(
        label=_("Email address (optional)"),
        max_length=validation.EMAIL_LIMIT,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    contact_times = forms.CharField(
        label=_("Best times to contact them (optional)"),
        help_text=_("For example, weekday mornings, not after 3pm"),
        max_length=200,
        required=False,
    )

    @classmethod
    def initial_from(cls, person: CasePerson) -> dict[str, Any]:
        given: dict[str, Any] = {
            name: getattr(person, name)
            for name in ("name", "relationship", "language", "interpreter", "phone", "email")
        }
        given["contact_times"] = person.contact_times
        given["contact"] = [name for name, _label in CONTACT_WAYS if getattr(person, name)]
        return given

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("Enter the person's name"), code="required")
        return name

    def clean_language(self) -> str:
        return str(self.cleaned_data["language"]).strip()

    def clean_contact_times(self) -> str:
        return str(self.cleaned_data["contact_times"]).strip()

    def clean_email(self) -> str:
        try:
            return validation.email_address(self.cleaned_data["email"])
        except validation.Invalid as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        language = str(data.get("language") or "")
        if data.get("interpreter") and language.lower() in {"english", "en"}:
            self.add_error(
                "interpreter",
                _(
                    "An interpreter is for a language other than English: enter the language "
                    "they need an interpreter for, or untick the box"
                ),
            )
        if data.get("interpreter") and not language:
            self.add_error("language", _("Enter the language they need an interpreter for"))
        return data

    def values(self) -> dict[str, Any]:
        """What the services take: the person's fields, with the safe ways as flags."""
        data = self.cleaned_data
        ways = set(data.get("contact") or ())
        return {
            "name": data["name"],
            "relationship": data["relationship"],
            "language": data["language"],
            "interpreter": bool(data["interpreter"]),
            "phone": data["phone"],
            "email": data["email"],
            "contact_times": data["contact_times"],
            **{name: name in ways for name, _label in CONTACT_WAYS},
        }


class BabyForm(LimitsExplained, forms.Form):
    """A baby: born (with a date of birth) or not yet (with a due date)."""

    baby_name = forms.CharField(
        label=_("Baby's name (optional)"),
        help_text=_("Leave this empty if the baby has no name yet."),
        max_length=NAME_LIMIT,
        required=False,
    )
    nhs_number = forms.CharField(
        label=_("Baby's NHS number (optional)"),
        help_text=_("10 numbers, for example 999 000 0018"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"max_length": _("NHS number must be 10 numbers")},
    )
    born = forms.ChoiceField(
        label=_("Is the baby born?"),
        choices=[("yes", _("Yes")), ("no", _("No, not yet"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether the baby is born"),
            "invalid_choice": _("Choose whether the baby is born"),
        },
    )
    date_of_birth = DatePartsField(
        label=_("Date of birth"),
        help_text=_("If born. For example, 4 12 2026"),
        noun=_("Date of birth"),
        missing=_("Enter the date of birth"),
        what=_("the date of birth"),
        required=False,
    )
    due_date = DatePartsField(
        label=_("Due date"),
        help_text=_("If not born yet. For example, 4 12 2026"),
        noun=_("Due date"),
        missing=_("Enter the due date"),
        what=_("the due date"),
        required=False,
    )

    def clean_baby_name(self) -> str:
        return str(self.cleaned_data["baby_name"]).strip()

    def clean_nhs_number(self) -> str:
        try:
            return validation.nhs_number_checked(self.cleaned_data["nhs_number"])
        except validation.Invalid as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        born = data.get("born")
        if born == "yes":
            when: date | None = data.get("date_of_birth")
            if when is None and "date_of_birth" not in self.errors:
                self.add_error("date_of_birth", _("Enter the date of birth"))
            elif when is not None and (problem := birth_date_problem(when, today)):
                self.add_error("date_of_birth", problem)
        elif born == "no":
            due: date | None = data.get("due_date")
            if due is None and "due_date" not in self.errors:
                self.add_error("due_date", _("Enter the due date"))
            elif due is not None and (problem := delivery_date_problem(due, today)):
                self.add_error("due_date", problem)
        return data

    def baby(self) -> dict[str, Any]:
        data = self.cleaned_data
        unborn = data["born"] == "no"
        return {
            "name": data["baby_name"],
            "nhs_number": data["nhs_number"],
            "unborn": unborn,
            "due_date": data.get("due_date") if unborn else None,
            "date_of_birth": None if unborn else data.get("date_of_birth"),
        }


class NewCaseForm(BabyForm, PersonForm):
    """A case opened without a referral: the baby, a parent or carer, where they live,
    the worries and the lead clinician."""

    postcode = forms.CharField(
        label=_("Home postcode"),
        help_text=_("For example, BD7 1DP. ZZ99 3VZ if the family has no fixed address."),
        max_length=10,
        error_messages={
            "required": _("Enter the family's home postcode"),
            # Longer than any postcode: the postcode's own words, not a count.
            "max_length": _("Enter a real UK postcode, like BD7 1DP"),
        },
    )
    worries = forms.MultipleChoiceField(
        label=_("What are the worries? (optional)"),
        choices=list(CONCERN_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose from the worries shown")},
    )
    worries_detail = forms.CharField(
        label=_("The worries in words (optional)"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lead = forms.ChoiceField(
        label=_("Lead clinician"),
        widget=forms.Select,
        error_messages={
            "required": _("Choose the lead clinician"),
            "invalid_choice": _("Choose one of the team's clinicians"),
        },
    )

    field_order = [
        "baby_name",
        "nhs_number",
        "born",
        "date_of_birth",
        "due_date",
        "postcode",
        "name",
        "relationship",
        "language",
        "interpreter",
        "phone",
        "contact",
        "email",
        "contact_times",
        "worries",
        "worries_detail",
        "lead",
    ]

    def __init__(self, *args: Any, by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Parent or carer's name")
        self.fields["name"].error_messages["max_length"] = _(
            "Parent or carer's name must be %(limit)s characters or fewer"
        ) % {"limit": NAME_LIMIT}
        self.clinicians = {str(p.code): p for p in selectors.clinician_choices(by)}
        lead = self.fields["lead"]
        assert isinstance(lead, forms.ChoiceField)
        lead.choices = [
            ("", _("Choose a clinician")),
            *((c, p.full_name) for c, p in self.clinicians.items()),
        ]
        if str(by.code) in self.clinicians:
            lead.initial = str(by.code)
        self.fields["postcode"].widget.attrs.update(
            {"class": "nhsuk-input--width-10", "autocomplete": "off"}
        )

    def clean_postcode(self) -> Postcode:
        try:
            return parse_postcode(str(self.cleaned_data["postcode"]))
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def clean_worries_detail(self) -> str:
        return str(self.cleaned_data["worries_detail"]).strip()

    def chosen_lead(self) -> User:
        return self.clinicians[self.cleaned_data["lead"]]

    def parent(self) -> dict[str, Any]:
        return self.values()
