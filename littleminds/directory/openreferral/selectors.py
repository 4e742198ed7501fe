"""Reads for the Open Referral API and export. The directory holds no personal data, so
these reads are public and not audited.

Searching reuses the directory's own search (`directory.selectors.services_matching`: live
services, words, and the postcode against areas with their effective dates, where a ZZ99
pseudo-postcode never rules a service out), so the API and the directory's pages cannot
disagree about which services a postcode reaches. Only what Open Referral adds is here:
needs named by their id, an age range in years, and distance from a postcode.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Avg, Prefetch, Q, QuerySet

from littleminds.core.postcodes import Postcode
from littleminds.directory.models import (
    Area,
    Location,
    NeedTerm,
    Service,
    ServiceAtLocation,
    ServiceLink,
    Taxonomy,
)
from littleminds.directory.openreferral.serialise import (
    ELIGIBILITY_BY_CODE,
    MAXIMUM_MONTHS,
    MINIMUM_MONTHS,
    PREGNANCY,
    derived_id,
    service_list_item,
)
from littleminds.directory.openreferral.serialise import page as page_of
from littleminds.directory.selectors import (
    SearchQuery,
    page_of_rows,
    search_cache_key,
    search_cached,
    search_generation,
    services_matching,
)

# What `serialise.service_list_item` reads of a service and its organisation: the search
# reads no more (a service's `search_text` alone is as long as the rest).
LISTED_FIELDS = (
    "code",
    "name",
    "summary",
    "description",
    "status",
    "updated_at",
    "url",
    "email",
    "min_age_months",
    "max_age_months",
    "confirmed_at",
    "organisation__code",
    "organisation__name",
    "organisation__description",
    "organisation__website",
)

EARTH_RADIUS_METRES = 6_371_000
METRES_PER_DEGREE_OF_LATITUDE = 111_320


@dataclass(frozen=True)
class Filters:
    """The query parameters of GET /services and GET /service_at_locations, checked."""

    search: str = ""
    taxonomy_term_id: UUID | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    postcode: Postcode | None = None
    proximity: int | None = None


class NoCentre(Exception):
    """We know no place in the postcode's district to measure distances from."""


def _years_filter(minimum: int | None, maximum: int | None) -> Q:
    """Services whose ages, [min, max) months, meet the years [minimum, maximum) asked for.
    Years are read as Open Referral's ages are published: from the minimum birthday and
    until the maximum one."""
    condition = Q()
    if minimum is not None:
        condition &= Q(max_age_months__isnull=True) | Q(max_age_months__gt=minimum * 12)
    if maximum is not None:
        condition &= Q(min_age_months__isnull=True) | Q(min_age_months__lt=maximum * 12)
    return condition


def _term_filter(code: UUID) -> Q:
    """A need of ours, or a term of the eligibility taxonomy, which stands for a fact of the
    service rather than a stored link."""
    eligibility = ELIGIBILITY_BY_CODE.get(code)
    if eligibility is PREGNANCY:
        return Q(pregnancy=True)
    if eligibility is MINIMUM_MONTHS:
        return Q(min_age_months__isnull=False)
    if eligibility is MAXIMUM_MONTHS:
        return Q(max_age_months__isnull=False)
    linked = Service.needs.through.objects.filter(needterm__code=code).values("service_id")
    return Q(pk__in=linked)


def services_filtered(filters: Filters) -> QuerySet[Service]:
    """The live (active and temporarily closed) services that match, unordered."""
    services, _covering = services_matching(
        SearchQuery(words=filters.search, postcode=filters.postcode)
    )
    if filters.taxonomy_term_id is not None:
        services = services.filter(_term_filter(filters.taxonomy_term_id))
    if filters.minimum_age is not None or filters.maximum_age is not None:
        services = services.filter(_years_filter(filters.minimum_age, filters.maximum_age))
    return services


def services_listed(filters: Filters, *, page: int, per_page: int) -> dict[str, Any]:
    """GET /services: a page of matching services as Open Referral lists them, with the
    total, cached for the directory's generation and the day (ADR 0046). What a listed
    service shows changes only through the directory's services, which change the
    generation (its organisation's name, description and website never change once made)."""
    generation = search_generation()
    key = generation and search_cache_key(
        "openreferral",
        generation,
        filters=[
            filters.search.lower().split()[:8],
            filters.taxonomy_term_id,
            filters.minimum_age,
            filters.maximum_age,
            str(filters.postcode) if filters.postcode is not None else None,
        ],
        day=SearchQuery().day.isoformat(),
        page=page,
        per_page=per_page,
    )

    def make() -> dict[str, Any]:
        # The page's services and organisations come with the total in one query, with
        # only the fields a listed service shows (ADR 0058).
        rows, total, _number = page_of_rows(
            services_filtered(filters).select_related("organisation").only(*LISTED_FIELDS),
            order=("name", "pk"),
            page=page,
            per_page=per_page,
            clamp=False,
        )
        return page_of([service_list_item(row) for row in rows], total, page, per_page)

    return search_cached(key or None, make)


