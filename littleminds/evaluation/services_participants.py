"""Writes of the participants part: adding and changing participants, their withdrawal, the
names pseudonymisation looks for, and the study's researchers. Each is one transaction with
its audit event; none writes a real name into the audit trail."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import Organisation, User
from littleminds.audit.services import audit_record
from littleminds.evaluation.models import (
    ListedName,
    Participant,
    Participation,
    Study,
    StudyResearcher,
    TimePoint,
)
from littleminds.evaluation.selectors_participants import in_analysis, ring_of

# Each time point the participant took part at, and by which method.
Takes = dict[TimePoint, str]


def _set_participations(participant: Participant, takes: Takes) -> None:
    kept = {p.time_point_id: p for p in Participation.objects.filter(participant=participant)}
    for time_point_id, participation in kept.items():
        if time_point_id not in {point.pk for point in takes}:
            participation.delete()
    for point, method in takes.items():
        participation = kept.get(point.pk) or Participation(
            participant=participant, time_point=point
        )
        if participation.pk is not None and participation.method == method:
            continue
        participation.method = method
        participation.full_clean()
        participation.save()


def _detail(participant: Participant, takes: Takes) -> dict[str, object]:
    return {
        "label": participant.label,
        "group": participant.group,
        "ring": participant.ring,
        "time_points": {point.label: method for point, method in takes.items()},
    }


def participant_add(
    *,
    by: User,
    study: Study,
    label: str,
    group: str,
    organisation: Organisation | None,
    consent_on: date,
    information_sheet_version: str,
    takes: Takes,
) -> Participant:
    """Add a participant, their ring read from the directory, and the time points they took
    part at."""
    with transaction.atomic():
        participant = Participant(
            study=study,
            label=label,
            group=group,
            organisation=organisation,
            ring=ring_of(organisation),
            consent_on=consent_on,
            information_sheet_version=information_sheet_version,
        )
        participant.full_clean()
        participant.save()
        _set_participations(participant, takes)
        audit_record(
            by=by,
            action="participant.added",
            target=participant,
            team=study.team,
            detail=_detail(participant, takes),
        )
    return participant


def participant_change(
    *,
    by: User,
    participant: Participant,
    label: str,
    group: str,
    organisation: Organisation | None,
    consent_on: date,
    information_sheet_version: str,
    takes: Takes,
) -> Participant:
    """Change a participant's details. Their withdrawal is not among them: it cannot be
    undone. A new code follows into the names that pseudonymisation replaces with it."""
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if organisation != participant.organisation:
            participant.ring = ring_of(organisation)
        participant.label = label
        participant.group = group
        participant.organisation = organisation
        participant.consent_on = consent_on
        participant.information_sheet_version = information_sheet_version
        participant.full_clean()
        participant.save()
        _set_participations(participant, takes)
        ListedName.objects.filter(participant=participant).update(replacement=label)
        audit_record(
            by=by,
            action="participant.changed",
            target=participant,
            team=participant.study.team,
            detail=_detail(participant, takes),
        )
    return participant


def participant_withdraw(*, by: User, participant: Participant, note: str) -> Participant:
    """Withdraw a participant: what they said, the codings on it, and any transcript whose
    participants have all withdrawn leave the analysis and exports (the selectors leave them
    out from now on). The audit event says how much left."""
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update()
            .select_related("study__team")
            .get(pk=participant.pk)
        )
        if participant.withdrawn:
            raise ValidationError(_("This participant has already withdrawn"))
        study = participant.study
        before = in_analysis(study)
        participant.withdrawn_at = timezone.now()
        participant.withdrawn_by = by
        participant.withdrawal_note = note
        participant.full_clean()
        participant.save()
        after = in_analysis(study)
        audit_record(
            by=by,
            action="participant.withdrawn",
            target=participant,
            team=study.team,
            detail={
                "label": participant.label,
                "segments_removed": before.segments - after.segments,
                "codings_removed": len(before.codings - after.codings),
            },
        )
    return participant


# Listed names ----------------------------------------------------------------------------


def _name_detail(name: ListedName) -> dict[str, object]:
    # The name itself is personal: the trail keeps its kind and replacement only.
    return {"kind": name.kind, "replacement": name.replacement}


def listed_name_add(
    *,
    by: User,
    study: Study,
    kind: str,
    text: str,
    replacement: str,
    participant: Participant | None = None,
) -> ListedName:
    """List a name for pseudonymisation. A participant's name is replaced by their code."""
    who = participant if kind == ListedName.Kind.PARTICIPANT else None
    with transaction.atomic():
        if kind == ListedName.Kind.PARTICIPANT and who is None:
            raise ValidationError({"participant": _("Choose whose name this is")})
        name = ListedName(
            study=study,
            kind=kind,
            text=text,
            replacement=who.label if who is not None else replacement,
            participant=who,
        )
        name.full_clean()
        name.save()
        audit_record(
            by=by,
            action="listed_name.added",
            target=name,
            team=study.team,
            detail=_name_detail(name),
        )
    return name


