"""Checks on what people type, each with the message a person reads (the NHS error
pattern). A referral's web forms, the JSON API and the FHIR import all use these, so a
referral is held to the same rules however it arrives; the staff forms (the directory's
services and ways in) use them too, through the form fields at the end."""

from __future__ import annotations

from typing import Any

import nhs_number
import phonenumbers
from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _

# Ofcom keeps these ranges for drama and examples: never anyone's real number. They are
# accepted (the demonstration and the tests use them) though phonenumbers calls them invalid.
_DRAMA_PREFIXES = ("+447700900", "+441632960", "+442079460", "+441134960", "+441214960")

TEXT_LIMIT = 2000  # a long free-text answer: about a page
NAME_LIMIT = 120
# What the database keeps (the longest address mail can be sent to); Django's check alone
# lets 320 characters through.
EMAIL_LIMIT = 254
# Long enough for any phone number typed with spaces, brackets and an extension.
PHONE_LIMIT = 40


class Invalid(ValueError):
    """The answer is wrong; the message says what to do about it."""


def phone_number(text: str) -> str:
    """A UK phone number in the international format (+447700900123), or Invalid."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise Invalid(_("Enter a phone number"))
    try:
        number = phonenumbers.parse(cleaned, "GB")
    except phonenumbers.NumberParseException:
        raise Invalid(
            _("Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
        ) from None
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number.country_code != 44:
        raise Invalid(_("Enter a UK phone number"))
    if not (
        phonenumbers.is_valid_number(number)
        or (phonenumbers.is_possible_number(number) and formatted.startswith(_DRAMA_PREFIXES))
    ):
        raise Invalid(
            _("Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
        )
    return formatted


def email_address(text: str | None) -> str:
    """An email address, trimmed ("" when none is given), or Invalid."""
    cleaned = (text or "").strip()
    if not cleaned:
        return ""
    try:
        validate_email(cleaned)
    except ValidationError:
        cleaned = ""
    if not cleaned or len(cleaned) > EMAIL_LIMIT:
        raise Invalid(_("Enter an email address in the correct format, like name@example.com"))
    return cleaned


def nhs_number_checked(text: str) -> str:
    """Ten digits passing the Modulus 11 check (spaces and dashes allowed), or Invalid."""
    digits = "".join(ch for ch in (text or "") if ch not in " -")
    if not digits:
        return ""
    if not digits.isdigit() or len(digits) != 10:
        raise Invalid(_("NHS number must be 10 numbers"))
    if not nhs_number.is_valid(digits):
        raise Invalid(_("Enter a valid NHS number: check each number, it does not add up"))
    return digits


def trimmed(text: str | None, *, limit: int, what: str) -> str:
    """Free text with its ends trimmed, no longer than `limit` characters."""
    cleaned = (text or "").strip()
    if len(cleaned) > limit:
        raise Invalid(
            _("%(what)s must be %(limit)s characters or fewer")
            % {"what": what, "limit": f"{limit:,}"}
        )
    return cleaned


# Form fields ---------------------------------------------------------------------------


class PhoneNumberField(forms.CharField):
    """A UK phone number, kept in the international format (+441274123456) and shown in
    the national one (`core.phones`). Empty is allowed when the field is not required."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", PHONE_LIMIT)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "tel"})
        if isinstance(self.widget, forms.TextInput):
            self.widget.input_type = "tel"

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            return phone_number(text)
        except Invalid as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class EmailAddressField(forms.CharField):
    """An email address, trimmed ("" when none is given). One message for a wrong answer:
    "too long" first (a long paste is not also "in the wrong format"), then the format."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", EMAIL_LIMIT)
        super().__init__(**kwargs)
        # The length is checked here, with its own message, rather than by a validator
        # that would add a second message beside the format's.
        self.validators = [
            v for v in self.validators if not isinstance(v, validators.MaxLengthValidator)
        ]

    def clean(self, value: Any) -> str:
        text = (super().clean(value) or "").strip()
        if len(text) > EMAIL_LIMIT:
            raise forms.ValidationError(
                _("Your email address must be %(limit)s characters or fewer")
                % {"limit": f"{EMAIL_LIMIT:,}"},
                code="max_length",
            )
        try:
            return email_address(text)
        except Invalid as error:
            # A form may say it in its own words ("like name@example.org").
            message = self.error_messages.get("invalid") or str(error)
            raise forms.ValidationError(message, code="invalid") from None


def https_only(value: str) -> None:
    """Links people follow from our pages start with https:// (ftp:, javascript: and
    plain http: are refused)."""
    if value and not value.lower().startswith("https://"):
        raise ValidationError(_("Enter a web address that starts with https://"), code="https")


def explain_limits(form: forms.BaseForm) -> None:
    """Give every text field of `form` a "too long" message in words ("Name must be 200
    characters or fewer"), and every number field its bounds in the message the form sets.
    Nothing is cut: the boxes carry no `maxlength` (the form renderer leaves it out), so a
    long paste reaches the check and comes back with the message."""
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        # A message the form gives itself (a phone number's, say) is kept.
        if not limit or "max_length" in field.error_messages:
            continue
        # Whether the label is a question is read in English, whatever the page's language
        # (a translated label ends in its own words for "optional").
        with translation.override("en-gb"):
            asks = str(field.label or "").removesuffix(" (optional)")
        what = (
            str(field.label or "").removesuffix(" (optional)").removesuffix(" " + _("(optional)"))
        )
        if not asks or asks.endswith("?"):
            message = _("Your answer must be %(limit)s characters or fewer") % {
                "limit": f"{limit:,}"
            }
        else:
            message = _("%(what)s must be %(limit)s characters or fewer") % {
                "what": what,
                "limit": f"{limit:,}",
            }
        field.error_messages["max_length"] = message


def too_long(message: Any, limit: int) -> Any:
    """A form's own "too long" message, `%(limit)s` filled in with the limit ("1,000") in
    the language of the request that shows it: for a field's `error_messages`, so that
    `explain_limits` keeps it."""
    return lazy(lambda: str(message) % {"limit": f"{limit:,}"}, str)()


class LimitsExplained:
    """A form mixin: `explain_limits` on the form's fields once they are made. Put it
    first among the bases (`class NoteForm(LimitsExplained, forms.Form)`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self, forms.BaseForm)
        explain_limits(self)
