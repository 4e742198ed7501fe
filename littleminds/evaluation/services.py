"""Writes of the workbench that every part shares: starting a study. Each part keeps its
own writes beside it (`services_participants`, `services_transcripts`, `services_coding`…)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from littleminds.accounts.models import Team, User
from littleminds.audit.services import audit_record
from littleminds.directory.models import MapSnapshot
from littleminds.evaluation.models import Study, StudyResearcher, TimePoint


@dataclass(frozen=True)
class TimePointInput:
    label: str
    starts_on: date
    ends_on: date
    snapshot: MapSnapshot | None = None


def study_create(
    *,
    by: User,
    title: str,
    research_questions: str,
    team: Team,
    keep_originals: bool = False,
    time_points: list[TimePointInput],
) -> Study:
    """Start a study with its time points; its creator is its first lead researcher."""
    with transaction.atomic():
        study = Study(
            title=title,
            research_questions=research_questions,
            team=team,
            keep_originals=keep_originals,
            created_by=by,
        )
        study.full_clean()
        study.save()
        for position, point in enumerate(time_points, start=1):
            time_point = TimePoint(
                study=study,
                label=point.label,
                position=position,
                starts_on=point.starts_on,
                ends_on=point.ends_on,
                snapshot=point.snapshot,
            )
            time_point.full_clean()
            time_point.save()
        StudyResearcher.objects.create(study=study, user=by, lead=True)
        audit_record(
            by=by,
            action="study.created",
            target=study,
            team=team,
            detail={"title": title, "time_points": len(time_points)},
        )
    return study
