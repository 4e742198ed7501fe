"""Writes of the exchange part: storing a REFI-QDA import (`exchange_import.read_import`
made its plan and checked everything in it) in one transaction, each write audited.

Only a study's lead researchers import (ADR 0045): an import makes transcripts ready to
code without the name review, and codings and memos attributed to the study's other
researchers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import Organisation, User
from littleminds.audit.services import audit_record
from littleminds.evaluation.exchange_import import CasePlan, CodePlan, Plan
from littleminds.evaluation.models import (
    Code,
    Coding,
    Memo,
    Participant,
    Study,
    TimePoint,
    Transcript,
)
from littleminds.evaluation.pseudonymise import propose
from littleminds.evaluation.selectors import is_lead, researchers_of
from littleminds.evaluation.selectors_transcripts import names_to_find
from littleminds.evaluation.services_coding import code_create
from littleminds.evaluation.services_participants import participant_add
from littleminds.evaluation.services_transcripts import segments_cut


@dataclass
class Imported:
    """What an import took, for its result page."""

    kind: str
    origin: str
    codes_created: int = 0
    # Each code the study's codebook already had at the same place, as "Theme › Code".
    codes_matched: list[str] = field(default_factory=list)
    transcripts: list[str] = field(default_factory=list)
    codings: int = 0
    # Codings that would have repeated another (same coder, code and passage).
    codings_repeated: int = 0
    memos: int = 0
    participants: list[str] = field(default_factory=list)
    participants_matched: list[str] = field(default_factory=list)
    # The other tool's users whose codings and memos are now the importing researcher's.
    attributed_to_you: list[str] = field(default_factory=list)
    # The tool's users found among the study's researchers, as "name → researcher".
    attributed_to_researchers: list[str] = field(default_factory=list)
    # Each transcript where names listed for the study still appear, with how many.
    names_found: list[tuple[str, int]] = field(default_factory=list)
    not_taken: list[str] = field(default_factory=list)

    def as_session(self) -> dict[str, object]:
        return dict(self.__dict__)


def _place(path: tuple[str, ...]) -> str:
    return " › ".join(path)


def _codes(
    *,
    by: User,
    study: Study,
    nodes: list[CodePlan],
    parent: Code | None,
    path: tuple[str, ...],
    found: dict[uuid.UUID, Code],
    result: Imported,
) -> None:
    for node in nodes:
        here = (*path, node.name)
        existing = Code.objects.filter(study=study, parent=parent, name__iexact=node.name).first()
        if existing is not None:
            result.codes_matched.append(_place(here))
            made = existing
        else:
            guid_taken = Code.objects.filter(study=study, guid=node.guid).exists()
            made = code_create(
                by=by,
                study=study,
                name=node.name,
                description=node.description,
                colour=node.colour,
                parent=parent,
                guid=None if guid_taken else node.guid,
            )
            result.codes_created += 1
        found[node.guid] = made
        _codes(
            by=by,
            study=study,
            nodes=node.children,
            parent=made,
            path=here,
            found=found,
            result=result,
        )


class _Coders:
    """Who coded or wrote each thing: a project user whose guid is a researcher's account
    code, or whose name is a researcher's full name or e-mail address, is that researcher;
    anyone else (and anything that names nobody) is the importing researcher. Each user is
    named in the result the first time one of their codings or memos is taken, so a user
    with nothing taken is not listed."""

    def __init__(self, study: Study, plan: Plan, by: User, result: Imported) -> None:
        self.by = by
        self.result = result
        self.names = plan.users
        self.matched: dict[uuid.UUID, User] = {}
        researchers = [member.user for member in researchers_of(study)]
        for guid, name in plan.users.items():
            key = name.casefold()
            match = next(
                (
                    user
                    for user in researchers
                    if user.code == guid
                    or (key and key in (user.full_name.casefold(), user.email.casefold()))
                ),
                None,
            )
            if match is not None:
                self.matched[guid] = match
        self.named: set[uuid.UUID | None] = set()

    def __call__(self, guid: uuid.UUID | None) -> User:
        user = self.matched.get(guid, self.by) if guid is not None else self.by
        if guid not in self.named:
            self.named.add(guid)
            if guid is None:
                label = _("codings or memos that name nobody")
            else:
                label = self.names.get(guid) or _("a user the project does not name (%(guid)s)") % {
                    "guid": str(guid).upper()
                }
            if user != self.by:
                self.result.attributed_to_researchers.append(f"{label} → {user.full_name}")
            elif guid not in self.matched:
                self.result.attributed_to_you.append(label)
        return user


def _organisation(case: CasePlan, result: Imported) -> Organisation | None:
    """The case's organisation, found in the directory by its name (the participant's ring
    is then read from the directory, as when one is added by hand); None, and said on the
    result page, when no one organisation has that name."""
    if not case.organisation:
        return None
    found = list(Organisation.objects.filter(name__iexact=case.organisation)[:2])
    if len(found) == 1:
        return found[0]
    result.not_taken.append(
        _(
            "The organisation “%(name)s” of %(label)s is not one organisation of the directory,"
            " so choose it on the participant’s page"
        )
        % {"name": case.organisation, "label": case.label}
    )
    return None


def import_plan(
    *,
    by: User,
    study: Study,
    plan: Plan,
    time_point: TimePoint | None = None,
    method: str = "",
) -> Imported:
    """Store `plan` in `study`: all of it, or (on any error) nothing."""
    if not is_lead(by, study):
        raise PermissionDenied
    if plan.sources and (time_point is None or not method):
        raise ValidationError(_("Choose the time point and method of the imported transcripts"))
    if time_point is not None and time_point.study_id != study.pk:
        raise ValidationError(_("Choose one of the study's time points"))
    result = Imported(kind=plan.kind, origin=plan.origin, not_taken=list(plan.not_taken))
    with transaction.atomic():
        # Titles are unique in a study whatever their case (as the upload form checks).
        titles = {source.title.casefold() for source in plan.sources}
        clash = next(
            (
                title
                for title in Transcript.objects.filter(study=study).values_list("title", flat=True)
                if title.casefold() in titles
            ),
            None,
        )
        if clash is not None:
            raise ValidationError(
                _(
                    "The study already has a transcript called “%(title)s”: rename the source "
                    "in the other tool, or delete the transcript here, and import again"
                )
                % {"title": clash}
            )
        codes: dict[uuid.UUID, Code] = {}
        _codes(
            by=by, study=study, nodes=plan.codes, parent=None, path=(), found=codes, result=result
        )
        coder_of = _Coders(study, plan, by, result)

        # Participants, from the cases that have what the study needs.
        by_source: dict[uuid.UUID, list[Participant]] = {}
        for case in plan.cases:
            participant = Participant.objects.filter(study=study, label__iexact=case.label).first()
            if participant is not None:
                result.participants_matched.append(participant.label)
            else:
                participant = participant_add(
                    by=by,
                    study=study,
                    label=case.label,
                    group=case.group,
                    organisation=_organisation(case, result),
                    consent_on=case.consent_on,
                    information_sheet_version=case.information_sheet_version,
                    takes={time_point: method} if time_point is not None and method else {},
                )
                result.participants.append(participant.label)
            for source_guid in case.sources:
                by_source.setdefault(source_guid, []).append(participant)

        names = names_to_find(study)
        used_guids = set(
            Coding.objects.filter(
                guid__in=[coding.guid for source in plan.sources for coding in source.codings]
            ).values_list("guid", flat=True)
        )
        transcripts: dict[uuid.UUID, Transcript] = {}
        for source in plan.sources:
            transcript = _transcript(
                by=by,
                study=study,
                title=source.title,
                text=source.text,
                time_point=time_point,
                method=method,
                participants=by_source.get(source.guid, []),
            )
            transcripts[source.guid] = transcript
            result.transcripts.append(transcript.title)
            found = sum(1 for proposal in propose(source.text, names) if proposal.listed)
            if found:
                result.names_found.append((transcript.title, found))
            made: dict[tuple[int, int, int, int], Coding] = {}
            for coding in source.codings:
                coder = coder_of(coding.user)
                node = codes[coding.code]
                key = (coder.pk, node.pk, coding.start, coding.end)
                if key in made:
                    result.codings_repeated += 1
                    continue
                guid = coding.guid
                if guid in used_guids:
                    # The same project imported into another study: a coding's identity is
                    # the workbench's own, so this one gets a new identity.
                    guid = uuid.uuid4()
                used_guids.add(guid)
                made[key] = Coding(
                    code=node,
                    guid=guid,
                    transcript=transcript,
                    coder=coder,
                    start=coding.start,
                    end=coding.end,
                )
            Coding.objects.bulk_create(made.values())
            result.codings += len(made)
            if made:
                audit_record(
                    by=by,
                    action="coding.imported",
                    target=transcript,
                    team=study.team,
                    detail={
                        "codings": len(made),
                        "coders": len({coding.coder_id for coding in made.values()}),
                    },
                )

        for planned in plan.memos:
            if planned.source is not None and planned.source not in transcripts:
                result.not_taken.append(_("A memo on a source that was not taken"))
                continue
            memo = Memo(
                study=study,
                author=coder_of(planned.user),
                text=planned.text,
                transcript=transcripts[planned.source] if planned.source else None,
                start=planned.start,
                end=planned.end,
                on_code=codes[planned.code] if planned.code else None,
            )
            memo.full_clean()
            memo.save()
            result.memos += 1
            audit_record(
                by=by,
                action="memo.imported",
                target=memo,
                team=study.team,
                detail={
                    "on": "code"
                    if memo.on_code_id
                    else ("passage" if memo.start is not None else "transcript")
                },
            )

        audit_record(
            by=by,
            action="study.imported",
            target=study,
            team=study.team,
            detail={
                "format": plan.kind,
                "origin": plan.origin[:100],
                "codes_created": result.codes_created,
                "codes_matched": len(result.codes_matched),
                "transcripts": len(result.transcripts),
                "codings": result.codings,
                "memos": result.memos,
                "participants": len(result.participants),
                "not_taken": len(result.not_taken),
            },
        )
    return result


def _transcript(
    *,
    by: User,
    study: Study,
    title: str,
    text: str,
    time_point: TimePoint | None,
    method: str,
    participants: list[Participant],
) -> Transcript:
    """A transcript from another tool, ready to code: its text is taken as pseudonymised
    there and kept exactly, so the project's positions hold."""
    transcript = Transcript(
        study=study,
        title=title,
        time_point=time_point,
        method=method,
        source_format=Transcript.Format.REFI_QDA,
        status=Transcript.Status.READY,
        text=text,
        word_count=len(text.split()),
        uploaded_by=by,
        ready_at=timezone.now(),
    )
    transcript.full_clean()
    transcript.save()
    transcript.participants.set(participants)
    segments = segments_cut(transcript, {p.label: p.pk for p in participants})
    audit_record(
        by=by,
        action="transcript.imported",
        target=transcript,
        team=study.team,
        detail={
            "format": Transcript.Format.REFI_QDA,
            "characters": len(text),
            "segments": segments,
            "participants": len(participants),
        },
    )
    return transcript
