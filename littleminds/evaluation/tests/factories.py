"""Studies for the workbench's tests, made straight in the database so every part's tests
can stand on them before its services run: `study_world` builds a study with two time points,
participants (one withdrawn), two ready transcripts cut into segments, a small codebook,
codings by two researchers and memos."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import OrganisationFactory, UserFactory
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
from littleminds.evaluation.services_transcripts import segments_cut


def study(lead: User, team: Team, *, title: str = "Little Minds evaluation", **more: Any) -> Study:
    made = Study.objects.create(
        title=title,
        research_questions="Is the service embedded?\nWhat helps and hinders?",
        team=team,
        created_by=lead,
        **more,
    )
    StudyResearcher.objects.create(study=made, user=lead, lead=True)
    TimePoint.objects.create(
        study=made,
        label="Time 1",
        position=1,
        starts_on=date(2022, 6, 1),
        ends_on=date(2022, 9, 30),
    )
    TimePoint.objects.create(
        study=made,
        label="Time 2",
        position=2,
        starts_on=date(2023, 6, 1),
        ends_on=date(2023, 9, 30),
    )
    return made


def researcher_of(made: Study, *, lead: bool = False, email: str | None = None) -> User:
    user = UserFactory.create(
        email=email or f"coder{StudyResearcher.objects.count()}@test.example",
        roles=[(Role.RESEARCHER, None)],
    )
    StudyResearcher.objects.create(study=made, user=user, lead=lead)
    return user


def participant(
    made: Study,
    label: str,
    *,
    group: str = Participant.Group.WORKFORCE,
    organisation: Organisation | None = None,
    ring: str = "",
    times: tuple[int, ...] = (1,),
    method: str = Participation.Method.INTERVIEW,
    withdrawn_by: User | None = None,
) -> Participant:
    made_participant = Participant.objects.create(
        study=made,
        label=label,
        group=group,
        organisation=organisation,
        ring=ring,
        consent_on=date(2022, 6, 1),
        information_sheet_version="v2",
        withdrawn_at=timezone.now() if withdrawn_by else None,
        withdrawn_by=withdrawn_by,
    )
    for position in times:
        Participation.objects.create(
            participant=made_participant,
            time_point=made.time_points.get(position=position),
            method=method,
        )
    return made_participant


def ready_transcript(
    made: Study,
    title: str,
    text: str,
    *,
    by: User,
    participants: list[Participant],
    time_point: int = 1,
    method: str = Participation.Method.INTERVIEW,
) -> Transcript:
    """A transcript already pseudonymised and cut into segments."""
    transcript = Transcript.objects.create(
        study=made,
        title=title,
        time_point=made.time_points.get(position=time_point),
        method=method,
        source_format=Transcript.Format.TEXT,
        status=Transcript.Status.READY,
        text=text,
        word_count=len(text.split()),
        uploaded_by=by,
        ready_at=timezone.now(),
    )
    transcript.participants.set(participants)
    segments_cut(transcript, {p.label: p.pk for p in participants})
    return transcript


def code(made: Study, name: str, *, parent: Code | None = None, colour: str = "#005EB8") -> Code:
    return Code.objects.create(
        study=made, name=name, parent=parent, colour=colour, position=made.codes.count()
    )


def coding(transcript: Transcript, with_code: Code, by: User, passage: str) -> Coding:
    """`by` codes the first occurrence of `passage` in the transcript."""
    start = transcript.text.index(passage)
    return Coding.objects.create(
        transcript=transcript, code=with_code, coder=by, start=start, end=start + len(passage)
    )


INTERVIEW = (
    "Interviewer: How did you first hear about the service?\n"
    "P01: A health visitor told me about the training in Manningham.\n"
    "Interviewer: And the consultations?\n"
    "P01: The consultation helped me think about the baby's cues. 😊 بہت اچھا\n"
)
FOCUS_GROUP = (
    "Facilitator: What gets in the way of referring?\n"
    "P02: The forms take too long and referrals come back declined.\n"
    "P03: We never know whether a family is eligible.\n"
    "P02: Consultation first would have saved a referral.\n"
)


def study_world(lead: User, team: Team) -> dict[str, Any]:
    """A study of `team` led by `lead`, with a second coder, and records of every kind."""
    made = study(lead, team)
    second = researcher_of(made, email="second.coder@test.example")
    nursery = OrganisationFactory.create(name="Little Acorns Nursery")
    p01 = participant(made, "P01", times=(1, 2))
    p02 = participant(made, "P02", organisation=nursery, ring="universal", method="focus_group")
    p03 = participant(made, "P03", method="focus_group", withdrawn_by=lead)
    ListedName.objects.create(
        study=made, kind="participant", text="Amira Khan", replacement="P01", participant=p01
    )
    ListedName.objects.create(study=made, kind="place", text="Manningham", replacement="[place]")
    interview = ready_transcript(made, "Interview P01", INTERVIEW, by=lead, participants=[p01])
    group = ready_transcript(
        made, "Focus group 1", FOCUS_GROUP, by=lead, participants=[p02, p03], method="focus_group"
    )
    awareness = code(made, "Awareness", colour="#007F3B")
    heard = code(made, "How they heard", parent=awareness)
    pathways = code(made, "Referral pathways", colour="#DA291C")
    consultation = code(made, "Consultation", colour="#330072")
    codings = [
        coding(interview, heard, lead, "A health visitor told me"),
        coding(interview, consultation, lead, "The consultation helped me"),
        coding(interview, consultation, second, "think about the baby's cues"),
        coding(group, pathways, lead, "referrals come back declined"),
        coding(group, pathways, second, "The forms take too long"),
        coding(group, pathways, lead, "never know whether a family is eligible"),
        coding(group, consultation, second, "Consultation first"),
    ]
    memo = Memo.objects.create(
        study=made, author=lead, text="Cues come up often.", transcript=interview
    )
    Memo.objects.create(study=made, author=lead, text="Theme of the report.", on_code=awareness)
    return {
        "study": made,
        "second_coder": second,
        "participants": [p01, p02, p03],
        "withdrawn": p03,
        "transcripts": [interview, group],
        "transcript": interview,
        "codes": [awareness, heard, pathways, consultation],
        "code": awareness,
        "codings": codings,
        "memo": memo,
        "time_point": made.time_points.get(position=1),
    }
