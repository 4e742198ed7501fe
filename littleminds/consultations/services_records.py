"""Writes of consultation records: the team's clinician records a booked consultation once
it has begun; recording it again replaces the record's words. Audited, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.consultations.models import Booking
from littleminds.consultations.models_records import ConsultationRecord, Outcome
from littleminds.consultations.services import NotAllowed
from littleminds.directory.models import Service
from littleminds.pathway.labels import CONCERN_LABELS

# How far after the consultation a follow-up may be set.
FOLLOW_UP_AHEAD = timedelta(days=366)


@dataclass(frozen=True)
class Said:
    """What the record says."""

    outcome: str
    concerns: list[str] = field(default_factory=list)
    note: str = ""
    advice: str = ""
    actions: str = ""
    signposted_to: Service | None = None
    follow_up_on: date | None = None


def may_record(by: User, booking: Booking) -> bool:
    return booking.slot.team in by.teams_with(Permission.CONSULTATIONS_OFFER)


def record_save(*, by: User, booking: Booking, said: Said) -> ConsultationRecord:
    """Record the consultation, or replace its record. Refused for a cancelled booking,
    one not yet begun, or someone not of the booking's team."""
    if said.outcome not in Outcome.values:
        raise NotAllowed("choose an outcome")
    signposted = said.outcome == Outcome.SIGNPOSTED
    if signposted and said.signposted_to is None:
        raise NotAllowed("a signposting names the service")
    with transaction.atomic():
        locked = Booking.objects.select_for_update().select_related("slot__team").get(pk=booking.pk)
        if not may_record(by, locked):
            raise NotAllowed("only the team's clinicians and managers record its consultations")
        if not locked.is_active:
            raise NotAllowed("the booking is cancelled")
        if locked.slot.starts_at > timezone.now():
            raise NotAllowed("the consultation has not begun")
        held_on = timezone.localdate(locked.slot.starts_at)
        if said.follow_up_on is not None and not (
            held_on <= said.follow_up_on <= held_on + FOLLOW_UP_AHEAD
        ):
            raise NotAllowed("a follow-up is within a year of the consultation")
        record = ConsultationRecord.objects.filter(booking=locked).first()
        changed = record is not None
        if record is None:
            record = ConsultationRecord(
                booking=locked, team=locked.slot.team, held_on=held_on, recorded_by=by
            )
        else:
            record.changed_at = timezone.now()
        record.concerns = [code for code in CONCERN_LABELS if code in set(said.concerns)]
        record.note = said.note
        record.advice = said.advice
        record.actions = said.actions
        record.outcome = said.outcome
        record.signposted_to = said.signposted_to if signposted else None
        record.follow_up_on = said.follow_up_on
        record.full_clean(validate_unique=False)
        record.save()
        audit_record(
            by=by,
            action="consultation.record_changed" if changed else "consultation.recorded",
            target=record,
            team=record.team,
            detail={
                "booking": str(locked.code),
                "outcome": record.outcome,
                **({"service": str(record.signposted_to.code)} if record.signposted_to else {}),
            },
        )
    return record


def duty_record(
    *, by: User, team: Team, caller: str, organisation: Organisation, said: Said
) -> ConsultationRecord:
    """Record a duty consultation: a practitioner's call to the team without a booking,
    held today."""
    if team not in by.teams_with(Permission.CONSULTATIONS_OFFER):
        raise NotAllowed("only the team's clinicians and managers record its consultations")
    if said.outcome not in Outcome.values:
        raise NotAllowed("choose an outcome")
    signposted = said.outcome == Outcome.SIGNPOSTED
    if signposted and said.signposted_to is None:
        raise NotAllowed("a signposting names the service")
    if not caller.strip():
        raise NotAllowed("say who called")
    held_on = timezone.localdate()
    if said.follow_up_on is not None and not (
        held_on <= said.follow_up_on <= held_on + FOLLOW_UP_AHEAD
    ):
        raise NotAllowed("a follow-up is within a year of the consultation")
    record = ConsultationRecord(
        team=team,
        held_on=held_on,
        caller=caller.strip(),
        organisation=organisation,
        concerns=[code for code in CONCERN_LABELS if code in set(said.concerns)],
        note=said.note,
        advice=said.advice,
        actions=said.actions,
        outcome=said.outcome,
        signposted_to=said.signposted_to if signposted else None,
        follow_up_on=said.follow_up_on,
        recorded_by=by,
    )
    record.full_clean(validate_unique=False)
    with transaction.atomic():
        record.save()
        audit_record(
            by=by,
            action="consultation.duty_recorded",
            target=record,
            team=team,
            detail={
                "organisation": str(organisation.code),
                "outcome": record.outcome,
                **({"service": str(record.signposted_to.code)} if record.signposted_to else {}),
            },
        )
    return record
