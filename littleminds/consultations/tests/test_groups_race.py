"""Many practitioners join the last places of a group session at once, on PostgreSQL: the
row lock on the session keeps the capacity (ADR 0029)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from littleminds.accounts.models import User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.consultations import services_groups as services
from littleminds.consultations.models_groups import GroupPlace
from littleminds.consultations.tests.factories import group

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite cannot run two writers at once"
    ),
]


def test_ten_at_once_for_three_places_make_three_places(
    clinician: User, practitioner: User
) -> None:
    session = group(clinician, capacity=3).sessions.first()
    people = [
        UserFactory.create(
            email=f"r{index}@test.example",
            organisation=practitioner.organisation,
            roles=[(Role.PRACTITIONER, None)],
        )
        for index in range(10)
    ]
    barrier = threading.Barrier(len(people))
    outcomes: list[Any] = []
    lock = threading.Lock()

    def run(person: User) -> None:
        try:
            barrier.wait(timeout=30)
            try:
                result: Any = services.group_join(by=person, session=session).pk
            except services.GroupFull as full:
                result = full
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == 10
    assert sum(isinstance(o, services.GroupFull) for o in outcomes) == 7
    assert GroupPlace.objects.filter(session=session, left_at__isnull=True).count() == 3
