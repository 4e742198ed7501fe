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


def group(
    clinician: User, *, capacity: int = 3, sessions: int = 2, days: int = 10, **given: Any
) -> Any:
    """A reflective practice group of the clinician's team, weekly from `days` on."""
    from datetime import datetime

    from littleminds.consultations import services_groups

    first = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=days), time(14, 0))
    )
    return services_groups.series_create(
        by=clinician,
        team=given.pop("team", None) or clinician.teams()[0],
        title=given.pop("title", "Thinking about babies"),
        about="Talking through our practice together.",
        capacity=capacity,
        dates=[
            services_groups.Date(
                starts_at=first + timedelta(weeks=n), minutes=90, place="Room 1, Family Hub"
            )
            for n in range(sessions)
        ],
        **given,
    )


def callback(practitioner: User, team: Any, **given: Any) -> Any:
    from littleminds.consultations import services_groups

    return services_groups.callback_request(
        by=practitioner,
        team=team,
        phone=PHONE,
        earliest=a_day(given.pop("earliest", 1)),
        latest=a_day(given.pop("latest", 14)),
        weekdays=given.pop("weekdays", [0, 2]),
        parts_of_day=given.pop("parts_of_day", ["morning"]),
        about=given.pop("about", "A baby who does not settle; I would value a chat."),
    )


def groups_world(clinician: User, practitioner: User) -> dict[str, Any]:
    """A group, one of its sessions, and a waiting call-back request, for the access tests."""
    made = group(clinician)
    return {
        "group": made,
        "group_session": made.sessions.first(),
        "attended_session": attended_session(clinician, practitioner),
        "callback": callback(practitioner, clinician.teams()[0]),
    }


def attended_session(clinician: User, practitioner: User) -> Any:
    """A session of the clinician's team that began three hours ago, recorded with the
    practitioner attending: their feedback is asked."""
    from littleminds.consultations import services_groups
    from littleminds.consultations.models_groups import GroupSession

    session = group(clinician, title="Holding in mind", sessions=1).sessions.get()
    place = services_groups.group_join(by=practitioner, session=session)
    GroupSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=3))
    session.refresh_from_db()
    return services_groups.session_record(
        by=clinician, session=session, attended={place.pk}, themes="Holding in mind"
    )