def listed_name_change(
    *,
    by: User,
    name: ListedName,
    kind: str,
    text: str,
    replacement: str,
    participant: Participant | None = None,
) -> ListedName:
    with transaction.atomic():
        name = ListedName.objects.select_for_update().select_related("study__team").get(pk=name.pk)
        if kind == ListedName.Kind.PARTICIPANT and participant is None:
            raise ValidationError({"participant": _("Choose whose name this is")})
        name.kind = kind
        name.text = text
        name.participant = participant if kind == ListedName.Kind.PARTICIPANT else None
        name.replacement = name.participant.label if name.participant is not None else replacement
        name.full_clean()
        name.save()
        audit_record(
            by=by,
            action="listed_name.changed",
            target=name,
            team=name.study.team,
            detail=_name_detail(name),
        )
    return name


def listed_name_remove(*, by: User, name: ListedName) -> None:
    with transaction.atomic():
        study = name.study
        audit_record(
            by=by,
            action="listed_name.removed",
            target=name,
            team=study.team,
            detail=_name_detail(name),
        )
        name.delete()


# The study's researchers -------------------------------------------------------------------


def _leads_locked(study: Study) -> list[StudyResearcher]:
    """The study's researchers, locked so that two leads stepping down at once cannot leave
    the study with none."""
    return list(StudyResearcher.objects.select_for_update().filter(study=study))


def researcher_add(*, by: User, study: Study, user: User, lead: bool) -> StudyResearcher:
    with transaction.atomic():
        if StudyResearcher.objects.filter(study=study, user=user).exists():
            raise ValidationError(
                _("%(email)s is already a researcher of this study") % {"email": user.email}
            )
        member = StudyResearcher(study=study, user=user, lead=lead)
        member.full_clean()
        member.save()
        audit_record(
            by=by,
            action="study_researcher.added",
            target=study,
            team=study.team,
            detail={"researcher": str(user.code), "lead": lead},
        )
    return member


def researcher_set_lead(*, by: User, member: StudyResearcher, lead: bool) -> StudyResearcher:
    """Make a researcher a lead, or not; the study always keeps at least one lead."""
    with transaction.atomic():
        members = _leads_locked(member.study)
        member = next(m for m in members if m.pk == member.pk)
        if member.lead == lead:
            return member
        if not lead and sum(m.lead for m in members) == 1:
            raise ValidationError(
                _("A study always has a lead researcher: make someone else lead first")
            )
        member.lead = lead
        member.save(update_fields=["lead"])
        audit_record(
            by=by,
            action="study_researcher.changed",
            target=member.study,
            team=member.study.team,
            detail={"researcher": str(member.user.code), "lead": lead},
        )
    return member


def researcher_remove(*, by: User, member: StudyResearcher) -> None:
    """Take a researcher off the study; never its last lead. Their codings and memos stay
    (they are part of the study's record), but they no longer see the study."""
    with transaction.atomic():
        members = _leads_locked(member.study)
        member = next(m for m in members if m.pk == member.pk)
        if member.lead and sum(m.lead for m in members) == 1:
            raise ValidationError(
                _("A study always has a lead researcher: make someone else lead first")
            )
        study = member.study
        audit_record(
            by=by,
            action="study_researcher.removed",
            target=study,
            team=study.team,
            detail={"researcher": str(member.user.code), "lead": member.lead},
        )
        member.delete()


def table1_downloaded(*, by: User, study: Study) -> None:
    """Record that Table 1 was downloaded (every export is audited)."""
    audit_record(
        by=by,
        action="participant.table_downloaded",
        target=study,
        team=study.team,
        detail={},
    )
