"""Reads of the system map at any size (ADR 0009, ADR 0047).

The map first counts the services its filters choose, by ring and kind of organisation, in
one grouped query. When there are few enough to draw one by one, it reads them with their
links; otherwise it draws the groups, and the table beside it counts them by ring and kind,
or by area once a ring and kind are chosen. Nothing here reads every service or every link
of a national directory.

The directory holds no personal data, so these reads are not audited.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from littleminds.accounts.models import Organisation
from littleminds.directory.models import Area, OverlapReview, Service, ServiceLink


@dataclass(frozen=True)
class MapData:
    """What the map draws one by one: services, and the links and recorded conflicts
    between them."""

    services: list[Service]
    links: list[ServiceLink]
    conflicts: list[tuple[Service, Service, str]]


@dataclass(frozen=True)
class MapScope:
    """Which active services the map shows. `kind` None is every kind of organisation;
    "" is organisations whose kind is not yet known."""

    need: str = ""
    area: Area | None = None
    ring: str = ""
    kind: str | None = None


@dataclass(frozen=True)
class GroupCount:
    ring: str
    kind: str
    count: int


@dataclass(frozen=True)
class AreaCount:
    key: str
    name: str
    count: int  # with the services open to every area, as the area's own map counts them


def services_in(scope: MapScope) -> QuerySet[Service]:
    """The active services the scope chooses, one row each (no joins that repeat a row)."""
    services = Service.objects.filter(status=Service.Status.ACTIVE)
    if scope.need:
        services = services.filter(
            Exists(
                Service.needs.through.objects.filter(
                    service_id=OuterRef("pk"), needterm__term=scope.need
                )
            )
        )
    if scope.area is not None:
        # A service with no area limit is open to families in every area. The area's services
        # are read first, by the index on the area: asked as a subquery, PostgreSQL read every
        # service to test each (280 ms at 50,000 services, ADR 0047); as a list of ids, it
        # reads only them and those open everywhere, by their indexes.
        in_area = list(
            Service.areas.through.objects.filter(area=scope.area).values_list(
                "service_id", flat=True
            )
        )
        services = services.filter(Q(open_everywhere=True) | Q(pk__in=in_area))
    if scope.ring:
        services = services.filter(ring=scope.ring)
    if scope.kind is not None:
        # By the organisations of that kind rather than a join, so that a count by ring and
        # organisation reads the index `service_map_groups` alone.
        services = services.filter(
            organisation_id__in=Organisation.objects.filter(kind=scope.kind).values("pk")
        )
    return services


# Up to this many areas, the map's area filter lists them all; beyond it (a national
# directory has about 2,000) a list would be a long page to scroll on a phone and a fifth of
# a megabyte on every map page, so the area is typed instead (ADR 0047).
AREAS_LISTED = 200


def areas_for_choice() -> list[tuple[str, str]] | None:
    """Each area's key and name, by name, for the map's filter, or None when there are more
    than `AREAS_LISTED`: one query, no postcodes."""
    areas = list(Area.objects.order_by("name").values_list("key", "name")[: AREAS_LISTED + 1])
    return None if len(areas) > AREAS_LISTED else areas


def area_find(value: str) -> Area | None:
    """The area with this key (as the map's links give it) or this name, whatever its
    capitals (as a person types it): one query."""
    value = value.strip()
    if not value or "\x00" in value:  # PostgreSQL refuses to compare with a NUL
        return None
    found = list(Area.objects.filter(Q(key=value) | Q(name__iexact=value)).order_by("name", "pk"))
    by_key = [area for area in found if area.key == value]
    return next(iter(by_key or found), None)


def map_groups(scope: MapScope) -> list[GroupCount]:
    """How many services of each kind of organisation each ring holds: two queries.

    Services are counted by ring and organisation, which PostgreSQL reads from the index
    `service_map_groups` alone (16 ms at 50,000 services, where counting by the kind of a
    joined organisation read the whole table, 100–150 ms; ADR 0047); the organisations'
    kinds are then added up here."""
    rows = (
        services_in(scope)
        .order_by()
        .values_list("ring", "organisation_id")
        .annotate(count=Count("*"))
    )
    kinds = dict(Organisation.objects.values_list("pk", "kind"))
    counts: Counter[tuple[str, str]] = Counter()
    for ring, organisation, count in rows:
        counts[ring, kinds[organisation]] += count
    return [GroupCount(ring, kind, count) for (ring, kind), count in sorted(counts.items())]


def map_areas(scope: MapScope) -> tuple[list[AreaCount], int]:
    """Each area's number of services in the scope (areas with none left out), by name, and
    how many of them are open to every area (counted in each area too): two queries."""
    chosen = services_in(MapScope(need=scope.need, ring=scope.ring, kind=scope.kind))
    everywhere = chosen.filter(open_everywhere=True).count()
    rows = (
        Service.areas.through.objects.filter(service__in=chosen)
        .order_by()
        .values("area__key", "area__name")
        .annotate(count=Count("service_id"))
        .order_by("area__name")
    )
    return [
        AreaCount(row["area__key"], row["area__name"], row["count"] + everywhere) for row in rows
    ], everywhere


def map_services(scope: MapScope) -> QuerySet[Service]:
    """The scope's services in the table's order (ring, then name), with their organisation."""
    return services_in(scope).select_related("organisation").order_by("ring", "name", "pk")


def map_data(scope: MapScope, *, with_conflicts: bool) -> MapData:
    """The services to draw one by one, with only the links and recorded conflicts between
    them (never every link of the directory)."""
    shown = list(map_services(scope))
    ids = [service.pk for service in shown]
    links = list(
        ServiceLink.objects.filter(source_id__in=ids, target_id__in=ids)
        .select_related("source", "target")
        .order_by("pk")
    )
    conflicts: list[tuple[Service, Service, str]] = []
    if with_conflicts and ids:
        by_id = {service.pk: service for service in shown}
        reviews = OverlapReview.objects.filter(
            verdict=OverlapReview.Verdict.CONFLICT, first_id__in=ids, second_id__in=ids
        ).order_by("pk")
        conflicts = [
            (by_id[review.first_id], by_id[review.second_id], review.note) for review in reviews
        ]
    return MapData(shown, links, conflicts)
