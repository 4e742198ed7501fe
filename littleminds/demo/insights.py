"""The demonstration's history for the insights (issue 16): seven years of the clinical
team's work with the early-years system, made so that the views tell a story.

The other demonstration parts hold the last year or the last ten weeks. Here is what came
before, from April 2019, as it would stand now:

- referrals from the system's practitioners and families' own. Until 31 March 2020 the team
  took families from the Better Beginnings wards only (the sectors `lmm-clinical` covered
  then); from 1 April 2020 the area grew to the whole district, and most referrals come
  from the districts that joined;
- the risk-factors ring (domestic abuse, housing, recovery, money advice) hardly used the
  service until the autumn of 2022: from September 2022 its staff trained, rang the team
  for consultations and referred far more, so that the year before the second time point
  (winter 2023) shows it engaged, against the year before the first (summer 2022);
- Little Acorns Day Nursery referred all along, and most of its referrals were declined
  (the worry was not the relationship, or another service was better placed) until six of
  its staff took the core course on 12 May 2022; since then most are accepted;
- the team's awareness and core courses every few months, with people of the system's
  organisations marked at the door (public registrations: no account needed), and the
  duty calls practitioners made for a consultation.

All of it is history, which the services rightly refuse to write, so the rows are written
through the models in bulk, as `consultations_year` and `community` write theirs, from a
seeded random choice that spreads the years the same way on every install. Each referral,
session and consultation made has its audit event (`demo.insights_seeded`).

Last, a commissioning body (the fictional West Yorkshire Integrated Care Board) funds the
demonstration's teams, with the demonstration's analyst as a member, and the tallies are
rebuilt from everything the demonstration holds. Loading again adds nothing twice: the
history's referrals are looked for first.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from littleminds.accounts.models import Organisation, RoleAssignment, Team, User
from littleminds.accounts.roles import Role
from littleminds.audit.services import audit_record
from littleminds.community.models import Campaign, Channel, Reach, tokens
from littleminds.consultations.models import Booking, Outcome, Slot
from littleminds.consultations.models_records import ConsultationRecord
from littleminds.demo import consultations_year
from littleminds.directory.models import Service
from littleminds.insights import summaries
from littleminds.insights.models import CommissioningBody
from littleminds.pathway.engine import Route
from littleminds.pathway.models import Recommendation, RuleSetVersion
from littleminds.referrals.lifecycle import DeclineReason, Status
from littleminds.referrals.models import HeardFrom, Intake, Referral, ReferralEvent
from littleminds.referrals.validation import phone_number
from littleminds.training import services as services_training
from littleminds.training.models import Course, CourseSession, Registration, SessionPart
from littleminds.training.models_attendance import Attendance

DEMO_PASSWORD = "LittleMinds-demo-2026"  # noqa: S105 - data.DEMO_PASSWORD, demo only
SEED = 16  # the number: the same history on every install
ACTION = "demo.insights_seeded"  # the words for it: audit/labels.py
DOMAIN = "littleminds.example"
CLINICIAN = f"clinician@{DOMAIN}"
MANAGER = f"manager@{DOMAIN}"
TRAINER = f"trainer@{DOMAIN}"
ANALYST = f"analyst@{DOMAIN}"
CLINICAL_TEAM = "Parent–Infant Clinical Team"
COMMUNITY_TEAM = "Parent–Infant Community Team"
WORKER = f"community@{DOMAIN}"
KEY_PREFIX = "demo-insights-"

BODY = "West Yorkshire Integrated Care Board"

HISTORY_FROM = date(2019, 4, 1)
# The day the clinical team's area grew from the Better Beginnings wards to the district
# (the dated coverage of `lmm-clinical` in directory.openreferral.json).
AREA_GREW = date(2020, 4, 1)
BETTER_START = ["BD3 0", "BD3 8", "BD3 9", "BD4 7", "BD4 8", "BD5 0", "BD5 7", "BD8 7"]
DISTRICT = [f"BD{n}" for n in range(1, 23)] + ["LS29"]

# The districts the Better Beginnings wards lie in: the community team's reach before the
# area grew (reach is counted by district).
FIRST_DISTRICTS = sorted({sector.split()[0] for sector in BETTER_START})

# The ring that engaged more, and from when.
RING_ORGANISATIONS = [
    "Safe Spaces Domestic Abuse Service",
    "Brackendale Housing Options",
    "Brackendale Recovery Collective",
    "Brackendale Money Matters Trust",
]
RING_ENGAGED = date(2022, 9, 1)

# The organisation whose referrals were mostly declined until its staff trained.
STORY_ORGANISATION = "Little Acorns Day Nursery"
STORY_TRAINED = date(2022, 5, 12)
STORY_TRAINEES = 6

# Referrals a month from each organisation's practitioners once the area had grown (a
# quarter as many before): the ring's before and after it engaged.
REFERRAL_RATES: dict[str, float] = {
    "Brackendale Health Visiting Service": 2.2,
    "Brackendale Maternity Service": 1.3,
    "Brackendale Perinatal Mental Health Team": 1.0,
    "Brackendale Children's Social Care": 0.8,
    "Brackendale Family Hubs": 1.0,
    "Moorside Medical Practice": 0.9,
    STORY_ORGANISATION: 0.9,
    "Dads and Babies Together": 0.3,
}
RING_RATE = (0.1, 1.2)  # each of the ring's organisations with practitioners here
SELF_RATE = 1.2

# Consultations by telephone (duty calls) a month, before the booked year.
CALL_RATES: dict[str, float] = {
    "Brackendale Health Visiting Service": 0.8,
    "Brackendale Maternity Service": 0.5,
    "Brackendale Family Hubs": 0.5,
    "Moorside Medical Practice": 0.3,
    STORY_ORGANISATION: 0.2,
}
RING_CALL_RATE = (0.05, 0.7)

# Who comes to the team's courses, by weight; the ring's weight before and after.
TRAINEE_WEIGHTS: dict[str, int] = {
    "Brackendale Health Visiting Service": 6,
    "Brackendale Maternity Service": 4,
    "Brackendale Family Hubs": 5,
    "Brackendale Children's Social Care": 3,
    "Moorside Medical Practice": 2,
    "Dads and Babies Together": 2,
    "Gentle Hands Community Group": 1,
    "Brackendale Feeding Friends": 1,
}
RING_TRAINEE_WEIGHT = (0, 4)

# Practitioners with an account, who come to the courses signed in and whom the platform can
# follow from training to consulting and referring: six more in each organisation whose
# staff train (beside the two of `data.py`), with the demonstration's password.
ACCOUNTS_EACH = 6
ACCOUNT_FIRST = ["Kai", "Lena", "Mina", "Nadia", "Omar", "Priya", "Ruth", "Sam", "Tess", "Uma"]
ACCOUNT_LAST = ["Ingleby", "Jessop", "Kettlewell", "Lister", "Marsden", "Nutter", "Oddie"]
WITH_ACCOUNT = 0.45  # of the places at the courses, those taken by people with an account
CONSULTED = 0.45  # after a course, the trained with an account who book a consultation in 6 months
ADVISED = 0.35  # of those consultations, those that advise a referral (which is then sent)
TRAINED_REFER = 0.35  # a referral from an organisation whose staff trained lately: by them
FOLLOWED = timedelta(days=183)

# Navigator answers a month for each referral a month an organisation makes (practitioners
# ask it more often than they refer), and families' own questions; which way it sent them.
NAVIGATOR_PER_REFERRAL = 1.5
NAVIGATOR_FAMILIES = 2.0
NAVIGATOR_ROUTES = {
    Route.LMM_REFERRAL: 3,
    Route.LMM_CONSULTATION: 3,
    Route.SIGNPOST: 3,
    Route.UNIVERSAL: 2,
    Route.URGENT: 0.3,
}
# Of the practitioners' referrals, those made after asking the navigator, and its answer.
NAVIGATED = 0.4

FIRST = ["Aaliyah", "Bea", "Carys", "Dominika", "Efe", "Fatima", "Gemma", "Hollie", "Imran"]
FIRST += ["Jess", "Kiran", "Laila", "Mehwish", "Nell", "Oksana", "Paige", "Rabia", "Sian"]
LAST = ["Example", "Placeholder", "Madeup", "Specimen", "Sample", "Fictional", "Notreal"]
LAST += ["Invented", "Pretend", "Testwell", "Dummy", "Mockley"]
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

DECLINE_WORDS = {
    DeclineReason.NOT_RELATIONSHIP: (
        "The worries are about the child's behaviour at nursery rather than the relationship "
        "with the parents: the family hub's parenting team can help."
    ),
    DeclineReason.BETTER_ELSEWHERE: (
        "Speech and language therapy is better placed to help first; refer again if worries "
        "about the relationship grow."
    ),
    DeclineReason.OUTSIDE_AGE: "The child is older than the service's age range.",
    DeclineReason.OUTSIDE_AREA: "The family live outside the area the team covers.",
    DeclineReason.NO_CONSENT: "The family did not want the referral when we rang.",
}
REDIRECT_WORDS = (
    "A consultation with one of our clinicians would help you plan your support for this "
    "family: book one from the consultations page."
)


@dataclass(frozen=True)
class Outcomes:
    """How the team decided a group's referrals: shares of each decision."""

    accepted: float
    declined: float
    redirected: float
    withdrawn: float
    reasons: tuple[str, ...]


