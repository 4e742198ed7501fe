"""Reads of the families' "What's on" (ADR 0038): the coming events near a postcode, an
event's page, a booking's confirmation by its signed key, and, for the team that runs an
event, its bookings.

We have no geocoding data, so "near" is in bands of the postcode: the same district first
("BD3"), then the same area ("BD"), then online events, then the rest; by date within each
band. The database orders and pages them (two queries a page), so ten years of events cost
no more than one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core import signing
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.community.models import Event, EventBooking
from littleminds.core import caching
from littleminds.core.postcodes import Postcode

# What's on shows this many events a page; the calendar feed, the next this many.
PER_PAGE = 20
FEED_LIMIT = 200
BOOKING_SALT = "littleminds.community.booking"

# The nearness bands, in the order a family sees them.
BAND_DISTRICT, BAND_AREA, BAND_ONLINE, BAND_ELSEWHERE = 0, 1, 2, 3


@dataclass(frozen=True)
class Filters:
    postcode: Postcode | None = None
    kind: str = ""
    language: str = ""
    start: date | None = None
    end: date | None = None

    @property
    def district(self) -> str:
        return self.postcode.district if self.postcode else ""

    @property
    def area(self) -> str:
        """The postcode area: the district's letters ("BD" of "BD3")."""
        found = re.match(r"[A-Z]+", self.district)
        return found.group(0) if found else ""


