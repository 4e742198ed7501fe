"""Reads of the directory: search with reasons, eligibility, the map, overlaps, snapshots.

The directory holds no personal data, so its reads are not audited.
"""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Window,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from littleminds.accounts.models import Organisation
from littleminds.core import caching
from littleminds.core.postcodes import Postcode
from littleminds.directory.models import (
    Area,
    AreaCoverage,
    MapSnapshot,
    NeedTerm,
    OverlapReview,
    Service,
    ServiceAccess,
    ServiceLink,
    ServiceRevision,
    Taxonomy,
)

logger = logging.getLogger(__name__)

# A service whose details nobody has confirmed for this long is listed for checking.
STALE_AFTER = timedelta(days=183)

LIVE_STATUSES = [Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED]


def describe_months(months: int) -> str:
    if months % 12 == 0 and months >= 24:
        years = months // 12
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}


def describe_ages(service: Service, *, with_pregnancy: bool = True) -> str:
    """The ages a service works with, in words: "pregnancy, and birth to 2 years"."""
    low, high = service.min_age_months, service.max_age_months
    if low is None and high is None:
        ages = _("any age")
    elif high is None:
        ages = _("from %(age)s") % {"age": describe_months(low or 0)}
    elif not low:
        ages = _("birth to %(age)s") % {"age": describe_months(high)}
    else:
        ages = _("%(low)s to %(high)s") % {
            "low": describe_months(low),
            "high": describe_months(high),
        }
    if service.pregnancy and with_pregnancy:
        return _("pregnancy, and %(ages)s") % {"ages": ages}
    return ages


def covers(postcode: Postcode, on: date, path: str = "") -> Q:
    """The condition that an `AreaCoverage` holds the postcode's district or sector on the
    day; `path` reaches the coverage from another model ("area__coverage__" from an
    intake). Use it in one `filter()` call, so that every part is about the same row."""
    if postcode.sector:
        place = Q(**{f"{path}prefix__in": [postcode.district, postcode.sector]})
    else:
        # A district alone ("BD3") reaches areas that cover any sector of it ("BD3 9").
        place = Q(**{f"{path}prefix": postcode.district}) | Q(
            **{f"{path}prefix__startswith": f"{postcode.district} "}
        )
    return place & coverage_on(on, path)


def holds(coverage: Iterable[tuple[str, date, date | None]], postcode: Postcode, on: date) -> bool:
    """`covers` in Python, for coverage already read (prefix, valid from, valid to or None):
    whether any of it in force on the day holds the postcode's district or sector. Kept
    beside `covers` so that the two say the same; a test compares them."""
    for prefix, valid_from, valid_to in coverage:
        if valid_from > on or (valid_to is not None and valid_to < on):
            continue
        if postcode.sector:
            if prefix in (postcode.district, postcode.sector):
                return True
        elif prefix == postcode.district or prefix.startswith(f"{postcode.district} "):
            return True
    return False


def coverage_on(on: date, path: str = "") -> Q:
    """The condition that an `AreaCoverage` is in force on the day (`path` as for
    `covers`)."""
    return Q(**{f"{path}valid_from__lte": on}) & (
        Q(**{f"{path}valid_to__isnull": True}) | Q(**{f"{path}valid_to__gte": on})
    )


def areas_covering(postcode: Postcode, on: date) -> QuerySet[Area]:
    """The areas whose coverage holds the postcode's district or sector on the day."""
    covering = AreaCoverage.objects.filter(covers(postcode, on), area=OuterRef("pk"))
    return Area.objects.filter(Exists(covering))


def age_matches(service: Service, *, age_months: int | None, pregnant: bool) -> bool:
    if pregnant and service.pregnancy:
        return True
    if age_months is None:
        return False
    low, high = service.min_age_months, service.max_age_months
    return (low is None or low <= age_months) and (high is None or age_months < high)