USUAL = Outcomes(
    0.70,
    0.12,
    0.12,
    0.06,
    (
        DeclineReason.NOT_RELATIONSHIP,
        DeclineReason.BETTER_ELSEWHERE,
        DeclineReason.OUTSIDE_AGE,
        DeclineReason.NO_CONSENT,
    ),
)
STORY_BEFORE = Outcomes(
    0.20, 0.72, 0.06, 0.02, (DeclineReason.NOT_RELATIONSHIP, DeclineReason.BETTER_ELSEWHERE)
)
STORY_AFTER = Outcomes(0.78, 0.08, 0.12, 0.02, (DeclineReason.BETTER_ELSEWHERE,))
# A referral a consultation advised: the clinician already thought it the right service.
AFTER_CONSULTATION = Outcomes(0.86, 0.04, 0.0, 0.10, (DeclineReason.BETTER_ELSEWHERE,))


def history_ends() -> date:
    """Where the history stops: the other parts hold the last ten weeks of referrals."""
    return timezone.localdate() - timedelta(weeks=11)


def calls_end() -> date:
    """Where the duty calls stop: `consultations_year` holds the last 52 weeks."""
    return timezone.localdate() - timedelta(weeks=consultations_year.WEEKS + 1)


def _months(start: date, end: date) -> list[date]:
    months = []
    day = start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def _how_many(rng: random.Random, rate: float) -> int:
    whole = int(rate)
    return whole + int(rng.random() < rate - whole)


