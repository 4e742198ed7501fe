"""`{% closing_letters_for referral user as letters %}`: the closing letters sent to the
referrer about their referral, for the referral's page. `{% cases_closed referrals as
closed %}` with `{{ closed|closed_on:referral }}`: the day the case of each referral closed
(None while it is open, or there is none), for "Accepted: case closed" on the referrer's
pages. Template tags, so that `referrals` (which `casework` builds on) names casework's
letters and cases by name only, never by import."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from littleminds.casework.models_closure import ClosingLetter
from littleminds.casework.selectors_closure import cases_closed_on, letters_for_referral

register = template.Library()


@register.simple_tag
def closing_letters_for(referral: Any, user: Any) -> list[ClosingLetter]:
    if referral is None or not getattr(user, "is_authenticated", False):
        return []
    return letters_for_referral(by=user, referral=referral)


def _referral_ids(given: Any) -> list[int]:
    """The ids of a referral, a list of referrals, or a list of rows that each hold one
    under "referral" (as "Your referrals" lists them)."""
    if given is None:
        return []
    if isinstance(given, dict):
        return _referral_ids(given.get("referral"))
    if isinstance(given, list | tuple):
        return [pk for item in given for pk in _referral_ids(item)]
    return [given.pk] if getattr(given, "pk", None) is not None else []


@register.simple_tag
def cases_closed(referrals: Any) -> dict[int, date]:
    return cases_closed_on(_referral_ids(referrals))


@register.filter
def closed_on(closed: dict[int, date], referral: Any) -> date | None:
    pk = getattr(referral, "pk", None)
    return closed.get(pk) if closed and isinstance(pk, int) else None
