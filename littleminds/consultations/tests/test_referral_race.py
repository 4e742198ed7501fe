"""Two presses of "Start the referral" at the same moment (two tabs, a double click that
got through) make one referral, on PostgreSQL truly at once, each in its own thread and
transaction (ADR 0030): the booking's row lock orders them, and where that lock is not
taken (`draft_start` called twice directly) the unique consultation code decides."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.consultations.models import Booking, ConsultationRecord, Outcome, Slot
from littleminds.consultations.services_referral import referral_start
from littleminds.referrals import services as referral_services
from littleminds.referrals.models import Referral

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite cannot run two writers at once"
    ),
]


def _advised(team: Team, clinician: User, practitioner: User) -> Booking:
    day = timezone.localdate() - timedelta(days=7)
    starts = timezone.make_aware(datetime.combine(day, time(10, 0)))
    slot = Slot.objects.create(
        team=team,
        clinician=clinician,
        starts_at=starts,
        minutes=45,
        mode=Slot.Mode.VIDEO,
        video_link="https://video.example/room/1",
        created_by=clinician,
    )
    booked = Booking.objects.create(
        slot=slot,
        practitioner=practitioner,
        family_shared=True,
        parent_name="Sam Example",
        child_date_of_birth=day - timedelta(days=100),
        postcode="BD7 1DP",
        created_by=practitioner,
    )
    ConsultationRecord.objects.create(
        booking=booked,
        team=team,
        held_on=day,
        outcome=Outcome.REFERRAL_ADVISED,
        recorded_by=clinician,
    )
    return booked


def _at_once(times: int, act: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(times)
    outcomes: list[Any] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            try:
                result = act()
            except Exception as error:
                result = error
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_presses_at_once_make_one_referral(team: Team, clinician: User, practitioner: User) -> None:
    booked = _advised(team, clinician, practitioner)

    outcomes = _at_once(4, lambda: referral_start(by=practitioner, booking=booked))

    assert len(outcomes) == 4
    assert all(isinstance(o, tuple) for o in outcomes), outcomes
    assert sorted(started for _r, started in outcomes) == [False, False, False, True]
    assert len({referral.pk for referral, _s in outcomes}) == 1
    assert Referral.objects.count() == 1


def test_drafts_started_at_once_from_one_consultation_are_one(
    team: Team, clinician: User, practitioner: User
) -> None:
    booked = _advised(team, clinician, practitioner)
    came = referral_services.FromConsultation(booked.code, booked.slot.starts_at.date(), "Cal")

    outcomes = _at_once(
        4, lambda: referral_services.draft_start(by=practitioner, consultation=came)
    )

    assert all(isinstance(o, Referral) for o in outcomes), outcomes
    assert len({referral.pk for referral in outcomes}) == 1
    assert Referral.objects.count() == 1
