"""The demonstration's year of consultations (issue 13): what the clinical team's offer
has been over the last 52 weeks, as it would stand now.

Each week the clinician offered a video slot on Tuesdays and the manager a phone slot on
Thursdays, and every other week the clinician saw a practitioner in person at the family
hub on Wednesdays. Practitioners of ten organisations, on all three rings of the system map,
booked most of them (from the consultation pages, from the navigator's answer, a few from a
partner system); some moved their booking once, some cancelled it (every reason appears).
Each consultation held was recorded: the worries talked about, the advice, the actions and
the outcome (the practitioner carries on with support, a follow-up, a signposting to a
service of the demonstration's directory; the referrals advised are
`consultations_referral`'s). A few practitioners rang the team on duty instead.
Most practitioners answered the four feedback questions afterwards; the last few weeks'
are still waiting, Pat Practitioner's among them ("Your work" asks for them).

All of it is history, which the services rightly refuse to write (a slot in the past
cannot be offered, a record is held today), so the rows are written as they would stand
now, in bulk (the demonstration loads at `make run`). No row names a family: none of these
bookings shared the family's details. The words are invented, in the plain words a
clinician would write. A seeded random choice spreads the year the same way on every
install.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.consultations.models import Booking, ConsultationRecord, Outcome, Slot
from littleminds.consultations.models_records import Feedback
from littleminds.directory.models import Service
from littleminds.pathway.labels import CONCERN_LABELS

WEEKS = 52
VIDEO_LINK = "https://video.littleminds.example/rooms/consultation"
PHONE = "+441632960123"  # Ofcom's drama range: nobody's
HUB = "Meeting room 2, Brackendale Family Hub, 14 Mill Lane, BD7 1DP"
DOMAIN = "littleminds.example"
PAT = f"practitioner@{DOMAIN}"


@dataclass(frozen=True)
class Worry:
    """What a practitioner brings about one worry, what the clinician advises, what is
    agreed, and the directory service a family with it may be signposted to (by name)."""

    note: str
    advice: str
    action: str
    service: str


WORRIES: dict[str, Worry] = {
    "bonding": Worry(
        "Mum says she loves the baby but does not enjoy being with her; she rarely looks "
        "at her during feeds.",
        "Notice and name the moments of connection you see, however small. Invite mum to "
        "wonder with you what the baby might be feeling when she looks away.",
        "Try a short video feedback of a play time together at the next visit.",
        "Baby bonding and massage course (family hubs)",
    ),
    "baby_regulation": Worry(
        "The baby cries for hours each evening and the parents are exhausted and cross "
        "with each other.",
        "The crying is hard for everyone. Help the parents take turns, and a calm routine "
        "at the same time each evening. Check feeding and health with the GP first.",
        "Share the crying plan leaflet and check in by phone next week.",
        "Small Hours parent helpline",
    ),
    "trauma_loss": Worry(
        "A very frightening birth; mum has flashbacks and avoids the hospital road.",
        "Flashbacks after a birth like this are common and treatable. Keep the visits "
        "predictable, and ask mum what helps her feel safe.",
        "Talk with mum about help for the flashbacks, and ask the GP about it.",
        "Birth trauma and loss psychological service",
    ),
    "parenting_confidence": Worry(
        "A young dad who is the main carer and keeps saying he is doing it all wrong.",
        "Point out what he does well, specifically, each visit. Let him lead the care while "
        "you are there, rather than showing him how.",
        "Tell dad about the local dads' group and offer to go with him the first time.",
        "Dads and babies group",
    ),
    "parent_mental_health": Worry(
        "Mum seems low and flat since the birth and has stopped going out.",
        "Ask directly about mood and any thoughts of harm; use the questions you know. "
        "Low mood like this often lifts with support, and talking therapy helps.",
        "Ask mum about a GP appointment for her mood this week.",
        "Brackendale Talking Therapies",
    ),
    "domestic_abuse": Worry(
        "Mum mentioned her partner checks her phone and controls the money; she changed "
        "the subject quickly.",
        "See mum on her own and ask safely. Keep a record of what she says in her words, and "
        "follow your safeguarding procedure.",
        "Talk with your safeguarding lead today.",
        "Domestic abuse outreach and advocacy",
    ),
    "substance_use": Worry(
        "Dad drinks most evenings and mum worries about him being alone with the baby.",
        "Think about the baby's safety at the times dad drinks, and talk about it with both "
        "parents. Recovery services see parents without judging them.",
        "Agree a safety plan for the evenings with mum.",
        "Parents in recovery family workers",
    ),
    "housing": Worry(
        "The family of four shares one room in temporary accommodation; the baby has "
        "nowhere to play on the floor.",
        "The room itself is a worry for the baby's development: help the family find time "
        "out of it each day, at the family hub or the library.",
        "Write to the housing team about the family's needs, with the parents' agreement.",
        "Family support in temporary accommodation",
    ),
    "money": Worry(
        "The parents are behind with the rent and skipping meals so the baby has formula.",
        "Money worries take up all the room in a parent's mind. Help with the practical "
        "first; the relationship work can follow.",
        "Help the family apply for the benefits they are owed.",
        "Free debt advice",
    ),
}

# What the practitioner brings, weighted as the team sees it: the relationship first.
CONCERN_MIX: list[list[str]] = [
    ["bonding"],
    ["bonding", "parent_mental_health"],
    ["baby_regulation"],
    ["baby_regulation", "parenting_confidence"],
    ["parent_mental_health"],
    ["parenting_confidence"],
    ["trauma_loss"],
    ["trauma_loss", "bonding"],
    ["domestic_abuse", "parent_mental_health"],
    ["housing", "money"],
    ["substance_use"],
    ["money"],
]

CANCELLED: list[tuple[str, str]] = [
    (Booking.CancelReason.CANNOT_ATTEND, ""),
    (Booking.CancelReason.NOT_NEEDED, ""),
    (Booking.CancelReason.CLINICIAN_UNAVAILABLE, ""),
    (Booking.CancelReason.REFERRED, ""),
    (Booking.CancelReason.OTHER, "The family moved out of the area before the consultation."),
]

COMMENTS = [
    "Really helpful to think it through with someone who knows babies.",
    "I came away with a plan I could use at the next visit.",
    "It helped me feel less alone with a worrying family.",
    "Useful, though I would have liked longer.",
    "Clear advice and kindly given. I will book again.",
    "I now know where to send families like this one.",
    "Helped me to talk with mum about the baby, not just about the problems.",
    "The phone line was poor, but the advice was good.",
]

DUTY_CALLS: list[tuple[int, str, str, list[str], str]] = [
    # Days ago, who called (in the organisation's words), the organisation, worries, outcome.
    (340, "Ben Calder, community midwife", "Brackendale Maternity Service", ["trauma_loss"], "s"),
    (290, "Farah Calder, GP", "Moorside Medical Practice", ["parent_mental_health"], "c"),
    (230, "Ivo Ashdown, domestic abuse adviser", "Safe Spaces Domestic Abuse Service",
     ["domestic_abuse"], "s"),
    (170, "Gus Ember, nursery practitioner", "Little Acorns Day Nursery",
     ["baby_regulation"], "c"),
    (120, "Jade Calder, housing officer", "Brackendale Housing Options", ["housing"], "f"),
    (60, "Hana Garth, dads' group co-ordinator", "Dads and Babies Together",
     ["parenting_confidence"], "c"),
    (20, "Dev Garth, social worker", "Brackendale Children's Social Care",
     ["bonding", "domestic_abuse"], "f"),
]  # fmt: skip
_OUTCOME = {"c": Outcome.CONTINUES, "f": Outcome.FOLLOW_UP, "s": Outcome.SIGNPOSTED}

# The feedback's spread: mostly useful, confidence up by a point or two, a few unchanged.
USEFULNESS = [5] * 10 + [4] * 7 + [3] * 2 + [2]
GAIN = [0] * 2 + [1] * 6 + [2] * 2
WELLBEING = [2] * 6 + [1] * 9 + [0] * 4 + [-1]


def _monday(weeks_ago: int) -> date:
    today = timezone.localdate()
    return today - timedelta(weeks=weeks_ago, days=today.weekday())


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _ordered(codes: list[str]) -> list[str]:
    return [code for code in CONCERN_LABELS if code in set(codes)]


def practitioners() -> list[User]:
    """Who books: the demonstration's practitioners of the system's organisations (two in
    each of ten), and Pat Practitioner."""
    return list(
        User.objects.filter(is_active=True, organisation__isnull=False)
        .filter(email__endswith=f".{DOMAIN}")
        .exclude(email__endswith=f"@{DOMAIN}")
        .select_related("organisation")
        .order_by("email")
    ) + list(User.objects.filter(email=PAT, is_active=True).select_related("organisation"))


def load(*, team: Team, clinician: User, manager: User) -> dict[str, int]:
    """The year's slots, bookings, records and duty calls; how many of each."""
    rng = random.Random(13)  # noqa: S311 - demonstration data, not a secret
    people = practitioners()
    if not people:
        return {}
    services = {s.name: s for s in Service.objects.filter(name__in=_service_names())}

    slots: list[Slot] = []
    # Pat Practitioner's recent consultations, still waiting for Pat's feedback.
    pats: set[int] = set()
    for weeks_ago in range(WEEKS, 0, -1):
        monday = _monday(weeks_ago)
        offer = [
            (clinician, monday + timedelta(days=1), 10, 45, Slot.Mode.VIDEO),
            (manager, monday + timedelta(days=3), 14, 30, Slot.Mode.PHONE),
        ]
        if weeks_ago % 2 == 0:
            offer.append((clinician, monday + timedelta(days=2), 13, 60, Slot.Mode.IN_PERSON))
        for who, day, hour, minutes, mode in offer:
            starts = _at(day, hour)
            if weeks_ago in (1, 4) and mode == Slot.Mode.VIDEO:
                pats.add(len(slots))
            slots.append(
                Slot(
                    team=team,
                    clinician=who,
                    starts_at=starts,
                    minutes=minutes,
                    mode=mode,
                    video_link=VIDEO_LINK if mode == Slot.Mode.VIDEO else "",
                    place=HUB if mode == Slot.Mode.IN_PERSON else "",
                    created_at=_at(monday - timedelta(weeks=4), 9),
                    created_by=who,
                )
            )
    slots = Slot.objects.bulk_create(slots)

    bookings: list[Booking] = []
    turn = rng.sample(people, len(people))
    pat = next((p for p in people if p.email == PAT), None)
    cancellations = 0  # each reason in turn
    for index, slot in enumerate(slots):
        who = turn[index % len(turn)]
        if index % len(turn) == len(turn) - 1:
            turn = rng.sample(people, len(people))
        if index in pats and pat is not None:
            who = pat
        elif rng.random() < 0.08:
            continue  # offered, and nobody took it
        worries = _ordered(rng.choice(CONCERN_MIX))
        cancelled = index not in pats and rng.random() < 0.1
        moved = not cancelled and rng.random() < 0.1
        reason, other = CANCELLED[cancellations % len(CANCELLED)] if cancelled else ("", "")
        cancellations += int(cancelled)
        created = slot.starts_at - timedelta(days=rng.randint(6, 20), hours=rng.randint(0, 6))
        source = rng.choices(
            [Booking.Source.PAGES, Booking.Source.NAVIGATOR, Booking.Source.API], [12, 6, 1]
        )[0]
        bookings.append(
            Booking(
                slot=slot,
                practitioner=who,
                organisation=who.organisation,
                source=source,
                navigator_route="lmm_consultation" if source == Booking.Source.NAVIGATOR else "",
                concerns=worries,
                note=WORRIES[worries[0]].note,
                phone=PHONE if slot.mode == Slot.Mode.PHONE else "",
                created_at=created,
                created_by=who,
                sequence=int(moved) + int(cancelled),
                moved_at=created + timedelta(days=2) if moved else None,
                cancelled_at=slot.starts_at - timedelta(days=2) if cancelled else None,
                cancelled_by=(
                    (
                        slot.clinician
                        if reason == Booking.CancelReason.CLINICIAN_UNAVAILABLE
                        else who
                    )
                    if cancelled
                    else None
                ),
                cancel_reason=reason,
                cancel_other=other,
                reminder_sent_at=None if cancelled else slot.starts_at - timedelta(days=1),
            )
        )
    bookings = Booking.objects.bulk_create(bookings)

    records: list[ConsultationRecord] = []
    outcomes = [Outcome.CONTINUES] * 9 + [Outcome.FOLLOW_UP] * 6 + [Outcome.SIGNPOSTED] * 5
    for booking in bookings:
        if booking.cancelled_at is not None:
            continue
        day = timezone.localtime(booking.slot.starts_at).date()
        outcome = rng.choice(outcomes)
        records.append(
            _record(
                team=team,
                worries=booking.concerns,
                outcome=outcome,
                day=day,
                by=booking.slot.clinician,
                services=services,
                recorded_at=booking.slot.ends_at + timedelta(hours=rng.randint(1, 20)),
                follow_up=rng.choice([14, 21, 28, 42]),
                booking=booking,
            )
        )
    for turn_of_duty, (days_ago, caller, organisation_name, worries, outcome_key) in enumerate(
        DUTY_CALLS
    ):
        found = next(
            (
                p
                for p in people
                if p.organisation is not None and p.organisation.name == organisation_name
            ),
            None,
        )
        if found is None:
            continue
        day = timezone.localdate() - timedelta(days=days_ago)
        day -= timedelta(days=max(0, day.weekday() - 4))  # a weekday
        by = manager if turn_of_duty % 2 else clinician  # the two take turns on duty
        records.append(
            _record(
                team=team,
                worries=worries,
                outcome=_OUTCOME[outcome_key],
                day=day,
                by=by,
                services=services,
                recorded_at=_at(day, 16),
                follow_up=21,
                caller=caller,
                organisation=found.organisation,
            )
        )
    ConsultationRecord.objects.bulk_create(records)
    return {
        "consultation_slots": len(slots),
        "consultation_bookings": len(bookings),
        "consultation_records": len(records),
    }


