"""Writes of the transcripts part: uploading a transcript, applying its review (the names
replaced, the text fixed and cut into segments), deleting one. The audit trail never keeps a
name or a word of a transcript: counts only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.evaluation.models import Participant, Segment, Study, TimePoint, Transcript
from littleminds.evaluation.pseudonymise import Replacement, apply
from littleminds.evaluation.segments import INTERVIEWERS, pieces_of, speaker_participants
from littleminds.evaluation.selectors import is_lead


def transcript_upload(
    *,
    by: User,
    study: Study,
    title: str,
    time_point: TimePoint | None,
    method: str,
    participants: Iterable[Participant],
    source_format: str,
    text: str,
) -> Transcript:
    """Keep an uploaded transcript, its text as read (`uploads`), waiting for review."""
    chosen = list(participants)
    if time_point is not None and time_point.study_id != study.pk:
        raise ValidationError(_("Choose one of the study's time points"))
    if any(participant.study_id != study.pk for participant in chosen):
        raise ValidationError(_("Choose the study's own participants"))
    with transaction.atomic():
        transcript = Transcript(
            study=study,
            title=title,
            time_point=time_point,
            method=method,
            source_format=source_format,
            status=Transcript.Status.REVIEW,
            text=text,
            word_count=len(text.split()),
            uploaded_by=by,
        )
        transcript.full_clean()
        transcript.save()
        transcript.participants.set(chosen)
        audit_record(
            by=by,
            action="transcript.uploaded",
            target=transcript,
            team=study.team,
            detail={
                "format": source_format,
                "characters": len(text),
                "participants": len(chosen),
            },
        )
    return transcript


def transcript_apply_review(
    *, by: User, transcript: Transcript, replacements: list[Replacement], listed: int
) -> Transcript:
    """Replace the accepted names, fix the text and cut it into segments: the transcript is
    ready to code. `listed` says how many of the replacements were listed names (the rest
    are candidates the researcher confirmed), for the audit trail."""
    with transaction.atomic():
        locked = (
            Transcript.objects.select_for_update().select_related("study").get(pk=transcript.pk)
        )
        if locked.status != Transcript.Status.REVIEW:
            raise ValidationError(_("The names of this transcript have already been replaced"))
        if not (locked.uploaded_by_id == by.pk or is_lead(by, locked.study)):
            raise PermissionDenied
        original = locked.text
        text = apply(original, replacements)
        if not text.strip():
            raise ValidationError(_("The transcript would have no words left"))
        locked.text = text
        locked.original_text = original if locked.study.keep_originals else ""
        locked.status = Transcript.Status.READY
        locked.ready_at = timezone.now()
        locked.word_count = len(text.split())
        locked.full_clean()
        locked.save()
        codes = {participant.label: participant.pk for participant in locked.participants.all()}
        segments = segments_cut(locked, codes)
        audit_record(
            by=by,
            action="transcript.pseudonymised",
            target=locked,
            team=locked.study.team,
            detail={
                "replacements": len(replacements),
                "listed": listed,
                "confirmed": len(replacements) - listed,
                "segments": segments,
                "original_kept": bool(locked.original_text),
            },
        )
    return locked


def may_delete(user: User, transcript: Transcript) -> bool:
    """Any researcher may delete a transcript in review; a ready one (perhaps coded) only a
    lead researcher."""
    return transcript.status == Transcript.Status.REVIEW or is_lead(user, transcript.study)


def transcript_delete(*, by: User, transcript: Transcript) -> None:
    """Delete a transcript with its segments, codings and memos."""
    with transaction.atomic():
        locked = (
            Transcript.objects.select_for_update().select_related("study").get(pk=transcript.pk)
        )
        if not may_delete(by, locked):
            raise PermissionDenied
        audit_record(
            by=by,
            action="transcript.deleted",
            target=locked,
            team=locked.study.team,
            detail={
                "status": locked.status,
                "codings": locked.codings.count(),
                "memos": locked.memos.count(),
                "words": locked.word_count,
            },
        )
        locked.delete()


def segments_cut(transcript: Transcript, codes: Mapping[str, int]) -> int:
    """Cut a ready transcript's text into its segments (its paragraphs or speaker turns),
    each with the participant who said it (`codes`: participants' codes to their ids);
    how many. Once only: a ready transcript's text never changes."""
    pieces = pieces_of(transcript.text)
    said = speaker_participants(pieces, dict(codes), INTERVIEWERS)
    Segment.objects.bulk_create(
        Segment(
            transcript=transcript,
            index=index,
            start=piece.start,
            end=piece.end,
            speaker=piece.speaker[:100],
            participant_id=who,
        )
        for index, (piece, who) in enumerate(zip(pieces, said, strict=True))
    )
    return len(pieces)
