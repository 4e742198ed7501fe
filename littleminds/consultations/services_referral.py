"""A consultation that advised a referral becomes one, in one step (issue 13, "Recording";
ADR 0030).

The practitioner who booked the consultation, once the clinician has recorded "referral
advised" and when the family agreed to share its details for the consultation, starts a
referral draft with those details, the worries and the clinician's advice carried over, so
nothing is asked twice. The family's agreement to the referral is not carried over: it is
a new agreement, asked on the referral's worries page. One consultation becomes one
referral: pressing again gives back the same referral, draft or sent.
"""

from __future__ import annotations

from django.db import transaction

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.consultations.models import Booking
from littleminds.consultations.models_records import ConsultationRecord, Outcome
from littleminds.consultations.services import NotAllowed
from littleminds.referrals import services as referral_services
from littleminds.referrals.models import Referral
from littleminds.referrals.selectors import referral_from_consultation


def may_refer(by: User, booking: Booking) -> bool:
    """Whether the person is the one who may turn the booking's consultation into a
    referral: its own practitioner, who refers families."""
    return (
        booking.practitioner_id == by.pk
        and by.has_perm(Permission.CONSULTATIONS_BOOK)
        and by.has_perm(Permission.REFERRALS_CREATE)
    )


def ready_to_refer(booking: Booking, record: ConsultationRecord | None) -> bool:
    """A referral was advised, and the family agreed to share its details."""
    return (
        record is not None
        and record.outcome == Outcome.REFERRAL_ADVISED
        and booking.is_active
        and booking.family_shared
    )


def carried_over(booking: Booking, record: ConsultationRecord) -> referral_services.Details:
    """The referral's answers from the consultation: the family's details, the worries
    discussed (the booking's when the record names none), what the practitioner wanted to
    discuss, and the clinician's advice and the actions agreed. Never the family's
    agreement: the referral asks for it again."""
    tried = []
    if record.advice.strip():
        tried.append(f"Advice from the consultation: {record.advice.strip()}")
    if record.actions.strip():
        tried.append(f"Actions agreed: {record.actions.strip()}")
    return referral_services.Details(
        parent_name=booking.parent_name,
        baby_name=booking.baby_name,
        unborn=booking.unborn,
        expected_delivery_date=booking.expected_delivery_date if booking.unborn else None,
        child_date_of_birth=None if booking.unborn else booking.child_date_of_birth,
        postcode=booking.postcode,
        concerns=list(record.concerns or booking.concerns),
        concern_details=booking.note.strip(),
        tried="\n\n".join(tried),
        consent=False,
    )


def referral_start(*, by: User, booking: Booking) -> tuple[Referral, bool]:
    """Start the referral the consultation advised, or give back the one it became; says
    whether it was started now. Refused (`NotAllowed`, nothing changed) for anyone but the
    booking's practitioner, when no referral was advised, or without the family's details."""
    with transaction.atomic():
        # The booking's lock makes two presses at once one referral (the unique code on
        # the referral is the database's own guard).
        locked = (
            Booking.objects.select_for_update()
            .select_related("slot__team", "slot__clinician")
            .get(pk=booking.pk)
        )
        if not may_refer(by, locked):
            raise NotAllowed("only the consultation's practitioner starts its referral")
        record = ConsultationRecord.objects.filter(booking=locked).first()
        if record is None or record.outcome != Outcome.REFERRAL_ADVISED:
            raise NotAllowed("the consultation did not advise a referral")
        if not ready_to_refer(locked, record):
            raise NotAllowed("the family's details were not shared for the consultation")
        existing = referral_from_consultation(locked.code)
        if existing is not None:
            return existing, False
        referral = referral_services.draft_start(
            by=by,
            details=carried_over(locked, record),
            consultation=referral_services.FromConsultation(
                code=locked.code,
                held_on=record.held_on,
                clinician=locked.slot.clinician.full_name,
            ),
        )
        audit_record(
            by=by,
            action="consultation.referral_started",
            target=record,
            team=locked.slot.team,
            detail={"booking": str(locked.code), "referral": str(referral.code)},
        )
    return referral, True