def _weekday(rng: random.Random, month: date, end: date) -> date | None:
    last = min((month + timedelta(days=32)).replace(day=1) - timedelta(days=1), end)
    days = [
        month + timedelta(days=n)
        for n in range((last - month).days + 1)
        if (month + timedelta(days=n)).weekday() < 5
    ]
    return rng.choice(days) if days else None


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _postcode(rng: random.Random, sent: date) -> str:
    """A home postcode the team covered on the day: the Better Beginnings sectors before
    the area grew; afterwards the whole district, where only one family in six lives in
    those wards."""
    if sent < AREA_GREW or rng.random() < 1 / 6:
        sector = rng.choice(BETTER_START)
    else:
        sector = f"{rng.choice(DISTRICT)} {rng.randint(1, 9)}"
    return f"{sector}{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}"


def _outcomes(organisation: str, sent: date) -> Outcomes:
    if organisation == STORY_ORGANISATION:
        return STORY_BEFORE if sent < STORY_TRAINED else STORY_AFTER
    return USUAL


@transaction.atomic
def load() -> dict[str, int]:
    """The history, the commissioning body and the tallies; how many of each were made."""
    made = {
        "insights_referrals": 0,
        "insights_sessions": 0,
        "insights_consultations": 0,
        "insights_reach": 0,
        "insights_accounts": 0,
    }
    team = Team.objects.filter(name=CLINICAL_TEAM).first()
    people = {user.email: user for user in User.objects.filter(email__endswith=DOMAIN)}
    intake = Intake.objects.filter(team=team).first() if team is not None else None
    ready = team is not None and intake is not None
    ready = ready and all(email in people for email in (CLINICIAN, MANAGER, TRAINER))
    if ready and not Referral.objects.filter(idempotency_key__startswith=KEY_PREFIX).exists():
        assert team is not None
        assert intake is not None
        rng = random.Random(SEED)  # noqa: S311 - demonstration data, not a secret
        organisations = {o.name: o for o in Organisation.objects.all()}
        accounts = _accounts(organisations)
        people.update({user.email: user for user in accounts})
        sessions, trained = _sessions(rng, team, people[TRAINER], organisations, people)
        referrals = _referrals(rng, team, intake, people, organisations, trained)
        calls = _calls(rng, team, people, organisations)
        booked, advised = _booked(rng, team, intake, people, trained, len(referrals))
        referrals += advised
        _navigator(rng, referrals)
        for rows in (accounts, referrals, sessions, calls, booked):
            for item in rows:
                audit_record(
                    by=None,
                    action=ACTION,
                    target=item,
                    team=team,
                    detail={"what": item._meta.model_name},
                )
        reach = _reach(rng, people.get(WORKER))
        made = {
            "insights_referrals": len(referrals),
            "insights_sessions": len(sessions),
            "insights_consultations": len(calls),
            "insights_reach": len(reach),
        }
        made["insights_consultations"] += len(booked)
        made["insights_accounts"] = len(accounts)
    made["commissioning_bodies"] = _commissioning_body(people.get(ANALYST))
    # The daily tallies of every strand's history, as `littleminds insights rebuild` makes them.
    summaries.rebuild(start=None, end=None, progress=False)
    return made


def _commissioning_body(analyst: User | None) -> int:
    """The body that funds both of the demonstration's teams, the analyst its member."""
    if CommissioningBody.objects.filter(name=BODY).exists():
        return 0
    body = CommissioningBody.objects.create(name=BODY)
    body.teams.set(Team.objects.filter(name__in=[CLINICAL_TEAM, COMMUNITY_TEAM]))
    if analyst is not None:
        body.members.add(analyst)
    audit_record(
        by=None,
        action=ACTION,
        target=body,
        detail={
            "what": "commissioningbody",
            "teams": sorted(body.teams.values_list("name", flat=True)),
            "members": [analyst.email] if analyst is not None else [],
        },
    )
    return 1


# Referrals -----------------------------------------------------------------------------------


