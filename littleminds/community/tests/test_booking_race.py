"""Families booking the last places at once (ADR 0038). On PostgreSQL each family books in
a thread with its own connection and transaction, all released together by a barrier: the
event's row is locked while places are counted, so however many book at once, no event
holds more than its places, and each family refused is told so in words. (SQLite writes one
at a time, so `test_booking` shows the same refusal one after another.)"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import connection, connections
from django.db.models import Sum

from littleminds.accounts.models import Team, User
from littleminds.community import services_booking as booking
from littleminds.community.models import EventBooking
from littleminds.community.tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite cannot run two writers at once"
    ),
]


def _at_once(work: list[Callable[[], Any]]) -> list[Any]:
    """Run each piece of work in its own thread, released together; what each gave back
    (or the refusal it raised)."""
    barrier = threading.Barrier(len(work))
    outcomes: list[Any] = []
    lock = threading.Lock()

    def run(job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            try:
                result = job()
            except booking.BookingError as refused:
                result = refused
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _book(event: Any, number: int, people: int = 1) -> Callable[[], Any]:
    return partial(
        booking.event_book,
        by=None,
        event=event,
        name=f"Family {number}",
        phone=f"+4477009000{number:02}",
        email="",
        people=people,
    )


def test_two_families_booking_the_last_place_get_one_booking(
    community_worker: User, team: Team
) -> None:
    event = factories.event(community_worker, team, booking=True, places=1)

    outcomes = _at_once([_book(event, 1), _book(event, 2)])

    made = [o for o in outcomes if isinstance(o, EventBooking)]
    refused = [o for o in outcomes if isinstance(o, booking.BookingError)]
    assert len(made) == 1
    assert len(refused) == 1
    assert "full" in refused[0].message
    assert EventBooking.objects.filter(event=event).count() == 1


def test_twenty_families_on_five_places_never_overbook(community_worker: User, team: Team) -> None:
    event = factories.event(community_worker, team, booking=True, places=5)

    outcomes = _at_once([_book(event, n, people=1 + n % 2) for n in range(20)])

    assert len(outcomes) == 20
    held = EventBooking.objects.filter(event=event).aggregate(total=Sum("people"))["total"]
    assert held <= 5
    # Every family refused was refused in words, and the places went as far as they could.
    assert all(isinstance(o, EventBooking | booking.BookingError) for o in outcomes)
    assert held >= 4
