"""The demonstration's full caseload: 36 more families of the clinical team, shared between
Casey Clinician and two colleagues, in every state a case can be in.

- Open with no contact yet (one baby not born yet); open with contacts held, missed and
  cancelled by either side, the next one planned, and some past contacts nobody recorded.
- Closed for each reason (goals met, moved away, chose to stop, did not engage, transferred,
  reached the age limit, another reason with a note), each with its closing letter; one
  closed and reopened; one closed so long ago (with a baby born long ago) that its records
  are past their retention date, for `littleminds retention report`.
- Contacts' notes, signed notes, interventions from the catalogue, goals rated over time,
  safeguarding flags with their chronology, tasks (one overdue), a baby born while the case
  was open, a second clinician on some cases.
- Measure histories of PHQ-9, GAD-7, CORE-10, EPDS, SWEMWBS and PIR-GAS, several
  administrations each, that show reliable improvement, no reliable change, reliable
  deterioration and reliable recovery. No risk item is ever answered above zero here: the
  demonstration's two open risk tasks are `cases_records.py`'s.

Everything goes through the casework services, so the audit trail, the case histories and
the scores are the real ones; only the days a case opened and closed are moved back
afterwards (`backdate.py`, demo data only). Dates are counted back from today. The details
that do not matter to a case's state (times, places, who came, which answers add up to a
total) come from a random generator seeded per family, so every load is the same.

Every family is invented: the surnames say so, postcodes are districts of the demonstration's
area, phone numbers are from Ofcom's range for drama (07700 900xxx), and no NHS number is
given. Loading again adds nothing twice: a family already on the team's cases (found by the
parent's name, unique in the demonstration) is left alone.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.casework import services, services_care, services_closure, services_week
from littleminds.casework import services_records as records
from littleminds.casework.models import Case, CasePerson, Contact
from littleminds.casework.models_care import FlagKind, Intervention
from littleminds.casework.models_closure import Closure
from littleminds.demo.backdate import (
    demo_only_backdate_closure,
    demo_only_backdate_contact,
    demo_only_backdate_history,
    demo_only_backdate_opening,
    demo_only_history_mark,
)
from littleminds.demo.referrals import CLINICIAN
from littleminds.measures.definitions import measure_of

# The clinical team's clinicians, by the index a story's `lead` gives.
LEADS = [CLINICIAN, "jordan.hale@littleminds.example", "morgan.fell@littleminds.example"]
SEED = 20261205

# Measure histories: the measure's code and its totals, oldest first (SWEMWBS: the raw
# total, which scoring turns into the metric score). What each shows is tested through
# `measures.scoring.change`, not taken from these names.
PHQ9_RECOVERY = ("phq9", (16, 13, 9, 6))
PHQ9_BETTER = ("phq9", (23, 19, 16))  # reliably better, still above the cut-off
PHQ9_SAME = ("phq9", (12, 11, 13, 10))
PHQ9_WORSE = ("phq9", (7, 10, 14))
GAD7_RECOVERY = ("gad7", (14, 11, 7, 5))
GAD7_BETTER = ("gad7", (19, 16, 13))
GAD7_SAME = ("gad7", (10, 9, 11))
GAD7_WORSE = ("gad7", (4, 6, 9))
CORE10_RECOVERY = ("core10", (21, 16, 12, 8))
CORE10_SAME = ("core10", (15, 13, 14))
CORE10_WORSE = ("core10", (9, 12, 16))
EPDS_RECOVERY = ("epds", (17, 14, 11, 8))
EPDS_SAME = ("epds", (12, 11, 13))
EPDS_WORSE = ("epds", (8, 10, 13))
SWEMWBS_BETTER = ("swemwbs", (15, 19, 24))
SWEMWBS_SAME = ("swemwbs", (20, 19, 21))
SWEMWBS_WORSE = ("swemwbs", (25, 22, 19))
PIRGAS_BETTER = ("pirgas", (35, 45, 60))
PIRGAS_SAME = ("pirgas", (50, 48, 55))

History = tuple[str, tuple[int, ...]]


@dataclass(frozen=True)
class Flag:
    kind: str
    chronology: tuple[str, ...]
    closed: bool = False


@dataclass(frozen=True)
class Story:
    """One family's case. Days are counted back from today unless named otherwise."""

    opened: int
    age: int  # the baby's age in days the day the case opened; negative: due in that many
    lead: int  # index in LEADS
    contacts: int = 0  # past contacts, each recorded
    ahead: int | None = None  # the next contact, planned this many days from today
    unrecorded: bool = False  # a contact of the last few days that nobody recorded yet
    engaged: bool = True  # False: the family mostly did not come
    measures: tuple[History, ...] = ()
    intervention: str = ""
    goals: tuple[tuple[str, tuple[int, ...]], ...] = ()
    notes: tuple[str, ...] = ()
    addendum: str = ""
    flag: Flag | None = None
    tasks: tuple[tuple[int, str], ...] = ()  # (due in days, negative: overdue; what)
    second: int | None = None  # another clinician allocated (index in LEADS)
    closed: int | None = None
    reason: str = ""
    reason_note: str = ""
    summary: str = ""
    reopened: str = ""  # why it was reopened (today)
    worries: tuple[str, ...] = ("bonding",)
    language: str = "English"
    interpreter: bool = False
    father: bool = False


