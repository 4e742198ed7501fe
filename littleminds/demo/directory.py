"""Loads the demonstration directory (directory_data.py) through the directory's services:
the map as it was at Time 1, saved as a time point, then the changes up to Time 2, saved
again, so that the two can be compared."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db import transaction

from littleminds.accounts import services as accounts
from littleminds.accounts.models import Organisation
from littleminds.demo import directory_data as content
from littleminds.directory import services as directory
from littleminds.directory.models import Area, NeedTerm, OverlapReview, Service
from littleminds.directory.services import AccessFields, LocationFields, ServiceFields

# Demonstration services keep the same Open Referral ids on every install.
_NAMESPACE = uuid.UUID("6f0b8c7e-3c55-4f7e-9a61-5c1d7b0e2a11")


def service_code(key: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"service:{key}")


def _fields(
    entry: dict[str, Any], areas: dict[str, Area], needs: dict[str, NeedTerm]
) -> ServiceFields:
    return ServiceFields(
        organisation=Organisation.objects.get(name=entry["organisation"]),
        name=entry["name"],
        summary=entry["summary"],
        description=entry["description"],
        remit=entry["remit"],
        boundaries=entry["boundaries"],
        ring=entry["ring"],
        min_age_months=entry["min_age_months"],
        max_age_months=entry["max_age_months"],
        pregnancy=entry["pregnancy"],
        areas=[areas[key] for key in entry["areas"]],
        needs=[needs[term] for term in entry["needs"]],
        in_person="in_person" in entry["delivery"],
        online="online" in entry["delivery"],
        telephone="telephone" in entry["delivery"],
        languages=list(entry["languages"]),
        wait_weeks=entry["wait_weeks"],
        status=entry["status"],
        email=entry["email"],
        url=entry["url"],
        phone=entry["phone"],
        access=[AccessFields(**access) for access in entry["access"]],
        locations=[
            LocationFields(code=uuid.uuid5(_NAMESPACE, f"location:{entry['key']}:{n}"), **place)
            for n, place in enumerate(entry["locations"])
        ],
    )


@transaction.atomic
def load() -> dict[str, int]:
    """Create the demonstration directory if the directory is empty; otherwise nothing."""
    if Service.objects.exists():
        return {"services": 0}
    for name, description in content.ORGANISATIONS:
        if not Organisation.objects.filter(name=name).exists():
            accounts.organisation_create(by=None, name=name, description=description)
    areas: dict[str, Area] = {}
    for spec in content.AREAS:
        area = Area.objects.filter(key=spec["key"]).first() or directory.area_create(
            by=None, key=spec["key"], name=spec["name"], description=spec["description"]
        )
        areas[area.key] = area
        if not area.coverage.exists():
            for prefix, start, end in spec["coverage"]:
                directory.coverage_add(
                    by=None,
                    area=area,
                    prefix=prefix,
                    valid_from=date.fromisoformat(start),
                    valid_to=date.fromisoformat(end) if end else None,
                )
    needs = {need.term: need for need in NeedTerm.objects.all()}
    by_key = {entry["key"]: entry for entry in content.SERVICES}
    time_1 = content.TIME_1
    absent = set(time_1["absent"])

    # Time 1: the services that existed then, as they were.
    services: dict[str, Service] = {}
    for key, entry in by_key.items():
        if key in absent:
            continue
        then = {**entry, **time_1["overrides"].get(key, {})}
        services[key] = directory.service_create(
            by=None, fields=_fields(then, areas, needs), code=service_code(key)
        )
    _link(services)
    directory.snapshot_take(
        by=None, label=time_1["label"], taken_on=date.fromisoformat(time_1["taken_on"])
    )

    # Time 2: new services, and the changes since.
    for key, entry in by_key.items():
        fields = _fields(entry, areas, needs)
        if key in services:
            directory.service_update(by=None, service=services[key], fields=fields)
        else:
            services[key] = directory.service_create(by=None, fields=fields, code=service_code(key))
    _link(services)
    time_2 = content.TIME_2
    directory.snapshot_take(
        by=None, label=time_2["label"], taken_on=date.fromisoformat(time_2["taken_on"])
    )
    for source, kind, target, note in content.LINKS:
        if kind == "conflicts_with":
            directory.overlap_review_record(
                by=None,
                first=services[source],
                second=services[target],
                verdict=OverlapReview.Verdict.CONFLICT,
                note=note,
            )
    return {"services": len(services)}


def _link(services: dict[str, Service]) -> None:
    """Link the services that exist so far (at Time 1, some do not yet)."""
    for source, kind, target, note in content.LINKS:
        if source not in services or target not in services:
            continue
        if services[source].links_out.filter(target=services[target], kind=kind).exists():
            continue
        directory.link_add(
            by=None, source=services[source], target=services[target], kind=kind, note=note
        )
