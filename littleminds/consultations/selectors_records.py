"""Reads of consultation records: the team's list of its consultations, booked and duty,
for its clinicians and managers. The records name no family."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.consultations.models_records import ConsultationRecord, Feedback

LIST_LIMIT = 200


def team_records(
    *, by: User, outcome: str = "", kind: str = "", since: date | None = None
) -> list[ConsultationRecord]:
    """The consultations recorded by the person's teams, newest first, at most 200."""
    teams: list[Team] = by.teams_with(Permission.CONSULTATIONS_OFFER)
    records: QuerySet[ConsultationRecord] = ConsultationRecord.objects.filter(
        team__in=teams
    ).select_related(
        "team",
        "organisation",
        "recorded_by",
        "signposted_to",
        "booking__practitioner",
        "booking__organisation",
    )
    if outcome:
        records = records.filter(outcome=outcome)
    if kind == "duty":
        records = records.filter(booking__isnull=True)
    elif kind == "booked":
        records = records.filter(booking__isnull=False)
    if since is not None:
        records = records.filter(held_on__gte=since)
    return list(records.order_by("-held_on", "-pk")[:LIST_LIMIT])


# How long after a consultation its feedback is asked for on "Your work".
FEEDBACK_DAYS = 90


def _due(by: User) -> QuerySet[ConsultationRecord]:
    since = timezone.localdate() - timedelta(days=FEEDBACK_DAYS)
    return (
        ConsultationRecord.objects.filter(
            booking__practitioner=by, booking__cancelled_at__isnull=True, held_on__gte=since
        )
        .exclude(Exists(Feedback.objects.filter(record=OuterRef("pk"), practitioner=by)))
        .select_related("booking__slot__clinician", "team")
    )


def feedback_due(*, by: User) -> list[ConsultationRecord]:
    """The practitioner's recorded consultations of the last 90 days not yet answered:
    exactly the rows the "Your work" counter counts (ADR 0022)."""
    return list(_due(by).order_by("-held_on", "-pk"))


def feedback_due_count(*, by: User) -> int:
    return _due(by).count()


def record_for_feedback(*, by: User, code: UUID) -> ConsultationRecord:
    """A record its practitioner may answer; 404 for anyone else."""
    found = (
        ConsultationRecord.objects.select_related("booking__slot__clinician", "team")
        .filter(code=code, booking__practitioner=by)
        .first()
    )
    if found is None or not by.has_perm(Permission.CONSULTATIONS_BOOK):
        raise Http404
    return found
