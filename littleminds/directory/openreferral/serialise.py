"""The directory as Open Referral UK JSON (HSDS 3.0, UK profile): pure functions of the
models, with no queries of their own (callers prefetch what `service_full` lists).

Three choices a reader of the output should know (ADR 0007):

- Ids are UUIDs everywhere. Objects we store have their own `code`; objects that exist
  only in Open Referral (a contact per way in, a language row, an attribute, an address)
  get a uuid5 derived from their parent's code, so exporting twice gives the same ids.
- Open Referral counts ages in years; we count months, and a service may also work in
  pregnancy. The years published are the smallest whole-year range that holds ours
  (`minimum_age` = floor(months / 12), `maximum_age` = ceil(months / 12), both read as
  "from the birthday" and "until the birthday"), so a consumer filtering in years never
  misses a service. The exact months and pregnancy are published twice more: as
  attributes of the "Little Minds eligibility" taxonomy, which any consumer can read, and
  in the `littleminds` extension object, which carries everything an import needs to
  rebuild the service exactly.
- Fields of HSDS 3.0 that the UK profile leaves out (a language's `name` and `code`,
  `phones`, `wait_time`, `eligibility_description`, an attribute's `value`) are published
  too: the UK schemas allow additional properties, and international consumers read them.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from littleminds.directory.models import (
    LANGUAGE_NAMES,
    AccessMethod,
    Area,
    Location,
    NeedTerm,
    Service,
    ServiceAccess,
    ServiceAtLocation,
    Taxonomy,
)
from littleminds.directory.selectors import describe_ages

if TYPE_CHECKING:
    from littleminds.accounts.models import Organisation

# The root of every id we derive rather than store (uuid5 of a fixed name, so it never
# changes between instances or releases).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:littleminds:openreferral")
EXTENSION = "littleminds"
AREA_URI = "urn:littleminds:area:"
NEED_LINK = "need"
ELIGIBILITY_LINK = "eligibility"

STATUS = {
    Service.Status.ACTIVE: "active",
    Service.Status.TEMPORARILY_CLOSED: "temporarily closed",
    Service.Status.DECOMMISSIONED: "defunct",
}
DELIVERY = ("in_person", "online", "telephone")


def derived_id(parent: uuid.UUID, *parts: str) -> str:
    """A stable id for an object that exists only in Open Referral, made from its parent."""
    return str(uuid.uuid5(parent, ":".join(parts)))


def years_from_months(low: int | None, high: int | None) -> tuple[int | None, int | None]:
    """The smallest whole-year range that holds [low, high) months (see the module note)."""
    return (
        None if low is None else low // 12,
        None if high is None else math.ceil(high / 12),
    )


# The eligibility taxonomy ----------------------------------------------------------------


@dataclass(frozen=True)
class EligibilityTerm:
    """A term of the "Little Minds eligibility" taxonomy. It is not stored: its terms are
    facts of every service (its months and pregnancy), published so that a standard
    consumer can read them as attributes."""

    key: str
    name: Promise
    description: Promise

    @property
    def code(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"eligibility:{self.key}")


ELIGIBILITY_TAXONOMY_ID = uuid.uuid5(NAMESPACE, "taxonomy:eligibility")
ELIGIBILITY_NAME = gettext_lazy("Little Minds eligibility")
ELIGIBILITY_DESCRIPTION = gettext_lazy(
    "Who a service works with, more exactly than Open Referral's ages in years: whether it "
    "works with families in pregnancy, and its ages in whole months. An attribute's value "
    "holds the number of months."
)
PREGNANCY = EligibilityTerm(
    "pregnancy",
    gettext_lazy("Works with families in pregnancy"),
    gettext_lazy("The service works with parents during pregnancy, before the baby is born."),
)
MINIMUM_MONTHS = EligibilityTerm(
    "minimum_age_months",
    gettext_lazy("Youngest age in months"),
    gettext_lazy("The youngest age, in whole months, that the service works with."),
)
MAXIMUM_MONTHS = EligibilityTerm(
    "maximum_age_months",
    gettext_lazy("Age limit in months"),
    gettext_lazy(
        "The age, in whole months, at which the service stops: it works with children "
        "younger than this."
    ),
)
ELIGIBILITY_TERMS = (PREGNANCY, MINIMUM_MONTHS, MAXIMUM_MONTHS)
ELIGIBILITY_BY_CODE = {term.code: term for term in ELIGIBILITY_TERMS}


def eligibility_taxonomy(*, with_terms: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(ELIGIBILITY_TAXONOMY_ID),
        "name": str(ELIGIBILITY_NAME),
        "description": str(ELIGIBILITY_DESCRIPTION),
        "version": "1",
    }
    if with_terms:
        data["taxonomy_terms"] = [eligibility_term(term) for term in ELIGIBILITY_TERMS]
    return data


def eligibility_term(term: EligibilityTerm) -> dict[str, Any]:
    return {
        "id": str(term.code),
        "name": str(term.name),
        "description": str(term.description),
        "taxonomy": str(ELIGIBILITY_NAME),
        "taxonomy_id": str(ELIGIBILITY_TAXONOMY_ID),
        "term": term.key,
        "code": term.key,
    }


# Taxonomies of needs ---------------------------------------------------------------------


def taxonomy(t: Taxonomy, *, terms: Sequence[NeedTerm] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": str(t.code), "name": t.name, "description": t.description}
    if t.uri:
        data["uri"] = t.uri
    if t.version:
        data["version"] = t.version
    if terms is not None:
        data["taxonomy_terms"] = [taxonomy_term(term) for term in terms]
    return data


def taxonomy_term(term: NeedTerm) -> dict[str, Any]:
    """Expects the term's taxonomy and parent to be selected with it."""
    data: dict[str, Any] = {
        "id": str(term.code),
        "name": term.name,
        "description": term.description,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": str(term.taxonomy.code),
        # `term` is the UK profile's name for the short code; HSDS 3.0 calls it `code`.
        "term": term.term,
        "code": term.term,
    }
    if term.parent is not None:
        data["parent_id"] = str(term.parent.code)
    return data