def _service_names() -> list[str]:
    return [worry.service for worry in WORRIES.values()]


def _record(
    *,
    team: Team,
    worries: list[str],
    outcome: str,
    day: date,
    by: User,
    services: dict[str, Service],
    recorded_at: datetime,
    follow_up: int,
    booking: Booking | None = None,
    caller: str = "",
    organisation: Organisation | None = None,
) -> ConsultationRecord:
    first = WORRIES[worries[0]]
    service = services.get(first.service) if outcome == Outcome.SIGNPOSTED else None
    if outcome == Outcome.SIGNPOSTED and service is None:
        outcome = Outcome.CONTINUES  # the directory is not loaded: no service to name
    actions = [first.action]
    if outcome == Outcome.FOLLOW_UP:
        actions.append("Book a follow-up consultation to think again about how it is going.")
    elif outcome == Outcome.SIGNPOSTED and service is not None:
        actions.append(
            f"Give the family the details of {service.name}, and offer to help them ring."
        )
    else:
        actions.append(
            "Carry on the visits with these ideas; get back in touch if it does not ease."
        )
    more = [WORRIES[code].advice for code in worries[1:]]
    return ConsultationRecord(
        booking=booking,
        caller=caller,
        organisation=organisation if booking is None else None,
        team=team,
        held_on=day,
        concerns=list(worries),
        note=first.note,
        advice=" ".join([first.advice, *more]),
        actions=" ".join(actions),
        outcome=outcome,
        signposted_to=service,
        follow_up_on=day + timedelta(days=follow_up) if outcome == Outcome.FOLLOW_UP else None,
        recorded_at=recorded_at,
        recorded_by=by,
    )


