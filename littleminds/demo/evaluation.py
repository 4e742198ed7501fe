"""The demonstration's evaluation study (issue 17): "Little Minds Matter enhanced
evaluation" of the clinical team, in the shape of the evaluation the platform grew from.

- Two time points, their fieldwork ending on the directory's two time points (summer 2022
  and winter 2023), each linked to the directory's map of its day.
- Participants from three groups, as the report's Table 1: service design 4 at Time 1 and
  none at Time 2; the service's own team 11 and 18; the early-years workforce 22 and 18.
  Some people took part at both times (7 of the team, 5 of the workforce), and some
  organisations at both times with different people. Each has a real demonstration
  organisation, so the study's figures page shows those organisations' embeddedness. One
  more participant of the workforce (P62) took part and then withdrew: Table 1 leaves them
  out and says one withdrew, and their turns leave the analysis.
- 12 short transcripts (`evaluation_transcripts.py`): interviews and focus groups, already
  pseudonymised, one with a few Urdu words; ready, cut into segments.
- A codebook of the report's themes (awareness, referral pathways, consultation, training,
  capacity, system fit), each with two or three sub-codes and a colour.
- Codings by the lead researcher (Remy Researcher) and, blind, by a second (Robin Reviewer),
  who differ on some passages, so that agreement is moderate to good (Cohen's kappa between
  0.4 and 0.8); and memos.

The transcripts are made ready directly, as the workbench's tests make them
(`evaluation.tests.factories.ready_transcript`): their text, and their segments from
`segments.pieces_of`. Loading again adds nothing: the study is looked for by its title.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.audit.services import audit_record
from littleminds.demo.evaluation_transcripts import TRANSCRIPTS, Spec, parse
from littleminds.directory.models import MapSnapshot
from littleminds.evaluation.models import (
    Code,
    Coding,
    ListedName,
    Memo,
    Participant,
    Participation,
    Study,
    StudyResearcher,
    TimePoint,
    Transcript,
)
from littleminds.evaluation.services import TimePointInput, study_create
from littleminds.evaluation.services_transcripts import segments_cut
from littleminds.insights.selectors import organisation_rings

DOMAIN = "littleminds.example"
LEAD = f"researcher@{DOMAIN}"
SECOND = f"reviewer@{DOMAIN}"
CLINICAL_TEAM = "Parent–Infant Clinical Team"
TITLE = "Little Minds Matter enhanced evaluation"
ACTION = "demo.evaluation_seeded"  # the words for it: audit/labels.py
QUESTIONS = (
    "Is the Little Minds Matter service embedded in the early-years system?\n"
    "What helps and what gets in the way of practitioners and families using it?\n"
    "Did the early-years workforce's knowledge and confidence change between the two time"
    " points?"
)

# The directory's time points (demo/directory.py), the fieldwork ending on each.
TIME_1 = ("Time 1, summer 2022", date(2022, 1, 10), date(2022, 7, 15))
TIME_2 = ("Time 2, winter 2023", date(2023, 6, 1), date(2023, 12, 1))

ICB = "Brackendale Integrated Care Board"
TRUST = "Brackendale District Care NHS Trust"
CHARITY = "Brackendale Family Charity"
# The early-years workforce's organisations, given in turn to P27 onwards.
WORKFORCE = (
    "Brackendale Health Visiting Service",
    "Brackendale Maternity Service",
    "Brackendale Family Hubs",
    "Little Acorns Day Nursery",
    "Brackendale Children's Social Care",
    "Moorside Medical Practice",
    "Brackendale Perinatal Mental Health Team",
    "Dads and Babies Together",
    "Safe Spaces Domestic Abuse Service",
    "Brackendale Housing Options",
)
WITHDRAWN = "P62"

INTERVIEW: str = Participation.Method.INTERVIEW
FOCUS: str = Participation.Method.FOCUS_GROUP


@dataclass(frozen=True)
class Person:
    label: str
    group: str
    organisation: str
    # The method at each time point taken part in (1, 2).
    times: dict[int, str]


def people() -> list[Person]:
    """The 62 participants: P01–P04 service design, P05–P26 the team, P27–P62 the workforce
    (P62 withdrew)."""
    found: list[Person] = []

    def add(number: int, group: str, organisation: str, times: dict[int, str]) -> None:
        found.append(Person(f"P{number:02d}", group, organisation, times))

    design = Participant.Group.SERVICE_DESIGN
    for number, organisation in zip(range(1, 5), (ICB, ICB, TRUST, CHARITY), strict=True):
        add(number, design, organisation, {1: INTERVIEW})
    team = Participant.Group.SERVICE_TEAM
    for number in range(5, 27):
        organisation = CHARITY if number % 4 == 0 else TRUST
        if number <= 11:  # both times, in the focus groups
            times = {1: FOCUS, 2: FOCUS}
        elif number <= 15:  # Time 1 only
            times = {1: FOCUS if number == 12 else INTERVIEW}
        else:  # Time 2 only
            times = {2: FOCUS if number <= 22 else INTERVIEW}
        add(number, team, organisation, times)
    workforce = Participant.Group.WORKFORCE
    interviewed = {35: 1, 48: 1, 52: 2, 60: 2}
    for number in range(27, 63):
        organisation = WORKFORCE[(number - 27) % len(WORKFORCE)]
        points = (1, 2) if number <= 31 else (1,) if number <= 48 or number == 62 else (2,)
        add(
            number,
            workforce,
            organisation,
            {p: INTERVIEW if interviewed.get(number) == p else FOCUS for p in points},
        )
    return found


# Themes and their sub-codes: (key, name, description).
CODEBOOK: tuple[tuple[str, str, str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "#005EB8",
        "Awareness",
        "Whether practitioners and families know of the service and what it is for.",
        (
            ("aware.exists", "Knowing the service exists", "Heard of it, or never had."),
            ("aware.remit", "Understanding its remit", "What it does and does not do."),
            ("aware.word", "Hearing through colleagues", "Word of mouth, team meetings."),
        ),
    ),
    (
        "#DA291C",
        "Referral pathways",
        "How families reach the service, and what happens to referrals.",
        (
            ("ref.forms", "Forms and process", "The referral form and its questions."),
            ("ref.declined", "Declined or redirected", "Referrals that did not fit, and why."),
            ("ref.eligible", "Eligibility", "Age, area and the relationship concern."),
        ),
    ),
    (
        "#330072",
        "Consultation",
        "Practitioners talking a family through with the service's clinicians.",
        (
            ("con.advice", "Advice on a family", "What to try, whether to refer."),
            ("con.confidence", "Confidence after consulting", "Feeling less alone with it."),
        ),
    ),
    (
        "#007F3B",
        "Training",
        "The service's courses for the early-years workforce.",
        (
            ("tr.taken", "Training taken", "Who went on which course."),
            ("tr.practice", "Putting training into practice", "What changed afterwards."),
            ("tr.release", "Release from work", "Time and cover to attend."),
        ),
    ),
    (
        "#ED8B00",
        "Capacity",
        "The team's capacity against demand.",
        (
            ("cap.wait", "Waiting times", "How long families wait."),
            ("cap.workload", "Team workload", "Direct work, consultation and teaching."),
        ),
    ),
    (
        "#00A499",
        "System fit",
        "How the service fits with the other services around the family.",
        (
            ("fit.overlap", "Gaps and overlaps", "Between the service and others."),
            ("fit.partners", "Working with partners", "Joint meetings, named links."),
            ("fit.language", "Language and culture", "Families' languages, fathers."),
        ),
    ),
)


def load() -> dict[str, int]:
    """The study, when the team and both researchers are there and it is not yet."""
    team = Team.objects.filter(name=CLINICAL_TEAM).first()
    accounts = {u.email: u for u in User.objects.filter(email__in=[LEAD, SECOND])}
    if team is None or len(accounts) < 2 or Study.objects.filter(title=TITLE).exists():
        return {"evaluation_studies": 0}
    _build(team, accounts[LEAD], accounts[SECOND])
    return {"evaluation_studies": 1}


@transaction.atomic
def _build(team: Team, lead: User, second: User) -> Study:
    snapshots = {s.label: s for s in MapSnapshot.objects.all()}
    study = study_create(
        by=lead,
        title=TITLE,
        research_questions=QUESTIONS,
        team=team,
        time_points=[
            TimePointInput(label, start, end, snapshots.get(label))
            for label, start, end in (TIME_1, TIME_2)
        ],
    )
    StudyResearcher.objects.create(study=study, user=second, lead=False)
    points = {p.position: p for p in study.time_points.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    rings = organisation_rings()
    participants = _participants(study, points, organisations, rings, lead)
    ListedName.objects.bulk_create(
        [
            ListedName(study=study, kind=ListedName.Kind.PLACE, text=place, replacement="[place]")
            for place in ("Manningham", "Eastbrook", "Holme Wood")
        ]
    )
    codes = _codebook(study)
    made = []
    for spec in TRANSCRIPTS:
        text, marks = parse(spec.marked)
        transcript = _ready(study, spec, text, points, participants, lead)
        made.append(transcript)
        for start, end, lead_codes, second_codes in marks:
            for coder, keys in ((lead, lead_codes), (second, second_codes)):
                Coding.objects.bulk_create(
                    Coding(transcript=transcript, code=codes[k], coder=coder, start=start, end=end)
                    for k in keys
                )
    _memos(study, made, codes, lead, second)
    audit_record(
        by=None,
        action=ACTION,
        target=study,
        team=team,
        detail={"participants": len(participants), "transcripts": len(made)},
    )
    return study


def _participants(
    study: Study,
    points: dict[int, TimePoint],
    organisations: dict[str, Organisation],
    rings: dict[int, str],
    lead: User,
) -> dict[str, Participant]:
    made: dict[str, Participant] = {}
    for person in people():
        organisation = organisations.get(person.organisation)
        withdrawn = person.label == WITHDRAWN
        first = min(person.times)
        made[person.label] = Participant.objects.create(
            study=study,
            label=person.label,
            group=person.group,
            organisation=organisation,
            ring=rings.get(organisation.pk, "") if organisation else "",
            consent_on=(TIME_1 if first == 1 else TIME_2)[1] - timedelta(days=7),
            information_sheet_version="v2" if first == 1 else "v3",
            withdrawn_at=timezone.now() if withdrawn else None,
            withdrawn_by=lead if withdrawn else None,
            withdrawal_note="Asked by e-mail to withdraw after the focus group."
            if withdrawn
            else "",
        )
        Participation.objects.bulk_create(
            Participation(participant=made[person.label], time_point=points[p], method=method)
            for p, method in person.times.items()
        )
    return made


def _codebook(study: Study) -> dict[str, Code]:
    codes: dict[str, Code] = {}
    position = 0
    for colour, name, description, children in CODEBOOK:
        theme = Code.objects.create(
            study=study, name=name, description=description, colour=colour, position=position
        )
        position += 1
        codes[name] = theme
        for key, child, words in children:
            codes[key] = Code.objects.create(
                study=study,
                parent=theme,
                name=child,
                description=words,
                colour=colour,
                position=position,
            )
            position += 1
    return codes


def _ready(
    study: Study,
    spec: Spec,
    text: str,
    points: dict[int, TimePoint],
    participants: dict[str, Participant],
    by: User,
) -> Transcript:
    taking_part = [participants[label] for label in spec.speakers]
    transcript = Transcript.objects.create(
        study=study,
        title=spec.title,
        time_point=points[spec.time_point],
        method=spec.method,
        source_format=Transcript.Format.TEXT,
        status=Transcript.Status.READY,
        text=text,
        word_count=len(text.split()),
        uploaded_by=by,
        ready_at=timezone.now(),
    )
    transcript.participants.set(taking_part)
    segments_cut(transcript, {p.label: p.pk for p in taking_part})
    return transcript


def _memos(
    study: Study, transcripts: list[Transcript], codes: dict[str, Code], lead: User, second: User
) -> None:
    by_title = {t.title: t for t in transcripts}
    urdu = by_title["Time 1 focus group, early-years workforce, group B"]
    quote = "بچہ روتا ہے تو میں بھی روتی ہوں"
    at = urdu.text.index(quote)
    nursery = by_title["Time 2 interview, early-years workforce, P60"]
    Memo.objects.bulk_create(
        [
            Memo(
                study=study,
                author=lead,
                transcript=urdu,
                start=at,
                end=at + len(quote),
                text="A quote for the report on language: check the translation with P29.",
            ),
            Memo(
                study=study,
                author=lead,
                on_code=codes["Referral pathways"],
                text=(
                    "At Time 1 declined referrals dominate; at Time 2 they are described as"
                    " redirected with a consultation. Compare with the insights' declines."
                ),
            ),
            Memo(
                study=study,
                author=second,
                on_code=codes["fit.overlap"],
                text="I coded gaps and partners apart where the passage names another service.",
            ),
            Memo(
                study=study,
                author=lead,
                transcript=nursery,
                text=(
                    "The nursery's story matches the figures: declined until its staff trained"
                    " in May 2022, mostly accepted since."
                ),
            ),
        ]
    )
