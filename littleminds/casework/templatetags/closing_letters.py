"""`{% closing_letters_for referral user as letters %}`: the closing letters sent to the
referrer about their referral, for the referral's page. A template tag, so that `referrals`
(which `casework` builds on) names casework's letters by name only, never by import."""

from __future__ import annotations

from typing import Any

from django import template

from littleminds.casework.models_closure import ClosingLetter
from littleminds.casework.selectors_closure import letters_for_referral

register = template.Library()


@register.simple_tag
def closing_letters_for(referral: Any, user: Any) -> list[ClosingLetter]:
    if referral is None or not getattr(user, "is_authenticated", False):
        return []
    return letters_for_referral(by=user, referral=referral)