def feedback(*, team: Team) -> int:
    """The practitioners' feedback on the team's booked consultations held more than three
    days ago: about four in five of those older than a fortnight, one in three of the more
    recent ones; none yet on Pat Practitioner's of the last two months, which "Your work"
    asks for."""
    rng = random.Random(31)  # noqa: S311 - demonstration data, not a secret
    today = timezone.localdate()
    given: list[Feedback] = []
    held = (
        ConsultationRecord.objects.filter(
            team=team,
            booking__isnull=False,
            booking__cancelled_at__isnull=True,
            held_on__lte=today - timedelta(days=3),
        )
        .exclude(feedback__isnull=False)
        .select_related("booking__practitioner")
        .order_by("held_on", "pk")
    )
    for record in held:
        assert record.booking is not None
        practitioner = record.booking.practitioner
        age = (today - record.held_on).days
        if practitioner.email == PAT and age <= 60:
            continue
        if rng.random() >= (0.8 if age > 14 else 0.35):
            continue
        answers = {}
        for item in ("noticing", "talking", "referring"):
            before = rng.choice([1, 2, 2, 3, 3, 3, 4])
            answers[f"{item}_before"] = before
            answers[f"{item}_after"] = min(5, before + rng.choice(GAIN))
        given.append(
            Feedback(
                record=record,
                practitioner=practitioner,
                usefulness=rng.choice(USEFULNESS),
                wellbeing=rng.choice(WELLBEING),
                comments=rng.choice(COMMENTS) if rng.random() < 0.35 else "",
                given_at=_at(record.held_on + timedelta(days=rng.randint(1, min(age - 1, 10))), 17),
                **answers,
            )
        )
    Feedback.objects.bulk_create(given)
    return len(given)
