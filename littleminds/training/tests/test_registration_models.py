"""The database's own rules for registrations (ADR 0033): whoever writes, no two people hold
the same place, and a registration's state is always whole."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.training.models import CourseSession, Registration
from littleminds.training.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(trainer: User, team: Team) -> CourseSession:
    return factories.session(trainer, factories.course(trainer, team), capacity=2)


def _held(session: CourseSession, user: User, place: int, **overrides: Any) -> Registration:
    fields: dict[str, Any] = {
        "session": session,
        "user": user,
        "status": Registration.Status.HELD,
        "place_number": place,
        "joined_at": timezone.now(),
    }
    fields.update(overrides)
    return Registration.objects.create(**fields)


def _refused(**fields: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(**fields)


def test_two_people_cannot_hold_the_same_place(
    session: CourseSession, practitioner: User, clinician: User
) -> None:
    _held(session, practitioner, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        _held(session, clinician, 1)
    # An offer of a place is a place too.
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        _held(
            session,
            clinician,
            1,
            status=Registration.Status.OFFERED,
            offered_at=now,
            offer_expires_at=now + timedelta(hours=48),
        )
    assert _held(session, clinician, 2).place_number == 2


def test_a_place_number_goes_only_with_a_held_or_offered_place(
    session: CourseSession, practitioner: User
) -> None:
    now = timezone.now()
    base = {"session": session, "user": practitioner, "joined_at": now}
    _refused(**base, status=Registration.Status.HELD)
    _refused(**base, status=Registration.Status.HELD, place_number=0)
    _refused(**base, status=Registration.Status.WAITING, place_number=1)
    # An offer has its times.
    _refused(**base, status=Registration.Status.OFFERED, place_number=1)
    _refused(
        **base,
        status=Registration.Status.OFFERED,
        place_number=1,
        offered_at=now,
        offer_expires_at=now,
    )
    assert Registration.objects.count() == 0


def test_one_active_registration_a_person_a_session(
    session: CourseSession, practitioner: User
) -> None:
    _held(session, practitioner, 1)
    _refused(session=session, user=practitioner, status=Registration.Status.WAITING, joined_at=None)
    Registration.objects.filter(user=practitioner).update(
        status=Registration.Status.CANCELLED,
        place_number=None,
        cancelled_at=timezone.now(),
        cancel_reason=Registration.CancelReason.ILLNESS,
    )
    # Cancelled, they may register again.
    _held(session, practitioner, 1)


def test_a_public_registrant_has_a_name_an_address_and_an_organisation_or_a_course(
    session: CourseSession, health_visiting: Organisation
) -> None:
    base = {
        "session": session,
        "status": Registration.Status.UNCONFIRMED,
        "name": "Ana Pop",
        "email": "ana@example.org",
    }
    _refused(**{**base, "name": ""}, organisation=health_visiting)
    _refused(**{**base, "email": ""}, organisation=health_visiting)
    _refused(**base)
    _refused(**base, student_at="Bradford College")
    _refused(
        **base,
        organisation=health_visiting,
        student_at="Bradford College",
        student_course="Early years",
    )
    Registration.objects.create(**base, student_at="Bradford College", student_course="Early years")
    # The same address once a session while it counts.
    _refused(**base, organisation=health_visiting)


def test_an_unconfirmed_public_registration_neither_holds_nor_waits(
    session: CourseSession, health_visiting: Organisation
) -> None:
    base = {
        "session": session,
        "name": "Ana Pop",
        "email": "ana@example.org",
        "organisation": health_visiting,
    }
    _refused(**base, status=Registration.Status.HELD, place_number=1, joined_at=timezone.now())
    _refused(**base, status=Registration.Status.UNCONFIRMED, joined_at=timezone.now())
    Registration.objects.create(
        **base,
        status=Registration.Status.HELD,
        place_number=1,
        joined_at=timezone.now(),
        email_confirmed_at=timezone.now(),
    )


def test_a_cancellation_has_its_reason_and_other_its_note(
    session: CourseSession, practitioner: User
) -> None:
    base = {
        "session": session,
        "user": practitioner,
        "status": Registration.Status.CANCELLED,
        "joined_at": timezone.now(),
        "cancelled_at": timezone.now(),
    }
    _refused(**base)
    _refused(**base, cancel_reason="bored")
    _refused(**base, cancel_reason=Registration.CancelReason.OTHER)
    _refused(**base, cancel_reason=Registration.CancelReason.WORKLOAD, cancel_note="Busy")
    _refused(**{**base, "status": Registration.Status.WAITING}, cancel_reason="workload")
    Registration.objects.create(**base, cancel_reason="other", cancel_note="Moved team")