# Services --------------------------------------------------------------------------------


def organization(org: Organisation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(org.code),
        "name": org.name,
        "description": org.description,
    }
    if org.website:
        data["website"] = org.website
    return data


def _description(service: Service) -> str:
    """Open Referral has one description; ours is a summary and an optional longer text.
    They are joined by a blank line, which an import splits again."""
    return f"{service.summary}\n\n{service.description}" if service.description else service.summary


def _one_to_one(service: Service) -> dict[str, Any]:
    """The service's own fields, as every list and the full service carry them."""
    minimum, maximum = years_from_months(service.min_age_months, service.max_age_months)
    data: dict[str, Any] = {
        "id": str(service.code),
        "organization_id": str(service.organisation.code),
        "name": service.name,
        "description": _description(service),
        "status": STATUS[Service.Status(service.status)],
        "last_modified": service.updated_at.isoformat(),
    }
    if service.url:
        data["url"] = service.url
    if service.email:
        data["email"] = service.email
    if minimum is not None:
        data["minimum_age"] = minimum
    if maximum is not None:
        data["maximum_age"] = maximum
    if service.confirmed_at is not None:
        data["assured_date"] = service.confirmed_at.date().isoformat()
    if service.status == Service.Status.TEMPORARILY_CLOSED:
        data["alert"] = _("Temporarily closed: check with the service before referring.")
    return data


def service_list_item(service: Service) -> dict[str, Any]:
    """One item of GET /services (compiled/service_list.json). Expects the organisation to
    be selected with the service."""
    return {**_one_to_one(service), "organization": organization(service.organisation)}


def _address_lines(location: Location) -> list[str]:
    return [line.strip() for line in location.address.splitlines() if line.strip()]


