"""Reads of the workbench. A study's data is for its own researchers: every read goes through
`study_for_researcher`, which answers 404 to anyone else. Service managers of the team a
study evaluates reach `study_for_overview` (that it exists, and its Table 1) and no further.

Withdrawal. A withdrawn participant's contributions leave the analysis and every export:
the segments they spoke, the codings that touch those segments, and any transcript whose
participants have all withdrawn. `live_transcripts` and `analysable_codings` are the only ways
the analysis reads transcripts and codings, so nothing can forget it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.evaluation.models import (
    Coding,
    Participant,
    Segment,
    Study,
    StudyResearcher,
    Transcript,
)


def studies_for(user: User) -> QuerySet[Study]:
    """The studies `user` may see listed: those they research, and those of the teams they
    hold the overview for."""
    if not user.is_authenticated:
        return Study.objects.none()
    condition = Q(pk__in=[])
    if user.has_perm(Permission.EVALUATION_WORK):
        condition |= Q(researchers__user=user)
    teams = [team.pk for team in user.teams_with(Permission.EVALUATION_OVERVIEW)]
    if teams:
        condition |= Q(team__in=teams)
    return Study.objects.filter(condition).distinct().select_related("team")


def study_for_researcher(user: User, code: UUID | str) -> Study:
    """The study, for one of its researchers; 404 for everyone else."""
    if not user.is_authenticated or not user.has_perm(Permission.EVALUATION_WORK):
        raise Http404
    study = Study.objects.filter(code=code, researchers__user=user).select_related("team").first()
    if study is None:
        raise Http404
    return study


def study_for_overview(user: User, code: UUID | str) -> Study:
    """The study, for its researchers and for the managers of the team it evaluates."""
    study = studies_for(user).filter(code=code).first()
    if study is None:
        raise Http404
    return study


def is_researcher(user: User, study: Study) -> bool:
    return (
        user.is_authenticated
        and user.has_perm(Permission.EVALUATION_WORK)
        and StudyResearcher.objects.filter(study=study, user=user).exists()
    )


def is_lead(user: User, study: Study) -> bool:
    return (
        user.is_authenticated
        and user.has_perm(Permission.EVALUATION_WORK)
        and StudyResearcher.objects.filter(study=study, user=user, lead=True).exists()
    )


def researchers_of(study: Study) -> QuerySet[StudyResearcher]:
    return study.researchers.select_related("user")


def everyone_withdrew() -> Any:
    """For a transcript: every one of its participants has withdrawn (and it has one), so it
    has left the analysis."""
    return Exists(
        Participant.objects.filter(transcripts=OuterRef("pk"), withdrawn_at__isnull=False)
    ) & ~Exists(Participant.objects.filter(transcripts=OuterRef("pk"), withdrawn_at__isnull=True))


def live_transcripts(study: Study) -> QuerySet[Transcript]:
    """The study's ready transcripts that are still in the analysis: not every one of their
    participants has withdrawn (a transcript with no participants linked stays)."""
    return Transcript.objects.filter(study=study, status=Transcript.Status.READY).exclude(
        everyone_withdrew()
    )


def withdrawn_spans(transcript_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    """The spans spoken by withdrawn participants, by transcript."""
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for transcript_id, start, end in Segment.objects.filter(
        transcript__in=transcript_ids, participant__withdrawn_at__isnull=False
    ).values_list("transcript_id", "start", "end"):
        spans[transcript_id].append((start, end))
    return spans


def analysable_codings(
    study: Study, *, coder: User | None = None, transcripts: list[int] | None = None
) -> list[Coding]:
    """The study's codings in the analysis (see the module's note), with their code and
    transcript, optionally of one coder and of some transcripts."""
    live = live_transcripts(study)
    if transcripts is not None:
        live = live.filter(pk__in=transcripts)
    # Each transcript is read once and shared by its codings: joined to every coding, a
    # 20,000-word text would be copied into each of hundreds of rows.
    by_id = {transcript.pk: transcript for transcript in live.defer("original_text")}
    codings: QuerySet[Coding] = Coding.objects.filter(transcript__in=list(by_id)).select_related(
        "code", "coder"
    )
    if coder is not None:
        codings = codings.filter(coder=coder)
    spans = withdrawn_spans(list(by_id))
    kept = []
    for coding in codings:
        if not any(
            coding.start < end and start < coding.end
            for start, end in spans.get(coding.transcript_id, ())
        ):
            coding.transcript = by_id[coding.transcript_id]
            kept.append(coding)
    return kept


def segment_is_withdrawn(segment: Any) -> bool:
    participant = segment.participant
    return participant is not None and participant.withdrawn_at is not None
