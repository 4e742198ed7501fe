"""Insights' shared reads: which ring of the system map each organisation sits on, and the
narrowing of a query to a ring or an organisation."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from littleminds.directory.models import Ring, Service
from littleminds.insights.pages import Filters

M = TypeVar("M", bound=Model)

# The innermost ring wins: an organisation with a core service is on the core ring.
RING_ORDER = (Ring.CORE, Ring.UNIVERSAL, Ring.RISK_FACTORS)


def organisation_rings() -> dict[int, str]:
    """Each organisation's ring: the innermost ring of the services it runs in the
    directory; organisations with no service are on none. One query."""
    rings: dict[int, str] = {}
    for organisation_id, ring in (
        Service.objects.exclude(organisation=None).values_list("organisation_id", "ring").distinct()
    ):
        held = rings.get(organisation_id)
        if held is None or RING_ORDER.index(Ring(ring)) < RING_ORDER.index(Ring(held)):
            rings[organisation_id] = ring
    return rings


def organisations_on(ring: str) -> list[int]:
    return [pk for pk, held in organisation_rings().items() if held == ring]


def in_ring_or_organisation(query: QuerySet[M], filters: Filters, field: str) -> QuerySet[M]:
    """`query` narrowed by its organisation `field` to the filters' organisation, and to
    the organisations on the filters' ring."""
    if filters.organisation is not None:
        query = query.filter(**{field: filters.organisation})
    if filters.ring:
        query = query.filter(**{f"{field}__in": organisations_on(filters.ring)})
    return query
