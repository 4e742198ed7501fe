"""Hand-made records for the funnel and barrier pages' tests, written straight to the
database on the days the counts need (the strands' services work from today)."""

from __future__ import annotations

import itertools
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.community.models import Campaign, Reach
from littleminds.consultations.models import Booking, Slot
from littleminds.consultations.models_groups import GroupPlace, GroupSeries, GroupSession
from littleminds.consultations.models_records import ConsultationRecord, Outcome
from littleminds.referrals.models import Referral
from littleminds.training.models import Course, CourseSession, Registration, SessionPart
from littleminds.training.models_attendance import Attendance

_numbers = itertools.count(1)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def training_part(team: Team, by: User, day: date) -> SessionPart:
    course = Course.objects.create(
        team=team,
        title="Understanding babies' feelings",
        summary="An introduction.",
        outcomes="Know what babies need.",
        tier=Course.Tier.AWARENESS,
        audience="students",
        hours=Decimal("3"),
        delivery=Course.Delivery.ONLINE_LIVE,
        created_by=by,
    )
    session = CourseSession.objects.create(
        course=course, capacity=20, first_day=day, last_day=day, created_by=by
    )
    return SessionPart.objects.create(session=session, day=day, starts=time(9), ends=time(12))


def attended(part: SessionPart, person: User, by: User, mark: str = "present") -> Attendance:
    registration = Registration.objects.filter(session=part.session, user=person).first()
    if registration is None:
        registration = Registration.objects.create(
            session=part.session,
            user=person,
            organisation=person.organisation,
            status=Registration.Status.HELD,
            place_number=Registration.objects.filter(session=part.session).count() + 1,
            joined_at=at(part.day, 8),
        )
    return Attendance.objects.create(registration=registration, part=part, mark=mark, marked_by=by)


def attended_public(
    part: SessionPart,
    email: str,
    organisation: Organisation | None,
    by: User,
    mark: str = "present",
) -> Attendance:
    """A mark for someone who registered without an account, by their e-mail address."""
    registration = Registration.objects.filter(session=part.session, email=email).first()
    if registration is None:
        registration = Registration.objects.create(
            session=part.session,
            name=email.split("@")[0].title(),
            email=email,
            email_confirmed_at=at(part.day - timedelta(days=7), 8),
            organisation=organisation,
            status=Registration.Status.HELD,
            place_number=Registration.objects.filter(session=part.session).count() + 1,
            joined_at=at(part.day - timedelta(days=7), 8),
        )
    return Attendance.objects.create(registration=registration, part=part, mark=mark, marked_by=by)


def consultation(
    team: Team, clinician: User, practitioner: User, day: date, **record: Any
) -> ConsultationRecord:
    slot = Slot.objects.create(
        team=team,
        clinician=clinician,
        starts_at=at(day),
        minutes=45,
        mode=Slot.Mode.PHONE,
        created_by=clinician,
    )
    booking = Booking.objects.create(
        slot=slot,
        practitioner=practitioner,
        organisation=practitioner.organisation,
        phone="+441632960001",
        created_by=practitioner,
    )
    return ConsultationRecord.objects.create(
        booking=booking,
        team=team,
        held_on=day,
        outcome=record.pop("outcome", Outcome.CONTINUES),
        recorded_by=clinician,
        **record,
    )


def duty_call(team: Team, clinician: User, organisation: Organisation, day: date) -> Any:
    return ConsultationRecord.objects.create(
        caller="A nursery worker",
        organisation=organisation,
        team=team,
        held_on=day,
        outcome=Outcome.CONTINUES,
        recorded_by=clinician,
    )


def group_place(team: Team, by: User, practitioner: User, when: datetime) -> GroupPlace:
    series = GroupSeries.objects.create(
        team=team, title="Talking babies", capacity=8, created_by=by
    )
    session = GroupSession.objects.create(
        series=series, starts_at=when, minutes=60, place="Brackendale Family Hub"
    )
    return GroupPlace.objects.create(session=session, practitioner=practitioner, attended=True)


def referral(
    team: Team,
    sent: datetime | None,
    *,
    by: User | None = None,
    organisation: Organisation | None = None,
    status: str = "submitted",
    **fields: Any,
) -> Referral:
    number = next(_numbers)
    return Referral.objects.create(
        kind=Referral.Kind.PRACTITIONER if by or organisation else Referral.Kind.SELF,
        status=status,
        team=team,
        referrer=by,
        referrer_organisation=organisation or (by.organisation if by else None),
        reference=None if sent is None else f"T{number:07d}",
        submitted_at=sent,
        **fields,
    )


def reach(team: Team, by: User, day: date, district: str, adults: int, babies: int) -> Reach:
    campaign = Campaign.objects.create(
        team=team,
        theme="Babies have feelings too",
        key_messages="Babies' feelings matter.",
        languages="en",
        channels="events",
        starts=date(2024, 1, 1),
        ends=date(2026, 1, 1),
        created_by=by,
    )
    return Reach.objects.create(
        team=team,
        campaign=campaign,
        day=day,
        postcode_district=district,
        adults=adults,
        babies=babies,
        created_by=by,
    )


def new_code() -> uuid.UUID:
    return uuid.uuid4()