def _full(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organisation").prefetch_related(
        Prefetch("areas", Area.objects.prefetch_related("coverage")),
        Prefetch("needs", NeedTerm.objects.select_related("taxonomy", "parent")),
        "access",
        Prefetch("at_locations", ServiceAtLocation.objects.select_related("location")),
        Prefetch("links_out", ServiceLink.objects.select_related("target").order_by("pk")),
    )


def service_full_get(*, code: UUID) -> Service | None:
    """Any service by its id, decommissioned ones too (Open Referral calls them defunct)."""
    return _full(Service.objects.filter(code=code)).first()


def service_at_location_get(*, code: UUID) -> tuple[Service, Location] | None:
    """A service at one of its locations by the id the API gives the pair. That id is
    derived from the service's and the location's codes (`serialise.service_at_location_id`)
    rather than stored, so each pair's is derived again: one query of two codes a row."""
    wanted = str(code)
    pairs = ServiceAtLocation.objects.values_list(
        "service__code", "location__code", "service_id", "location_id"
    )
    for service_code, location_code, service_pk, location_pk in pairs.iterator():
        if derived_id(service_code, "service_at_location", str(location_code)) == wanted:
            service = _full(Service.objects.filter(pk=service_pk)).first()
            places = [sal.location for sal in service.at_locations.all()] if service else []
            place = next((place for place in places if place.pk == location_pk), None)
            return (service, place) if service and place else None
    return None


def services_for_export() -> QuerySet[Service]:
    """Every service, retired ones too, in full and sorted by name."""
    return _full(Service.objects.all()).order_by("name", "pk")


# Services at locations, and distance ------------------------------------------------------


def district_centre(postcode: Postcode) -> tuple[float, float] | None:
    """Where a postcode's district is, taken as the mean of our own locations in it.

    The directory has no postcode geocoder (and tests and small instances have no network),
    so this is an approximation: it needs at least one location with coordinates in the
    district, and it is the middle of our locations, not of the district."""
    centre = Location.objects.filter(
        postcode__startswith=f"{postcode.district} ",
        latitude__isnull=False,
        longitude__isnull=False,
    ).aggregate(latitude=Avg("latitude"), longitude=Avg("longitude"))
    if centre["latitude"] is None or centre["longitude"] is None:
        return None
    return float(centre["latitude"]), float(centre["longitude"])


def distance_metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle (haversine) distance between two points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(h))


def _within(
    places: QuerySet[ServiceAtLocation], centre: tuple[float, float], metres: int
) -> list[int]:
    """The ids of the places within `metres` of the centre, nearest first. A bounding box
    in the database keeps the rows read to the neighbourhood; the exact distance is worked
    out here, since SQLite has no trigonometry."""
    latitude, longitude = centre
    dlat = metres / METRES_PER_DEGREE_OF_LATITUDE
    dlon = metres / (METRES_PER_DEGREE_OF_LATITUDE * max(math.cos(math.radians(latitude)), 0.01))
    rows = places.filter(
        location__latitude__range=(latitude - dlat, latitude + dlat),
        location__longitude__range=(longitude - dlon, longitude + dlon),
    ).values_list("pk", "location__latitude", "location__longitude")
    near = []
    for pk, lat, lon in rows:
        if lat is None or lon is None:
            continue  # The box has ruled these out; this tells the type checker so.
        distance = distance_metres(centre, (lat, lon))
        if distance <= metres:
            near.append((distance, pk))
    return [pk for _distance, pk in sorted(near)]


def service_at_locations_page(
    filters: Filters, *, page: int, per_page: int
) -> tuple[list[ServiceAtLocation], int]:
    """The places where matching services are delivered: by service and place name, or
    nearest first when a proximity is given. Raises NoCentre when the postcode's district
    has no location to measure from."""
    places = ServiceAtLocation.objects.filter(
        service__in=services_filtered(filters).values("pk")
    ).select_related("service__organisation", "location")
    offset = (page - 1) * per_page
    if filters.proximity is None or filters.postcode is None:
        total = places.count()
        ordered = places.order_by("service__name", "location__name", "pk")
        return list(ordered[offset : offset + per_page]), total
    centre = district_centre(filters.postcode)
    if centre is None:
        raise NoCentre
    ids = _within(places, centre, filters.proximity)
    chosen = ids[offset : offset + per_page]
    found = places.in_bulk(chosen)
    return [found[pk] for pk in chosen], len(ids)


# Taxonomies ------------------------------------------------------------------------------


def taxonomies_all() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.order_by("name", "pk")


def taxonomy_get(*, code: UUID) -> tuple[Taxonomy, list[NeedTerm]] | None:
    found = Taxonomy.objects.filter(code=code).first()
    if found is None:
        return None
    terms = list(
        NeedTerm.objects.filter(taxonomy=found)
        .select_related("taxonomy", "parent")
        .order_by("group", "name", "pk")
    )
    return found, terms


def terms_all() -> QuerySet[NeedTerm]:
    return NeedTerm.objects.select_related("taxonomy", "parent").order_by(
        "taxonomy__name", "group", "name", "pk"
    )


def term_get(*, code: UUID) -> NeedTerm | None:
    return terms_all().filter(code=code).first()