def _referrals(
    rng: random.Random,
    team: Team,
    intake: Intake,
    people: dict[str, User],
    organisations: dict[str, Organisation],
    trained: dict[int, list[date]],
) -> list[Referral]:
    """Each month's referrals from the history's start to its end, with their events; an
    organisation's referral is most often made by someone of its staff who trained in the
    six months before, when there is one."""
    referrers: dict[str, list[User]] = {}
    for user in people.values():
        if user.organisation is not None and user.email.endswith(f".{DOMAIN}"):
            referrers.setdefault(user.organisation.name, []).append(user)
    rates = dict(REFERRAL_RATES)
    deciders = [people[CLINICIAN], people[MANAGER]]
    end = history_ends()
    rows: list[tuple[Referral, list[ReferralEvent]]] = []
    for month in _months(HISTORY_FROM, end):
        grown = 1.0 if month >= AREA_GREW else 0.25
        engaged = RING_RATE[1] if month >= RING_ENGAGED else RING_RATE[0]
        monthly = [(name, rate * grown) for name, rate in rates.items()]
        monthly += [(name, engaged * grown) for name in RING_ORGANISATIONS if name in referrers]
        monthly.append(("", SELF_RATE * grown))
        for name, rate in monthly:
            if name and name not in referrers:
                continue
            for _n in range(_how_many(rng, rate)):
                sent = _weekday(rng, month, end)
                if sent is None:
                    continue
                referrer = _referrer(rng, referrers.get(name, []), trained, sent)
                referral = _referral(
                    rng, len(rows), team, intake, referrer, organisations.get(name), sent
                )
                rows.append((referral, _events(rng, referral, referrer, deciders)))
    made = Referral.objects.bulk_create([referral for referral, _events in rows])
    for referral, (_same, events) in zip(made, rows, strict=True):
        for event in events:
            event.referral = referral
    ReferralEvent.objects.bulk_create(event for _referral, events in rows for event in events)
    return made


def _referrer(
    rng: random.Random, staff: list[User], trained: dict[int, list[date]], sent: date
) -> User | None:
    if not staff:
        return None
    lately = [
        user
        for user in staff
        if any(day <= sent <= day + FOLLOWED for day in trained.get(user.pk, ()))
    ]
    if lately and rng.random() < TRAINED_REFER:
        return rng.choice(lately)
    return rng.choice(staff)


def _referral(
    rng: random.Random,
    number: int,
    team: Team,
    intake: Intake,
    referrer: User | None,
    organisation: Organisation | None,
    sent_on: date,
    outcomes: Outcomes | None = None,
) -> Referral:
    sent = _at(sent_on, rng.randint(8, 16), rng.choice([0, 10, 25, 40, 55]))
    name = organisation.name if organisation is not None else ""
    outcomes = outcomes or _outcomes(name, sent_on)
    status = rng.choices(
        [Status.ACCEPTED, Status.DECLINED, Status.REDIRECTED, Status.WITHDRAWN],
        [outcomes.accepted, outcomes.declined, outcomes.redirected, outcomes.withdrawn],
    )[0]
    reason = rng.choice(outcomes.reasons) if status == Status.DECLINED else ""
    decided = sent + timedelta(days=rng.randint(1, 12), hours=rng.randint(1, 5))
    contact = decided + timedelta(days=rng.randint(2, 21)) if status == Status.ACCEPTED else None
    postcode = _postcode(rng, sent_on)
    worries = consultations_year._ordered(rng.choice(consultations_year.CONCERN_MIX))
    born = sent_on - timedelta(days=rng.randint(14, 600))
    message = ""
    if status == Status.DECLINED:
        message = DECLINE_WORDS[DeclineReason(reason)]
    elif status == Status.REDIRECTED:
        message = REDIRECT_WORDS
    return Referral(
        reference=_reference(number),
        kind=Referral.Kind.PRACTITIONER if referrer is not None else Referral.Kind.SELF,
        status=status,
        intake=intake,
        team=team,
        referrer=referrer,
        referrer_organisation=organisation,
        parent_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        baby_name=f"Baby {rng.choice(FIRST)}",
        child_date_of_birth=born,
        postcode=postcode,
        postcode_district=postcode.split()[0],
        phone=phone_number(f"07700 900{rng.randint(200, 999)}"),
        may_call=True,
        may_text=True,
        language="en",
        heard_from=(
            rng.choice(HeardFrom.values) if referrer is None and rng.random() < 0.8 else ""
        ),
        concerns=worries,
        concern_details=consultations_year.WORRIES[worries[0]].note,
        impact=rng.choice(["mild", "moderate", "moderate", "severe"]),
        consent=True,
        created_at=sent - timedelta(minutes=15),
        updated_at=contact or decided,
        submitted_at=sent,
        decided_at=decided if status != Status.WITHDRAWN else None,
        first_contact_at=contact,
        decline_reason=reason,
        message_to_referrer=message,
        idempotency_key=f"{KEY_PREFIX}{number:05d}",
    )


def _reference(number: int) -> str:
    """A history referral's reference, in the references' own form and letters: the same
    on every install, and one in 150 billion to meet one drawn at random."""
    letters = "ACDEFGHJKMNPQRTUVWXY34679"
    value = number * 7919 + 25**7  # spread over the references, never "AAAA-AAAA"
    body = ""
    for _n in range(8):
        body += letters[value % len(letters)]
        value //= len(letters)
    return f"LM-{body[:4]}-{body[4:]}"


