"""Slots and bookings for tests, made through the services so they hold to the same rules."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.consultations import services
from littleminds.consultations.models import Booking, Slot


def slot(
    clinician: User,
    *,
    days: int = 7,
    at: time = time(10, 0),
    minutes: int = 45,
    mode: str = Slot.Mode.VIDEO,
    weeks: int = 1,
    team: Any = None,
) -> Slot:
    """A slot `days` from today at `at`, offered by `clinician` for their (first) team."""
    made = services.slots_publish(
        by=clinician,
        team=team or clinician.teams()[0],
        clinician=clinician,
        starts_on=timezone.localdate() + timedelta(days=days),
        at=at,
        minutes=minutes,
        mode=mode,
        video_link="https://video.example/room/1" if mode == Slot.Mode.VIDEO else "",
        place="Room 2, Brackendale Family Hub, BD7 1DP" if mode == Slot.Mode.IN_PERSON else "",
        weeks=weeks,
    )
    return made[0]


PHONE = "+441632960001"  # Ofcom's drama range: nobody's


def booking(
    practitioner: User, on: Slot, *, concerns: list[str] | None = None, **request: Any
) -> Booking:
    if on.mode == Slot.Mode.PHONE:
        request.setdefault("phone", PHONE)
    return services.booking_create(
        by=practitioner,
        practitioner=practitioner,
        slot=on,
        request=services.Request(concerns=concerns or ["bonding"], **request),
    )


def family(**given: Any) -> services.Family:
    return services.Family(
        **{
            "parent_name": "Sam Example",
            "baby_name": "Robin",
            "child_date_of_birth": timezone.localdate() - timedelta(days=90),
            "postcode": "BD7 1DP",
            **given,
        }
    )


def a_day(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)