def _age_filter(age_months: int | None, pregnant: bool) -> Q:
    condition = Q(pk__in=[])
    if pregnant:
        condition |= Q(pregnancy=True)
    if age_months is not None:
        condition |= (Q(min_age_months__isnull=True) | Q(min_age_months__lte=age_months)) & (
            Q(max_age_months__isnull=True) | Q(max_age_months__gt=age_months)
        )
    return condition


@dataclass(frozen=True)
class SearchQuery:
    words: str = ""
    age_months: int | None = None
    pregnant: bool = False
    postcode: Postcode | None = None
    need: str = ""
    on: date | None = None

    @property
    def day(self) -> date:
        return self.on or timezone.localdate()

    @property
    def terms(self) -> list[str]:
        return [word for word in self.words.lower().split() if word][:8]


@dataclass
class Match:
    """A service that matched a search, and why, in plain words."""

    service: Service
    reasons: list[str] = field(default_factory=list)


# A postcode's area links read as a list of service ids, so that the database can test
# "open to all, or one of these" from the primary key's and `open_everywhere`'s indexes
# before reading any service (ADR 0052). Past this many, the links are tested on each
# service instead, which keeps a query's parameters within what SQLite takes.
MAX_LINKED_SERVICES = 500


def services_matching(query: SearchQuery) -> tuple[QuerySet[Service], list[int] | None]:
    """The filter behind a search, and the primary keys of the areas covering the postcode
    that any service is linked to (None without a postcode). Needs are tested with a
    subquery on the link table's index rather than joined, so no row is counted twice and
    no DISTINCT is needed. A postcode's areas are read first with the services linked to
    them, and the services tested as "open to all, or one of these ids": PostgreSQL then
    finds the candidates from indexes alone and reads only the services that pass the
    words and the area (see bench/directory_search.py and ADR 0052)."""
    services, covering, _served = _matching(query, named=False)
    return services, covering


def _matching(
    query: SearchQuery, *, named: bool
) -> tuple[QuerySet[Service], list[int] | None, dict[int, str] | None]:
    """`services_matching`, and, when `named` and the postcode's links were read (at most
    `MAX_LINKED_SERVICES`), the name of each linked service's first area (by name) covering
    the postcode, read with the links: a card's "Covers … (area)" then needs no query of
    its own (ADR 0058). None when the links were not read."""
    services = Service.objects.filter(status__in=LIVE_STATUSES)
    for term in query.terms:
        services = services.filter(search_text__contains=term)
    if query.age_months is not None or query.pregnant:
        services = services.filter(_age_filter(query.age_months, query.pregnant))
    if query.need:
        services = services.filter(
            pk__in=Service.needs.through.objects.filter(needterm__term=query.need).values(
                "service_id"
            )
        )
    covering: list[int] | None = None
    served: dict[int, str] | None = None
    if query.postcode is not None and not query.postcode.is_pseudo:
        links = Service.areas.through.objects.filter(
            Exists(
                AreaCoverage.objects.filter(
                    covers(query.postcode, query.day), area=OuterRef("area_id")
                )
            )
        )
        if named:
            # In the database's order of names, as `_areas_served` reads them.
            rows = list(
                links.order_by("area__name", "area_id").values_list(
                    "service_id", "area_id", "area__name"
                )[: MAX_LINKED_SERVICES + 1]
            )
        else:
            rows = [
                (pk, area_id, "")
                for pk, area_id in links.values_list("service_id", "area_id")[
                    : MAX_LINKED_SERVICES + 1
                ]
            ]
        if len(rows) <= MAX_LINKED_SERVICES:
            covering = sorted({area_id for _service_id, area_id, _name in rows})
            services = services.filter(
                Q(open_everywhere=True) | Q(pk__in=sorted({pk for pk, _area_id, _name in rows}))
            )
            if named:
                served = {}
                for pk, _area_id, name in rows:
                    served.setdefault(pk, name)
        else:
            covering = list(areas_covering(query.postcode, query.day).values_list("pk", flat=True))
            # Open to all, or linked to an area that covers the postcode: tested on each
            # candidate the other filters leave, through the link table's index.
            covered = Service.areas.through.objects.filter(
                service_id=OuterRef("pk"), area_id__in=covering
            )
            services = services.filter(Q(open_everywhere=True) | Exists(covered))
    return services, covering, served