def _events(
    rng: random.Random, referral: Referral, referrer: User | None, deciders: list[User]
) -> list[ReferralEvent]:
    """The referral's life in its events: sent, looked at, then decided or withdrawn."""
    assert referral.submitted_at is not None
    by = rng.choice(deciders)
    sent = referral.submitted_at
    looked = sent + timedelta(hours=rng.randint(2, 20))
    ends = referral.decided_at or referral.updated_at
    looked = min(looked, ends - timedelta(minutes=30))
    moves: list[tuple[str, str, str, datetime, User | None, str]] = [
        ("submit", Status.DRAFT, Status.SUBMITTED, sent, referrer, ""),
        ("start_triage", Status.SUBMITTED, Status.IN_TRIAGE, looked, by, ""),
    ]
    last: dict[str, tuple[str, str]] = {
        Status.ACCEPTED: ("accept", ""),
        Status.DECLINED: ("decline", referral.message_to_referrer),
        Status.REDIRECTED: ("redirect", referral.message_to_referrer),
        Status.WITHDRAWN: ("withdraw", "The family asked to withdraw: they feel better now."),
    }
    action, note = last[referral.status]
    moves.append((action, Status.IN_TRIAGE, referral.status, ends, by, note))
    if referral.status != Status.WITHDRAWN:
        referral.triaged_by = by
    return [
        ReferralEvent(action=a, from_status=f, to_status=t, at=at, by=who, note=words)
        for a, f, t, at, who, words in moves
    ]


# Training ------------------------------------------------------------------------------------


def _sessions(
    rng: random.Random,
    team: Team,
    trainer: User,
    organisations: dict[str, Organisation],
    people: dict[str, User],
) -> tuple[list[CourseSession], dict[int, list[date]]]:
    """An awareness and a core session every quarter, and the nursery's own core session,
    each with its people marked at the door: about `WITH_ACCOUNT` of the places taken by
    practitioners signed in with their account, the others registered with an e-mail
    address. With the days each practitioner with an account trained (present or late)."""
    staff: dict[str, list[User]] = {}
    for user in people.values():
        if user.organisation is not None and user.email.endswith(f".{DOMAIN}"):
            staff.setdefault(user.organisation.name, []).append(user)
    courses = {
        course.tier: course
        for course in Course.objects.filter(
            team=team, provider__isnull=True, tier__in=[Course.Tier.AWARENESS, Course.Tier.CORE]
        ).order_by("-pk")
    }
    if len(courses) < 2:
        return [], {}
    end = timezone.localdate() - timedelta(weeks=26)
    plan: list[tuple[Course, date, list[str]]] = []
    for month in _months(HISTORY_FROM + timedelta(days=60), end)[::3]:
        for tier, offset in ((Course.Tier.AWARENESS, 0), (Course.Tier.CORE, 1)):
            day = _weekday(rng, (month + timedelta(days=32 * offset)).replace(day=1), end)
            if day is not None:
                plan.append((courses[tier], day, _trainees(rng, day)))
    plan.append((courses[Course.Tier.CORE], STORY_TRAINED, [STORY_ORGANISATION] * STORY_TRAINEES))
    sessions: list[CourseSession] = []
    parts: list[SessionPart] = []
    for course, day, _who in plan:
        sessions.append(
            CourseSession(
                course=course,
                capacity=20,
                place="Training room, Brackendale Family Hub, 14 Mill Lane, BD7 1DP",
                first_day=day,
                last_day=day,
                created_at=_at(day - timedelta(weeks=8), 9),
                created_by=trainer,
            )
        )
    sessions = CourseSession.objects.bulk_create(sessions)
    for session, (course, day, _who) in zip(sessions, plan, strict=True):
        hours = max(2, int(course.hours))
        parts.append(
            SessionPart(session=session, day=day, starts=time(9, 30), ends=time(9 + hours, 30))
        )
    parts = SessionPart.objects.bulk_create(parts)
    services_training.finder_changed()  # written in bulk, not through the services (ADR 0053)
    places: list[Registration] = []
    for session, (_course, day, who) in zip(sessions, plan, strict=True):
        here: set[int] = set()
        for place, name in enumerate(who, start=1):
            free = [user for user in staff.get(name, []) if user.pk not in here]
            if free and rng.random() < WITH_ACCOUNT:
                user = rng.choice(free)
                here.add(user.pk)
                places.append(
                    Registration(
                        session=session,
                        user=user,
                        organisation=user.organisation,
                        status=Registration.Status.HELD,
                        place_number=place,
                        joined_at=_at(day - timedelta(weeks=3), 10),
                    )
                )
                continue
            first, last = rng.choice(FIRST), rng.choice(LAST)
            places.append(
                Registration(
                    session=session,
                    name=f"{first} {last}",
                    email=f"{first.lower()}.{last.lower()}.{session.pk}.{place}@example.org",
                    email_confirmed_at=_at(day - timedelta(weeks=3), 10),
                    organisation=organisations[name],
                    status=Registration.Status.HELD,
                    place_number=place,
                    joined_at=_at(day - timedelta(weeks=3), 10),
                )
            )
    places = Registration.objects.bulk_create(places)
    part_of = {part.session_id: part for part in parts}
    marks = ["present"] * 8 + ["late", "absent"]
    attendances = Attendance.objects.bulk_create(
        Attendance(
            registration=place,
            part=part_of[place.session_id],
            mark="present" if place.organisation_id and _story(place) else rng.choice(marks),
            marked_at=_at(part_of[place.session_id].day, 10),
            marked_by=trainer,
        )
        for place in places
    )
    for session in sessions:
        session.trainers.add(trainer)
    trained: dict[int, list[date]] = {}
    for mark in attendances:
        holder = mark.registration.user_id
        if holder is not None and mark.mark in Attendance.ATTENDED:
            trained.setdefault(holder, []).append(mark.part.day)
    return sessions, trained


