"""The calendar invitation, read back with `icalendar`, through a booking's life; and the
reminders the day before, each sent once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, time, timedelta

import icalendar
import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent
from littleminds.consultations import services
from littleminds.consultations.models import Booking, Slot
from littleminds.consultations.tests.factories import booking, family, slot
from littleminds.notifications.models import Notification

pytestmark = pytest.mark.django_db


def invitation(client: Client, made: Booking) -> icalendar.Calendar:
    response = client.get(f"/consultations/bookings/{made.code}/invite.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith('attachment; filename="consultation-')
    return icalendar.Calendar.from_ical(response.content)


def only_event(calendar: icalendar.Calendar) -> icalendar.Component:
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def test_the_invitation_says_when_how_and_who_and_names_no_family(
    clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    made = booking(practitioner, slot(clinician, at=time(14, 30), minutes=45), family=family())
    calendar = invitation(sign_in(Client(), practitioner), made)
    event = only_event(calendar)

    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]).startswith(str(made.code))
    assert event["sequence"] == 0
    assert event.decoded("dtstart") == made.slot.starts_at.astimezone(UTC)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=45)
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["location"]) == "https://video.example/room/1"
    assert str(event["organizer"]) == f"mailto:{clinician.email}"
    assert str(event["attendee"]) == f"mailto:{practitioner.email}"
    text = calendar.to_ical().decode()
    assert "Sam" not in text
    assert "Robin" not in text
    assert "BD7" not in text


def test_a_moved_booking_updates_the_same_event_and_a_cancelled_one_cancels_it(
    clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    made = booking(practitioner, slot(clinician, days=3))
    new = slot(clinician, days=5, mode=Slot.Mode.IN_PERSON)
    client = sign_in(Client(), clinician)
    uid = str(only_event(invitation(client, made))["uid"])

    services.booking_move(by=practitioner, booking=made, slot=new)
    moved = only_event(invitation(client, made))
    assert str(moved["uid"]) == uid
    assert moved["sequence"] == 1
    assert moved.decoded("dtstart") == new.starts_at.astimezone(UTC)
    assert str(moved["location"]).startswith("Room 2")

    services.booking_cancel(by=practitioner, booking=made, reason="not_needed")
    cancelled = invitation(client, made)
    event = only_event(cancelled)
    assert str(cancelled["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == uid
    assert event["sequence"] == 2


def test_the_reminder_is_sent_once_for_tomorrows_consultations(
    clinician: User, practitioner: User
) -> None:
    tomorrow = booking(practitioner, slot(clinician, days=1, at=time(11)))
    later = booking(practitioner, slot(clinician, days=2, at=time(11)))
    cancelled = booking(practitioner, slot(clinician, days=1, at=time(15)))
    services.booking_cancel(by=practitioner, booking=cancelled, reason="not_needed")
    Notification.objects.all().delete()

    assert services.reminders_send() == 1
    assert services.reminders_send() == 0  # again: nothing twice

    told = Notification.objects.filter(template="consultation_reminder")
    assert sorted(n.to for n in told) == sorted([practitioner.email, clinician.email])
    tomorrow.refresh_from_db()
    later.refresh_from_db()
    assert tomorrow.reminder_sent_at is not None
    assert later.reminder_sent_at is None
    assert AuditEvent.objects.filter(action="consultation.reminded").count() == 1


def test_a_moved_booking_is_reminded_again_for_its_new_day(
    clinician: User, practitioner: User
) -> None:
    made = booking(practitioner, slot(clinician, days=1, at=time(11)))
    assert services.reminders_send() == 1
    services.booking_move(by=practitioner, booking=made, slot=slot(clinician, days=3))
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        assert services.reminders_send() == 1


def test_the_command_sends_the_reminders(
    clinician: User, practitioner: User, capsys: pytest.CaptureFixture[str]
) -> None:
    booking(practitioner, slot(clinician, days=1, at=time(11)))
    call_command("consultations", "remind")
    call_command("consultations", "remind")
    out = capsys.readouterr().out
    assert "Reminders sent for 1 consultation(s)" in out
    assert "Reminders sent for 0 consultation(s)" in out
    assert Notification.objects.filter(template="consultation_reminder").count() == 2


def test_a_move_to_another_clinician_tells_the_released_one_to_remove_it(
    clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    from littleminds.accounts.roles import Role
    from littleminds.accounts.tests.factories import UserFactory

    team = clinician.teams()[0]
    other = UserFactory.create(
        email="other.clinician@test.example",
        full_name="Oli Other",
        organisation=team.organisation,
        roles=[(Role.CLINICIAN, team)],
    )
    made = booking(practitioner, slot(clinician, days=3))
    Notification.objects.all().delete()

    services.booking_move(by=practitioner, booking=made, slot=slot(other, days=5))

    moved = Notification.objects.filter(template=Notification.Template.CONSULTATION_MOVED)
    assert sorted(n.to for n in moved) == sorted([practitioner.email, other.email])
    released = Notification.objects.get(template=Notification.Template.CONSULTATION_CANCELLED)
    assert released.to == clinician.email
    assert "Oli Other" in released.body
    link = f"/consultations/bookings/{made.code}/invite.ics?released=1"
    assert link in released.body
    client = sign_in(Client(), clinician)
    response = client.get(link)
    assert response.status_code == 200
    removal = icalendar.Calendar.from_ical(response.content)
    assert str(removal["method"]) == "CANCEL"
    assert str(only_event(removal)["status"]) == "CANCELLED"
    assert only_event(removal)["sequence"] == 1
    assert str(invitation(client, made)["method"]) == "REQUEST"  # the event itself goes on


def test_the_move_page_says_who_is_told(
    clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    made = booking(practitioner, slot(clinician, days=3))
    page = sign_in(Client(), practitioner).get(f"/consultations/bookings/{made.code}/move/")
    words = page.content.decode()
    assert "both of you get the new invitation" not in words
    assert (
        "If the new time is with another clinician, the clinician of the old time is told "
        "to remove it from their calendar." in words
    )