VIG = "Video Interaction Guidance"
PIP = "Parent–infant psychotherapy"
WWW = "Watch Wait and Wonder"
COS = "Circle of Security Parenting"
NBO = "Newborn Behavioural Observations"
THERAPY = "Psychological therapy for the parent"
GROUP = "Parenting group"

R = Closure.Reason

STORIES: list[Story] = [
    # Open, and no contact yet.
    Story(2, 40, 1, ahead=5),
    Story(4, -50, 2, ahead=9, worries=("trauma_loss",), language="Urdu", interpreter=True),
    Story(6, 300, 0, worries=("baby_regulation",)),
    Story(9, 150, 1, ahead=3, worries=("parenting_confidence",)),
    # Open, with contacts.
    Story(
        150,
        90,
        1,
        contacts=8,
        ahead=4,
        measures=(PHQ9_RECOVERY, PIRGAS_BETTER),
        intervention=VIG,
        goals=(("Enjoy feeding times together", (2, 4, 7)), ("Feel less alone", (3, 5, 6))),
        notes=("Mum says the video feedback helped her see how much the baby watches her.",),
        addendum="The feedback session was the fourth, not the third.",
        second=2,
    ),
    Story(
        180,
        60,
        2,
        contacts=9,
        ahead=6,
        measures=(GAD7_RECOVERY, SWEMWBS_BETTER),
        intervention=PIP,
        goals=(("Sleep when the baby sleeps", (1, 3, 6)),),
        worries=("parent_mental_health", "bonding"),
    ),
    Story(
        200,
        120,
        1,
        contacts=10,
        unrecorded=True,
        measures=(CORE10_RECOVERY,),
        intervention=PIP,
        flag=Flag(
            "Child protection plan",
            (
                "Initial child protection conference: a plan agreed under the category of neglect.",
                "Core group meeting: mum attending all appointments; the plan continues.",
                "Review conference: progress noted; the plan continues for three months.",
            ),
        ),
        tasks=((4, "Send the report for the review conference."),),
        language="Polish",
        interpreter=True,
    ),
    Story(
        170,
        30,
        2,
        contacts=8,
        ahead=2,
        measures=(EPDS_RECOVERY, PIRGAS_SAME),
        intervention=NBO,
        worries=("parent_mental_health",),
    ),
    Story(
        130,
        200,
        0,
        contacts=6,
        ahead=7,
        measures=(PHQ9_SAME, GAD7_SAME),
        intervention=COS,
        goals=(("Understand what the baby's crying means", (3, 3, 4)),),
        notes=("Dad joined the session for the first time.",),
    ),
    Story(
        140,
        250,
        1,
        contacts=7,
        unrecorded=True,
        measures=(CORE10_SAME, SWEMWBS_SAME),
        intervention=WWW,
        father=True,
    ),
    Story(160, 10, 2, contacts=7, ahead=1, measures=(EPDS_SAME,), intervention=NBO),
    Story(
        150,
        330,
        1,
        contacts=6,
        ahead=8,
        measures=(PHQ9_WORSE, CORE10_WORSE),
        intervention=THERAPY,
        flag=Flag(
            "Domestic abuse",
            (
                "Mum disclosed that her former partner had been abusive; referred to Safe "
                "Spaces with her consent.",
                "MARAC: the risk is now managed; the former partner has moved away.",
            ),
            closed=True,
        ),
        tasks=(
            (-6, "Ask the GP to review mum's medication."),
            (10, "Book a joint visit with the health visitor."),
        ),
        worries=("parent_mental_health", "trauma_loss"),
    ),
    Story(
        120,
        100,
        2,
        contacts=5,
        ahead=3,
        measures=(GAD7_WORSE, SWEMWBS_WORSE),
        intervention=THERAPY,
        second=1,
    ),
    Story(135, 45, 0, contacts=6, ahead=10, measures=(EPDS_WORSE,), intervention=NBO),
    Story(
        110,
        180,
        1,
        contacts=5,
        ahead=4,
        measures=(PHQ9_BETTER, GAD7_BETTER),
        intervention=VIG,
        language="Romanian",
        interpreter=True,
    ),
    # Opened before the baby was born; born since (the same baby record).
    Story(100, -20, 2, contacts=5, ahead=5, intervention=NBO, worries=("trauma_loss",)),
    Story(90, 270, 0, contacts=4, unrecorded=True, ahead=14, intervention=COS),
    Story(80, 400, 1, contacts=4, ahead=6, measures=(PIRGAS_BETTER,), intervention=WWW),
    Story(70, 20, 2, contacts=4, ahead=2, notes=("Baby feeding well; mum more rested.",)),
    Story(60, 150, 1, contacts=3, ahead=7, intervention=GROUP),
    Story(50, 500, 2, contacts=3, ahead=3, worries=("baby_regulation",), father=True),
    Story(40, 220, 0, contacts=2, ahead=5),
    Story(30, 75, 1, contacts=2, ahead=9, language="Urdu", interpreter=True),
    Story(21, 600, 2, contacts=1, ahead=4, worries=("baby_regulation",)),
    Story(14, 5, 1, contacts=1, ahead=3, worries=("parent_mental_health",)),
    Story(
        250,
        20,
        2,
        contacts=12,
        ahead=7,
        measures=(CORE10_RECOVERY, PIRGAS_BETTER),
        intervention=PIP,
        goals=(
            ("Go to a baby group every week", (1, 4, 6, 8)),
            ("Feel confident at bath time", (2, 5, 8, 9)),
            ("Talk to the baby while changing her", (4, 6, 7, 9)),
        ),
    ),
    # Closed, each for its reason, with its letters.
    Story(
        240,
        100,
        1,
        contacts=10,
        measures=(PHQ9_RECOVERY, PIRGAS_BETTER),
        intervention=VIG,
        goals=(("Enjoy play times together", (2, 5, 8)),),
        closed=20,
        reason=R.GOALS_MET,
        summary="Mum and baby enjoy their time together now, and mum's mood has lifted. "
        "Both goals the family set are met.",
    ),
    Story(
        300,
        60,
        2,
        contacts=12,
        measures=(EPDS_RECOVERY,),
        intervention=PIP,
        closed=75,
        reason=R.GOALS_MET,
        summary="Mum feels close to her baby and confident as a parent; we agreed to end.",
    ),
    Story(
        120,
        200,
        0,
        contacts=4,
        intervention=WWW,
        closed=40,
        reason=R.MOVED_AWAY,
        summary="The family moved to another county; we told them how to find the "
        "parent-infant service there.",
    ),
    Story(
        150,
        300,
        1,
        contacts=5,
        measures=(GAD7_SAME,),
        intervention=COS,
        closed=30,
        reason=R.CHOSE_TO_STOP,
        summary="Mum decided that she had the support she needed from family and friends.",
    ),
    Story(
        110,
        150,
        2,
        contacts=5,
        engaged=False,
        closed=15,
        reason=R.DID_NOT_ENGAGE,
        summary="We offered five appointments at home and by phone; the family came to none "
        "after the first. The health visitor knows and can refer again.",
    ),
    Story(
        90,
        250,
        1,
        contacts=3,
        closed=10,
        reason=R.TRANSFERRED,
        summary="Mum's needs are best met by the perinatal mental health team, who now "
        "lead her care.",
        worries=("parent_mental_health",),
    ),
    Story(
        200,
        560,
        2,
        contacts=9,
        measures=(CORE10_RECOVERY,),
        intervention=PIP,
        closed=5,
        reason=R.AGE_LIMIT,
        summary="The child turned two; the family hub's groups carry on from here.",
    ),
    Story(
        100,
        90,
        0,
        contacts=4,
        closed=50,
        reason=R.OTHER,
        reason_note="The baby is in hospital for a long stay; the family asked to stop for "
        "now and know how to come back.",
        summary="We met the family four times before the baby went into hospital.",
    ),
    # Closed long ago, the baby born long ago: past its retention date.
    Story(
        9780,
        120,
        0,
        contacts=3,
        closed=9480,
        reason=R.GOALS_MET,
        summary="Records brought over from the service's paper files.",
    ),
    # Closed, then reopened within three months.
    Story(
        160,
        120,
        1,
        contacts=6,
        ahead=3,
        measures=(PHQ9_SAME,),
        intervention=VIG,
        closed=50,
        reason=R.CHOSE_TO_STOP,
        summary="Mum wanted a break over the summer.",
        reopened="Mum got in touch again: the evenings are hard once more.",
    ),
]

