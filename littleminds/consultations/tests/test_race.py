"""Two practitioners press "book" on one slot at the same moment: one booking, and one
clear refusal. On PostgreSQL the two run truly at once, each in its own thread with its
own connection and transaction; the constraint decides, not a check in the code
(ADR 0026). (On SQLite, which writes one at a time, `test_services` shows that the
constraint refuses the second all the same.)"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from littleminds.accounts.models import User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.consultations import services
from littleminds.consultations.models import Booking, Slot
from littleminds.consultations.tests.factories import slot
from littleminds.core.background import wait_for_background
from littleminds.notifications.tests.fakes import FLAKY, FlakyBackend

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite cannot run two writers at once"
    ),
]


@pytest.fixture
def quiet(settings: Any) -> Any:
    """Notifications go to a recording backend (the console's would print)."""
    settings.NOTIFICATIONS_BACKEND = FLAKY
    FlakyBackend.down = False
    FlakyBackend.sent = []
    yield
    wait_for_background()
    FlakyBackend.down = True
    FlakyBackend.sent = []


def _book_at_once(people: list[User], wanted: list[Slot], attempts: int) -> list[Any]:
    """Each practitioner books each of `wanted` slots in its turn, all threads released
    together before each booking."""
    barrier = threading.Barrier(len(people))
    outcomes: list[Any] = []
    lock = threading.Lock()

    def run(person: User) -> None:
        try:
            for index in range(attempts):
                barrier.wait(timeout=30)
                try:
                    made = services.booking_create(
                        by=person,
                        practitioner=person,
                        slot=wanted[index],
                        request=services.Request(concerns=["bonding"]),
                    )
                    result: Any = made.pk
                except services.SlotTaken as taken:
                    result = taken
                with lock:
                    outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_at_once_make_one_booking_and_one_refusal(
    clinician: User, practitioner: User, quiet: None
) -> None:
    other = UserFactory.create(
        email="second@test.example",
        organisation=practitioner.organisation,
        roles=[(Role.PRACTITIONER, None)],
    )
    wanted = [slot(clinician, days=3 + i) for i in range(5)]

    outcomes = _book_at_once([practitioner, other], wanted, attempts=5)

    assert len(outcomes) == 10
    refusals = [o for o in outcomes if isinstance(o, services.SlotTaken)]
    assert len(refusals) == 5  # one of each pair
    assert Booking.objects.count() == 5
    assert sorted(Booking.objects.values_list("slot", flat=True)) == sorted(s.pk for s in wanted)


def test_many_at_once_on_few_slots_make_exactly_one_booking_each(
    clinician: User, practitioner: User, quiet: None
) -> None:
    people = [
        UserFactory.create(
            email=f"p{index}@test.example",
            organisation=practitioner.organisation,
            roles=[(Role.PRACTITIONER, None)],
        )
        for index in range(8)
    ]
    wanted = [slot(clinician, days=3)]

    outcomes = _book_at_once(people, wanted, attempts=1)

    assert len(outcomes) == 8
    assert sum(isinstance(o, services.SlotTaken) for o in outcomes) == 7
    assert Booking.objects.filter(cancelled_at__isnull=True).count() == 1
