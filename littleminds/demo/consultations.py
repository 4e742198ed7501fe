"""The demonstration's consultations: a year of the clinical team's offer as it stands
today, and its free slots in the coming weeks.

To come: a weekly video slot, a weekly phone slot and a few in person at the family hub,
about half of them booked by practitioners of the system (one from a referral the team
redirected to consultation), so the offer page shows how much is taken and what is free.
Behind: 52 weeks of consultations (`consultations_year`) from practitioners of ten
organisations on all three rings of the system map, each held one recorded with every
outcome, some moved, some cancelled (for each reason), a few duty calls, and feedback on
most; the consultations that advised a referral, most of which became one
(`consultations_referral`); a year of monthly reflective practice groups (attendance and
themes recorded, the next three open to join); and call-back requests waiting.

What is to come is made through the services, as people make it. What is past is history,
which the services rightly refuse to write (a slot in the past cannot be offered), so it is
written as it would stand now, in bulk. Every family here is invented, and no booking names
one unless it says the family agreed.

Loading again adds nothing: the team's slots are looked for first.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.consultations import services
from littleminds.consultations.models import Booking, Slot
from littleminds.demo import consultations_referral, consultations_year
from littleminds.demo.referrals import (
    CLINICIAN,
    FAMILY_HUB,
    GP,
    HEALTH_VISITOR,
    HOUSING,
    MANAGER,
    MIDWIFE,
    NURSERY,
    PAT,
    PERINATAL,
    SOCIAL_CARE,
)
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Referral

VIDEO_LINK = "https://video.littleminds.example/rooms/consultation"
PHONE = "+441632960123"  # Ofcom's drama range: nobody's
HUB = "Meeting room 2, Brackendale Family Hub, 14 Mill Lane, BD7 1DP"
# Who books the slots to come, one in two of them.
COMING_PRACTITIONERS = [PAT, MIDWIFE, FAMILY_HUB, HEALTH_VISITOR, GP, NURSERY, SOCIAL_CARE, HOUSING]
PAST_PRACTITIONERS = [
    HEALTH_VISITOR,
    MIDWIFE,
    GP,
    FAMILY_HUB,
    PERINATAL,
    NURSERY,
    HOUSING,
    SOCIAL_CARE,
    PAT,
]
PAST_WORRIES = [
    ["bonding"],
    ["baby_regulation", "parenting_confidence"],
    ["parent_mental_health"],
    ["trauma_loss", "bonding"],
    ["domestic_abuse", "parent_mental_health"],
    ["housing", "money"],
    ["substance_use"],
]


def _next(weekday: int) -> int:
    """Days from today to the next `weekday` (Monday 0), at least 2 days ahead."""
    today = timezone.localdate()
    days = (weekday - today.weekday()) % 7
    return days + 7 if days < 2 else days


def load() -> dict[str, int]:
    people = {u.email: u for u in User.objects.filter(email__in=[CLINICIAN, MANAGER])}
    clinician, manager = people.get(CLINICIAN), people.get(MANAGER)
    if clinician is None or manager is None:
        return {"consultation_slots": 0}
    teams = clinician.teams_with(Permission.CONSULTATIONS_OFFER)
    if not teams:
        return {"consultation_slots": 0}
    team = teams[0]
    if Slot.objects.filter(team=team).exists():
        return {"consultation_slots": 0}
    today = timezone.localdate()
    offered: list[Slot] = []
    offered += services.slots_publish(
        by=clinician,
        team=team,
        clinician=clinician,
        starts_on=today + timedelta(days=_next(1)),  # Tuesdays
        at=time(10, 0),
        minutes=45,
        mode=Slot.Mode.VIDEO,
        video_link=VIDEO_LINK,
        weeks=8,
    )
    offered += services.slots_publish(
        by=manager,
        team=team,
        clinician=manager,
        starts_on=today + timedelta(days=_next(3)),  # Thursdays
        at=time(14, 0),
        minutes=30,
        mode=Slot.Mode.PHONE,
        weeks=6,
    )
    offered += services.slots_publish(
        by=clinician,
        team=team,
        clinician=clinician,
        starts_on=today + timedelta(days=_next(2)),  # Wednesdays
        at=time(13, 0),
        minutes=60,
        mode=Slot.Mode.IN_PERSON,
        place=HUB,
        weeks=4,
    )
    practitioners = {
        u.email: u for u in User.objects.filter(email__in=PAST_PRACTITIONERS, is_active=True)
    }
    booked = 0
    # About half the slots to come are booked: Pat's (the practitioner's login) first.
    coming = sorted(offered, key=lambda s: s.starts_at)
    for index, email in enumerate(COMING_PRACTITIONERS):
        who = practitioners.get(email)
        if who is None or index * 2 >= len(coming):
            continue
        services.booking_create(
            by=who,
            practitioner=who,
            slot=coming[index * 2],
            request=services.Request(
                concerns=PAST_WORRIES[index % len(PAST_WORRIES)],
                note="To think through how best to help.",
                phone=PHONE,
                source=Booking.Source.NAVIGATOR if index % 3 == 1 else Booking.Source.PAGES,
                navigator_route="lmm_consultation" if index % 3 == 1 else "",
            ),
        )
        booked += 1
    redirected = (
        Referral.objects.filter(status=Status.REDIRECTED, referrer__isnull=False, team=team)
        .select_related("referrer")
        .first()
    )
    if redirected is not None and redirected.referrer is not None:
        services.booking_create(
            by=redirected.referrer,
            practitioner=redirected.referrer,
            slot=coming[1],
            request=services.Request(
                concerns=list(redirected.concerns or []),
                source=Booking.Source.REFERRAL,
                referral=redirected,
                phone=PHONE,
            ),
        )
        booked += 1
    year = consultations_year.load(team=team, clinician=clinician, manager=manager)
    # Consultations that advised a referral, most of them become one (ADR 0030).
    advised = len(consultations_referral.ADVISED)
    became = consultations_referral.load(
        team=team, clinician=clinician, practitioners=practitioners
    )
    given = consultations_year.feedback(team=team)
    sessions = _groups(team=team, clinician=clinician, practitioners=practitioners)
    waiting = _callbacks(team=team, practitioners=practitioners)
    return {
        "consultation_slots": len(offered) + year.get("consultation_slots", 0) + advised,
        "consultation_bookings": booked + year.get("consultation_bookings", 0) + advised,
        "consultation_records": year.get("consultation_records", 0) + advised,
        "consultation_feedback": given,
        "consultation_referrals": became,
        "group_sessions": sessions,
        "callback_requests": waiting,
    }


GROUP_THEMES = [
    "Holding the baby in mind when the parent is struggling; staying curious.",
    "Our own feelings after a hard visit; when to ask for supervision.",
    "Talking with fathers and partners about the baby's cues.",
    "Endings with families, and handing over well.",
    "Babies in homes where there is domestic abuse: what they see and hear.",
    "Working with parents who were not parented well themselves.",
    "Crying babies and exhausted parents: what helps, and what we can say.",
]
GROUP_MONTHS = 13  # a year of monthly sessions held, every 28 days


def _groups(*, team: Team, clinician: User, practitioners: dict[str, User]) -> int:
    """A monthly reflective practice group for everyone, and one for the core ring: the last
    year's sessions held (attendance and themes recorded), the next three open to join.
    Most of the past attendances have the practitioner's feedback (the same questions as
    a consultation's); the latest session's are left for "Your work" to ask."""
    from littleminds.consultations import services_groups
    from littleminds.consultations.models_groups import GroupPlace, GroupSeries, GroupSession

    now = timezone.now()
    people = list(practitioners.values())
    made = 0
    for title, rings, hour, place, link in (
        ("Reflective practice: thinking about babies", [], 14, HUB, ""),
        ("Reflective practice for core services", ["core"], 10, "", VIDEO_LINK),
    ):
        series = GroupSeries.objects.create(
            team=team,
            title=title,
            about="A space to think together about the babies and families we work with.",
            capacity=10,
            for_rings=rings,
            created_at=now - timedelta(days=28 * GROUP_MONTHS + 21),
            created_by=clinician,
        )
        sessions = []
        for month in range(-GROUP_MONTHS, 3):
            day = timezone.localdate() + timedelta(days=28 * month + (5 if month >= 0 else 0))
            starts = timezone.make_aware(datetime.combine(day, time(hour, 0)))
            past = starts < now
            sessions.append(
                (
                    month,
                    GroupSession(
                        series=series,
                        starts_at=starts,
                        minutes=90,
                        place=place,
                        video_link=link,
                        themes=GROUP_THEMES[month % len(GROUP_THEMES)] if past else "",
                        recorded_at=starts + timedelta(hours=2) if past else None,
                        recorded_by=clinician if past else None,
                    ),
                )
            )
        GroupSession.objects.bulk_create([session for _month, session in sessions])
        made += len(sessions)
        places = []
        for month, session in sessions:
            chosen = people[month % 3 :: 2][:6]
            for index, who in enumerate(chosen):
                if session.starts_at < now:
                    places.append(
                        GroupPlace(
                            session=session,
                            practitioner=who,
                            organisation=who.organisation,
                            joined_at=session.starts_at - timedelta(days=14),
                            attended=(index + month) % 4 != 3,
                        )
                    )
                elif services_groups.is_for(series, who) and index < 3:
                    services_groups.group_join(by=who, session=session)
        for seat in places:
            if seat.attended:
                seat.feedback_asked_at = seat.session.recorded_at
        GroupPlace.objects.bulk_create(places)
        _group_feedback(places, latest=max(s.starts_at for _m, s in sessions if s.starts_at < now))
    return made


def _group_feedback(places: list[Any], *, latest: datetime) -> int:
    """Feedback on about four in five past attendances, given within ten days of the
    session; none on each group's latest session, which "Your work" asks for."""
    from littleminds.consultations.models_records import GroupFeedback

    rng = random.Random(47)  # noqa: S311 - demonstration data, not a secret
    given = []
    for place in places:
        if not place.attended or place.session.starts_at >= latest or rng.random() >= 0.8:
            continue
        answers = {}
        for item in ("noticing", "talking", "referring"):
            before = rng.choice([1, 2, 2, 3, 3, 3, 4])
            answers[f"{item}_before"] = before
            answers[f"{item}_after"] = min(5, before + rng.choice(consultations_year.GAIN))
        given.append(
            GroupFeedback(
                place=place,
                practitioner=place.practitioner,
                usefulness=rng.choice(consultations_year.USEFULNESS),
                wellbeing=rng.choice(consultations_year.WELLBEING),
                comments=rng.choice(GROUP_COMMENTS) if rng.random() < 0.3 else "",
                given_at=place.session.starts_at + timedelta(days=rng.randint(1, 10), hours=3),
                **answers,
            )
        )
    GroupFeedback.objects.bulk_create(given)
    return len(given)


GROUP_COMMENTS = [
    "Hearing how others work with families like mine helped a lot.",
    "It was good to stop and think, away from the visits.",
    "I left with words I can use with parents next week.",
    "A safe space to say what was hard. Thank you.",
    "I would like more time on when to refer.",
]


def _callbacks(*, team: Team, practitioners: dict[str, User]) -> int:
    """Three requests for a call back waiting in the team's queue."""
    from littleminds.consultations import services_groups

    today = timezone.localdate()
    made = 0
    for index, (email, about) in enumerate(
        (
            (NURSERY, "A toddler who is very withdrawn at drop-off; how to raise it with mum."),
            (GP, "A father who seems low since the birth; what to suggest."),
            (HOUSING, "A family in temporary housing with a new baby; who else to involve."),
        )
    ):
        who = practitioners.get(email)
        if who is None:
            continue
        services_groups.callback_request(
            by=who,
            team=team,
            phone=PHONE,
            earliest=today + timedelta(days=index),
            latest=today + timedelta(days=14),
            weekdays=[0, 2, 4] if index % 2 else [1, 3],
            parts_of_day=["morning", "afternoon"] if index else ["afternoon"],
            about=about,
        )
        made += 1
    return made