_PARENTS = [
    "Amina", "Beata", "Carys", "Daria", "Emma", "Fatima", "Gemma", "Halima", "Iulia",
    "Joy", "Kerry", "Lucy", "Marta", "Nasreen", "Olivia", "Paula", "Rukhsana", "Sadia",
    "Tanya", "Vicky", "Wiktoria", "Yasmin", "Zoe", "Anya", "Bushra", "Cerys", "Dorota",
    "Erin", "Farzana", "Gosia", "Hollie", "Irina", "Jade", "Kamila", "Lena", "Mona",
]  # fmt: skip
_FATHERS = ["Adam", "Bilal", "Craig", "Dawid", "Imran", "Luke"]
_SURNAMES = [
    "Fictionby", "Mockford", "Fauxton", "Inventa", "Dreamwell", "Notionly", "Figment",
    "Makewell", "Pretendly", "Unrealton", "Samplesby", "Storymade",
]  # fmt: skip
_BABIES = [
    "Alfie", "Bea", "Cal", "Dua", "Eden", "Fern", "Gabe", "Hope", "Iris", "Jem", "Kai",
    "Lila", "Mo", "Nell", "Orla", "Pip", "Quinn", "Rae", "Seth", "Tess", "Uma", "Vic",
    "Wyn", "Yara", "Zac", "Ada", "Bo", "Cleo", "Dev", "Elsa", "Finn", "Gigi", "Hal", "Ines",
    "Jas", "Kit",
]  # fmt: skip
_CONTACT_NOTES = [
    "Watched the baby's cues together; mum noticed when he needed a break.",
    "Talked about the nights; dad is taking the late feed now.",
    "Played on the floor together; the baby reached for mum several times.",
    "Mum tearful talking about the birth; we agreed to come back to it next time.",
    "Filmed a short play session for Video Interaction Guidance.",
    "Thought together about what the baby might be feeling when she cries.",
    "Grandmother came too and shared how she was parented.",
]
_PLACES = [Contact.Place.HOME] * 4 + [
    Contact.Place.CLINIC,
    Contact.Place.CLINIC,
    Contact.Place.COMMUNITY,
    Contact.Place.VIDEO,
    Contact.Place.PHONE,
]
_GP = (
    "Moorside Medical Practice",
    "Moorside Medical Practice\n4 Moor Road\nBrackendale",
)
_HEALTH_VISITOR = (
    "Brackendale Health Visiting Team",
    "Brackendale Family Hub\n12 Mill Lane\nBrackendale",
)