def _story(place: Registration) -> bool:
    return place.organisation is not None and place.organisation.name == STORY_ORGANISATION


def _trainees(rng: random.Random, day: date) -> list[str]:
    """Who came to a session on `day`: twelve to sixteen people, the ring's staff among
    them once it engaged; the nursery's staff only from their own session on."""
    weights = dict(TRAINEE_WEIGHTS)
    ring = RING_TRAINEE_WEIGHT[1] if day >= RING_ENGAGED else RING_TRAINEE_WEIGHT[0]
    for name in RING_ORGANISATIONS:
        weights[name] = ring
    if day > STORY_TRAINED:
        weights[STORY_ORGANISATION] = 1
    names = [name for name, weight in weights.items() if weight]
    return rng.choices(names, [weights[n] for n in names], k=rng.randint(12, 16))


# Reach ---------------------------------------------------------------------------------------


def _reach(rng: random.Random, worker: User | None) -> list[Reach]:
    """The community team's earlier campaigns, one a year, and the families their leaflets
    and stalls reached each month, by district: in the districts of the Better Beginnings
    wards until the area grew, across the district since, most in the districts that
    joined. Each campaign and reach made has its audit event."""
    team = Team.objects.filter(name=COMMUNITY_TEAM).first()
    if team is None or worker is None:
        return []
    end = timezone.localdate() - timedelta(days=400)  # `community` holds the last year
    campaigns: list[Campaign] = []
    year = HISTORY_FROM
    while year < end:
        campaigns.append(
            Campaign(
                team=team,
                theme=f"Little minds, big feelings ({year.year} to {year.year + 1})",
                key_messages=(
                    "Babies have feelings too.\nAsk for help early.\nThe service is free."
                ),
                languages=tokens(["en", "ur", "pl"]),
                channels=tokens([Channel.LEAFLETS, Channel.EVENTS]),
                starts=year,
                ends=min(year.replace(year=year.year + 1) - timedelta(days=1), end),
                created_at=_at(year - timedelta(days=21), 11),
                created_by=worker,
            )
        )
        year = year.replace(year=year.year + 1)
    campaigns = Campaign.objects.bulk_create(campaigns)
    rows: list[Reach] = []
    for campaign in campaigns:
        for month in _months(campaign.starts, campaign.ends):
            grown = month >= AREA_GREW
            for _n in range(4 if grown else 2):
                day = _weekday(rng, month, campaign.ends)
                if day is None:
                    continue
                joined = grown and rng.random() < 5 / 6
                places = (
                    [d for d in DISTRICT if d not in FIRST_DISTRICTS] if joined else FIRST_DISTRICTS
                )
                rows.append(
                    Reach(
                        team=team,
                        campaign=campaign,
                        channel=rng.choice([Channel.LEAFLETS, Channel.EVENTS]),
                        day=day,
                        postcode_district=rng.choice(places),
                        adults=rng.randint(8, 60),
                        babies=rng.randint(2, 25),
                        created_at=_at(day, 17),
                        created_by=worker,
                    )
                )
    made = Reach.objects.bulk_create(rows)
    seeded: list[Campaign | Reach] = [*campaigns, *made]
    for item in seeded:
        audit_record(
            by=None, action=ACTION, target=item, team=team, detail={"what": item._meta.model_name}
        )
    return made


# Consultations -------------------------------------------------------------------------------


