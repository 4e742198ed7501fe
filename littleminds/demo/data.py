"""The demonstration instance: a fictional early-years system in a Bradford-like district.

Every organisation and person here is invented. The logins are the same on every install
(README.md), so a newcomer can sign in as each role. Later issues add their own data here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from littleminds.accounts import services as accounts
from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Role
from littleminds.demo import (
    cases,
    community,
    consultations,
    directory,
    evaluation,
    referrals,
    training,
    training_attendance,
    training_questions,
)

DEMO_PASSWORD = "LittleMinds-demo-2026"  # noqa: S105 - published on purpose, demo only
DOMAIN = "littleminds.example"

CHARITY = "Brackendale Family Charity"
TRUST = "Brackendale District Care NHS Trust"
COMMUNITY_TEAM = "Parent–Infant Community Team"
CLINICAL_TEAM = "Parent–Infant Clinical Team"

# The organisations of the early-years system, with a sentence on each. Names are invented.
SYSTEM_ORGANISATIONS = [
    (CHARITY, "A family charity; delivers the service's community messaging strand."),
    (TRUST, "The NHS trust that delivers the service's clinical work."),
    ("Brackendale Health Visiting Service", "Health visitors for every family with a baby."),
    ("Brackendale Maternity Service", "Community and hospital midwives."),
    ("Brackendale Perinatal Mental Health Team", "Specialist care for parents' mental health."),
    ("Brackendale Children's Social Care", "The front door and social work teams."),
    ("Brackendale Family Hubs", "Family hubs and children's centres across the district."),
    ("Moorside Medical Practice", "A GP practice."),
    ("Little Acorns Day Nursery", "A day nursery for babies and young children."),
    ("Dads and Babies Together", "A voluntary group for fathers and their babies."),
    ("Safe Spaces Domestic Abuse Service", "Support for people affected by domestic abuse."),
    ("Brackendale Housing Options", "Housing advice and homelessness support."),
    ("Brackendale Integrated Care Board", "Commissions health services for the district."),
    ("Born in Brackendale Research Unit", "Evaluates services for families in the district."),
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    organisation: str
    roles: tuple[tuple[Role, str | None], ...]
    job_title: str


LOGINS = [
    DemoLogin(
        f"manager@{DOMAIN}",
        "Alex Manager",
        TRUST,
        ((Role.SERVICE_MANAGER, CLINICAL_TEAM), (Role.SERVICE_MANAGER, COMMUNITY_TEAM)),
        "Service manager",
    ),
    DemoLogin(
        f"clinician@{DOMAIN}",
        "Casey Clinician",
        TRUST,
        ((Role.CLINICIAN, CLINICAL_TEAM),),
        "Parent–infant psychotherapist",
    ),
    DemoLogin(
        f"trainer@{DOMAIN}", "Taylor Trainer", TRUST, ((Role.TRAINER, CLINICAL_TEAM),), "Trainer"
    ),
    DemoLogin(
        f"community@{DOMAIN}",
        "Corey Community",
        CHARITY,
        ((Role.COMMUNITY_WORKER, COMMUNITY_TEAM),),
        "Community development worker",
    ),
    DemoLogin(
        f"practitioner@{DOMAIN}",
        "Pat Practitioner",
        "Brackendale Health Visiting Service",
        ((Role.PRACTITIONER, None),),
        "Health visitor",
    ),
    DemoLogin(
        f"analyst@{DOMAIN}",
        "Ari Analyst",
        "Brackendale Integrated Care Board",
        ((Role.ANALYST, None),),
        "Commissioning analyst",
    ),
    DemoLogin(
        f"researcher@{DOMAIN}",
        "Remy Researcher",
        "Born in Brackendale Research Unit",
        ((Role.RESEARCHER, None),),
        "Research fellow",
    ),
    DemoLogin(
        f"reviewer@{DOMAIN}",
        "Robin Reviewer",
        "Born in Brackendale Research Unit",
        ((Role.RESEARCHER, None),),
        "Research assistant",
    ),
    DemoLogin(
        f"admin@{DOMAIN}",
        "Sid Sysadmin",
        TRUST,
        ((Role.SYSTEM_ADMIN, None),),
        "System administrator",
    ),
]

# A few practitioners in each organisation of the system, so that lists look lived in.
_FIRST = ["Amira", "Ben", "Chloe", "Dev", "Ewa", "Farah", "Gus", "Hana", "Ivo", "Jade"]
_LAST = ["Ashdown", "Birch", "Calder", "Dale", "Ember", "Fenwick", "Garth", "Holme"]
_PRACTITIONER_ORGANISATIONS = {
    "Brackendale Health Visiting Service": "Health visitor",
    "Brackendale Maternity Service": "Community midwife",
    "Brackendale Perinatal Mental Health Team": "Perinatal mental health nurse",
    "Brackendale Children's Social Care": "Social worker",
    "Brackendale Family Hubs": "Family support worker",
    "Moorside Medical Practice": "GP",
    "Little Acorns Day Nursery": "Nursery practitioner",
    "Dads and Babies Together": "Group co-ordinator",
    "Safe Spaces Domestic Abuse Service": "Independent domestic violence adviser",
    "Brackendale Housing Options": "Housing officer",
}


# The clinical team's other clinicians, so that its caseload is shared as a real team's is
# (`caseload.py` gives them cases to lead). Not printed with the logins above; they sign in
# with the same password.
CLINICAL_COLLEAGUES = [
    DemoLogin(
        f"jordan.hale@{DOMAIN}",
        "Jordan Hale",
        TRUST,
        ((Role.CLINICIAN, CLINICAL_TEAM),),
        "Clinical psychologist",
    ),
    DemoLogin(
        f"morgan.fell@{DOMAIN}",
        "Morgan Fell",
        TRUST,
        ((Role.CLINICIAN, CLINICAL_TEAM),),
        "Infant mental health practitioner",
    ),
]


def _practitioners() -> list[DemoLogin]:
    people = []
    for index, (organisation, title) in enumerate(_PRACTITIONER_ORGANISATIONS.items()):
        for offset in range(2):
            first = _FIRST[(index + offset * 3) % len(_FIRST)]
            last = _LAST[(index * 2 + offset) % len(_LAST)]
            slug = organisation.lower().replace("'", "").replace(" ", "-")
            people.append(
                DemoLogin(
                    f"{first.lower()}.{last.lower()}@{slug}.{DOMAIN}",
                    f"{first} {last}",
                    organisation,
                    ((Role.PRACTITIONER, None),),
                    title,
                )
            )
    return people


@transaction.atomic
def load() -> dict[str, int]:
    """Create whatever of the demonstration is missing; running it again adds nothing."""
    created = {"organisations": 0, "teams": 0, "people": 0, "services": 0}
    organisations: dict[str, Organisation] = {o.name: o for o in Organisation.objects.all()}
    for name, description in SYSTEM_ORGANISATIONS:
        if name not in organisations:
            organisations[name] = accounts.organisation_create(
                by=None, name=name, description=description
            )
            created["organisations"] += 1
    teams: dict[str, Team] = {t.name: t for t in Team.objects.all()}
    for team_name, organisation in [(COMMUNITY_TEAM, CHARITY), (CLINICAL_TEAM, TRUST)]:
        if team_name not in teams:
            teams[team_name] = accounts.team_create(
                by=None, organisation=organisations[organisation], name=team_name
            )
            created["teams"] += 1
    existing = set(User.objects.values_list("email", flat=True))
    for login in LOGINS + CLINICAL_COLLEAGUES + _practitioners():
        if login.email in existing:
            continue
        accounts.user_create(
            by=None,
            email=login.email,
            full_name=login.full_name,
            password=DEMO_PASSWORD,
            organisation=organisations[login.organisation],
            job_title=login.job_title,
            roles=[(role, teams[team] if team else None) for role, team in login.roles],
        )
        created["people"] += 1
    created["services"] = directory.load()["services"]
    created.update(referrals.load(clinical_team=teams[CLINICAL_TEAM]))
    created.update(cases.load())
    made = consultations.load()
    # The referrals that consultations became count with the other referrals (ADR 0030).
    created["referrals"] = created.get("referrals", 0) + made.pop("consultation_referrals", 0)
    created.update(made)
    created.update(training.load())
    created.update(training_attendance.load())
    created.update(training_questions.load())
    created.update(community.load())
    # The evaluation study: its participants come from the organisations above.
    created.update(evaluation.load())
    return created
