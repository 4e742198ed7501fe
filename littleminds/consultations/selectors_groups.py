"""Reads of groups and call-back requests. The team's clinicians and managers see their
team's; practitioners see the groups open to them and their own places; anyone else is
told "not found"."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.consultations.models_groups import (
    CallbackRequest,
    GroupPlace,
    GroupSeries,
    GroupSession,
)
from littleminds.consultations.services_groups import is_for

QUEUE_LIMIT = 200


def _team_ids(by: User) -> list[int]:
    return [team.pk for team in by.teams_with(Permission.CONSULTATIONS_OFFER)]


def series_list(*, by: User) -> list[GroupSeries]:
    """The team's series, or the series open to a practitioner that have a coming date."""
    if by.has_perm(Permission.CONSULTATIONS_OFFER):
        return list(GroupSeries.objects.filter(team__in=_team_ids(by)).select_related("team"))
    coming = GroupSeries.objects.filter(sessions__starts_at__gt=timezone.now()).distinct()
    return [s for s in coming.prefetch_related("for_organisations") if is_for(s, by)]


def series_for(*, by: User, code: UUID) -> GroupSeries:
    series = GroupSeries.objects.filter(code=code).select_related("team").first()
    if series is None:
        raise Http404
    if series.team_id in _team_ids(by):
        return series
    if by.has_perm(Permission.CONSULTATIONS_BOOK) and is_for(series, by):
        return series
    raise Http404


def sessions_of(series: GroupSeries) -> list[GroupSession]:
    return list(
        series.sessions.annotate(taken=Count("places", filter=Q(places__left_at__isnull=True)))
    )


def places_of(*, by: User) -> set[int]:
    """The sessions where the practitioner has a place."""
    return set(
        GroupPlace.objects.filter(practitioner=by, left_at__isnull=True).values_list(
            "session_id", flat=True
        )
    )


def session_for(*, by: User, code: UUID, team: bool = False) -> GroupSession:
    session = GroupSession.objects.filter(code=code).select_related("series__team").first()
    if session is None:
        raise Http404
    if team:
        if session.series.team_id not in _team_ids(by):
            raise Http404
        return session
    series_for(by=by, code=session.series.code)
    return session


def attendees(session: GroupSession) -> list[GroupPlace]:
    return list(
        GroupPlace.objects.filter(session=session, left_at__isnull=True).select_related(
            "practitioner", "organisation"
        )
    )


def callback_queue(*, by: User) -> list[CallbackRequest]:
    """The waiting requests of the person's teams, oldest first."""
    return list(
        CallbackRequest.objects.filter(team__in=_team_ids(by), done_at__isnull=True)
        .select_related("practitioner", "organisation", "team")
        .order_by("created_at", "pk")[:QUEUE_LIMIT]
    )


def callback_for_team(*, by: User, code: UUID) -> CallbackRequest:
    found = (
        CallbackRequest.objects.filter(code=code, team__in=_team_ids(by))
        .select_related("practitioner", "organisation")
        .first()
    )
    if found is None:
        raise Http404
    return found


def callbacks_of(*, by: User) -> list[CallbackRequest]:
    return list(CallbackRequest.objects.filter(practitioner=by).order_by("-created_at")[:20])
