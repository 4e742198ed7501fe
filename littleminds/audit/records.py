"""The records the audit trail names, as people know them. An event keeps its record as a
type and an opaque code ("referrals.referral", a UUID), so that it outlives the record;
the search page takes the reference people use instead (LM-ACDE-FGHJ, an email address, a
service's name, "version 3") and shows each record, and the codes in an event's detail, in
words.

This is part of the search page, above the other apps: it reads their models through the
app registry and never writes. The recording core of the audit app does not import it."""

from __future__ import annotations

import contextlib
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from littleminds.referrals.selectors import reference_in


@dataclass(frozen=True)
class Kind:
    """One kind of record: its name in words, the field people know it by (None when it
    has none: it is then named by its parts), and what to read alongside to name it."""

    words: Promise
    known_by: str | None = None
    related: tuple[str, ...] = ()
    name: Callable[[Any], str] = str
    # Whether people look it up by a name in the search (iexact).
    by_name: bool = False


def _referral(referral: Any) -> str:
    return referral.reference or gettext("a draft, not sent yet")


def _version(version: Any) -> str:
    return gettext("version %(number)s") % {"number": version.number}


def _intake(intake: Any) -> str:
    return f"{intake.team.name}, {intake.area.name}"


def _message(notification: Any) -> str:
    return " · ".join(
        str(part)
        for part in (
            notification.get_template_display(),
            notification.get_channel_display(),
            notification.referral.reference if notification.referral_id else "",
        )
        if part
    )


KINDS: dict[str, Kind] = {
    "referrals.referral": Kind(_("Referral"), "reference", name=_referral),
    "referrals.intake": Kind(_("Intake"), related=("team", "area"), name=_intake),
    "accounts.user": Kind(_("Person's account"), "email"),
    "accounts.team": Kind(_("Team"), "name", by_name=True),
    "accounts.organisation": Kind(_("Organisation"), "name", by_name=True),
    "accounts.apitoken": Kind(_("API token"), "name", by_name=True),
    "notifications.notification": Kind(_("Message"), related=("referral",), name=_message),
    "directory.service": Kind(_("Service"), "name", by_name=True),
    "directory.area": Kind(_("Area"), "name", by_name=True),
    "directory.needterm": Kind(_("Need"), "name", by_name=True),
    "directory.mapsnapshot": Kind(_("Time point"), "label", by_name=True),
    "directory.importeddocument": Kind(_("Imported document")),
    "pathway.rulesetversion": Kind(_("Navigator rules"), "number", name=_version),
    "pathway.scenario": Kind(_("Test scenario"), "name", by_name=True),
}

_VERSION = re.compile(r"^(?:version|v)\s*(\d{1,6})$", re.IGNORECASE)


