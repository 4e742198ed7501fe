"""Writes to the directory. Each runs in one transaction with its audit event; each change
to a service also keeps a revision (the service as it was after the change)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import Organisation, User
from littleminds.audit.services import audit_record
from littleminds.core import caching
from littleminds.core.postcodes import InvalidPostcode, parse_postcode
from littleminds.directory.models import (
    AccessMethod,
    Area,
    AreaCoverage,
    LinkKind,
    Location,
    MapSnapshot,
    NeedTerm,
    OverlapReview,
    Service,
    ServiceAccess,
    ServiceAtLocation,
    ServiceLink,
    ServiceRevision,
    Taxonomy,
)
from littleminds.directory.selectors import SEARCH_GENERATION, map_state, service_data

if TYPE_CHECKING:
    from collections.abc import Sequence


@dataclass
class AccessFields:
    method: str
    phone: str = ""
    email: str = ""
    url: str = ""
    instructions: str = ""


@dataclass
class LocationFields:
    name: str
    address: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    code: uuid.UUID | None = None


@dataclass
class ServiceFields:
    """Everything a service is, as a form or an import gives it."""

    organisation: Organisation
    name: str
    summary: str
    remit: str
    boundaries: str
    ring: str
    description: str = ""
    min_age_months: int | None = None
    max_age_months: int | None = None
    pregnancy: bool = False
    areas: Sequence[Area] = ()
    needs: Sequence[NeedTerm] = ()
    in_person: bool = True
    online: bool = False
    telephone: bool = False
    languages: list[str] = field(default_factory=list)
    wait_weeks: int | None = None
    status: str = Service.Status.ACTIVE
    email: str = ""
    url: str = ""
    phone: str = ""
    access: list[AccessFields] = field(default_factory=list)
    locations: list[LocationFields] = field(default_factory=list)


_SIMPLE = [
    "organisation",
    "name",
    "summary",
    "description",
    "remit",
    "boundaries",
    "ring",
    "min_age_months",
    "max_age_months",
    "pregnancy",
    "in_person",
    "online",
    "telephone",
    "languages",
    "wait_weeks",
    "status",
    "email",
    "url",
    "phone",
]


def directory_changed() -> None:
    """Give the directory's searches a new generation (ADR 0046), inside the caller's
    transaction: every cached search was keyed by the old one, so none is served again, in
    any worker, once the change commits; and if it rolls back, the new token goes with it
    and is never seen. Every write that changes what a search finds or shows calls it:
    services, their areas, needs and ways in, the day they were confirmed, needs' names,
    areas and their postcodes. A bulk load that writes the tables itself calls it at the
    end."""
    caching.generation_changed(SEARCH_GENERATION)


def _search_text(service: Service) -> str:
    parts = [
        service.name,
        service.summary,
        service.description,
        service.remit,
        service.organisation.name,
    ]
    return " ".join(" ".join(part.split()) for part in parts if part).lower()


def _clean_text(fields: ServiceFields) -> None:
    for name in ("name", "summary", "description", "remit", "boundaries", "email", "url", "phone"):
        setattr(fields, name, (getattr(fields, name) or "").strip())


def _save_children(service: Service, fields: ServiceFields) -> None:
    service.areas.set(fields.areas)
    everywhere = not fields.areas
    if service.open_everywhere != everywhere:
        service.open_everywhere = everywhere
        service.save(update_fields=["open_everywhere"])
    service.needs.set(fields.needs)
    methods = [access.method for access in fields.access]
    if len(methods) != len(set(methods)):
        raise ValidationError(_("Give each way into the service once."))
    service.access.all().delete()
    for access in fields.access:
        if access.method not in AccessMethod.values:
            raise ValidationError(
                _("%(method)s is not a way into a service.") % {"method": access.method}
            )
        item = ServiceAccess(
            service=service,
            method=access.method,
            phone=access.phone.strip(),
            email=access.email.strip(),
            url=access.url.strip(),
            instructions=access.instructions.strip(),
        )
        item.full_clean()
        item.save()
    service.at_locations.all().delete()
    for place in fields.locations:
        postcode = ""
        if place.postcode:
            try:
                postcode = str(parse_postcode(place.postcode))
            except InvalidPostcode as error:
                raise ValidationError(
                    _("The postcode of %(place)s: %(problem)s")
                    % {"place": place.name, "problem": error}
                ) from error
        location = Location.objects.filter(code=place.code).first() if place.code else None
        location = location or Location(code=place.code or uuid.uuid4())
        location.name = place.name.strip()
        location.address = place.address.strip()
        location.postcode = postcode
        location.latitude = place.latitude
        location.longitude = place.longitude
        location.full_clean()
        location.save()
        ServiceAtLocation.objects.create(service=service, location=location)


def _fresh(service: Service) -> Service:
    return (
        Service.objects.select_related("organisation")
        .prefetch_related("areas", "needs", "access", "locations")
        .get(pk=service.pk)
    )


def _record_revision(service: Service, by: User | None, changed: list[str]) -> ServiceRevision:
    number = (
        service.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    return ServiceRevision.objects.create(
        service=service,
        number=number,
        recorded_by=by,
        changed=changed,
        data=service_data(_fresh(service)),
    )


def service_create(
    *, by: User | None, fields: ServiceFields, code: uuid.UUID | None = None
) -> Service:
    _clean_text(fields)
    with transaction.atomic():
        service = Service(code=code or uuid.uuid4())
        for name in _SIMPLE:
            setattr(service, name, getattr(fields, name))
        service.search_text = _search_text(service)
        service.full_clean()
        service.save()
        _save_children(service, fields)
        _record_revision(service, by, ["created"])
        audit_record(by=by, action="service.created", target=service, detail={"name": service.name})
        directory_changed()
    return service


def service_update(*, by: User | None, service: Service, fields: ServiceFields) -> list[str]:
    """Change a service to match `fields`; returns the names of what changed."""
    _clean_text(fields)
    before = service_data(_fresh(service))
    with transaction.atomic():
        for name in _SIMPLE:
            setattr(service, name, getattr(fields, name))
        service.search_text = _search_text(service)
        service.updated_at = timezone.now()
        service.full_clean()
        service.save()
        _save_children(service, fields)
        after = service_data(_fresh(service))
        changed = sorted(key for key in after if after[key] != before.get(key))
        if changed:
            _record_revision(service, by, changed)
            audit_record(
                by=by, action="service.changed", target=service, detail={"changed": changed}
            )
            directory_changed()
    return changed


def service_set_status(*, by: User, service: Service, status: str) -> None:
    if status not in Service.Status.values:
        raise ValidationError(_("Choose a status from the list."))
    if service.status == status:
        return
    with transaction.atomic():
        service.status = status
        service.updated_at = timezone.now()
        service.save(update_fields=["status", "updated_at"])
        _record_revision(service, by, ["status"])
        audit_record(
            by=by, action="service.status_changed", target=service, detail={"status": status}
        )
        directory_changed()


def service_confirm(*, by: User, service: Service) -> None:
    """A manager says the service's details are still right today."""
    with transaction.atomic():
        service.confirmed_at = timezone.now()
        service.confirmed_by = by
        service.save(update_fields=["confirmed_at", "confirmed_by"])
        audit_record(by=by, action="service.confirmed", target=service)
        # Open Referral lists show the day a service was last confirmed.
        directory_changed()


