"""Slots and bookings: publishing within bounds, booking once, moving at once, cancelling
with a reason; every write audited and told through the notifications layer."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent
from littleminds.consultations import selectors, services
from littleminds.consultations.models import Booking, Slot
from littleminds.consultations.tests.factories import a_day, booking, family, slot
from littleminds.notifications.models import Notification

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


# Publishing ------------------------------------------------------------------------------


def test_it_publishes_a_weekly_series_as_one_slot_a_week(clinician: User) -> None:
    first = slot(clinician, days=3, weeks=6)
    series = list(Slot.objects.filter(series=first.series).order_by("starts_at"))
    assert len(series) == 6
    assert [s.starts_at - series[0].starts_at for s in series] == [
        timedelta(weeks=w) for w in range(6)
    ]
    assert actions()[-1] == "consultation.slots_published"


def test_a_one_off_slot_has_no_series(clinician: User) -> None:
    assert slot(clinician).series is None


@pytest.mark.parametrize(
    ("days", "weeks"),
    [(-1, 1), (0, 53), (360, 2), (367, 1)],
    ids=["in the past", "53 weeks", "series past a year", "more than a year ahead"],
)
def test_it_refuses_slots_out_of_bounds(clinician: User, days: int, weeks: int) -> None:
    with pytest.raises(services.NotAllowed):
        slot(clinician, days=days, weeks=weeks)
    assert not Slot.objects.exists()


def test_it_refuses_a_slot_over_another_of_the_clinicians(clinician: User) -> None:
    slot(clinician, days=5, at=time(10, 0), minutes=60)
    with pytest.raises(services.NotAllowed):
        slot(clinician, days=5, at=time(10, 30))
    slot(clinician, days=5, at=time(11, 0))  # straight after is fine
    assert Slot.objects.count() == 2


def test_only_the_teams_clinicians_and_managers_publish(
    clinician: User, other_clinician: User, practitioner: User
) -> None:
    team = clinician.teams()[0]
    for who in (other_clinician, practitioner):
        with pytest.raises(services.NotAllowed):
            services.slots_publish(
                by=who,
                team=team,
                clinician=clinician,
                starts_on=a_day(3),
                at=time(9),
                minutes=30,
                mode=Slot.Mode.PHONE,
            )


def test_the_database_refuses_a_video_slot_without_its_link(clinician: User) -> None:
    made = slot(clinician)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=made.pk).update(video_link="")


def test_a_free_slot_can_be_withdrawn_and_is_no_longer_offered(
    clinician: User, practitioner: User
) -> None:
    made = slot(clinician)
    services.slot_withdraw(by=clinician, slot=made)
    assert selectors.free_slots(start=a_day(0), end=a_day(30)) == []
    assert actions()[-1] == "consultation.slot_withdrawn"
    with pytest.raises(services.SlotUnavailable):
        booking(practitioner, made)


def test_a_booked_slot_cannot_be_withdrawn(clinician: User, practitioner: User) -> None:
    made = slot(clinician)
    booking(practitioner, made)
    with pytest.raises(services.NotAllowed):
        services.slot_withdraw(by=clinician, slot=made)


# Booking ---------------------------------------------------------------------------------


def test_it_books_a_slot_without_naming_a_family(clinician: User, practitioner: User) -> None:
    made = booking(practitioner, slot(clinician), concerns=["money", "bonding"], note="A note.")
    assert made.is_active
    assert made.concerns == ["bonding", "money"]  # in the navigator's order
    assert not made.family_shared
    assert made.parent_name == ""
    assert made.organisation == practitioner.organisation
    assert actions()[-1] == "consultation.booked"
    told = Notification.objects.filter(template="consultation_booked")
    assert sorted(n.to for n in told) == sorted([practitioner.email, clinician.email])
    body = told.first().body  # type: ignore[union-attr]
    assert "/consultations/bookings/" in body
    assert "invite.ics" in body
    assert selectors.free_slots(start=a_day(0), end=a_day(30)) == []


def test_it_keeps_the_familys_details_only_when_shared(clinician: User, practitioner: User) -> None:
    made = booking(practitioner, slot(clinician), family=family())
    assert made.family_shared
    assert made.parent_name == "Sam Example"
    assert made.postcode == "BD7 1DP"
    # The words of the e-mails name no family.
    assert not [n for n in Notification.objects.all() if "Sam" in n.body + n.subject]


def test_one_slot_has_one_booking(clinician: User, practitioner: User) -> None:
    made = slot(clinician)
    booking(practitioner, made)
    with pytest.raises(services.SlotTaken):
        booking(practitioner, made)
    assert Booking.objects.count() == 1


def test_the_database_refuses_a_second_active_booking_of_a_slot(
    clinician: User, practitioner: User
) -> None:
    """Whatever the code does: the constraint itself (on SQLite as on PostgreSQL)."""
    first = booking(practitioner, slot(clinician))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot=first.slot, practitioner=practitioner, created_by=practitioner)
    # A cancelled booking frees the slot for another.
    services.booking_cancel(by=practitioner, booking=first, reason="not_needed")
    again = booking(practitioner, first.slot)
    assert again.is_active


def test_only_practitioners_book(clinician: User, manager: User) -> None:
    made = slot(clinician)
    for who in (clinician, manager):
        with pytest.raises(services.NotAllowed):
            booking(who, made)


def test_a_slot_that_has_begun_cannot_be_booked(clinician: User, practitioner: User) -> None:
    made = slot(clinician)
    Slot.objects.filter(pk=made.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    made.refresh_from_db()
    with pytest.raises(services.SlotUnavailable):
        booking(practitioner, made)


# Moving and cancelling -------------------------------------------------------------------


def test_moving_takes_the_new_slot_and_frees_the_old_at_once(
    clinician: User, practitioner: User
) -> None:
    old, new = slot(clinician, days=3), slot(clinician, days=4)
    made = booking(practitioner, old)
    Notification.objects.all().delete()
    moved = services.booking_move(by=practitioner, booking=made, slot=new)
    assert moved.slot == new
    assert moved.sequence == 1
    assert [s.pk for s in selectors.free_slots(start=a_day(0), end=a_day(30))] == [old.pk]
    assert actions()[-1] == "consultation.moved"
    # Both are told, with the invitation to update in their calendars.
    told = Notification.objects.filter(template="consultation_moved")
    assert sorted(n.to for n in told) == sorted([practitioner.email, clinician.email])
    assert all("It was:" in n.body for n in told)


def test_a_move_to_a_taken_slot_leaves_the_booking_where_it_was(
    clinician: User, practitioner: User
) -> None:
    other = User.objects.create_user(email="p2@test.example", full_name="Pat Two")
    other.roles.create(role="practitioner")
    old, taken = slot(clinician, days=3), slot(clinician, days=4)
    made = booking(practitioner, old)
    booking(other, taken)
    with pytest.raises(services.SlotTaken):
        services.booking_move(by=practitioner, booking=made, slot=taken)
    made.refresh_from_db()
    assert made.slot == old
    assert made.sequence == 0


def test_cancelling_needs_a_reason_and_tells_both(clinician: User, practitioner: User) -> None:
    made = booking(practitioner, slot(clinician))
    with pytest.raises(services.NotAllowed):
        services.booking_cancel(by=clinician, booking=made, reason="other", other="  ")
    Notification.objects.all().delete()
    done = services.booking_cancel(
        by=clinician, booking=made, reason="other", other="Team training day"
    )
    assert not done.is_active
    assert done.cancel_reason_shown == "Team training day"
    assert done.sequence == 1
    told = Notification.objects.filter(template="consultation_cancelled")
    assert sorted(n.to for n in told) == sorted([practitioner.email, clinician.email])
    assert all("Team training day" in n.body for n in told)
    assert actions()[-1] == "consultation.cancelled"
    with pytest.raises(services.NotAllowed):
        services.booking_cancel(by=clinician, booking=done, reason="not_needed")


def test_outsiders_cannot_move_or_cancel(
    clinician: User, practitioner: User, other_clinician: User
) -> None:
    made = booking(practitioner, slot(clinician))
    with pytest.raises(services.NotAllowed):
        services.booking_cancel(by=other_clinician, booking=made, reason="not_needed")
    with pytest.raises(services.NotAllowed):
        services.booking_move(by=other_clinician, booking=made, slot=slot(clinician, days=9))


# Managers' counts ------------------------------------------------------------------------


def test_the_team_sees_how_much_of_its_offer_is_taken(
    manager: User, clinician: User, practitioner: User
) -> None:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    # Three slots next week (Tuesday, at three times), one of them booked.
    tuesday = (monday + timedelta(days=8) - today).days
    made = [slot(clinician, days=tuesday, at=time(9 + h)) for h in range(3)]
    booking(practitioner, made[0])
    weeks = selectors.team_weeks(by=manager)
    assert len(weeks) == 8
    assert (weeks[1].monday, weeks[1].offered, weeks[1].taken, weeks[1].free) == (
        monday + timedelta(weeks=1),
        3,
        1,
        2,
    )
    assert sum(w.offered for w in weeks) == 3