def parent_name(index: int) -> str:
    story = STORIES[index]
    first = _FATHERS[index % len(_FATHERS)] if story.father else _PARENTS[index]
    return f"{first} {_SURNAMES[index % len(_SURNAMES)]}"


def load() -> dict[str, int]:
    users = {u.email: u for u in User.objects.filter(email__in=LEADS, is_active=True)}
    casey = users.get(CLINICIAN)
    if casey is None:
        return {"caseload": 0}
    teams = casey.teams_with(Permission.CASES_EDIT)
    if not teams:
        return {"caseload": 0}
    team = teams[0]
    # A colleague missing (a test that made only Casey) hands their families to Casey.
    leads = [users.get(email, casey) for email in LEADS]
    have = set(CasePerson.objects.filter(case__team=team).values_list("name", flat=True))
    made = 0
    for index, story in enumerate(STORIES):
        if parent_name(index) in have:
            continue
        _Family(index, story, team, leads).make()
        made += 1
    return {"caseload": made}


def spread(first: date, last: date, count: int) -> list[date]:
    """`count` days from `first` to `last`, as evenly apart as whole days allow."""
    if count <= 0:
        return []
    if count == 1 or last <= first:
        return [min(first, last)] * count if count == 1 else [first] * count
    step = (last - first).days / (count - 1)
    return [first + timedelta(days=round(step * n)) for n in range(count)]