def _model(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _codes(target_type: str, **lookup: Any) -> set[str]:
    model = _model(target_type)
    if model is None:
        return set()
    return {
        str(code) for code in model._default_manager.filter(**lookup).values_list("code", flat=True)
    }


def record_codes(text: str) -> set[str]:
    """The codes of the records `text` names: a code itself, a referral's reference written
    any way, a person's email address, "version 3" of the navigator's rules, or the exact
    name of a service, area, team, organisation, need, time point, scenario or API token.
    The text itself is kept too, for a record of a kind this list does not know."""
    text = " ".join(text.split())
    if not text:
        return set()
    found = {text}
    with contextlib.suppress(ValueError):
        found.add(str(uuid.UUID(text)))
    reference = reference_in(text)
    if reference is not None:
        found |= _codes("referrals.referral", reference=reference)
    if "@" in text:
        found |= _codes("accounts.user", email__iexact=text)
    version = _VERSION.match(text)
    if version:
        found |= _codes("pathway.rulesetversion", number=int(version[1]))
    for target_type, kind in KINDS.items():
        if kind.by_name and kind.known_by:
            found |= _codes(target_type, **{f"{kind.known_by}__iexact": text})
    return found


# The words of an event's detail -------------------------------------------------------------

KEYS: dict[str, Promise] = {
    "template": _("Message"),
    "recipient": _("Sent to"),
    "channel": _("Sent by"),
    "attempt": _("Attempt"),
    "gave_up": _("Given up"),
    "from": _("From"),
    "to": _("To"),
    "status": _("Status"),
    "verdict": _("Recorded as"),
    "kind": _("Kind of link"),
    "with": _("With"),
    "target": _("Linked to"),
    "name": _("Name"),
    "label": _("Label"),
    "term": _("Need"),
    "prefix": _("Postcodes"),
    "reason": _("Reason"),
    "roles": _("Roles"),
    "added": _("Added"),
    "removed": _("Removed"),
    "changed": _("Changed"),
    "changes": _("Changes"),
    "answers": _("Answers"),
    "query": _("Searched for"),
    "found": _("Found"),
    "organisation": _("Organisation"),
    "api_token": _("API token"),
    "number": _("Version"),
    "from_version": _("From version"),
    "scenarios_passed": _("Scenarios passed"),
    "what": _("What changed"),
    "rules": _("Rules"),
    "source": _("Source"),
    "shape": _("Shape"),
    "updated": _("Updated"),
    "teams": _("Teams"),
    "suppressed": _("Small numbers hidden"),
    "self_referrals_suppressed": _("Small numbers of self-referrals hidden"),
    "format": _("Downloaded as"),
}

# Values that are codes of a field's choices, by the key they come under: the field of the
# event's own record when it has one of that name, else these.
_CHOICES_ELSEWHERE: dict[str, tuple[str, str]] = {
    "verdict": ("directory.overlapreview", "verdict"),
    "kind": ("directory.servicelink", "kind"),
}
# A referral's moves keep its status before and after.
_STATUS_MOVES = {"from", "to"}
# Codes of other records in the detail, and the kind they are.
_CODES_ELSEWHERE: dict[str, str] = {
    "with": "directory.service",
    "target": "directory.service",
    "api_token": "accounts.apitoken",
    # The teams a report covered (training's and the reach report's), as a list of codes.
    "teams": "accounts.team",
}
# And those whose kind depends on the event's record: the intake the default moved "to".
_CODES_OF_KIND: dict[tuple[str, str], str] = {("referrals.intake", "to"): "referrals.intake"}


def _kind_of_code(target_type: str, key: str) -> str | None:
    return _CODES_OF_KIND.get((target_type, key)) or _CODES_ELSEWHERE.get(key)


def _choices(target_type: str, key: str) -> dict[str, str]:
    where = (target_type, key)
    if target_type == "referrals.referral" and key in _STATUS_MOVES:
        where = ("referrals.referral", "status")
    elif key in _CHOICES_ELSEWHERE:
        where = _CHOICES_ELSEWHERE[key]
    model = _model(where[0])
    if model is None:
        return {}
    try:
        choices = getattr(model._meta.get_field(where[1]), "choices", None)
    except FieldDoesNotExist:
        return {}
    return {str(value): str(label) for value, label in choices or []}


def _words(key: str) -> str:
    if key in KEYS:
        return str(KEYS[key])
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@dataclass
class Described:
    """An event's record and detail in words, for the page."""

    kind: str = ""
    name: str = ""
    detail: list[tuple[str, str]] = field(default_factory=list)


def _plain(value: Any, *, choices: dict[str, str], names: dict[str, str]) -> str:
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        if any(isinstance(item, dict) for item in value):
            return gettext("kept with the event")
        return ", ".join(_plain(item, choices=choices, names=names) for item in value) or "–"
    if isinstance(value, dict):
        return "; ".join(
            f"{_words(str(key))}: {_plain(item, choices=choices, names=names)}"
            for key, item in value.items()
            if not isinstance(item, dict | list) or not any(isinstance(i, dict) for i in item)
        ) or gettext("kept with the event")
    text = str(value)
    return choices.get(text) or names.get(text) or text


def describe(events: Iterable[Any]) -> None:
    """Give each event a `described`: its record's kind and name, and its detail, in words.
    Reads each kind of record on the page once."""
    events = list(events)
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.target_code:
            wanted[event.target_type].add(event.target_code)
        for key, value in (event.detail or {}).items():
            kind_of_code = _kind_of_code(event.target_type, key)
            if kind_of_code and isinstance(value, str):
                wanted[kind_of_code].add(value)
            elif kind_of_code and isinstance(value, list):
                wanted[kind_of_code] |= {item for item in value if isinstance(item, str)}
        for grant in _grants(event):
            if "@" in grant:
                wanted["accounts.team"].add(grant.split("@", 1)[1])
    names = {target_type: _names(target_type, codes) for target_type, codes in wanted.items()}
    every_name = {code: name for found in names.values() for code, name in found.items()}
    # Words that stand for other words only under their own keys ("clinician" is a role in
    # a person's roles, and may be what someone searched for elsewhere).
    roles = _role_words(
        {grant for event in events for grant in _grants(event)}, names.get("accounts.team", {})
    )
    areas = _area_names(
        {
            str(event.detail.get("area"))
            for event in events
            if event.target_type == "referrals.intake" and event.detail.get("area")
        }
    )

    def names_for(target_type: str, key: str) -> dict[str, str]:
        if target_type == "accounts.user" and key in _ROLE_KEYS:
            return roles
        if target_type == "referrals.intake" and key == "area":
            return areas
        return every_name

    for event in events:
        kind = KINDS.get(event.target_type)
        described = Described()
        if event.target_code:
            described.kind = str(kind.words) if kind else _words(event.target_type.split(".")[-1])
            # A record of a kind this list does not know keeps its code; one it knows but
            # cannot find any more is said to be gone.
            missing = gettext("no longer kept") if kind else event.target_code
            described.name = names.get(event.target_type, {}).get(event.target_code, missing)
        described.detail = [
            (
                _words(key),
                _plain(
                    value,
                    choices=_choices(event.target_type, key),
                    names=names_for(event.target_type, key),
                ),
            )
            for key, value in _in_order(event.detail or {})
        ]
        event.described = described


def _in_order(detail: dict[str, Any]) -> list[tuple[str, Any]]:
    """The detail in the order of `KEYS` ("from" before "to"), the keys it does not know
    after: PostgreSQL keeps a JSON object's keys in an order of its own."""
    order = {key: n for n, key in enumerate(KEYS)}
    return sorted(detail.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


# A person's roles, kept as "role" or "role@team code".
_ROLE_KEYS = {"roles", "added", "removed"}


def _grants(event: Any) -> list[str]:
    if event.target_type != "accounts.user":
        return []
    return [
        str(grant)
        for key in _ROLE_KEYS
        for grant in (event.detail or {}).get(key) or []
        if isinstance(grant, str)
    ]


def _role_words(grants: set[str], teams: dict[str, str]) -> dict[str, str]:
    """Each role kept in words: "Service manager (Parent–Infant Clinical Team)"."""
    roles = _choices("accounts.roleassignment", "role")
    named = {}
    for grant in grants:
        role, _at, team = grant.partition("@")
        words = roles.get(role, role)
        named[grant] = f"{words} ({teams[team]})" if team in teams else words
    return named


def _area_names(keys: set[str]) -> dict[str, str]:
    """Areas by the short name other apps keep ("lmm-clinical")."""
    area = _model("directory.area")
    if not keys or area is None:
        return {}
    return dict(area._default_manager.filter(key__in=keys).values_list("key", "name"))


def _names(target_type: str, codes: set[str]) -> dict[str, str]:
    kind, model = KINDS.get(target_type), _model(target_type)
    if kind is None or model is None:
        return {}
    valid = []
    for code in codes:
        try:
            valid.append(uuid.UUID(code))
        except ValueError:
            continue
    records = model._default_manager.filter(code__in=valid)
    if kind.related:
        records = records.select_related(*kind.related)
    named: dict[str, str] = {}
    record: Any
    for record in records:
        if kind.known_by and kind.name is str:
            named[str(record.code)] = str(getattr(record, kind.known_by) or "") or str(record)
        else:
            named[str(record.code)] = kind.name(record)
    return named