def _location(location: Location, *, full: bool) -> dict[str, Any]:
    lines = _address_lines(location)
    data: dict[str, Any] = {
        "id": str(location.code),
        "location_type": "physical",
        "name": location.name,
    }
    summary = ", ".join([*lines, location.postcode] if location.postcode else lines)
    if summary:
        data["description"] = summary
    if location.latitude is not None and location.longitude is not None:
        data["latitude"] = location.latitude
        data["longitude"] = location.longitude
    if not full:
        return data
    addresses = []
    if lines or location.postcode:
        address: dict[str, Any] = {
            "id": derived_id(location.code, "address"),
            "location_id": str(location.code),
            "address_1": lines[0] if lines else "",
            "city": lines[-1] if len(lines) > 1 else "",
            "state_province": "",
            "postal_code": location.postcode,
            "country": "GB",
            "address_type": "physical",
        }
        if len(lines) > 2:
            address["address_2"] = ", ".join(lines[1:-1])
        addresses.append(address)
    data["addresses"] = addresses
    # The address as it was typed, so that an import gives it back exactly (the lines above
    # lose its line breaks and spacing).
    data[EXTENSION] = {"address": location.address}
    return data


def service_at_location_id(service: Service, location: Location) -> str:
    # Derived from the pair rather than ServiceAtLocation.code, which is made again each
    # time the service is saved: the pair is what stays the same.
    return derived_id(service.code, "service_at_location", str(location.code))


def service_at_location_item(sal: ServiceAtLocation) -> dict[str, Any]:
    """One item of GET /service_at_locations (compiled/service_at_location_list.json).
    Expects the service, its organisation and the location to be selected with it."""
    return {
        "id": service_at_location_id(sal.service, sal.location),
        "service_id": str(sal.service.code),
        "location_id": str(sal.location.code),
        "location": _location(sal.location, full=False),
        "service": service_list_item(sal.service),
    }


def service_at_location_full(service: Service, location: Location) -> dict[str, Any]:
    """A service at one of its locations in full, as GET /service_at_locations/{id}
    answers (compiled/service_at_location.json). Expects the service as `service_full`
    does."""
    return {
        "id": service_at_location_id(service, location),
        "service_id": str(service.code),
        "location_id": str(location.code),
        "location": _location(location, full=True),
        "service": service_full(service),
    }


def _languages(service: Service) -> list[dict[str, Any]]:
    return [
        {
            "id": derived_id(service.code, "language", code),
            "service_id": str(service.code),
            "name": str(LANGUAGE_NAMES.get(code, code)),
            "code": code,
        }
        for code in service.languages
    ]


def _contacts(service: Service, access: Sequence[ServiceAccess]) -> list[dict[str, Any]]:
    """One contact for each way into the service, with its phone and email."""
    contacts = []
    for way in access:
        contact_id = derived_id(service.code, "contact", way.method)
        contact: dict[str, Any] = {
            "id": contact_id,
            "service_id": str(service.code),
            "name": str(AccessMethod(way.method).label),
        }
        if way.email:
            contact["email"] = way.email
        if way.phone:
            phone: dict[str, Any] = {
                "id": derived_id(service.code, "phone", way.method),
                "contact_id": contact_id,
                "number": way.phone,
            }
            if way.instructions:
                phone["description"] = way.instructions
            contact["phones"] = [phone]
        contacts.append(contact)
    return contacts


def _need_attribute(service: Service, need: NeedTerm) -> dict[str, Any]:
    return {
        "id": derived_id(service.code, "attribute", str(need.code)),
        "link_id": str(service.code),
        "link_type": NEED_LINK,
        "link_entity": "service",
        "taxonomy_term_id": str(need.code),
        "taxonomy_term": taxonomy_term(need),
    }


def _eligibility_attribute(service: Service, term: EligibilityTerm, value: str) -> dict[str, Any]:
    return {
        "id": derived_id(service.code, "attribute", "eligibility", term.key),
        "link_id": str(service.code),
        "link_type": ELIGIBILITY_LINK,
        "link_entity": "service",
        "taxonomy_term_id": str(term.code),
        "taxonomy_term": eligibility_term(term),
        "value": value,
    }


def _attributes(service: Service) -> list[dict[str, Any]]:
    needs = sorted(service.needs.all(), key=lambda need: (need.name, str(need.code)))
    attributes = [_need_attribute(service, need) for need in needs]
    if service.pregnancy:
        attributes.append(_eligibility_attribute(service, PREGNANCY, "true"))
    if service.min_age_months is not None:
        attributes.append(
            _eligibility_attribute(service, MINIMUM_MONTHS, str(service.min_age_months))
        )
    if service.max_age_months is not None:
        attributes.append(
            _eligibility_attribute(service, MAXIMUM_MONTHS, str(service.max_age_months))
        )
    return attributes