def _places_taken() -> Coalesce:
    """Places held by bookings not cancelled, as a subquery (no GROUP BY on the events)."""
    held = (
        EventBooking.objects.filter(event=OuterRef("pk"), cancelled_at__isnull=True)
        .values("event")
        .annotate(total=Sum("people"))
        .values("total")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def published() -> QuerySet[Event]:
    """Events families may see: published and not cancelled."""
    return Event.objects.filter(published_at__isnull=False, cancelled_at__isnull=True)


def coming(now: datetime | None = None) -> QuerySet[Event]:
    """Published events that have not ended: What's on never shows a past event."""
    return published().filter(ends_at__gt=now or timezone.now())


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _band(filters: Filters) -> Case | Value:
    """The nearness band of each event, for a postcode; one band for all without one."""
    if not filters.postcode:
        return Value(BAND_ELSEWHERE, output_field=IntegerField())
    area = filters.area
    # A district is the area's letters and then a digit: "B1" is not in the "BD" area. Most
    # areas have two letters, and no area has three, so only a one-letter area needs the
    # slower regular expression.
    in_area = (
        Q(postcode_district__startswith=area)
        if len(area) > 1
        else Q(postcode_district__regex=rf"^{re.escape(area)}[0-9]")
    )
    return Case(
        When(postcode_district=filters.district, then=Value(BAND_DISTRICT)),
        When(in_area, then=Value(BAND_AREA)),
        When(online=True, then=Value(BAND_ONLINE)),
        default=Value(BAND_ELSEWHERE),
        output_field=IntegerField(),
    )


ORDER = ("band", "starts_at", "pk")


def _matching(filters: Filters, now: datetime | None = None) -> QuerySet[Event]:
    """The coming events that match, with their `band`, nearest first and by date. Every
    column it reads is in the covering index `community_event_whats_on` (migration 0002),
    so PostgreSQL counts and orders them from the index alone."""
    events = coming(now)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.language:
        events = events.filter(Q(language=filters.language) | Q(interpreter=filters.language))
    if filters.start:
        events = events.filter(ends_at__gt=_day_start(filters.start))
    if filters.end:
        events = events.filter(starts_at__lt=_day_start(filters.end + timedelta(days=1)))
    return events.annotate(band=_band(filters)).order_by(*ORDER)


def whats_on(filters: Filters, now: datetime | None = None) -> QuerySet[Event]:
    """The coming events that match, nearest band first, by date within each band, each with
    `band` and `places_taken`."""
    return _matching(filters, now).annotate(places_taken=_places_taken())


def whats_on_page(filters: Filters, number: Any, now: datetime | None = None) -> Page[Event]:
    """One page of What's on (the last for a number past it, the first for anything not a
    number), counted and fetched by the database: two queries. The page's events are
    chosen by their keys alone (from the index), and only those twenty are read whole."""
    keys: QuerySet[Any] = _matching(filters, now).values("pk")
    page: Page[Any] = Paginator(keys, PER_PAGE).get_page(number)
    chosen = page.object_list
    page.object_list = list(
        Event.objects.filter(pk__in=chosen)
        .annotate(band=_band(filters), places_taken=_places_taken())
        .order_by(*ORDER)
    )
    return page


# The generation of What's on's cached pages (ADR 0050): every write that changes what the
# list finds or shows replaces it (`services.whats_on_changed`).
WHATS_ON = "community.whats_on"


def whats_on_version(now: datetime | None = None) -> str | None:
    """What a cached page of What's on is keyed by besides its query and language: the
    generation, and when the next coming event ends, since the list leaves an event out
    once it has ended, so it changes then and at no other time without a write. None
    before the first write, and then nothing is cached. One query: the generation's row,
    with the next end read by index as its subquery (ADR 0053)."""
    next_end = Subquery(coming(now).order_by("ends_at").values("ends_at")[:1])
    found = caching.generation_with(WHATS_ON, next_end)
    if found is None:
        return None
    token, ends = found
    return f"{token}:{ends.isoformat() if ends else ''}"


def feed_events(filters: Filters, now: datetime | None = None) -> list[Event]:
    """The calendar feed: the first events of the list, as many as `FEED_LIMIT`."""
    return list(whats_on(filters, now).select_related("partner")[:FEED_LIMIT])


def public_event(code: Any) -> Event:
    """An event's public page: published, or 404. One that has ended or been cancelled is
    still found, and its page says so (a family who booked may follow a link to it)."""
    event = (
        Event.objects.filter(published_at__isnull=False, code=code)
        .annotate(places_taken=_places_taken())
        .select_related("partner")
        .first()
    )
    if event is None:
        raise Http404
    return event


def places_left(event: Event) -> int | None:
    """Places still free at an event that needs booking (None when it does not)."""
    if not event.booking or event.places is None:
        return None
    taken = getattr(event, "places_taken", None)
    if taken is None:
        taken = (
            event.bookings.filter(cancelled_at__isnull=True).aggregate(total=Sum("people"))["total"]
            or 0
        )
    return max(event.places - taken, 0)


def booking_key(booking: EventBooking) -> str:
    """The key in a booking's confirmation address: signed, so it cannot be guessed from
    another, and nothing of it is stored."""
    return signing.dumps(str(booking.code), salt=BOOKING_SALT)


def booking_of_key(key: str) -> EventBooking:
    try:
        code = signing.loads(key, salt=BOOKING_SALT)
    except signing.BadSignature:
        raise Http404 from None
    booking = EventBooking.objects.filter(code=code).select_related("event").first()
    if booking is None:
        raise Http404
    return booking


# The team's pages ------------------------------------------------------------------------


def _managed_teams(user: Any) -> list[Team]:
    if not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        return []
    return user.teams_with(Permission.COMMUNITY_MANAGE)


def team_event(user: Any, code: Any) -> Event:
    """An event of a team the user runs community messaging for, or 404."""
    event = (
        Event.objects.filter(team__in=_managed_teams(user), code=code)
        .annotate(places_taken=_places_taken())
        .select_related("team")
        .first()
    )
    if event is None:
        raise Http404
    return event


def event_bookings(event: Event) -> list[EventBooking]:
    """The event's bookings, the ones still held first, in the order they came."""
    return sorted(
        event.bookings.all(), key=lambda b: (b.cancelled_at is not None, b.created_at, b.pk)
    )