# Searches cached ------------------------------------------------------------------------
#
# A search's answer is cached under a key made of everything that changes it, and of the
# directory's generation, which every write that changes what a search finds or shows
# replaces in the same transaction (ADR 0046). Nothing needs deleting: after a change, the
# old keys are never asked for again and expire.

# How long a cached search is kept (it is never stale: this only bounds the cache's size).
SEARCH_CACHE_SECONDS = caching.CACHE_SECONDS


# The name of the directory's generation among `core.CacheGeneration`'s.
SEARCH_GENERATION = "directory.search"


def search_generation() -> str | None:
    """The directory's generation now, or None when the database has none (a test's
    emptied database), and then nothing is cached."""
    return caching.generation(SEARCH_GENERATION)


def search_cache_key(kind: str, generation: str, **parts: Any) -> str:
    """The cache key of one kind of cached search (`core.caching.cache_key`)."""
    return caching.cache_key("directory", kind, generation, **parts)


# A search's answer from the cache, or made and kept (`core.caching.cached`).
search_cached = caching.cached


def need_names(generation: str | None) -> list[tuple[str, str]]:
    """The needs' terms and names (as written, untranslated), in the order the search
    form offers them, cached under the directory's generation, which `need_save` changes
    (ADR 0058): a search not made before then reads them from the cache, not the
    database. Without a generation they are read."""

    def make() -> list[tuple[str, str]]:
        return list(NeedTerm.objects.order_by("group", "name").values_list("term", "name"))

    key = generation and search_cache_key("needs", generation)
    return search_cached(key or None, make)


def query_parts(query: SearchQuery) -> dict[str, Any]:
    """What of a query changes its answer, for a cache key: the words as searched (lower
    case, at most eight), and the day, since areas and ages are dated."""
    return {
        "terms": query.terms,
        "age": query.age_months,
        "pregnant": query.pregnant,
        "postcode": str(query.postcode) if query.postcode is not None else None,
        "need": query.need,
        "day": query.day.isoformat(),
    }


@dataclass
class SearchPage:
    matches: list[Match]
    page: Page[int]


# The highest page number a list reads; a larger one is treated as a page past the end.
MAX_PAGE = 10**9


def page_of_ids(
    services: QuerySet[Service],
    *,
    order: Sequence[str],
    page: int | str,
    per_page: int,
    clamp: bool = True,
) -> tuple[list[int], int, int]:
    """One page of the ids of `services` in `order`, the total and the page's number, from
    one query: the total comes as a window over the same rows. A page past the end gives
    the last page, as Paginator.get_page does, or (without `clamp`) an empty page.

    The window is counted in a subquery and the page ordered and cut outside it (Django
    puts a query filtered on a window in a subquery; the filter itself keeps every row).
    Written plainly, PostgreSQL takes the LIMIT as a reason to walk an index in the page's
    order (`service_in_ring_order`) and test every live service one by one, though the
    window has to see every match before the first row comes out: 87,000 buffers and
    0.4 s for a common word with 50,000 services. In a subquery the matches are found
    from the indexes of the words, the ages and the area first, and only those are sorted
    (ADR 0052)."""
    rows, total, number = _page(
        services, order=order, page=page, per_page=per_page, clamp=clamp, ids=True
    )
    return [pk for pk, _total in rows], total, number


def page_of_rows(
    services: QuerySet[Service],
    *,
    order: Sequence[str],
    page: int | str,
    per_page: int,
    clamp: bool = True,
) -> tuple[list[Service], int, int]:
    """As `page_of_ids`, but the page's services themselves, with whatever `services`
    selects (its `select_related`, `only`), from the same one query: a search made for
    the first time then needs no second query to read its page (ADR 0058)."""
    rows, total, number = _page(
        services, order=order, page=page, per_page=per_page, clamp=clamp, ids=False
    )
    return list(rows), total, number