def link_add(
    *, by: User | None, source: Service, target: Service, kind: str, note: str = ""
) -> ServiceLink:
    if kind not in LinkKind.values:
        raise ValidationError(_("Choose the kind of link from the list."))
    if source.pk == target.pk:
        raise ValidationError(_("A service cannot be linked to itself."))
    if ServiceLink.objects.filter(source=source, target=target, kind=kind).exists():
        raise ValidationError(_("These services already have this link."))
    with transaction.atomic():
        link = ServiceLink.objects.create(
            source=source, target=target, kind=kind, note=note.strip()
        )
        audit_record(
            by=by,
            action="service.linked",
            target=source,
            detail={"kind": kind, "target": str(target.code)},
        )
    return link


def link_remove(*, by: User, link: ServiceLink) -> None:
    with transaction.atomic():
        audit_record(
            by=by,
            action="service.unlinked",
            target=link.source,
            detail={"kind": link.kind, "target": str(link.target.code)},
        )
        link.delete()


def need_save(
    *,
    by: User | None,
    term: str,
    name: str,
    description: str,
    group: str,
    need: NeedTerm | None = None,
    taxonomy: Taxonomy | None = None,
    code: uuid.UUID | None = None,
) -> NeedTerm:
    """Add a need to the taxonomy, or change one (its code never changes once used)."""
    with transaction.atomic():
        if need is None:
            if taxonomy is None:
                raise ValidationError(_("There is no needs taxonomy to add the need to."))
            need = NeedTerm(code=code or uuid.uuid4(), taxonomy=taxonomy, term=term.strip())
            action = "need.created"
        else:
            action = "need.changed"
        need.name = name.strip()
        need.description = description.strip()
        need.group = group
        need.full_clean()
        need.save()
        audit_record(by=by, action=action, target=need, detail={"term": need.term})
        directory_changed()
    return need


