"""The demonstration's training catalogue: the clinical team's courses in every tier, two
courses of other providers in the directory, one bespoke package for the family hubs, and
sessions past and to come.

Sessions to come are made through the services; past ones are history, which the services
rightly refuse (a new session cannot be in the past), so they are written as they stand.
Loading again adds nothing: the team's courses are looked for first.
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Permission, Role
from littleminds.training import services
from littleminds.training import services_places as places
from littleminds.training.models import Course, CourseSession, SessionPart

TRAINER = "trainer@littleminds.example"
OUTCOMES = "Notice how a baby is feeling.\nTalk with parents about it.\nKnow where to turn."
HUBS = "Brackendale Family Hubs"
OTHER_PROVIDERS = ["Brackendale Perinatal Mental Health Team", "Dads and Babies Together"]

COURSES = [
    # title, tier, audience, hours, delivery, provider (None: the team), partner
    (
        "Understanding babies' feelings",
        Course.Tier.AWARENESS,
        ["ring:universal", "students"],
        "2",
        Course.Delivery.SELF_PACED,
        None,
        None,
    ),
    (
        "Babies' mental health: the essentials",
        Course.Tier.CORE,
        ["ring:universal", "kind:early_years", "kind:nhs"],
        "6",
        Course.Delivery.IN_PERSON,
        None,
        None,
    ),
    (
        "Assessing the parent–infant relationship",
        Course.Tier.SPECIALIST,
        ["ring:core", "kind:nhs"],
        "12",
        Course.Delivery.ONLINE_LIVE,
        None,
        None,
    ),
    (
        "Perinatal mental health for early-years staff",
        Course.Tier.CORE,
        ["ring:risk_factors", "kind:nhs", "kind:local_authority"],
        "3",
        Course.Delivery.ONLINE_LIVE,
        OTHER_PROVIDERS[0],
        None,
    ),
    (
        "Working with dads",
        Course.Tier.AWARENESS,
        ["ring:universal", "kind:voluntary"],
        "1.5",
        Course.Delivery.IN_PERSON,
        OTHER_PROVIDERS[1],
        None,
    ),
    (
        "Family hubs package: relationships from the start",
        Course.Tier.BESPOKE,
        ["kind:local_authority"],
        "9",
        Course.Delivery.IN_PERSON,
        None,
        HUBS,
    ),
]


def load() -> dict[str, int]:
    trainer = User.objects.filter(email=TRAINER).first()
    if trainer is None:
        return {"training_courses": 0}
    teams = trainer.teams_with(Permission.TRAINING_MANAGE)
    if not teams or Course.objects.filter(team=teams[0]).exists():
        return {"training_courses": 0}
    team = teams[0]
    organisations = {o.name: o for o in Organisation.objects.all()}
    today = timezone.localdate()
    made = 0
    for n, (title, tier, audience, hours, delivery, provider, partner) in enumerate(COURSES):
        course = services.course_create(
            by=trainer,
            team=team,
            title=title,
            summary=f"{title}: a course for the early-years workforce in Brackendale.",
            outcomes=OUTCOMES,
            tier=tier,
            audience=services.audience_text(audience),
            hours=Decimal(hours),
            delivery=delivery,
            provider=organisations.get(provider) if provider else None,
            partner=organisations.get(partner) if partner else None,
        )
        made += 1
        if delivery == Course.Delivery.SELF_PACED:
            continue
        place = "Brackendale Family Hub, Meeting Room 2" if delivery == "in_person" else ""
        link = "https://meet.littleminds.example/training" if delivery == "online_live" else ""
        # One session to come (two days for the longer courses), and one in the past.
        first = today + timedelta(days=14 + 7 * n)
        days = [first, first + timedelta(days=7)] if Decimal(hours) > 6 else [first]
        services.session_add(
            by=trainer,
            course=course,
            capacity=20,
            place=place,
            link=link,
            parts=[services.Part(day=d, starts=time(9, 30), ends=time(15, 30)) for d in days],
            trainers=[trainer],
        )
        # The core course also ran four months ago, so that its questionnaire has answers
        # three months after (demo/training_questions.py).
        for past in [today - timedelta(days=30 + 7 * n)] + (
            [today - timedelta(days=120)] if n == 1 else []
        ):
            session = CourseSession.objects.create(
                course=course,
                capacity=16,
                place=place,
                link=link,
                first_day=past,
                last_day=past,
                created_by=trainer,
            )
            SessionPart.objects.create(
                session=session, day=past, starts=time(9, 30), ends=time(12, 30)
            )
    # The past sessions are written directly, not through the services (ADR 0053).
    services.finder_changed()
    return {"training_courses": made, "training_registrations": _places(trainer, team)}


# The demonstration's practitioner, who has a place offered to them from a waiting list.
PRACTITIONER = "practitioner@littleminds.example"


def _places(trainer: User, team: Team) -> int:
    """Registrations through the services, as people make them: places on the coming
    sessions, a small session that is full with a waiting list, cancellations with their
    reasons (one place offered on to the demonstration's practitioner, open for 48 hours),
    and two people without an account (a student and a volunteer) who confirmed their
    address."""
    people = list(
        User.objects.filter(roles__role=Role.PRACTITIONER, organisation__isnull=False)
        .exclude(email=PRACTITIONER)
        .order_by("email")
        .distinct()
    )
    pat = User.objects.filter(email=PRACTITIONER).first()
    if len(people) < 10 or pat is None:
        return 0
    core = Course.objects.get(team=team, title="Babies' mental health: the essentials")
    today = timezone.localdate()
    small = services.session_add(
        by=trainer,
        course=core,
        capacity=6,
        place="Moorside Children's Centre, Room 1",
        parts=[services.Part(day=today + timedelta(days=10), starts=time(13, 0), ends=time(16, 0))],
        trainers=[trainer],
    )
    made = []
    for person in [*people[:6], pat, *people[6:8]]:
        made.append(places.register_user(by=person, session=small))
    # Two cancel: the first place goes to Pat, the second to the next person waiting.
    places.place_cancel(by=made[0].user, registration=made[0], reason="workload")
    places.place_cancel(by=made[1].user, registration=made[1], reason="not_released")
    # The other coming sessions: a few places each, and cancellations for other reasons.
    reasons = [("illness", ""), ("not_needed", ""), ("other", "My post ends before the date")]
    coming = CourseSession.objects.filter(
        course__team=team, first_day__gt=today, capacity__gt=6
    ).order_by("first_day")
    for n, session in enumerate(coming):
        group = people[8 + n % 4 : 8 + n % 4 + 5]
        registrations = [places.register_user(by=p, session=session) for p in group]
        made += registrations
        reason, note = reasons[n % len(reasons)]
        places.place_cancel(
            by=registrations[-1].user, registration=registrations[-1], reason=reason, note=note
        )
    first = coming.first()
    if first is not None:
        for registrant in (
            places.Registrant(
                name="Jess Okafor",
                email="jess.okafor@student.example",
                organisation=None,
                student_at="Brackendale College",
                student_course="Early years",
                language="en",
            ),
            places.Registrant(
                name="Marta Nowak",
                email="marta.nowak@volunteer.example",
                organisation=Organisation.objects.filter(name="Dads and Babies Together").first(),
                student_at="",
                student_course="",
                language="pl",
            ),
        ):
            if registrant.organisation is None and not registrant.student_at:
                continue
            asked = places.register_public(session=first, registrant=registrant)
            places.register_confirm(token=asked.token)
            made.append(asked.registration)
    return len(made)
