"""The demonstration's referrals: the clinical team's intake over the district (and for
families with no fixed address), and about 25 fictional referrals in every state of the life
cycle, from practitioners of several organisations and from families themselves, sent over
the last ten weeks, so that a clinician sees a realistic triage queue and a practitioner
sees their own referrals.

Every family here is invented: the names say so, the postcodes are districts of the
demonstration's area (BD1–BD22) or the no-fixed-abode pseudo-postcode, phone numbers are
from Ofcom's range for drama (07700 900xxx), and NHS numbers are the published test numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.demo.directory import service_code
from littleminds.directory.models import Area, Service
from littleminds.referrals import services
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Intake, Referral, ReferralEvent
from littleminds.referrals.validation import phone_number

INTAKE_SERVICE = "lmm-parent-infant"  # the directory service, by its demonstration key
INTAKE_AREA = "lmm-clinical"

DOMAIN = "littleminds.example"
PAT = f"practitioner@{DOMAIN}"  # Pat Practitioner, a health visitor
CLINICIAN = f"clinician@{DOMAIN}"
MANAGER = f"manager@{DOMAIN}"
MIDWIFE = f"ben.calder@brackendale-maternity-service.{DOMAIN}"
GP = f"farah.calder@moorside-medical-practice.{DOMAIN}"
FAMILY_HUB = f"ewa.ashdown@brackendale-family-hubs.{DOMAIN}"
PERINATAL = f"chloe.ember@brackendale-perinatal-mental-health-team.{DOMAIN}"
NURSERY = f"gus.ember@little-acorns-day-nursery.{DOMAIN}"
HOUSING = f"jade.calder@brackendale-housing-options.{DOMAIN}"
SOCIAL_CARE = f"dev.garth@brackendale-childrens-social-care.{DOMAIN}"
HEALTH_VISITOR = f"amira.ashdown@brackendale-health-visiting-service.{DOMAIN}"
SELF = None  # a family's own referral

# The marker of each demonstration referral, so that loading again adds nothing twice.
KEY_PREFIX = "demo-referral-"


@dataclass(frozen=True)
class Step:
    """Something that happened after the referral was sent: `what`, `after` days, `words`."""

    what: str  # start, accept, decline, redirect, ask, answer, duplicate, withdraw, contact
    after: int
    words: str = ""
    reason: str = ""  # a decline's coded reason; a duplicate's original (its key)


@dataclass(frozen=True)
class DemoReferral:
    key: str
    referrer: str | None  # an email address; None for a family's own referral
    sent: int | None  # days ago; None for a draft never sent
    parent: str
    baby: str
    age_days: int  # the baby's age today in days; negative: due in that many days
    postcode: str
    phone: str
    concerns: tuple[str, ...]
    details: str
    impact: str = "moderate"
    language: str = "en"
    interpreter: bool = False
    nhs_number: str = ""
    tried: str = ""
    others: str = ""
    steps: tuple[Step, ...] = field(default_factory=tuple)


def _d(*args: Any, **kwargs: Any) -> DemoReferral:
    return DemoReferral(*args, **kwargs)


# Oldest first within each state; the waiting times are what a busy team would have.
REFERRALS: list[DemoReferral] = [
    # Sent and waiting for triage.
    _d(
        "01",
        PAT,
        9,
        "Nadia Example",
        "Baby Robin",
        120,
        "BD7 1DP",
        "07700 900101",
        ("bonding",),
        "Mum says she does not feel close to Robin and dreads the evenings.",
        tried="Listening visits from the health visiting team.",
        nhs_number="9990000018",
    ),
    _d(
        "02",
        MIDWIFE,
        6,
        "Kasia Placeholder",
        "",
        -70,
        "BD3 9AA",
        "07700 900102",
        ("trauma_loss", "parenting_confidence"),
        "Kasia lost a baby last year and is frightened of bonding with this one.",
        language="pl",
        interpreter=True,
        impact="severe",
    ),
    _d(
        "03",
        SELF,
        5,
        "Ioana Madeup",
        "Baby Luca",
        250,
        "BD5 0AB",
        "07700 900103",
        ("baby_regulation",),
        "Luca cries for hours every evening and I feel I am failing him.",
        language="ro",
    ),
    _d(
        "04",
        GP,
        4,
        "Tom Sample",
        "Baby Isla",
        45,
        "BD9 4AA",
        "07700 900104",
        ("bonding", "parent_mental_health"),
        "Dad is the main carer and finds it hard to enjoy Isla; low mood since the birth.",
        others="GP review of dad's mood booked.",
    ),
    # A second referral for the Example family, sent by the GP: a possible duplicate of 01.
    _d(
        "05",
        GP,
        3,
        "Nadia Exampel",
        "Baby Robin",
        120,
        "BD7 1DP",
        "07700 900101",
        ("bonding",),
        "Mum asked for help with feeling close to her baby.",
        nhs_number="9990000018",
    ),
    _d(
        "06",
        SELF,
        2,
        "Aisha Specimen",
        "",
        -120,
        "BD8 7QT",
        "07700 900106",
        ("trauma_loss",),
        "My first birth was very hard and I keep having flashbacks.",
        language="ur",
    ),
    _d(
        "07",
        FAMILY_HUB,
        1,
        "Lena Fictional",
        "Baby Ezra",
        610,
        "BD18 3LA",
        "07700 900107",
        ("baby_regulation", "parenting_confidence"),
        "Ezra will not settle at night and Lena has stopped going to groups.",
    ),
    # Being looked at.
    _d(
        "08",
        PAT,
        14,
        "Priya Invented",
        "Baby Asha",
        200,
        "BD4 6RS",
        "07700 900108",
        ("bonding", "parenting_confidence"),
        "Priya describes Asha as 'not liking her'.",
        steps=(Step("start", 3),),
        nhs_number="9990000026",
    ),
    _d(
        "09",
        PERINATAL,
        11,
        "Grace Notreal",
        "Baby Milo",
        30,
        "BD6 2JX",
        "07700 900109",
        ("parent_mental_health", "bonding"),
        "Under our team for postnatal depression; we are worried about the relationship.",
        impact="severe",
        others="Perinatal mental health team.",
        steps=(Step("start", 2),),
    ),
    _d(
        "10",
        SELF,
        8,
        "Sam Imaginary",
        "Baby Noor",
        330,
        "ZZ99 3VZ",
        "07700 900110",
        ("parenting_confidence",),
        "We are in temporary housing and I feel lost as a parent.",
        steps=(Step("start", 1),),
    ),
    _d(
        "11",
        NURSERY,
        7,
        "Chris Pretend",
        "Baby Ada",
        500,
        "BD15 9EF",
        "07700 900111",
        ("baby_regulation",),
        "Ada is very distressed at every drop-off and pick-up.",
        steps=(Step("start", 1),),
    ),
    # More information asked for; one answered and back in triage.
    _d(
        "12",
        PAT,
        20,
        "Maya Samplewood",
        "Baby Theo",
        160,
        "BD10 8PL",
        "07700 900112",
        ("bonding",),
        "Mum is withdrawn with Theo.",
        steps=(Step("start", 2), Step("ask", 3, "Has mum seen her GP about her mood?")),
    ),
    _d(
        "13",
        FAMILY_HUB,
        16,
        "Rosa Dummy",
        "Baby Kit",
        90,
        "BD2 1HU",
        "07700 900113",
        ("baby_regulation",),
        "Kit feeds very often and Rosa is exhausted.",
        steps=(
            Step("start", 1),
            Step("ask", 2, "Is the baby gaining weight as expected?"),
            Step("answer", 6, "Yes, the health visitor weighed Kit last week: all fine."),
        ),
    ),
    # Accepted: waiting for a first contact, and contacted.
    _d(
        "14",
        PAT,
        40,
        "Hana Testwell",
        "Baby Idris",
        300,
        "BD12 0QS",
        "07700 900114",
        ("bonding", "trauma_loss"),
        "Hana was separated from Idris for weeks after the birth.",
        steps=(Step("start", 2), Step("accept", 5), Step("contact", 12)),
        nhs_number="9434765919",
    ),
    _d(
        "15",
        MIDWIFE,
        33,
        "Zara Nobody",
        "Baby Sol",
        20,
        "BD11 2AT",
        "07700 900115",
        ("bonding", "parent_mental_health"),
        "Zara says she feels nothing for Sol.",
        impact="severe",
        steps=(Step("accept", 2), Step("contact", 6)),
    ),
    _d(
        "16",
        SELF,
        27,
        "Ola Madeupson",
        "",
        -40,
        "BD13 1AA",
        "07700 900116",
        ("trauma_loss",),
        "I had a traumatic first birth and I am scared for this one.",
        steps=(Step("start", 3), Step("accept", 4), Step("contact", 15)),
    ),
    _d(
        "17",
        GP,
        12,
        "Ben Sampleton",
        "Baby Wren",
        400,
        "BD16 4EZ",
        "07700 900117",
        ("bonding",),
        "Dad struggles to play with Wren and feels rejected.",
        steps=(Step("start", 2), Step("accept", 6)),
    ),
    _d(
        "18",
        HEALTH_VISITOR,
        9,
        "Leah Exemplar",
        "Baby Finn",
        70,
        "BD20 5QR",
        "07700 900118",
        ("baby_regulation", "bonding"),
        "Finn screams when held by mum.",
        steps=(Step("accept", 4),),
    ),
    # Declined, with the reason and where to go instead.
    _d(
        "19",
        HOUSING,
        45,
        "Jo Fakename",
        "Baby Ruby",
        500,
        "BD1 3PF",
        "07700 900119",
        ("housing", "money"),
        "The family are about to lose their home.",
        steps=(
            Step("start", 2),
            Step(
                "decline",
                4,
                "Housing Options and the family hub's money advice can help now; "
                "refer again if worries about the relationship with Ruby grow.",
                reason="not_relationship",
            ),
        ),
    ),
    _d(
        "20",
        SELF,
        38,
        "Eli Pseudonym",
        "Baby Jude",
        640,
        "BD21 2LT",
        "07700 900120",
        ("parenting_confidence",),
        "I want more confidence as a parent.",
        impact="mild",
        steps=(
            Step(
                "decline",
                5,
                "The family hub's parenting groups fit best for now; ask your health visitor "
                "about Baby and Me.",
                reason="better_elsewhere",
            ),
        ),
    ),
    # Offered a consultation instead.
    _d(
        "21",
        PAT,
        30,
        "Ruth Notaperson",
        "Baby Cleo",
        260,
        "BD17 6AB",
        "07700 900121",
        ("parenting_confidence",),
        "Mum is anxious about getting things wrong.",
        impact="mild",
        steps=(
            Step("start", 1),
            Step(
                "redirect",
                3,
                "A consultation with one of our clinicians would help you plan your support "
                "for this family: book one from the consultations page.",
            ),
        ),
    ),
    # The same family sent twice: the second is marked as a duplicate of the first.
    _d(
        "22",
        SOCIAL_CARE,
        25,
        "Mia Placeholder",
        "Baby Otis",
        150,
        "BD14 6PQ",
        "07700 900122",
        ("bonding",),
        "Mum and Otis struggle to enjoy time together.",
        steps=(Step("start", 2),),
    ),
    _d(
        "23",
        FAMILY_HUB,
        24,
        "Mia Placeholda",
        "Baby Otis",
        150,
        "BD14 6PQ",
        "07700 900122",
        ("bonding", "baby_regulation"),
        "Otis is unsettled and mum is tearful.",
        steps=(Step("duplicate", 1, reason="22"),),
    ),
    # Withdrawn.
    _d(
        "24",
        PAT,
        50,
        "Lou Madeup",
        "Baby Remi",
        380,
        "BD22 7HX",
        "07700 900124",
        ("bonding",),
        "Mum finds it hard to be with Remi.",
        steps=(
            Step("start", 2),
            Step("withdraw", 5, "The family moved out of the area and asked to withdraw."),
        ),
    ),
    # Drafts, not sent: the referrer's own.
    _d(
        "25",
        PAT,
        None,
        "Amy Unfinished",
        "Baby Bo",
        100,
        "BD19 4DL",
        "07700 900125",
        ("bonding",),
        "Started from the navigator; to finish after the next visit.",
    ),
    _d(
        "26",
        MIDWIFE,
        None,
        "Dee Draftly",
        "",
        -90,
        "BD10 0AA",
        "07700 900126",
        ("trauma_loss",),
        "",
    ),
]


def load(*, clinical_team: Team) -> dict[str, int]:
    created = {"intakes": 0, "referrals": 0}
    if not Intake.objects.exists():
        services.intake_set_up(
            by=None,
            team=clinical_team,
            service=Service.objects.get(code=service_code(INTAKE_SERVICE)),
            area=Area.objects.get(key=INTAKE_AREA),
            is_default=True,
            # An Ofcom drama number (Leeds), which phonenumbers takes as valid.
            contact_phone="0113 496 0100",
            decision_days=10,
        )
        created["intakes"] += 1
    have = set(
        Referral.objects.filter(idempotency_key__startswith=KEY_PREFIX).values_list(
            "idempotency_key", flat=True
        )
    )
    people = {user.email: user for user in User.objects.filter(email__endswith=DOMAIN)}
    made: dict[str, Referral] = {}
    for number, spec in enumerate(REFERRALS):
        key = KEY_PREFIX + spec.key
        if key in have:
            made[spec.key] = Referral.objects.get(idempotency_key=key)
            continue
        made[spec.key] = _make(spec, key, number, people, made)
        created["referrals"] += 1
    return created


def _details(spec: DemoReferral, today: date) -> services.Details:
    unborn = spec.age_days < 0
    return services.Details(
        parent_name=spec.parent,
        baby_name=spec.baby,
        unborn=unborn,
        expected_delivery_date=today - timedelta(days=spec.age_days) if unborn else None,
        child_date_of_birth=None if unborn else today - timedelta(days=spec.age_days),
        nhs_number=spec.nhs_number,
        postcode=spec.postcode,
        phone=phone_number(spec.phone),
        may_call=True,
        may_text=spec.key not in {"19", "10"},
        may_leave_message=spec.key not in {"19", "10", "06"},
        language=spec.language,
        interpreter=spec.interpreter,
        concerns=list(spec.concerns),
        concern_details=spec.details,
        impact=spec.impact,
        tried=spec.tried,
        others_involved=spec.others,
        consent=True,
    )


def _make(
    spec: DemoReferral,
    key: str,
    number: int,
    people: dict[str, User],
    made: dict[str, Referral],
) -> Referral:
    today = timezone.localdate()
    details = _details(spec, today)
    referrer = people[spec.referrer] if spec.referrer else None
    if spec.sent is None:
        assert referrer is not None
        draft = services.draft_start(by=referrer, details=details)
        # Demo data only: mark the draft as this demonstration's, and make it a day old.
        Referral.objects.filter(pk=draft.pk).update(
            idempotency_key=key,
            created_at=timezone.now() - timedelta(days=1 + number % 3),
            updated_at=timezone.now() - timedelta(days=1),
        )
        return draft
    referral, _new = services.referral_create(
        kind=Referral.Kind.PRACTITIONER if referrer else Referral.Kind.SELF,
        details=details,
        by=referrer,
        idempotency_key=key,
    )
    clinician = people[CLINICIAN if number % 4 else MANAGER]
    for step in spec.steps:
        referral = _take(step, referral, clinician, referrer, made)
    _backdate(referral, spec, number)
    return referral


def _take(
    step: Step,
    referral: Referral,
    clinician: User,
    referrer: User | None,
    made: dict[str, Referral],
) -> Referral:
    if step.what == "start":
        return services.triage_start(by=clinician, referral=referral)
    if step.what == "accept":
        return services.referral_accept(by=clinician, referral=referral)
    if step.what == "decline":
        return services.referral_decline(
            by=clinician, referral=referral, reason=step.reason, signposting=step.words
        )
    if step.what == "redirect":
        return services.referral_redirect(by=clinician, referral=referral, message=step.words)
    if step.what == "ask":
        return services.referral_request_info(by=clinician, referral=referral, question=step.words)
    if step.what == "answer":
        assert referrer is not None
        return services.referral_answer_info(by=referrer, referral=referral, answer=step.words)
    if step.what == "duplicate":
        return services.referral_mark_duplicate(
            by=clinician, referral=referral, original=made[step.reason]
        )
    if step.what == "withdraw":
        return services.referral_withdraw(by=clinician, referral=referral, reason=step.words)
    if step.what == "contact":
        return services.first_contact_record(by=clinician, referral=referral, on=timezone.now())
    raise ValueError(step.what)


def _backdate(referral: Referral, spec: DemoReferral, number: int) -> None:
    """Move a demonstration referral's times back to when it was sent and decided.

    Demo data only: the services stamp everything with the moment the loader runs, which
    would make every waiting time zero. Here the rows of this referral and of its events are
    rewritten directly, so that the queue shows waits as a real team's would. The audit
    trail is left as it is: its hash chain records when the loader ran, which is the truth.
    """
    assert spec.sent is not None
    now = timezone.localtime()
    # Sent during a working day, at varied times.
    sent = (now - timedelta(days=spec.sent)).replace(
        hour=8 + number % 9, minute=(number * 17) % 60, second=0, microsecond=0
    )
    sent = min(sent, now - timedelta(hours=1))

    def moment(after: int) -> datetime:
        return min(sent + timedelta(days=after, hours=2), now)

    events = list(ReferralEvent.objects.filter(referral=referral).order_by("at", "pk"))
    moves = [step for step in spec.steps if step.what != "contact"]
    ReferralEvent.objects.filter(pk=events[0].pk).update(at=sent)
    decided_at = None
    for event, step in zip(events[1:], moves, strict=True):
        ReferralEvent.objects.filter(pk=event.pk).update(at=moment(step.after))
        if event.to_status in {
            Status.ACCEPTED,
            Status.DECLINED,
            Status.REDIRECTED,
            Status.DUPLICATE,
        }:
            decided_at = moment(step.after)
    contact = next((step for step in spec.steps if step.what == "contact"), None)
    last = max([sent, *(moment(step.after) for step in spec.steps)])
    Referral.objects.filter(pk=referral.pk).update(
        created_at=sent - timedelta(minutes=12),
        submitted_at=sent,
        updated_at=last,
        decided_at=decided_at,
        first_contact_at=moment(contact.after) if contact else None,
    )
