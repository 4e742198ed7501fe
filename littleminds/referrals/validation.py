"""Checks on a referral's answers, each with the message a person reads (the NHS error
pattern): the web forms, the JSON API and the FHIR import all use these, so a referral is
held to the same rules however it arrives."""

from __future__ import annotations

import nhs_number
import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# Ofcom keeps these ranges for drama and examples: never anyone's real number. They are
# accepted (the demonstration and the tests use them) though phonenumbers calls them invalid.
_DRAMA_PREFIXES = ("+447700900", "+441632960", "+442079460", "+441134960", "+441214960")

TEXT_LIMIT = 2000  # a long free-text answer: about a page
NAME_LIMIT = 120
# What the database keeps (the longest address mail can be sent to); Django's check alone
# lets 320 characters through.
EMAIL_LIMIT = 254


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


def safe_contact_problem(
    *, phone: str, may_call: bool, may_text: bool, may_leave_message: bool
) -> str:
    """A family's own referral gives the team at least one safe way to reach them: with a
    phone number, one thing the team may safely do with it (call, text or leave a
    voicemail). Without one the team could not reach them, yet the family would be told
    "we will call you, in the ways you said are safe". The message, or ""."""
    if phone and not (may_call or may_text or may_leave_message):
        return _("Select at least one way that is safe for us to contact you")
    return ""


def phone_shown(number: str) -> str:
    """ "+447700900982" as people write it: "07700 900982"."""
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
