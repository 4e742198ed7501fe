"""Recording a booked consultation: the team's clinicians and managers only, once it has
begun, one record per booking (changing replaces, audited apart), the outcome's service and
follow-up date checked, bad input told box by box, and the record shown on the booking."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent
from littleminds.consultations import services
from littleminds.consultations.models import Booking, ConsultationRecord, Outcome
from littleminds.consultations.services_records import Said, record_save
from littleminds.consultations.tests.factories import booking, slot
from littleminds.directory.models import Service
from littleminds.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

BOOKED_ON = date(2026, 11, 25)


@pytest.fixture
def held(clinician: User, practitioner: User) -> Iterator[Booking]:
    """A booking made on 25 November for 2 December at 10:00; time is then 2 December 11:00."""
    with time_machine.travel(BOOKED_ON, tick=False):
        made = booking(practitioner, slot(clinician, days=7), concerns=["bonding", "housing"])
    with time_machine.travel(
        datetime(2026, 12, 2, 11, 0, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        yield made


@pytest.fixture
def directory_service() -> Service:
    made: Service = ServiceFactory.create(name="Brackendale Parents Group")
    return made


def url(made: Booking) -> str:
    return f"/consultations/bookings/{made.code}/record/"


def page(made: Booking) -> str:
    return f"/consultations/bookings/{made.code}/"


def text(response: object) -> str:
    return unescape(response.content.decode())  # type: ignore[attr-defined]


def test_the_form_starts_from_the_booking_worries(
    held: Booking, clinician: User, sign_in: Callable[[Client, User], Client]
) -> None:
    response = sign_in(Client(), clinician).get(url(held))
    assert response.status_code == 200
    checked = response.context["form"]["concerns"].value()
    assert checked == ["bonding", "housing"]


def test_the_clinician_records_and_the_booking_shows_it_in_words(
    held: Booking,
    clinician: User,
    practitioner: User,
    directory_service: Service,
    sign_in: Callable[[Client, User], Client],
) -> None:
    client = sign_in(Client(), clinician)
    response = client.post(
        url(held),
        {
            "concerns": ["bonding"],
            "note": "Talked through the feeds.",
            "advice": "Watch, wait, wonder.",
            "actions": "Practitioner visits weekly.",
            "outcome": "signposted",
            "service": str(directory_service.code),
        },
    )
    assert response.status_code == 302
    made = ConsultationRecord.objects.get(booking=held)
    assert made.outcome == Outcome.SIGNPOSTED
    assert made.signposted_to == directory_service
    assert made.held_on == date(2026, 12, 2)
    assert made.recorded_by == clinician
    event = AuditEvent.objects.get(action="consultation.recorded")
    assert event.detail["outcome"] == "signposted"
    shown = text(client.get(page(held)))
    assert "Watch, wait, wonder." in shown
    assert "Signposted to another service: Brackendale Parents Group" in shown
    assert "signposted" not in shown.replace("Signposted", "")  # no code shown
    # The practitioner sees the record too, and cannot record.
    theirs = text(sign_in(Client(), practitioner).get(page(held)))
    assert "Watch, wait, wonder." in theirs
    assert url(held) not in theirs


def test_recording_again_replaces_the_record_and_is_audited_as_a_change(
    held: Booking, clinician: User, manager: User
) -> None:
    record_save(by=clinician, booking=held, said=Said(outcome=Outcome.CONTINUES, note="First"))
    record_save(
        by=manager,
        booking=held,
        said=Said(outcome=Outcome.FOLLOW_UP, follow_up_on=date(2026, 12, 16)),
    )
    assert ConsultationRecord.objects.count() == 1
    record = ConsultationRecord.objects.get()
    assert record.outcome == Outcome.FOLLOW_UP
    assert record.note == ""
    assert record.changed_at is not None
    assert record.recorded_by == clinician
    assert AuditEvent.objects.filter(action="consultation.record_changed").count() == 1


def test_the_database_holds_one_record_per_booking(held: Booking, clinician: User) -> None:
    record_save(by=clinician, booking=held, said=Said(outcome=Outcome.CONTINUES))
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationRecord.objects.create(
            booking=held,
            team=held.slot.team,
            held_on=date(2026, 12, 2),
            outcome=Outcome.CONTINUES,
            recorded_by=clinician,
        )


def test_the_service_refuses_others_and_wrong_states(
    held: Booking, clinician: User, other_clinician: User, practitioner: User
) -> None:
    for someone in (other_clinician, practitioner):
        with pytest.raises(services.NotAllowed):
            record_save(by=someone, booking=held, said=Said(outcome=Outcome.CONTINUES))
    with pytest.raises(services.NotAllowed):
        record_save(by=clinician, booking=held, said=Said(outcome=Outcome.SIGNPOSTED))
    with pytest.raises(services.NotAllowed):
        record_save(
            by=clinician,
            booking=held,
            said=Said(outcome=Outcome.FOLLOW_UP, follow_up_on=date(2028, 1, 1)),
        )
    assert not ConsultationRecord.objects.exists()


def test_a_consultation_not_yet_begun_or_cancelled_is_not_recorded(
    clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    with time_machine.travel(BOOKED_ON, tick=False):
        coming = booking(practitioner, slot(clinician, days=7))
        gone = booking(practitioner, slot(clinician, days=6))
        services.booking_cancel(by=practitioner, booking=gone, reason="not_needed")
        client = sign_in(Client(), clinician)
        with pytest.raises(services.NotAllowed):
            record_save(by=clinician, booking=coming, said=Said(outcome=Outcome.CONTINUES))
        refused = client.post(url(coming), {"outcome": "continues"}, follow=True)
        assert "once it has begun" in text(refused)
        assert url(coming) not in text(client.get(page(coming)))
    with time_machine.travel(BOOKED_ON + timedelta(days=10), tick=False):
        client = sign_in(Client(), clinician)
        refused = client.post(url(gone), {"outcome": "continues"}, follow=True)
        assert "This consultation is cancelled." in text(refused)
        with pytest.raises(services.NotAllowed):
            record_save(by=clinician, booking=gone, said=Said(outcome=Outcome.CONTINUES))
    assert not ConsultationRecord.objects.exists()


@pytest.mark.parametrize(
    ("posted", "box", "message"),
    [
        ({}, "outcome", "Choose the outcome"),
        ({"outcome": "maybe"}, "outcome", "Choose one of the outcomes"),
        ({"outcome": "signposted"}, "service", "Choose the service you signposted to"),
        (
            {"outcome": "signposted", "service": "00000000-0000-0000-0000-000000000000"},
            "service",
            "Choose a service from the directory",
        ),
        ({"outcome": "follow_up"}, "follow_up_on", "Enter the follow-up date"),
        (
            {
                "outcome": "follow_up",
                **{
                    "follow_up_on_day": "1",
                    "follow_up_on_month": "12",
                    "follow_up_on_year": "2026",
                },
            },
            "follow_up_on",
            "The follow-up date must be from the consultation's day to a year after it",
        ),
        (
            {
                "outcome": "follow_up",
                **{"follow_up_on_day": "1", "follow_up_on_month": "1", "follow_up_on_year": "2029"},
            },
            "follow_up_on",
            "The follow-up date must be from the consultation's day to a year after it",
        ),
        (
            {"outcome": "continues", "concerns": ["nonsense"]},
            "concerns",
            "Select the worries from the list",
        ),
        (
            {"outcome": "continues", "note": "x" * 2001},
            "note",
            "Enter the note in 2,000 characters or fewer",
        ),
        (
            {"outcome": "continues", "advice": "x" * 2001},
            "advice",
            "Enter the advice given in 2,000 characters or fewer",
        ),
    ],
)
def test_bad_input_is_told_in_its_box_and_nothing_is_saved(
    held: Booking,
    clinician: User,
    directory_service: Service,
    sign_in: Callable[[Client, User], Client],
    posted: dict[str, object],
    box: str,
    message: str,
) -> None:
    response = sign_in(Client(), clinician).post(url(held), posted)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [box]
    assert message in " ".join(errors[box])
    assert not ConsultationRecord.objects.exists()