def _calls(
    rng: random.Random,
    team: Team,
    people: dict[str, User],
    organisations: dict[str, Organisation],
) -> list[ConsultationRecord]:
    """The practitioners' duty calls before the booked year, recorded as consultations."""
    services = {
        s.name: s
        for s in Service.objects.filter(
            name__in=[w.service for w in consultations_year.WORRIES.values()]
        )
    }
    by = [people[CLINICIAN], people[MANAGER]]
    end = calls_end()
    outcomes = [Outcome.CONTINUES] * 5 + [Outcome.FOLLOW_UP] * 3 + [Outcome.SIGNPOSTED] * 2
    records: list[ConsultationRecord] = []
    for month in _months(HISTORY_FROM, end):
        grown = 1.0 if month >= AREA_GREW else 0.4
        engaged = RING_CALL_RATE[1] if month >= RING_ENGAGED else RING_CALL_RATE[0]
        monthly = [(name, rate * grown) for name, rate in CALL_RATES.items()]
        monthly += [(name, engaged) for name in RING_ORGANISATIONS]
        for name, rate in monthly:
            organisation = organisations.get(name)
            if organisation is None:
                continue
            for _n in range(_how_many(rng, rate)):
                day = _weekday(rng, month, end)
                if day is None:
                    continue
                records.append(
                    consultations_year._record(
                        team=team,
                        worries=consultations_year._ordered(
                            rng.choice(consultations_year.CONCERN_MIX)
                        ),
                        outcome=rng.choice(outcomes),
                        day=day,
                        by=rng.choice(by),
                        services=services,
                        recorded_at=_at(day, 16),
                        follow_up=21,
                        caller=f"{rng.choice(FIRST)} {rng.choice(LAST)}, {name}",
                        organisation=organisation,
                    )
                )
    return ConsultationRecord.objects.bulk_create(records)


# Practitioners with an account ---------------------------------------------------------------


def _accounts(organisations: dict[str, Organisation]) -> list[User]:
    """`ACCOUNTS_EACH` more practitioners in each organisation whose staff come to the
    courses, as `data.py` makes its practitioners (the same password, hashed once: the
    accounts are made in bulk), each with its audit event."""
    names = sorted({*TRAINEE_WEIGHTS, *RING_ORGANISATIONS, STORY_ORGANISATION})
    taken = set(User.objects.values_list("email", flat=True))
    password = make_password(DEMO_PASSWORD)
    users: list[User] = []
    for index, name in enumerate(names):
        organisation = organisations.get(name)
        if organisation is None:
            continue
        slug = name.lower().replace("'", "").replace(" ", "-")
        for offset in range(ACCOUNTS_EACH):
            first = ACCOUNT_FIRST[(index + offset * 4) % len(ACCOUNT_FIRST)]
            last = ACCOUNT_LAST[(index * 3 + offset) % len(ACCOUNT_LAST)]
            email = f"{first.lower()}.{last.lower()}@{slug}.{DOMAIN}"
            if email in taken:
                continue
            taken.add(email)
            users.append(
                User(
                    email=email,
                    full_name=f"{first} {last}",
                    job_title="Practitioner",
                    organisation=organisation,
                    password=password,
                )
            )
    users = User.objects.bulk_create(users)
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, role=Role.PRACTITIONER, team=None) for user in users
    )
    return users


# Consultations booked by the trained -----------------------------------------------------


def _booked(
    rng: random.Random,
    team: Team,
    intake: Intake,
    people: dict[str, User],
    trained: dict[int, list[date]],
    numbered: int,
) -> tuple[list[ConsultationRecord], list[Referral]]:
    """About `CONSULTED` of the practitioners with an account book a consultation within
    six months of a course; about `ADVISED` of those consultations advise a
    referral, which the practitioner then sends from the consultation (as
    `consultations.services_referral` makes it: the referral keeps the consultation's code),
    so the funnel's steps follow one another. History: written through the models."""
    services = {
        s.name: s
        for s in Service.objects.filter(
            name__in=[w.service for w in consultations_year.WORRIES.values()]
        )
    }
    clinicians = [people[CLINICIAN], people[MANAGER]]
    deciders = clinicians
    by_pk = {user.pk: user for user in people.values()}
    today = timezone.localdate()
    last_sent = history_ends()
    plan: list[tuple[User, date, bool]] = []
    for user_pk in sorted(trained):
        for day in sorted(set(trained[user_pk])):
            if rng.random() >= CONSULTED:
                continue
            held = day + timedelta(days=rng.randint(10, 170))
            held -= timedelta(days=max(0, held.weekday() - 4))
            if held >= today:
                continue
            plan.append((by_pk[user_pk], held, rng.random() < ADVISED))
    slots = Slot.objects.bulk_create(
        Slot(
            team=team,
            clinician=rng.choice(clinicians),
            starts_at=_at(held, rng.choice([10, 11, 14])),
            minutes=45,
            mode=Slot.Mode.VIDEO,
            video_link="https://video.littleminds.example/rooms/consultation",
            created_at=_at(held - timedelta(days=28), 9),
            created_by=clinicians[0],
        )
        for _user, held, _advised in plan
    )
    bookings: list[Booking] = []
    for slot, (user, held, advised) in zip(slots, plan, strict=True):
        worries = consultations_year._ordered(rng.choice(consultations_year.CONCERN_MIX))
        postcode = _postcode(rng, held)
        bookings.append(
            Booking(
                slot=slot,
                practitioner=user,
                organisation=user.organisation,
                concerns=worries,
                note=consultations_year.WORRIES[worries[0]].note,
                family_shared=advised,
                parent_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}" if advised else "",
                baby_name=f"Baby {rng.choice(FIRST)}" if advised else "",
                child_date_of_birth=held - timedelta(days=rng.randint(30, 500))
                if advised
                else None,
                postcode=postcode if advised else "",
                created_at=slot.starts_at - timedelta(days=rng.randint(5, 15)),
                created_by=user,
                reminder_sent_at=slot.starts_at - timedelta(days=1),
            )
        )
    bookings = Booking.objects.bulk_create(bookings)
    outcomes = [Outcome.CONTINUES] * 5 + [Outcome.FOLLOW_UP] * 3 + [Outcome.SIGNPOSTED] * 2
    records = ConsultationRecord.objects.bulk_create(
        consultations_year._record(
            team=team,
            worries=booking.concerns,
            outcome=Outcome.REFERRAL_ADVISED if advised else rng.choice(outcomes),
            day=held,
            by=booking.slot.clinician,
            services=services,
            recorded_at=booking.slot.starts_at + timedelta(hours=3),
            follow_up=21,
            booking=booking,
        )
        for booking, (_user, held, advised) in zip(bookings, plan, strict=True)
    )
    rows: list[tuple[Referral, list[ReferralEvent]]] = []
    for booking, (user, held, advised) in zip(bookings, plan, strict=True):
        sent_on = held + timedelta(days=rng.randint(1, 6))
        if not advised or sent_on > last_sent:
            continue
        referral = _referral(
            rng,
            numbered + len(rows),
            team,
            intake,
            user,
            user.organisation,
            sent_on,
            AFTER_CONSULTATION,
        )
        referral.parent_name = booking.parent_name
        referral.postcode = booking.postcode
        referral.postcode_district = booking.postcode.split()[0]
        referral.concerns = booking.concerns
        referral.consultation_code = booking.code
        referral.consultation_on = held
        rows.append((referral, _events(rng, referral, user, deciders)))
    made = Referral.objects.bulk_create([referral for referral, _events in rows])
    for referral, (_same, events) in zip(made, rows, strict=True):
        for event in events:
            event.referral = referral
    ReferralEvent.objects.bulk_create(event for _referral, events in rows for event in events)
    return records, made


