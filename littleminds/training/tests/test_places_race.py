"""Many people at once on few places (ADR 0033). On PostgreSQL each person runs in a thread
with its own connection and transaction, all released together by a barrier: however many
book, cancel, accept or lapse at once, no two people hold (or are offered) the same place
and no session holds more than its capacity. (On SQLite, which writes one at a time,
`test_registration_models` shows that the database refuses two people one place.)"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.core.background import wait_for_background
from littleminds.notifications.tests.fakes import FLAKY, FlakyBackend
from littleminds.training import services_places as places
from littleminds.training.models import CourseSession, Registration
from littleminds.training.tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite cannot run two writers at once"
    ),
]

Status = Registration.Status


@pytest.fixture
def quiet(settings: Any) -> Iterator[None]:
    """Notifications go to a recording backend (the console's would print)."""
    settings.NOTIFICATIONS_BACKEND = FLAKY
    FlakyBackend.down = False
    FlakyBackend.sent = []
    yield
    wait_for_background()
    FlakyBackend.down = True
    FlakyBackend.sent = []


def _at_once(work: list[Callable[[], Any]]) -> list[Any]:
    """Run each piece of work in its own thread, released together; return what each gave
    back (or raised)."""
    barrier = threading.Barrier(len(work))
    outcomes: list[Any] = []
    lock = threading.Lock()

    def run(job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            try:
                result = job()
            except places.PlacesError as refused:
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


def _book_again(registration: Registration, session: CourseSession) -> Registration:
    assert registration.user is not None
    return places.register_user(by=registration.user, session=session)


def _one_person_a_place(session: CourseSession) -> list[int]:
    numbers = [
        n
        for n in Registration.objects.filter(
            session=session, status__in=(Status.HELD, Status.OFFERED)
        )
        .order_by("place_number")
        .values_list("place_number", flat=True)
        if n is not None
    ]
    assert len(numbers) == len(set(numbers))
    assert all(1 <= n <= session.capacity for n in numbers)
    return numbers


def test_twelve_booking_three_places_at_once_hold_three_and_wait_nine(
    trainer: User, team: Team, quiet: None
) -> None:
    session = factories.session(trainer, factories.course(trainer, team), capacity=3)
    people = factories.people(12)

    outcomes = _at_once([partial(places.register_user, by=p, session=session) for p in people])

    assert len(outcomes) == 12
    assert all(isinstance(o, Registration) for o in outcomes)
    assert _one_person_a_place(session) == [1, 2, 3]
    assert Registration.objects.filter(session=session, status=Status.HELD).count() == 3
    assert Registration.objects.filter(session=session, status=Status.WAITING).count() == 9


def test_cancelling_accepting_and_lapsing_at_once_never_share_a_place(
    trainer: User, team: Team, quiet: None
) -> None:
    session = factories.session(trainer, factories.course(trainer, team), capacity=5)
    people = factories.people(15)
    regs = [places.register_user(by=p, session=session) for p in people]
    holders, waiting = regs[:5], regs[5:]
    start = timezone.now()

    # Five holders cancel at once: five offers go to the first five waiting.
    _at_once(
        [
            partial(places.place_cancel, by=r.user, registration=r, reason="workload", now=start)
            for r in holders
        ]
    )
    assert _one_person_a_place(session) == [1, 2, 3, 4, 5]
    offered = list(Registration.objects.filter(session=session, status=Status.OFFERED))
    assert sorted(r.pk for r in offered) == sorted(r.pk for r in waiting[:5])

    # The five offered answer just as their 48 hours run out, while the offers command
    # lapses them and passes the places on: each place goes to one person only.
    late = start + timedelta(hours=48)
    jobs: list[Callable[[], Any]] = [
        partial(places.offer_accept, by=r.user, registration=r, now=late - timedelta(seconds=1))
        for r in offered
    ]
    jobs += [partial(places.offers_run, now=late) for _ in range(3)]
    outcomes = _at_once(jobs)

    assert len(outcomes) == 8
    numbers = _one_person_a_place(session)
    assert numbers == [1, 2, 3, 4, 5]
    accepted = [o for o in outcomes if isinstance(o, Registration)]
    refused = [o for o in outcomes if isinstance(o, places.NotOpen)]
    assert len(accepted) + len(refused) == 5
    assert Registration.objects.filter(session=session, status=Status.HELD).count() == len(accepted)
    assert Registration.objects.filter(session=session, status=Status.LAPSED).count() == len(
        refused
    )
    # The refused were told in words that the offer lapsed.
    assert all("lapsed" in o.message or "no longer open" in o.message for o in refused)


def test_many_accepting_their_offers_at_once_take_exactly_the_freed_places(
    trainer: User, team: Team, quiet: None
) -> None:
    session = factories.session(trainer, factories.course(trainer, team), capacity=10)
    people = factories.people(30)
    regs = [places.register_user(by=p, session=session) for p in people]
    for r in regs[:10]:
        places.place_cancel(by=r.user, registration=r, reason="illness")
    offered = list(Registration.objects.filter(session=session, status=Status.OFFERED))
    assert len(offered) == 10
    still_waiting = list(Registration.objects.filter(session=session, status=Status.WAITING))

    # Those offered accept while everyone still waiting tries to book again.
    jobs: list[Callable[[], Any]] = [
        partial(places.offer_accept, by=r.user, registration=r) for r in offered
    ]
    jobs += [partial(_book_again, r, session) for r in still_waiting]
    outcomes = _at_once(jobs)

    assert _one_person_a_place(session) == list(range(1, 11))
    assert Registration.objects.filter(session=session, status=Status.HELD).count() == 10
    assert sum(isinstance(o, places.AlreadyRegistered) for o in outcomes) == len(still_waiting)
