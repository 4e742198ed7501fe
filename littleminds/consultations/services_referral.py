"""A consultation that advised a referral becomes one, in one step (issue 13, "Recording";
ADR 0030).

The practitioner who booked the consultation, once the clinician has recorded "referral
advised" and when the family agreed to share its details for the consultation, starts a
referral draft with those details, the worries and the clinician's advice carried over, so
nothing is asked twice. The family's agreement to the referral is not carried over: it is
a new agreement, asked on the referral's worries page. One consultation becomes one
referral: pressing again gives back the same referral, draft or sent; a draft the
practitioner deleted is gone, and pressing again starts one new draft.

The advice and the actions together may be longer than the referral's "what has been
tried" answer may be: what fits whole is carried over (whole sentences or lines, the advice
first) with a note that it was shortened, so the practitioner never meets a "too long"
error about words they did not write.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.consultations.models import Booking
from littleminds.consultations.models_records import ConsultationRecord, Outcome
from littleminds.consultations.services import NotAllowed
from littleminds.referrals import services as referral_services
from littleminds.referrals.models import Referral
from littleminds.referrals.selectors import referral_from_consultation
from littleminds.referrals.validation import TEXT_LIMIT

# Where a text may be cut and stay whole: after a sentence's end, or at a line's end.
_WHOLE_ENDS = re.compile(r"[.!?\u2026](?=\s)|\n")


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
    parts = []
    if record.advice.strip():
        parts.append((_("Advice from the consultation:"), record.advice.strip()))
    if record.actions.strip():
        parts.append((_("Actions agreed:"), record.actions.strip()))
    return referral_services.Details(
        parent_name=booking.parent_name,
        baby_name=booking.baby_name,
        unborn=booking.unborn,
        expected_delivery_date=booking.expected_delivery_date if booking.unborn else None,
        child_date_of_birth=None if booking.unborn else booking.child_date_of_birth,
        postcode=booking.postcode,
        concerns=list(record.concerns or booking.concerns),
        concern_details=booking.note.strip(),
        tried=_tried(parts),
        consent=False,
    )


def _length(text: str) -> int:
    """The text's length as the referral form counts it: a browser sends each line break
    of a text box as two characters (a carriage return and a line feed)."""
    return len(text) + text.count("\n") - text.count("\r\n")


def _whole(text: str, room: int) -> str:
    """The longest beginning of `text` that ends where a sentence or a line ends and takes
    at most `room` characters; "" when not even the first sentence fits."""
    if _length(text) <= room:
        return text
    kept = ""
    for end in _WHOLE_ENDS.finditer(text):
        candidate = text[: end.end()].rstrip()
        if _length(candidate) > room:
            break
        kept = candidate
    return kept


def _tried(parts: list[tuple[str, str]]) -> str:
    """The advice and the actions, each after its heading, for the referral's "what has been
    tried": all of it when it fits the answer's limit; otherwise what fits whole, in order,
    and a note that the full advice is in the consultation record."""
    given = [f"{heading} {words}" for heading, words in parts]
    if _length("\n\n".join(given)) <= TEXT_LIMIT:
        return "\n\n".join(given)
    note = _("(shortened: the full advice is in the consultation record)")
    room = TEXT_LIMIT - _length(f"\n\n{note}")
    kept: list[str] = []
    for heading, words in parts:
        taken = _length("\n\n".join(kept)) + (_length("\n\n") if kept else 0)
        piece = f"{heading} {words}"
        if taken + _length(piece) <= room:
            kept.append(piece)
            continue
        # What is left of the advice (or the actions) that fits whole; nothing after it, so
        # nothing is read out of its order.
        fits = _whole(words, room - taken - _length(f"{heading} "))
        if fits:
            kept.append(f"{heading} {fits}")
        break
    return "\n\n".join([*kept, note])


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
