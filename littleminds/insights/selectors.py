"""Insights' shared reads: which ring of the system map each organisation sits on, and the
narrowing of a query to a ring or an organisation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypeVar

from django.db import connections
from django.db.models import Model, Q, QuerySet, Sum

from littleminds.core import caching
from littleminds.directory.models import Ring, Service
from littleminds.insights.models import Tally
from littleminds.insights.pages import Filters

M = TypeVar("M", bound=Model)

# The innermost ring wins: an organisation with a core service is on the core ring.
RING_ORDER = (Ring.CORE, Ring.UNIVERSAL, Ring.RISK_FACTORS)


def organisation_rings() -> dict[int, str]:
    """Each organisation's ring: the innermost ring of the services it runs in the
    directory; organisations with no service are on none. One query."""
    rings: dict[int, str] = {}
    for organisation_id, ring in (
        # No ordering: the services' default order by name would join the DISTINCT and
        # bring back a row for every service rather than one for each organisation and ring.
        Service.objects.exclude(organisation=None)
        .order_by()
        .values_list("organisation_id", "ring")
        .distinct()
    ):
        held = rings.get(organisation_id)
        if held is None or RING_ORDER.index(Ring(ring)) < RING_ORDER.index(Ring(held)):
            rings[organisation_id] = ring
    return rings


def organisations_on(ring: str, rings: dict[int, str] | None = None) -> list[int]:
    """The organisations on `ring`, from `rings` when the caller has read them already."""
    held = organisation_rings() if rings is None else rings
    return [pk for pk, on in held.items() if on == ring]


def in_ring_or_organisation(
    query: QuerySet[M], filters: Filters, field: str, *, rings: dict[int, str] | None = None
) -> QuerySet[M]:
    """`query` narrowed by its organisation `field` to the filters' organisation, and to
    the organisations on the filters' ring (from `rings`, when given, rather than read
    again)."""
    if filters.organisation is not None:
        query = query.filter(**{field: filters.organisation})
    if filters.ring:
        query = query.filter(**{f"{field}__in": organisations_on(filters.ring, rings)})
    return query


# The generation of the cached tallies (ADR 0054): every write of the tallies replaces it
# (`summaries._write`, `summaries.rebuild`), in the transaction of the write.
TALLIES = "insights.tallies"


def tallies(
    filters: Filters,
    measures: Iterable[str] | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
) -> dict[tuple[int | None, str], int]:
    """The tallies summed over the period (or `start`..`end`) for the filters' teams (and
    those of no team, the navigator's), narrowed to the ring or organisation, by
    organisation and measure. One query; the daily rows, never the strands' records.

    Kept in the cache under the tallies' generation, by everything that changes the sum
    (ADR 0054): a year of a national service's tallies is 150,000 daily rows, summed in
    about 100 ms, and asked for again by every reader of the page until the next write. A
    ring is read from the directory, which keeps no generation here: narrowed to a ring, the
    sum is made afresh."""
    start, end = start or filters.start, end or filters.end
    wanted = None if measures is None else sorted(set(measures))
    token = None if filters.ring else caching.generation(TALLIES)
    key = token and caching.cache_key(
        "insights",
        "tallies",
        token,
        teams=sorted(filters.team_ids),
        start=start,
        end=end,
        measures=wanted,
        organisation=None if filters.organisation is None else filters.organisation.pk,
    )
    return caching.cached(key, lambda: _tallies(filters, wanted, start, end))


def _tallies(
    filters: Filters, measures: list[str] | None, start: date, end: date
) -> dict[tuple[int | None, str], int]:
    rows = Tally.objects.filter(day__range=(start, end)).filter(
        Q(team__in=filters.team_ids) | Q(team__isnull=True)
    )
    if measures is not None:
        rows = rows.filter(measure__in=measures)
    rows = in_ring_or_organisation(rows, filters, "organisation")
    summed = (
        rows.order_by()
        .values("organisation_id", "measure")
        .annotate(n=Sum("count"))
        .values_list("organisation_id", "measure", "n")
    )
    # Thousands of plain (number, text, number) rows: fetched by the cursor, without
    # the ORM's work on each row, which took longer than the query.
    sql, params = summed.query.get_compiler(using=summed.db).as_sql()
    with connections[summed.db].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    return {(organisation_id, measure): int(n) for organisation_id, measure, n in fetched}