def _service_area(service: Service, area: Area) -> dict[str, Any]:
    return {
        "id": str(area.code),
        "service_id": str(service.code),
        "name": area.name,
        "service_area": area.description or area.name,
        "uri": f"{AREA_URI}{area.key}",
        # The postcode districts and sectors, with their dates: Open Referral has no field
        # for them, and without them an imported area would reach no postcode.
        "littleminds": {
            "coverage": [
                {
                    "prefix": cover.prefix,
                    "valid_from": cover.valid_from.isoformat(),
                    "valid_to": cover.valid_to.isoformat() if cover.valid_to else None,
                    "ons_code": cover.ons_code,
                }
                for cover in area.coverage.all()
            ]
        },
    }


def extension(service: Service, access: Sequence[ServiceAccess]) -> dict[str, Any]:
    """What Open Referral has no field for, so that an import rebuilds the service exactly."""
    return {
        "minimum_age_months": service.min_age_months,
        "maximum_age_months": service.max_age_months,
        "pregnancy": service.pregnancy,
        "remit": service.remit,
        "boundaries": service.boundaries,
        "ring": service.ring,
        "summary": service.summary,
        "access": [
            {
                "method": way.method,
                "phone": way.phone,
                "email": way.email,
                "url": way.url,
                "instructions": way.instructions,
            }
            for way in access
        ],
        "delivery": [way for way in DELIVERY if getattr(service, way)],
        "wait_weeks": service.wait_weeks,
        "phone": service.phone,
        "links": [
            {"kind": link.kind, "target": str(link.target.code), "note": link.note}
            for link in service.links_out.all()
        ],
    }


def service_full(service: Service) -> dict[str, Any]:
    """One service in full, as GET /services/{id} answers (compiled/service.json).

    Expects the organisation selected, and areas, needs (with taxonomy and parent), access
    and at_locations (with location) prefetched."""
    # In the order the directory offers the ways in: families first.
    order = list(AccessMethod.values)
    access = sorted(service.access.all(), key=lambda way: order.index(way.method))
    places = sorted(
        (sal.location for sal in service.at_locations.all()),
        key=lambda place: (place.name, str(place.code)),
    )
    data = service_list_item(service)
    ages = describe_ages(service)
    data["eligibility_description"] = ages[:1].upper() + ages[1:]
    if service.wait_weeks is not None:
        data["wait_time"] = ngettext("%(count)d week", "%(count)d weeks", service.wait_weeks) % {
            "count": service.wait_weeks
        }
    if service.phone:
        data["phones"] = [
            {
                "id": derived_id(service.code, "phone"),
                "service_id": str(service.code),
                "number": service.phone,
            }
        ]
    application = [
        f"{AccessMethod(way.method).label}: {way.instructions}"
        for way in access
        if way.instructions
    ]
    if application:
        data["application_process"] = "\n".join(application)
    data["service_areas"] = [
        _service_area(service, area)
        for area in sorted(service.areas.all(), key=lambda area: (area.name, str(area.code)))
    ]
    data["service_at_locations"] = [
        {
            "id": service_at_location_id(service, place),
            "service_id": str(service.code),
            "location_id": str(place.code),
            "location": _location(place, full=True),
        }
        for place in places
    ]
    data["languages"] = _languages(service)
    data["contacts"] = _contacts(service, access)
    data["attributes"] = _attributes(service)
    data["schedules"] = []
    data["funding"] = []
    data["cost_options"] = []
    data[EXTENSION] = extension(service, access)
    return data


def page(items: list[dict[str, Any]], total: int, page: int, per_page: int) -> dict[str, Any]:
    """A paginated response: the Page fields of openapi.json around `contents`."""
    total_pages = max(1, math.ceil(total / per_page)) if per_page > 0 else 1
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not items,
        "contents": items,
    }
