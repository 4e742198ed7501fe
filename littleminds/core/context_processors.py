from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from littleminds.core.decorators import is_public


def platform(request: HttpRequest) -> dict[str, Any]:
    """What every page needs to know about the instance it runs on."""
    match = getattr(request, "resolver_match", None)
    public = bool(match and is_public(match.func))
    return {
        "demo_mode": settings.DEMO_MODE,
        "second_factor_required": settings.REQUIRE_2FA,
        # Public pages (views marked @public) offer the language switch.
        "public_page": public,
        # So do the practitioner's referral pages (translated, docs/translations.md); staff
        # pages (triage, the directory, the rules) are in English and do not.
        "language_switch": public or bool(match and "referrals" in match.namespaces),
    }