def _page(
    services: QuerySet[Service],
    *,
    order: Sequence[str],
    page: int | str,
    per_page: int,
    clamp: bool,
    ids: bool,
) -> tuple[list[Any], int, int]:
    ordered = services.annotate(total=Window(Count("pk"))).filter(total__gt=0).order_by(*order)
    if ids:
        ordered = ordered.values_list("pk", "total")  # type: ignore[assignment]
    try:
        # A page past any possible end becomes the last page below; the cap keeps the
        # offset within the database's 64-bit integers (both refuse a larger one).
        number = min(max(1, int(page)), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    rows: list[Any] = list(ordered[(number - 1) * per_page : number * per_page])
    if not rows and number > 1:
        total = services.count()
        if not clamp:
            return [], total, number
        number = max(1, -(-total // per_page))
        rows = list(ordered[(number - 1) * per_page : number * per_page])
    if not rows:
        return [], 0, number
    return rows, (rows[0][1] if ids else rows[0].total), number


def services_search(
    query: SearchQuery,
    *,
    page: int | str = 1,
    per_page: int = 20,
    generation: str | None = None,
) -> SearchPage:
    """The live services that fit the query, a page at a time, each with its reasons; only
    the page's services are read in full. Given the directory's `generation`, the page's
    ids, the total and the areas covering the postcode are cached under it.

    A search made for the first time reads its page's services in the query that finds
    them, and the names of the areas covering the postcode with the postcode's links, so
    that only the page's ways in are left to read (ADR 0058); a search found in the cache
    reads its page's services by id."""
    read: dict[int, Service] = {}

    def make() -> tuple[list[int], int, int, list[int] | None, dict[int, str] | None]:
        services, covering, served = _matching(query, named=True)
        rows, total, number = page_of_rows(
            services.select_related("organisation").defer("search_text"),
            order=("status", "ring", "name", "pk"),
            page=page,
            per_page=per_page,
        )
        read.update((service.pk, service) for service in rows)
        ids = [service.pk for service in rows]
        if served is not None:
            served = {pk: served[pk] for pk in ids if pk in served}
        return ids, total, number, covering, served

    key = generation and search_cache_key(
        "page-ids", generation, **query_parts(query), page=str(page), per_page=per_page
    )
    ids, total, number, covering, served = search_cached(key or None, make)
    found = Paginator(_Placeholder(ids, total, number, per_page), per_page).page(number)
    if read:
        by_id = read
        prefetch_related_objects(list(read.values()), "access")
    else:
        by_id = (
            Service.objects.filter(pk__in=ids)
            .select_related("organisation")
            .prefetch_related("access")
            .in_bulk()
        )
    if not query.postcode or query.postcode.is_pseudo:
        served = {}
    elif served is None:
        served = _areas_served(ids, covering)
    helped = _needs_helped(ids, query.need) if query.need else {}
    matches = [_explain(by_id[pk], query, served.get(pk), helped.get(pk)) for pk in ids]
    return SearchPage(matches, found)


def _areas_served(ids: list[int], covering: list[int] | None) -> dict[int, str]:
    """The name of the first area (by name) covering the postcode of each service of the
    page that has one: one query of the links between the two, none when no area covers
    it. A card needs only this of a service's areas (ADR 0052)."""
    if not covering:
        return {}
    links = (
        Service.areas.through.objects.filter(service_id__in=ids, area_id__in=covering)
        .order_by("area__name", "area_id")
        .values_list("service_id", "area__name")
    )
    served: dict[int, str] = {}
    for service_id, name in links:
        served.setdefault(service_id, name)
    return served


def _needs_helped(ids: list[int], need: str) -> dict[int, str]:
    """The need's name, in the page's language, for each service of the page that helps
    with it: one query, and only when the search names a need."""
    links = (
        Service.needs.through.objects.filter(service_id__in=ids, needterm__term=need)
        .order_by("needterm__group", "needterm__name")
        .values_list("service_id", "needterm__name")
    )
    helped: dict[int, str] = {}
    for service_id, name in links:
        helped.setdefault(service_id, _(name))  # as NeedTerm.label
    return helped


class _Placeholder(Sequence[int]):
    """Stands for the whole ordered result to Paginator: its length is the total, and the
    only page it is asked for is the one already fetched."""

    def __init__(self, ids: list[int], total: int, number: int, per_page: int) -> None:
        self.ids, self.total, self.start = ids, total, (number - 1) * per_page

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self.ids[index.start - self.start : index.stop - self.start]
        return self.ids[index - self.start]


def _explain(service: Service, query: SearchQuery, served: str | None, helped: str | None) -> Match:
    """Why a service matched: `served` is the name of its area covering the postcode, and
    `helped` the name of the need searched for, when it has them."""
    match = Match(service)
    if query.terms:
        match.reasons.append(
            _("Mentions %(words)s") % {"words": ", ".join(f"“{t}”" for t in query.terms)}
        )
    if query.pregnant and service.pregnancy:
        match.reasons.append(_("Works with families during pregnancy"))
    elif query.age_months is not None:
        match.reasons.append(
            _("Works with children aged %(ages)s; the child is %(age)s")
            % {
                "ages": describe_ages(service, with_pregnancy=False),
                "age": describe_months(query.age_months),
            }
        )
    if query.postcode is not None:
        if query.postcode.is_pseudo:
            match.reasons.append(
                _("%(postcode)s is not a fixed address, so the area does not rule anyone out")
                % {"postcode": query.postcode}
            )
        elif served:
            match.reasons.append(
                _("Covers %(postcode)s (%(area)s)") % {"postcode": query.postcode, "area": served}
            )
        else:
            match.reasons.append(_("Open to families from anywhere"))
    if query.need and helped:
        match.reasons.append(_("Helps with %(need)s") % {"need": helped.lower()})
    if service.status == Service.Status.TEMPORARILY_CLOSED:
        match.reasons.append(_("Temporarily closed: check before referring"))
    return match


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: list[str]


def service_eligibility(
    service: Service, *, age_months: int | None, pregnant: bool, postcode: Postcode, on: date
) -> Eligibility:
    """Whether a family fits a service's age and area on the day, with the reasons."""
    reasons: list[str] = []
    eligible = True
    if not age_matches(service, age_months=age_months, pregnant=pregnant):
        eligible = False
        reasons.append(
            _("%(service)s works with %(ages)s.")
            % {"service": service.name, "ages": describe_ages(service)}
        )
    areas = list(service.areas.all())
    if areas and not postcode.is_pseudo:
        covering = set(areas_covering(postcode, on).values_list("pk", flat=True))
        if not any(area.pk in covering for area in areas):
            eligible = False
            reasons.append(
                _("%(postcode)s is outside the area %(service)s covers (%(areas)s).")
                % {
                    "postcode": postcode,
                    "service": service.name,
                    "areas": ", ".join(area.name for area in areas),
                }
            )
    return Eligibility(eligible, reasons)


def service_get(*, code: UUID, include_retired: bool = False) -> Service:
    services = Service.objects.select_related("organisation", "confirmed_by").prefetch_related(
        "areas",
        "needs",
        "access",
        "locations",
        Prefetch("links_out", ServiceLink.objects.select_related("target")),
        Prefetch("links_in", ServiceLink.objects.select_related("source")),
    )
    if not include_retired:
        services = services.exclude(status=Service.Status.DECOMMISSIONED)
    service = services.filter(code=code).first()
    if service is None:
        raise Http404
    return service


def services_for_managers(*, text: str = "", status: str = "", stale: bool = False):
    services = Service.objects.select_related("organisation", "confirmed_by")
    if text:
        services = services.filter(search_text__contains=text.lower().strip())
    if status:
        services = services.filter(status=status)
    if stale:
        cutoff = timezone.now() - STALE_AFTER
        services = services.filter(
            Q(confirmed_at__isnull=True) | Q(confirmed_at__lt=cutoff)
        ).exclude(status=Service.Status.DECOMMISSIONED)
    return services.order_by("name")


def is_stale(service: Service) -> bool:
    """Nobody has confirmed the service's details for six months (or ever)."""
    return service.status != Service.Status.DECOMMISSIONED and (
        service.confirmed_at is None or service.confirmed_at < timezone.now() - STALE_AFTER
    )


def service_revisions(service: Service) -> QuerySet[ServiceRevision]:
    return service.revisions.select_related("recorded_by").order_by("-number")


def area_name(key: str) -> str:
    """An area's name from its short name ("lmm-clinical"), which other apps keep; the
    short name itself when the directory has no such area."""
    return Area.objects.filter(key=key).values_list("name", flat=True).first() or key


def needs_with_counts() -> QuerySet[NeedTerm]:
    return NeedTerm.objects.annotate(service_count=Count("services")).order_by("group", "name")


def need_get(*, code: UUID) -> NeedTerm:
    need = NeedTerm.objects.filter(code=code).first()
    if need is None:
        raise Http404
    return need


def needs_taxonomy() -> Taxonomy:
    taxonomy = Taxonomy.objects.order_by("pk").first()
    if taxonomy is None:
        raise Http404
    return taxonomy


def needs_all() -> QuerySet[NeedTerm]:
    return NeedTerm.objects.select_related("taxonomy").order_by("group", "name")


def areas_all() -> QuerySet[Area]:
    return Area.objects.prefetch_related("coverage").order_by("name")


def area_get(*, code: UUID) -> Area:
    area = areas_all().filter(code=code).first()
    if area is None:
        raise Http404
    return area


def organisations_with_counts() -> QuerySet[Organisation]:
    """Every organisation, with how many of its services are live (on the map or closed
    for now), for the directory's managers."""
    return Organisation.objects.annotate(
        service_count=Count("services", filter=Q(services__status__in=LIVE_STATUSES))
    ).order_by("name")


def organisation_get(*, code: UUID) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise Http404
    return organisation


def access_for(service: Service) -> list[ServiceAccess]:
    return list(service.access.all())


# Overlaps -------------------------------------------------------------------------------


@dataclass
class Overlap:
    first: Service
    second: Service
    ages: str
    areas: list[str]
    needs: list[str]
    # Shared needs over all the needs of the two (1.0: exactly the same needs).
    similarity: float
    review: OverlapReview | None = None

    @property
    def similarity_percent(self) -> int:
        return round(self.similarity * 100)


def _area_prefixes(areas: Iterable[Area], on: date) -> set[str]:
    prefixes: set[str] = set()
    for area in areas:
        for cover in area.coverage.all():
            if cover.valid_from <= on and (cover.valid_to is None or cover.valid_to >= on):
                prefixes.add(cover.prefix)
    return prefixes


def _shared_places(a: set[str], b: set[str]) -> set[str]:
    """Districts and sectors both sets reach: the same prefix, or a sector inside a district."""
    shared = a & b
    for one, other in ((a, b), (b, a)):
        for prefix in one:
            if " " in prefix and prefix.split(" ")[0] in other:
                shared.add(prefix)
    return shared


def _age_overlap(a: Service, b: Service) -> str | None:
    low = max(a.min_age_months or 0, b.min_age_months or 0)
    highs = [h for h in (a.max_age_months, b.max_age_months) if h is not None]
    high = min(highs) if highs else None
    both_pregnancy = a.pregnancy and b.pregnancy
    if high is not None and low >= high:
        return _("pregnancy") if both_pregnancy else None
    ages = (
        _("%(low)s to %(high)s") % {"low": describe_months(low), "high": describe_months(high)}
        if high is not None
        else _("from %(low)s") % {"low": describe_months(low)}
    )
    return _("pregnancy, and %(ages)s") % {"ages": ages} if both_pregnancy else ages


# A real early-years system overlaps everywhere (every service helps with confidence as a
# parent); these keep the report to the pairs worth a manager's judgement.
MIN_SIMILARITY = 0.5


def overlaps_find(
    *, on: date | None = None, across_rings: bool = False, min_similarity: float = MIN_SIMILARITY
) -> list[Overlap]:
    """Pairs of active services whose ages, areas and needs all overlap, found from the
    data, with any judgement a manager has recorded. By default only pairs in the same ring
    of the map, sharing at least half of their needs between them; recorded pairs always
    show."""
    day = on or timezone.localdate()
    services = list(
        Service.objects.filter(status=Service.Status.ACTIVE)
        .select_related("organisation")
        .prefetch_related("needs", Prefetch("areas", Area.objects.prefetch_related("coverage")))
        .order_by("pk")
    )
    prefixes = {s.pk: _area_prefixes(s.areas.all(), day) for s in services}
    unrestricted = {s.pk for s in services if not s.areas.all()}
    by_need: dict[str, list[Service]] = defaultdict(list)
    for service in services:
        for need in service.needs.all():
            by_need[need.term].append(service)
    reviews = {(r.first_id, r.second_id): r for r in OverlapReview.objects.all()}
    seen: set[tuple[int, int]] = set()
    found: list[Overlap] = []
    for group in by_need.values():
        for a, b in itertools.combinations(group, 2):
            pair = (a.pk, b.pk) if a.pk < b.pk else (b.pk, a.pk)
            if pair in seen:
                continue
            seen.add(pair)
            review = reviews.get(pair)
            needs_a, needs_b = {n.term for n in a.needs.all()}, {n.term for n in b.needs.all()}
            similarity = len(needs_a & needs_b) / len(needs_a | needs_b)
            worth_it = similarity >= min_similarity and (across_rings or a.ring == b.ring)
            if review is None and not worth_it:
                continue
            ages = _age_overlap(a, b)
            if ages is None:
                continue
            if a.pk in unrestricted or b.pk in unrestricted:
                places = sorted(prefixes[a.pk] | prefixes[b.pk]) or [_("everywhere")]
            else:
                places = sorted(_shared_places(prefixes[a.pk], prefixes[b.pk]))
                if not places:
                    continue
            needs = sorted({n.name for n in a.needs.all()} & {n.name for n in b.needs.all()})
            first, second = (a, b) if a.pk < b.pk else (b, a)
            found.append(Overlap(first, second, ages, places, needs, similarity, review))
    found.sort(key=lambda o: (o.review is not None, -o.similarity, o.first.name, o.second.name))
    return found


def overlaps_shown(found: list[Overlap], *, show: str = "") -> list[Overlap]:
    """The pairs a manager asked to see: all of them, those not yet recorded ("unreviewed"),
    or those recorded with one verdict."""
    if not show:
        return found
    if show == "unreviewed":
        return [overlap for overlap in found if overlap.review is None]
    return [overlap for overlap in found if overlap.review and overlap.review.verdict == show]


def overlap_pair(*, first: UUID, second: UUID) -> tuple[Service, Service]:
    services = {s.code: s for s in Service.objects.filter(code__in=[first, second])}
    if len(services) != 2 or first == second:
        raise Http404
    a, b = services[first], services[second]
    return (a, b) if a.pk < b.pk else (b, a)


# Time points ----------------------------------------------------------------------------


def service_data(service: Service) -> dict[str, Any]:
    """Everything a service is, as plain JSON: kept in revisions and snapshots, compared
    between them. Expects areas, needs, access and locations to be prefetched."""
    return {
        "code": str(service.code),
        "name": service.name,
        "organisation": service.organisation.name,
        "summary": service.summary,
        "description": service.description,
        "remit": service.remit,
        "boundaries": service.boundaries,
        "ring": service.ring,
        "status": service.status,
        "min_age_months": service.min_age_months,
        "max_age_months": service.max_age_months,
        "pregnancy": service.pregnancy,
        "areas": sorted(area.name for area in service.areas.all()),
        "needs": sorted(need.term for need in service.needs.all()),
        "delivery": [
            way
            for way, on in (
                ("in_person", service.in_person),
                ("online", service.online),
                ("telephone", service.telephone),
            )
            if on
        ],
        "languages": list(service.languages),
        "wait_weeks": service.wait_weeks,
        "email": service.email,
        "url": service.url,
        "phone": service.phone,
        "access": [
            {
                "method": a.method,
                "phone": a.phone,
                "email": a.email,
                "url": a.url,
                "instructions": a.instructions,
            }
            for a in service.access.all()
        ],
        "locations": sorted(
            (
                {"name": place.name, "address": place.address, "postcode": place.postcode}
                for place in service.locations.all()
            ),
            key=lambda place: place["name"],
        ),
    }


def map_state() -> dict[str, Any]:
    """The whole map now, as a snapshot keeps it."""
    services = (
        Service.objects.select_related("organisation")
        .prefetch_related("areas", "needs", "access", "locations")
        .order_by("name")
    )
    return {
        "services": [service_data(service) for service in services],
        "links": [
            {"source": str(link.source.code), "target": str(link.target.code), "kind": link.kind}
            for link in ServiceLink.objects.select_related("source", "target").order_by("pk")
        ],
    }


def snapshots_all() -> QuerySet[MapSnapshot]:
    return MapSnapshot.objects.defer("data").order_by("-taken_on", "-created_at")


def snapshot_get(*, code: UUID) -> MapSnapshot:
    snapshot = MapSnapshot.objects.filter(code=code).first()
    if snapshot is None:
        raise Http404
    return snapshot


@dataclass
class Comparison:
    added: list[dict[str, Any]] = field(default_factory=list)
    decommissioned: list[dict[str, Any]] = field(default_factory=list)
    renamed: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    moved_ring: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    changed_remit: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    changed_eligibility: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not any(
            (
                self.added,
                self.decommissioned,
                self.renamed,
                self.moved_ring,
                self.changed_remit,
                self.changed_eligibility,
            )
        )


_ELIGIBILITY = ("min_age_months", "max_age_months", "pregnancy", "areas")


def _live(entry: dict[str, Any]) -> bool:
    return entry["status"] != Service.Status.DECOMMISSIONED


def snapshots_compare(before: dict[str, Any], after: dict[str, Any]) -> Comparison:
    """What changed on the map between two states (two snapshots, or a snapshot and now)."""
    old = {entry["code"]: entry for entry in before["services"]}
    new = {entry["code"]: entry for entry in after["services"]}
    result = Comparison()
    for code, entry in new.items():
        was = old.get(code)
        if _live(entry) and (was is None or not _live(was)):
            result.added.append(entry)
    for code, entry in old.items():
        now = new.get(code)
        if _live(entry) and (now is None or not _live(now)):
            result.decommissioned.append(entry)
    for code in old.keys() & new.keys():
        was, now = old[code], new[code]
        if not (_live(was) and _live(now)):
            continue
        if was["name"] != now["name"]:
            result.renamed.append((was, now))
        if was["ring"] != now["ring"]:
            result.moved_ring.append((was, now))
        if was["remit"] != now["remit"]:
            result.changed_remit.append((was, now))
        if any(was.get(key) != now.get(key) for key in _ELIGIBILITY):
            result.changed_eligibility.append((was, now))
    for items in (result.added, result.decommissioned):
        items.sort(key=lambda entry: entry["name"])
    return result


def needs_for_choice() -> Sequence[tuple[str, str]]:
    return [(need.term, need.label) for need in NeedTerm.objects.order_by("group", "name")]
