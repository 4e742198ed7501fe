"""The checks on a referral's answers live in `littleminds.core.validation`, shared by every
form; this module keeps the referrals' name for them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from littleminds.core.validation import (
    EMAIL_LIMIT,
    NAME_LIMIT,
    TEXT_LIMIT,
    Invalid,
    email_address,
    nhs_number_checked,
    phone_number,
    trimmed,
)

__all__ = [
    "EMAIL_LIMIT",
    "NAME_LIMIT",
    "TEXT_LIMIT",
    "Invalid",
    "email_address",
    "interpreter_for_english",
    "nhs_number_checked",
    "phone_number",
    "safe_contact_problem",
    "trimmed",
]


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


def interpreter_for_english(*, language: str, interpreter: bool) -> bool:
    """Whether the answers ask for an interpreter for English, the team's own language: a
    slip (the language was meant to be another one, or no interpreter is needed) that
    would book an interpreter nobody needs, or leave the family without the one they do."""
    return language == "en" and interpreter
