"""Reads of consultation records: the team's list of its consultations, booked and duty,
for its clinicians and managers. The records name no family."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.consultations.models_records import ConsultationRecord

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