# The navigator's answers -----------------------------------------------------------------


def _navigator(rng: random.Random, referrals: list[Referral]) -> list[Recommendation]:
    """The navigator's answers across the years: one for each referral made after asking
    it (about `NAVIGATED` of the practitioners' referrals, half the families'), its answer
    kept with the referral; and the questions that led elsewhere, from each organisation
    in proportion to its referrals (so the ring asks far more once it engaged) and from
    families. Answers keep no one's details: the day, who asked, the way it sent them, the
    district and the organisation of a practitioner who asked."""
    rule_set = RuleSetVersion.objects.filter(status=RuleSetVersion.Status.PUBLISHED).first()
    if rule_set is None:
        return []
    rows: list[Recommendation] = []
    asked: list[Referral] = []
    for referral in referrals:
        assert referral.submitted_at is not None
        family = referral.referrer_id is None
        if rng.random() >= (0.5 if family else NAVIGATED):
            continue
        if referral.status == Status.REDIRECTED or (not family and rng.random() < 0.2):
            route = Route.LMM_CONSULTATION
        else:
            route = Route.LMM_REFERRAL
        referral.navigator_route = route
        asked.append(referral)
        rows.append(
            Recommendation(
                made_on=timezone.localdate(referral.submitted_at),
                asker="parent" if family else "practitioner",
                route=route,
                rule_set=rule_set,
                postcode_district=referral.postcode_district,
                organisation_id=referral.referrer_organisation_id,
            )
        )
    Referral.objects.bulk_update(asked, ["navigator_route"])
    organisations = {o.name: o for o in Organisation.objects.all()}
    routes, weights = list(NAVIGATOR_ROUTES), list(NAVIGATOR_ROUTES.values())
    end = history_ends()
    for month in _months(HISTORY_FROM, end):
        grown = 1.0 if month >= AREA_GREW else 0.25
        engaged = RING_RATE[1] if month >= RING_ENGAGED else RING_RATE[0]
        monthly: list[tuple[Organisation | None, float]] = [
            (organisations[n], r * grown) for n, r in REFERRAL_RATES.items() if n in organisations
        ]
        monthly += [
            (organisations[n], engaged * grown) for n in RING_ORGANISATIONS if n in organisations
        ]
        # Families ask with no organisation.
        monthly.append((None, NAVIGATOR_FAMILIES * grown / NAVIGATOR_PER_REFERRAL))
        for organisation, rate in monthly:
            for _n in range(_how_many(rng, rate * NAVIGATOR_PER_REFERRAL)):
                day = _weekday(rng, month, end)
                if day is None:
                    continue
                rows.append(
                    Recommendation(
                        made_on=day,
                        asker="practitioner" if organisation is not None else "parent",
                        route=rng.choices(routes, weights)[0],
                        rule_set=rule_set,
                        postcode_district=_postcode(rng, day).split()[0],
                        organisation=organisation,
                    )
                )
    return Recommendation.objects.bulk_create(rows)
