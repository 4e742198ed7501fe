"""Loads the demonstration directory, `directory.openreferral.json`, through the directory's
own Open Referral import (`import_document`, which `littleminds directory import` uses), so
that the demonstration proves the import.

The document is a page of services as `littleminds directory export` writes it: the system
at the evaluation's second time point (winter 2023), with its organisations, areas and their
postcodes, needs, ways in, places and the links between services. Everything in it is
fictional (see the note on the demonstration in README.md).

An Open Referral document says what a directory is, not how it was, and has no place for
what only staff see. So two things are set here, around the import:

- the first time point (summer 2022): TIME_1 holds how the system differed then. The
  document as it was then is imported first and saved as a time point; the document itself
  is imported over it and saved as the second, so that the two maps can be compared and
  each changed service has its history;
- the service managers' verdict on the conflicts the document's links record (an overlap
  review is staff-only).
"""

from __future__ import annotations

import copy
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from littleminds.core.json_input import decode_json
from littleminds.directory import services as directory
from littleminds.directory.models import LinkKind, OverlapReview, Service
from littleminds.directory.openreferral.importer import import_document
from littleminds.directory.openreferral.serialise import (
    AREA_URI,
    EXTENSION,
    MAXIMUM_MONTHS,
    STATUS,
    years_from_months,
)

DOCUMENT = Path(__file__).resolve().parent / "directory.openreferral.json"

# The document's services have the same ids on every install: each is made from the
# service's demonstration key, which is how this module and the demonstration's referrals
# name them.
_NAMESPACE = uuid.UUID("6f0b8c7e-3c55-4f7e-9a61-5c1d7b0e2a11")


def service_code(key: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"service:{key}")


TIME_2: dict[str, Any] = {"label": "Time 2, winter 2023", "taken_on": date(2023, 12, 1)}
TIME_1: dict[str, Any] = {
    "label": "Time 1, summer 2022",
    "taken_on": date(2022, 7, 15),
    # Services that did not exist yet in summer 2022.
    "absent": ["baby-bonds", "family-hub-eastbrook", "birth-trauma-loss", "together-again"],
    # How services that changed between the two time points looked in summer 2022, in the
    # directory's own words for a service's fields (ServiceFields).
    "changes": {
        "family-hub-central": {
            "name": "Central Brackendale Children's Centre",
            "summary": (
                "A children's centre in the city centre with groups, clinics and advice for "
                "families from pregnancy onwards."
            ),
            "description": (
                "The centre runs stay-and-play sessions, parenting courses and baby groups, and "
                "hosts health visitor clinics, midwife appointments and money advice drop-ins. "
                "Staff help families find the right service."
            ),
        },
        "family-hub-northcliffe": {"name": "Northcliffe Children's Centre"},
        "talking-therapies": {
            "name": "Brackendale IAPT service (Improving Access to Psychological Therapies)",
            "ring": "risk_factors",
        },
        "infant-feeding": {
            "summary": "Specialist help with breastfeeding babies under 1.",
            "description": (
                "Infant feeding advisers see families at home and in clinics when breastfeeding "
                "is not going well, and can refer for a tongue-tie assessment."
            ),
            "remit": (
                "Specialist breastfeeding support for babies under 1 living in the district "
                "whose feeding needs more expert help than their midwife or health visitor can "
                "give."
            ),
        },
        "perinatal-mh-community": {
            "max_age_months": 12,
            "summary": (
                "Specialist mental health care for parents with moderate to severe mental illness "
                "in pregnancy or in the first year after birth."
            ),
            "boundaries": (
                "Does not treat mild to moderate anxiety or depression: those parents are seen by "
                "the IAPT service. No out-of-hours crisis care: use the urgent advice line or 999. "
                "Does not take referrals once the baby is 1."
            ),
            "remit": (
                "Parents living in the district with moderate to severe or complex mental "
                "health problems, in pregnancy or until the baby's first birthday, including "
                "those at risk of postpartum psychosis."
            ),
        },
        "chatter-steps": {
            "areas": ["better-start-wards"],
            "description": (
                "Early language practitioners show parents simple ways to build talking into "
                "play, meals and bath time. Families get up to 8 home visits or a 6-week group."
            ),
            "remit": (
                "Families in the Better Beginnings wards with a child aged 18 months to 4 years "
                "whose talking is a little behind, or whose parents want help to support it."
            ),
        },
        "westfield-childrens-centre": {
            "status": "active",
            "summary": "A children's centre for families with children under 5 in the west.",
            "description": (
                "Westfield Children's Centre runs stay-and-play sessions, baby clinics and "
                "parenting groups for families with children under 5."
            ),
            "boundaries": (
                "Does not offer childcare or a crèche. Staff help families find specialist help "
                "but do not provide therapy or mental health treatment."
            ),
        },
        "doula": {
            "status": "active",
            "description": (
                "Trained volunteer doulas give emotional and practical support in late "
                "pregnancy, during labour and in the first 6 weeks after birth."
            ),
            "boundaries": (
                "Doulas are not midwives and give no clinical care. Only for women in the "
                "Better Beginnings wards."
            ),
            "wait_weeks": 2,
        },
    },
}