def area_create(
    *,
    by: User | None,
    key: str,
    name: str,
    description: str = "",
    code: uuid.UUID | None = None,
) -> Area:
    with transaction.atomic():
        area = Area(
            code=code or uuid.uuid4(),
            key=key.strip(),
            name=name.strip(),
            description=description.strip(),
        )
        area.full_clean()
        area.save()
        audit_record(by=by, action="area.created", target=area, detail={"name": area.name})
        directory_changed()
    return area


def _prefix(text: str) -> str:
    """A postcode district ("BD7") or sector ("BD7 1"), normalised."""
    cleaned = " ".join(text.upper().split())
    if " " in cleaned:
        district, _space, digit = cleaned.partition(" ")
        if len(digit) != 1 or not digit.isdigit():
            raise ValidationError(_("Enter a postcode district, like BD7, or a sector, like BD7 1"))
    else:
        district = cleaned
    try:
        parse_postcode(district, allow_district=True)
    except InvalidPostcode as error:
        raise ValidationError(
            _("Enter a postcode district, like BD7, or a sector, like BD7 1")
        ) from error
    return cleaned


def coverage_add(
    *,
    by: User | None,
    area: Area,
    prefix: str,
    valid_from: date,
    valid_to: date | None = None,
    ons_code: str = "",
) -> AreaCoverage:
    with transaction.atomic():
        cover = AreaCoverage(
            area=area,
            prefix=_prefix(prefix),
            valid_from=valid_from,
            valid_to=valid_to,
            ons_code=ons_code.strip(),
        )
        cover.full_clean()
        if valid_to is not None and valid_to < valid_from:
            raise ValidationError(_("The end date must be on or after the start date."))
        cover.save()
        audit_record(
            by=by,
            action="area.coverage_added",
            target=area,
            detail={"prefix": cover.prefix, "from": str(valid_from), "to": str(valid_to or "")},
        )
        directory_changed()
    return cover


def coverage_end(*, by: User, cover: AreaCoverage, valid_to: date) -> None:
    if valid_to < cover.valid_from:
        raise ValidationError(_("The end date must be on or after the date it started."))
    with transaction.atomic():
        cover.valid_to = valid_to
        cover.save(update_fields=["valid_to"])
        audit_record(
            by=by,
            action="area.coverage_ended",
            target=cover.area,
            detail={"prefix": cover.prefix, "to": str(valid_to)},
        )
        directory_changed()


def overlap_review_record(
    *, by: User | None, first: Service, second: Service, verdict: str, note: str = ""
) -> OverlapReview:
    if verdict not in OverlapReview.Verdict.values:
        raise ValidationError(_("Choose complementary or conflict."))
    if first.pk > second.pk:
        first, second = second, first
    with transaction.atomic():
        review, _created = OverlapReview.objects.update_or_create(
            first=first,
            second=second,
            defaults={
                "verdict": verdict,
                "note": note.strip(),
                "reviewed_by": by,
                "reviewed_at": timezone.now(),
            },
        )
        audit_record(
            by=by,
            action="service.overlap_reviewed",
            target=first,
            detail={"with": str(second.code), "verdict": verdict},
        )
    return review


def snapshot_take(
    *, by: User | None, label: str, taken_on: date, state: dict[str, Any] | None = None
) -> MapSnapshot:
    """Keep the map as it is now (or as `state` describes it) under a label."""
    with transaction.atomic():
        snapshot = MapSnapshot(
            label=label.strip(), taken_on=taken_on, created_by=by, data=state or map_state()
        )
        snapshot.full_clean()
        snapshot.save()
        audit_record(by=by, action="map.snapshot_taken", target=snapshot, detail={"label": label})
    return snapshot
