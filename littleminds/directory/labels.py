"""The words people read for the names the directory keeps in revisions and time points:
a revision lists what changed by `service_data`'s keys, and a time point keeps a ring by
its value."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from littleminds.directory.models import Ring

# Each key of `selectors.service_data`, as it would sit in a sentence ("what changed").
SERVICE_PARTS = {
    "created": _("Added to the directory"),
    "code": _("reference"),
    "name": _("name"),
    "organisation": _("organisation"),
    "summary": _("summary"),
    "description": _("description"),
    "remit": _("remit"),
    "boundaries": _("what it does not do"),
    "ring": _("ring of the map"),
    "status": _("status"),
    "min_age_months": _("youngest age"),
    "max_age_months": _("oldest age"),
    "pregnancy": _("work in pregnancy"),
    "areas": _("areas"),
    "needs": _("needs"),
    "delivery": _("how it is delivered"),
    "languages": _("languages"),
    "wait_weeks": _("waiting time"),
    "email": _("email address"),
    "url": _("website"),
    "phone": _("phone number"),
    "access": _("ways in"),
    "locations": _("places"),
}


def service_parts(keys: list[str]) -> str:
    """What changed, in words: "Description, youngest age, waiting time". A key this list
    does not know (from a later version) is shown with its underscores as spaces."""
    words = ", ".join(str(SERVICE_PARTS.get(key, key.replace("_", " "))) for key in keys)
    return words[:1].upper() + words[1:]


def ring_name(value: str) -> str:
    """A ring's name ("Risk factors") from the value a time point keeps ("risk_factors")."""
    try:
        return str(Ring(value).label)
    except ValueError:
        return value.replace("_", " ")