def document() -> dict[str, Any]:
    """The demonstration directory as it is now, read as the import command reads a file."""
    loaded: dict[str, Any] = decode_json(DOCUMENT.read_text(encoding="utf-8"))
    return loaded


@transaction.atomic
def load() -> dict[str, int]:
    """Create the demonstration directory if the directory is empty; otherwise nothing."""
    if Service.objects.exists():
        return {"services": 0}
    now = document()
    # The import's only warnings are for the organisations the instance made already
    # (data.SYSTEM_ORGANISATIONS), matched by name: they keep their own ids.
    import_document(
        as_at_time_1(now), source=f"{DOCUMENT.name}, as it was at {TIME_1['label']}", by=None
    )
    directory.snapshot_take(by=None, label=TIME_1["label"], taken_on=TIME_1["taken_on"])
    import_document(now, source=DOCUMENT.name, by=None)
    directory.snapshot_take(by=None, label=TIME_2["label"], taken_on=TIME_2["taken_on"])
    _record_conflicts(now)
    return {"services": Service.objects.count()}


def as_at_time_1(now: dict[str, Any]) -> dict[str, Any]:
    """The document as it was at the first time point: without the services that came later
    or the links to them, and with TIME_1's changes written into the services they name."""
    absent = {str(service_code(key)) for key in TIME_1["absent"]}
    changes = {str(service_code(key)): change for key, change in TIME_1["changes"].items()}
    areas = {
        area["uri"].removeprefix(AREA_URI): area
        for service in now["contents"]
        for area in service["service_areas"]
    }
    then = copy.deepcopy(now)
    then["contents"] = [item for item in then["contents"] if item["id"] not in absent]
    for item in then["contents"]:
        item["last_modified"] = f"{TIME_1['taken_on'].isoformat()}T00:00:00+00:00"
        ours = item[EXTENSION]
        ours["links"] = [link for link in ours["links"] if link["target"] not in absent]
        if item["id"] in changes:
            _change(item, changes[item["id"]], areas)
    for name in ("total_items", "size"):
        then[name] = len(then["contents"])
    return then


def _change(item: dict[str, Any], change: dict[str, Any], areas: dict[str, Any]) -> None:
    """Write a service's earlier values into its Open Referral record: into our extension,
    which the import reads, and into the standard's fields that say the same (the import
    checks the years against the months)."""
    ours = item[EXTENSION]
    # The published description is the summary, a blank line and the description.
    description = item["description"].removeprefix(ours["summary"]).removeprefix("\n\n")
    ours["summary"] = change.get("summary", ours["summary"])
    description = change.get("description", description)
    item["description"] = f"{ours['summary']}\n\n{description}" if description else ours["summary"]
    item["name"] = change.get("name", item["name"])
    if "status" in change:
        item["status"] = STATUS[Service.Status(change["status"])]
        if change["status"] == Service.Status.ACTIVE:
            item.pop("alert", None)
    for key in ("remit", "boundaries", "ring", "wait_weeks"):
        ours[key] = change.get(key, ours[key])
    if "max_age_months" in change:
        months = change["max_age_months"]
        ours["maximum_age_months"] = months
        item["maximum_age"] = years_from_months(None, months)[1]
        for attribute in item["attributes"]:
            if attribute["taxonomy_term_id"] == str(MAXIMUM_MONTHS.code):
                attribute["value"] = str(months)
    if "areas" in change:
        item["service_areas"] = [
            {**areas[key], "service_id": item["id"]} for key in change["areas"]
        ]


def _record_conflicts(now: dict[str, Any]) -> None:
    """The managers have judged each conflict the document's links name to be one."""
    services = {str(service.code): service for service in Service.objects.all()}
    for item in now["contents"]:
        for link in item[EXTENSION]["links"]:
            if link["kind"] == LinkKind.CONFLICTS_WITH:
                directory.overlap_review_record(
                    by=None,
                    first=services[item["id"]],
                    second=services[link["target"]],
                    verdict=OverlapReview.Verdict.CONFLICT,
                    note=link["note"],
                )
