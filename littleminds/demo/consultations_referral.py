"""The demonstration's consultations that advised a referral (ADR 0030): three became
referrals through `consultations.services_referral` (two sent to triage, one a draft the
practitioner is still finishing) and one, Pat's, waits for its "Start the referral".

The consultations are history, written as they would stand now (the services refuse a slot
in the past); the referrals are made through the services, as the practitioners would make
them, so each says which consultation it came from and the audit trail has each step. The
families are invented and agreed to share their details for the consultation.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.consultations import services_referral
from littleminds.consultations.models import Booking, ConsultationRecord, Outcome, Slot
from littleminds.demo.referrals import FAMILY_HUB, HEALTH_VISITOR, MIDWIFE, PAT
from littleminds.referrals import services as referral_services

PHONE = "+447700900456"  # Ofcom's drama range: nobody's
VIDEO_LINK = "https://video.littleminds.example/rooms/consultation"

# Who consulted, about which (invented) family, how long ago, and what becomes of it:
# "sent", "draft", or "" (not started yet).
ADVISED: list[tuple[str, str, str, str, int, str]] = [
    (HEALTH_VISITOR, "Demo Parent Kasia", "Zofia", "BD3 9AA", 5, "sent"),
    (MIDWIFE, "Demo Parent Lee", "", "BD8 7QT", 3, "sent"),
    (FAMILY_HUB, "Demo Parent Noor", "Idris", "BD5 0AB", 2, "draft"),
    (PAT, "Demo Parent Rowan", "Ash", "BD9 4AA", 1, ""),
]


def load(*, team: Team, clinician: User, practitioners: dict[str, User]) -> int:
    """The consultations that advised a referral; how many referrals they became."""
    became = 0
    for email, parent, baby, postcode, weeks_ago, fate in ADVISED:
        who = practitioners.get(email)
        if who is None:
            continue
        booked = _consultation(
            team=team,
            clinician=clinician,
            practitioner=who,
            parent=parent,
            baby=baby,
            postcode=postcode,
            day=_thursday(weeks_ago),
        )
        if not fate:
            continue
        referral, _started = services_referral.referral_start(by=who, booking=booked)
        became += 1
        # The contact page answered; the draft waits for the family's agreement.
        referral = referral_services.draft_save(
            by=who,
            referral=referral,
            changes={"phone": PHONE, "may_call": True, "may_text": True, "language": "en"},
        )
        if fate != "sent":
            continue
        referral = referral_services.draft_save(
            by=who,
            referral=referral,
            # The family was asked again, and agreed to the referral itself.
            changes={"impact": "moderate", "consent": True},
        )
        referral_services.referral_submit(by=who, referral=referral)
    return became


def _thursday(weeks_ago: int) -> date:
    today = timezone.localdate()
    return today - timedelta(weeks=weeks_ago, days=(today.weekday() - 3) % 7)


def _consultation(
    *,
    team: Team,
    clinician: User,
    practitioner: User,
    parent: str,
    baby: str,
    postcode: str,
    day: date,
) -> Booking:
    starts = timezone.make_aware(datetime.combine(day, time(11, 0)))
    slot = Slot.objects.create(
        team=team,
        clinician=clinician,
        starts_at=starts,
        minutes=45,
        mode=Slot.Mode.VIDEO,
        video_link=VIDEO_LINK,
        created_at=starts - timedelta(days=21),
        created_by=clinician,
    )
    booked = Booking.objects.create(
        slot=slot,
        practitioner=practitioner,
        organisation=practitioner.organisation,
        concerns=["bonding", "parent_mental_health"],
        note="Mum says she feels nothing for the baby and is frightened by it.",
        family_shared=True,
        parent_name=parent,
        baby_name=baby,
        child_date_of_birth=day - timedelta(days=120),
        postcode=postcode,
        created_at=starts - timedelta(days=7),
        created_by=practitioner,
        reminder_sent_at=starts - timedelta(days=1),
    )
    ConsultationRecord.objects.create(
        booking=booked,
        team=team,
        held_on=day,
        concerns=["bonding", "parent_mental_health"],
        note="Low mood since the birth; little eye contact with the baby at the visits.",
        advice="More than a health visitor's support can hold: refer to the parent-infant "
        "team, and to the GP about the mother's mood.",
        actions="Talk with the mother about a referral this week.",
        outcome=Outcome.REFERRAL_ADVISED,
        recorded_at=starts + timedelta(hours=2),
        recorded_by=clinician,
    )
    return booked