def answers_for(code: str, total: int, rng: random.Random) -> list[int]:
    """Answers in form order whose score is `total` (SWEMWBS: the raw total), with every
    risk item at zero. CORE-10's reversed items are given as the position ticked, which the
    scoring turns round."""
    measure = measure_of(code)
    if measure.items == 1:
        return [total]
    scored = [measure.item_min] * measure.items
    open_items = [n for n in range(measure.items) if n + 1 not in measure.risk_items]
    left = total - measure.item_min * measure.items
    while left > 0:
        n = rng.choice([n for n in open_items if scored[n] < measure.item_max])
        scored[n] += 1
        left -= 1
    return [
        measure.item_max + measure.item_min - value if n + 1 in measure.reverse_items else value
        for n, value in enumerate(scored)
    ]


@dataclass
class _Family:
    index: int
    story: Story
    team: Team
    leads: list[User]
    rng: random.Random = field(init=False)
    today: date = field(init=False)
    case: Case = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(f"{SEED}-{self.index}")  # noqa: S311 - not a secret
        self.today = timezone.localdate()

    @contextmanager
    def _on(self, day: date | datetime) -> Iterator[None]:
        """What is done inside happened on `day` in the case's history (demo data only)."""
        mark = demo_only_history_mark(self.case)
        yield
        at = day if isinstance(day, datetime) else datetime.combine(day, time(16))
        demo_only_backdate_history(
            self.case, mark, timezone.make_aware(at) if timezone.is_naive(at) else at
        )

    @property
    def lead(self) -> User:
        return self.leads[self.story.lead]

    @property
    def opened_on(self) -> date:
        return self.today - timedelta(days=self.story.opened)

    @property
    def last_day(self) -> date:
        """The last day of work before the case closed, or today."""
        if self.story.closed is None:
            return self.today
        return self.today - timedelta(days=self.story.closed)

    def make(self) -> Case:
        story = self.story
        self._open()
        parent = self.case.people.get()
        self._contacts(parent)
        self._measures(parent)
        self._care()
        for text in story.notes:
            note = services.note_add(by=self.lead, case=self.case, text=text)
            if story.addendum:
                services.addendum_add(by=self.lead, note=note, text=story.addendum)
        for days, text in story.tasks:
            records.task_add(
                by=self.lead,
                case=self.case,
                assigned_to=self.lead,
                due_on=self.today + timedelta(days=days),
                description=text,
            )
        if story.closed is not None:
            self._close()
        if story.ahead is not None and self.case.is_open:
            self._contact(parent, self._at(self.today + timedelta(days=story.ahead)))
        return self.case

    # The family ----------------------------------------------------------------------------

    def _open(self) -> None:
        story, opened = self.story, self.opened_on
        unborn = story.age < 0
        baby_name = "" if unborn else _BABIES[self.index]
        self.case = services_week.case_open_without_referral(
            as_of=opened,
            by=self.lead,
            team=self.team,
            lead=self.lead,
            baby={
                "name": baby_name,
                "nhs_number": "",
                "unborn": unborn,
                "due_date": opened - timedelta(days=story.age) if unborn else None,
                "date_of_birth": None if unborn else opened - timedelta(days=story.age),
            },
            parent={
                "name": parent_name(self.index),
                "relationship": "father" if story.father else "mother",
                "language": story.language,
                "interpreter": story.interpreter,
                "phone": f"+447700900{200 + self.index:03d}",
                "may_call": True,
                "may_text": self.index % 5 != 3,
                "may_leave_message": self.index % 4 != 1,
                "contact_times": self.rng.choice(["Mornings", "Afternoons", "Any time", ""]),
            },
            postcode=f"BD{1 + self.index % 22} {1 + self.index % 9}{'ABDEFGHJLN'[self.index % 10]}"
            f"{'PQRSTUWXYZ'[(self.index * 3) % 10]}",
            worries=list(story.worries),
            worries_detail="Referred by the health visitor after a listening visit.",
        )
        if story.second is not None and self.leads[story.second] != self.lead:
            services.allocation_add(
                by=self.lead, case=self.case, clinician=self.leads[story.second]
            )
        demo_only_backdate_opening(self.case, opened)
        baby = self.case.babies.get()
        if unborn and baby.due_date is not None and baby.due_date < self.today:
            # Born since the case opened: the same record gets its date of birth.
            born = min(baby.due_date + timedelta(days=3), self.today)
            with self._on(born + timedelta(days=2)):
                services.baby_born(by=self.lead, baby=baby, date_of_birth=born)

    # Contacts ------------------------------------------------------------------------------

    def _at(self, day: date) -> datetime:
        hour = self.rng.choice([9, 10, 11, 13, 14, 15])
        return timezone.make_aware(datetime(day.year, day.month, day.day, hour))

    def _contact(self, parent: CasePerson, starts_at: datetime, outcome: str = "") -> Contact:
        place = self.rng.choice(_PLACES)
        past = starts_at < timezone.now()
        with self._on(starts_at - timedelta(days=7) if past else timezone.now()):
            contact = services.contact_plan(
                by=self.lead,
                case=self.case,
                clinician=self.lead,
                starts_at=starts_at,
                minutes=30 if place == Contact.Place.PHONE else 60,
                place=place,
                invited=[parent],
            )
        if outcome:
            with self._on(starts_at + timedelta(minutes=contact.minutes + 30)):
                contact = services.contact_record(
                    by=self.lead,
                    contact=contact,
                    outcome=outcome,
                    came=[parent],
                    note=self.rng.choice(_CONTACT_NOTES) if outcome == "attended" else "",
                )
        if past:
            demo_only_backdate_contact(contact)
        return contact

    def _outcome(self, number: int) -> str:
        if number == 0:
            return Contact.Outcome.ATTENDED  # the first visit, where the family was met
        outcomes = [
            Contact.Outcome.ATTENDED,
            Contact.Outcome.DID_NOT_ATTEND,
            Contact.Outcome.CANCELLED_BY_FAMILY,
            Contact.Outcome.CANCELLED_BY_SERVICE,
        ]
        weights = (14, 2, 2, 1) if self.story.engaged else (1, 6, 3, 0)
        return self.rng.choices(outcomes, weights=weights)[0]

    def _contacts(self, parent: CasePerson) -> None:
        story = self.story
        first = self.opened_on + timedelta(days=min(3, story.opened))
        last = self.last_day - timedelta(days=1 if story.closed is not None else 3)
        for number, day in enumerate(spread(first, max(first, last), story.contacts)):
            self._contact(parent, self._at(min(day, self.today)), self._outcome(number))
        if story.unrecorded:
            # Its time has passed and nobody has recorded what happened.
            self._contact(parent, self._at(self.today - timedelta(days=self.rng.randint(1, 3))))

    # Measures ------------------------------------------------------------------------------

    def _measures(self, parent: CasePerson) -> None:
        first = self.opened_on + timedelta(days=7)
        last = self.last_day - timedelta(days=5)
        for code, totals in self.story.measures:
            for day, total in zip(spread(first, last, len(totals)), totals, strict=True):
                with self._on(day):
                    records.administration_record(
                        by=self.lead,
                        case=self.case,
                        measure=code,
                        on=day,
                        items=answers_for(code, total, self.rng),
                        answered_by=parent,
                    )

    # Care ----------------------------------------------------------------------------------

    def _care(self) -> None:
        story, by = self.story, self.lead
        start = self.opened_on + timedelta(days=14)
        if story.intervention and start < self.last_day:
            closing = story.closed is not None
            end = self.last_day - timedelta(days=3) if closing else None
            with self._on(start):
                services_care.intervention_add(
                    by=by,
                    case=self.case,
                    intervention=Intervention.objects.get_or_create(name=story.intervention)[0],
                    start=start,
                    end=end if end is None or end >= start else start,
                    sessions=max(1, ((end or self.today) - start).days // 14),
                )
        agreed = self.opened_on + timedelta(days=10)
        for text, ratings in story.goals:
            days = spread(agreed, self.last_day - timedelta(days=4), len(ratings))
            with self._on(days[0]):
                goal = services_care.goal_add(
                    by=by, case=self.case, text=text, agreed_on=days[0], rating=ratings[0]
                )
            for number, (day, rating) in enumerate(zip(days, ratings, strict=True)):
                if number == 0:
                    continue
                met = story.reason == Closure.Reason.GOALS_MET and number == len(ratings) - 1
                with self._on(day):
                    services_care.goal_rate(
                        by=by, goal=goal, rated_on=day, rating=rating, close=met
                    )
        if story.flag is not None:
            self._flag(story.flag)

    def _flag(self, flag: Flag) -> None:
        by = self.lead
        days = spread(
            self.opened_on + timedelta(days=20),
            self.today - timedelta(days=7),
            len(flag.chronology),
        )
        with self._on(days[0]):
            raised = services_care.flag_raise(
                by=by,
                case=self.case,
                kind=FlagKind.objects.get_or_create(name=flag.kind)[0],
                raised_on=days[0],
            )
        for day, text in zip(days, flag.chronology, strict=True):
            services_care.chronology_add(by=by, case=self.case, happened_on=day, text=text)
        if flag.closed:
            with self._on(days[-1]):
                services_care.flag_close(by=by, flag=raised, closed_on=days[-1])

    # Closing -------------------------------------------------------------------------------

    def _close(self) -> None:
        story = self.story
        assert story.closed is not None
        closure = services_closure.case_close(
            by=self.lead,
            case=self.case,
            reason=story.reason,
            reason_note=story.reason_note,
            summary=story.summary,
            # The demo clinician has dealt with what was still open.
            dealt_with=True,
            gp_name=(_GP if self.index % 2 else _HEALTH_VISITOR)[0],
            gp_address=(_GP if self.index % 2 else _HEALTH_VISITOR)[1],
        )
        demo_only_backdate_closure(closure, self.last_day)
        if story.reopened:
            self.case = services_closure.case_reopen(
                by=self.lead, case=self.case, reason=story.reopened
            )
        else:
            self.case.refresh_from_db()
