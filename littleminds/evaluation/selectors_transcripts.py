"""Reads of the transcripts part. Each takes a study already fetched for its researcher
(`selectors.study_for_researcher`), so an outsider never reaches them; each read of a
transcript's words is audited here, where it happens.

Who reads what:
- any researcher of the study: the list, and a ready transcript's (pseudonymised) text;
- the uploader and the study's lead researchers: a transcript in review, whose text still
  holds the real names;
- lead researchers only: the original text kept after review, when the study keeps them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from littleminds.accounts.models import User
from littleminds.audit.services import audit_read, audit_record
from littleminds.evaluation.models import ListedName, Segment, Study, Transcript
from littleminds.evaluation.pseudonymise import Name
from littleminds.evaluation.selectors import everyone_withdrew, is_lead


def transcripts_of(study: Study) -> QuerySet[Transcript]:
    """The study's transcripts for the list, with what the list shows."""
    return (
        Transcript.objects.filter(study=study)
        .annotate(left_out=everyone_withdrew())
        .select_related("time_point", "uploaded_by")
        .prefetch_related("participants")
        .order_by("title")
    )


@dataclass(frozen=True)
class StatusCounts:
    review: int
    ready: int

    @property
    def total(self) -> int:
        return self.review + self.ready


def status_counts(study: Study) -> StatusCounts:
    counts = Counter(
        Transcript.objects.filter(study=study).values_list("status", flat=True).iterator()
    )
    return StatusCounts(
        review=counts[Transcript.Status.REVIEW], ready=counts[Transcript.Status.READY]
    )


def transcript_of(study: Study, code: UUID | str) -> Transcript:
    """One of the study's transcripts, its words not yet read (no audit): for its page's
    heading, for deleting."""
    found = (
        Transcript.objects.filter(study=study, code=code)
        .select_related("time_point", "uploaded_by")
        .prefetch_related("participants")
        .first()
    )
    if found is None:
        raise Http404
    return found


def may_review(user: User, transcript: Transcript) -> bool:
    return transcript.uploaded_by_id == user.pk or is_lead(user, transcript.study)


def transcript_for_review(user: User, study: Study, code: UUID | str) -> Transcript:
    """A transcript in review, for its uploader and the lead researchers (404 for others).
    Its text holds the real names, so the read is audited."""
    transcript = transcript_of(study, code)
    if not may_review(user, transcript):
        raise Http404
    if transcript.status == Transcript.Status.REVIEW:
        audit_read(by=user, target=transcript, team=study.team)
    return transcript


def segments_to_read(user: User, transcript: Transcript) -> list[Segment]:
    """A ready transcript's segments with who said each, the read audited."""
    if transcript.status != Transcript.Status.READY:
        raise Http404
    audit_read(by=user, target=transcript, team=transcript.study.team)
    return list(transcript.segments.select_related("participant").order_by("index"))


def original_for(user: User, study: Study, code: UUID | str) -> Transcript:
    """A transcript whose original a lead researcher reads (404 for anyone else); the read
    is audited when there is an original to read."""
    if not is_lead(user, study):
        raise Http404
    transcript = transcript_of(study, code)
    if transcript.original_text:
        audit_record(
            by=user, action="transcript.original_viewed", target=transcript, team=study.team
        )
    return transcript


def names_to_find(study: Study) -> list[Name]:
    """The study's listed names as pseudonymisation looks for them: a participant's name is
    replaced by the participant's code."""
    return [
        Name(
            text=listed.text,
            replacement=listed.participant.label if listed.participant else listed.replacement,
            participant=listed.kind == ListedName.Kind.PARTICIPANT,
        )
        for listed in ListedName.objects.filter(study=study).select_related("participant")
    ]
