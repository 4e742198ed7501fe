"""The demonstration's consultations: the clinical team's free slots in the coming weeks
(a weekly video slot, a weekly phone slot, and a few in person at the family hub), some
booked by practitioners of the system, one from a referral the team redirected to
consultation, and past consultations of the last months across organisations (some
moved, some cancelled) so that the team's offer and "Your consultations" look lived in.

The slots and bookings to come are made through the services, as people make them. The
past ones are history, which the services rightly refuse to write (a slot in the past
cannot be offered), so they are written as they would stand now. Every family here is
invented, and no booking names one unless it says the family agreed.

Loading again adds nothing: the team's slots are looked for first.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.consultations import services
from littleminds.consultations.models import Booking, Slot
from littleminds.demo import consultations_referral
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
    # A few of the slots to come are booked: Pat's (the practitioner's login) first.
    coming = sorted(offered, key=lambda s: s.starts_at)
    for index, email in enumerate([PAT, MIDWIFE, FAMILY_HUB]):
        who = practitioners.get(email)
        if who is None:
            continue
        services.booking_create(
            by=who,
            practitioner=who,
            slot=coming[index * 3],
            request=services.Request(
                concerns=PAST_WORRIES[index],
                note="To think through how best to help.",
                phone=PHONE,
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
    past = _past(team=team, clinician=clinician, practitioners=practitioners)
    # Consultations that advised a referral, most of them become one (ADR 0030).
    advised = len(consultations_referral.ADVISED)
    became = consultations_referral.load(
        team=team, clinician=clinician, practitioners=practitioners
    )
    sessions = _groups(team=team, clinician=clinician, practitioners=practitioners)
    waiting = _callbacks(team=team, practitioners=practitioners)
    return {
        "consultation_slots": len(offered) + past + advised,
        "consultation_bookings": booked + past + advised,
        "consultation_referrals": became,
        "group_sessions": sessions,
        "callback_requests": waiting,
    }


def _past(*, team: Team, clinician: User, practitioners: dict[str, User]) -> int:
    """A consultation a week over the last four months, across the organisations: most
    held, some cancelled beforehand, some moved once."""
    now = timezone.now()
    made = 0
    for week in range(1, 17):
        day = timezone.localdate() - timedelta(weeks=week, days=timezone.localdate().weekday())
        day += timedelta(days=1)  # Tuesdays
        starts = timezone.make_aware(datetime.combine(day, time(10, 0)))
        if starts >= now:
            continue
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
        email = PAST_PRACTITIONERS[week % len(PAST_PRACTITIONERS)]
        who = practitioners.get(email)
        if who is None:
            continue
        cancelled = week % 5 == 0
        moved = week % 4 == 0
        Booking.objects.create(
            slot=slot,
            practitioner=who,
            organisation=who.organisation,
            source=Booking.Source.NAVIGATOR if week % 3 == 0 else Booking.Source.PAGES,
            navigator_route="lmm_consultation" if week % 3 == 0 else "",
            concerns=PAST_WORRIES[week % len(PAST_WORRIES)],
            created_at=starts - timedelta(days=10),
            created_by=who,
            sequence=int(moved) + int(cancelled),
            moved_at=starts - timedelta(days=5) if moved else None,
            cancelled_at=starts - timedelta(days=2) if cancelled else None,
            cancelled_by=who if cancelled else None,
            cancel_reason=Booking.CancelReason.CANNOT_ATTEND if cancelled else "",
            reminder_sent_at=None if cancelled else starts - timedelta(days=1),
        )
        made += 1
    return made


GROUP_THEMES = [
    "Holding the baby in mind when the parent is struggling; staying curious.",
    "Our own feelings after a hard visit; when to ask for supervision.",
    "Talking with fathers and partners about the baby's cues.",
    "Endings with families, and handing over well.",
]


def _groups(*, team: Team, clinician: User, practitioners: dict[str, User]) -> int:
    """A monthly reflective practice group for everyone, and one for the core ring: the last
    six months held (attendance and themes recorded), the next three open to join."""
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
            created_at=now - timedelta(days=200),
            created_by=clinician,
        )
        for month in range(-6, 3):
            day = timezone.localdate() + timedelta(days=28 * month + (5 if month >= 0 else 0))
            starts = timezone.make_aware(datetime.combine(day, time(hour, 0)))
            past = starts < now
            session = GroupSession.objects.create(
                series=series,
                starts_at=starts,
                minutes=90,
                place=place,
                video_link=link,
                themes=GROUP_THEMES[month % len(GROUP_THEMES)] if past else "",
                recorded_at=starts + timedelta(hours=2) if past else None,
                recorded_by=clinician if past else None,
            )
            made += 1
            chosen = people[month % 3 :: 2][:6]
            for index, who in enumerate(chosen):
                if past:
                    GroupPlace.objects.create(
                        session=session,
                        practitioner=who,
                        organisation=who.organisation,
                        joined_at=starts - timedelta(days=14),
                        attended=index % 4 != 3,
                    )
                elif services_groups.is_for(series, who) and index < 3:
                    services_groups.group_join(by=who, session=session)
    return made


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
