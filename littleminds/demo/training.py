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

from littleminds.accounts.models import Organisation, User
from littleminds.accounts.roles import Permission
from littleminds.training import services
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
        past = today - timedelta(days=30 + 7 * n)
        session = CourseSession.objects.create(
            course=course,
            capacity=16,
            place=place,
            link=link,
            first_day=past,
            last_day=past,
            created_by=trainer,
        )
        SessionPart.objects.create(session=session, day=past, starts=time(9, 30), ends=time(12, 30))
    return {"training_courses": made}
