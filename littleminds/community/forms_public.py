"""The forms of What's on (ADR 0038): the list's filters (GET), booking places at an event,
and, for the team, cancelling an event. Every message is specific and in plain words; bad
input changes nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from littleminds.community.languages import Language
from littleminds.community.models import NAME_LIMIT, PEOPLE_PER_BOOKING_MAX, REASON_LIMIT, Event
from littleminds.core.forms import DatePartsField, PlainSelect, PostcodeField
from littleminds.core.validation import (
    PHONE_LIMIT,
    EmailAddressField,
    LimitsExplained,
    PhoneNumberField,
    too_long,
)


class WhatsOnForm(forms.Form):
    """What's on's filters, all optional. Any bad value is reported, and no events shown."""

    postcode = PostcodeField(
        label=_("Your postcode (optional)"),
        help_text=_("A full postcode or its first half, like BD3 9AA or BD3"),
        allow_district=True,
        required=False,
    )
    kind = forms.ChoiceField(
        widget=PlainSelect,
        label=_("Kind of event"),
        required=False,
        error_messages={"invalid_choice": _("Choose a kind of event from the list")},
    )
    language = forms.ChoiceField(
        widget=PlainSelect,
        label=_("Language"),
        help_text=_("Events in this language, or with an interpreter who speaks it"),
        required=False,
        error_messages={"invalid_choice": _("Choose a language from the list")},
    )
    start = DatePartsField(
        label=_("From (optional)"),
        help_text=_("For example, 14 1 2027"),
        noun=_("The first date"),
        missing=_("Enter the first date"),
        required=False,
    )
    end = DatePartsField(
        label=_("To (optional)"),
        help_text=_("For example, 31 3 2027"),
        noun=_("The last date"),
        missing=_("Enter the last date"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        language = self.fields["language"]
        assert isinstance(kind, forms.ChoiceField)
        assert isinstance(language, forms.ChoiceField)
        kind.choices = [("", _("Any kind")), *Event.Kind.choices]
        language.choices = [("", _("Any language")), *Language.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last date must be the same as or after the first"))
        return data


class BookingForm(LimitsExplained, forms.Form):
    """A family books places: a name, a phone number or an email address (at least one),
    and how many places. The box called "website" is a honeypot that people never see."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_LIMIT,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your name"),
            "max_length": too_long(
                _("Your name must be %(limit)s characters or fewer"), NAME_LIMIT
            ),
        },
    )
    phone = PhoneNumberField(
        label=_("Phone number (optional if you give an email address)"),
        help_text=_("We only use it to tell you if the event changes"),
        required=False,
        error_messages={
            "max_length": too_long(
                _("Your phone number must be %(limit)s characters or fewer"), PHONE_LIMIT
            )
        },
    )
    email = EmailAddressField(
        label=_("Email address (optional if you give a phone number)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )
    people = forms.IntegerField(
        label=_("How many places?"),
        help_text=too_long(
            _("Count everyone who needs a place, up to %(limit)s"), PEOPLE_PER_BOOKING_MAX
        ),
        min_value=1,
        max_value=PEOPLE_PER_BOOKING_MAX,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": _("Enter how many places you need"),
            "invalid": _("Enter how many places you need as a number, like 2"),
            "min_value": _("Book at least 1 place"),
            "max_value": too_long(
                _("You can book up to %(limit)s places at once"), PEOPLE_PER_BOOKING_MAX
            ),
        },
    )
    website = forms.CharField(
        label=_("Leave this box empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, places_left: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places_left = places_left
        self.initial.setdefault("people", 1)
        if places_left is not None and 0 < places_left < PEOPLE_PER_BOOKING_MAX:
            # The hint names the places there are, not the most one booking may take.
            self.fields["people"].help_text = _(
                "Count everyone who needs a place, up to %(limit)s"
            ) % {"limit": places_left}

    @property
    def is_robot(self) -> bool:
        return bool(str(self.data.get("website", "")).strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("phone")
            and not data.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            self.add_error(
                "phone",
                _("Enter a phone number or an email address, so we can tell you of changes"),
            )
        people = data.get("people")
        left = self.places_left
        if people and left is not None and people > left and "people" not in self.errors:
            self.add_error(
                "people",
                ngettext(
                    "Only %(count)s place is left: book %(count)s or fewer",
                    "Only %(count)s places are left: book %(count)s or fewer",
                    left,
                )
                % {"count": left},
            )
        return data


class EventCancelForm(LimitsExplained, forms.Form):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"),
        help_text=_("The families who booked are told this, by email or text message"),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why the event is cancelled"),
            "max_length": too_long(
                _("The reason must be %(limit)s characters or fewer"), REASON_LIMIT
            ),
        },
    )
