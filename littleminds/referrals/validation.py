"""The checks on a referral's answers live in `littleminds.core.validation`, shared by every
form; this module keeps the referrals' name for them."""

from __future__ import annotations

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
    "nhs_number_checked",
    "phone_number",
    "trimmed",
]
