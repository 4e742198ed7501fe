"""Reads of the training catalogue. Which courses a person may see is decided here only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.training.models import Course, CourseSession, SessionPart


def _managed_teams(user: Any) -> list[Team]:
    if not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        return []
    return user.teams_with(Permission.TRAINING_MANAGE)


def visible_to(user: Any) -> QuerySet[Course]:
    """Courses `user` may see: every course but the bespoke ones, which only the partner
    organisation's staff and the team that keeps the course see."""
    visible = ~Q(tier=Course.Tier.BESPOKE)
    organisation = getattr(user, "organisation", None) if user.is_authenticated else None
    if organisation is not None:
        visible |= Q(partner=organisation)
    teams = _managed_teams(user)
    if teams:
        visible |= Q(team__in=teams)
    return Course.objects.filter(visible).select_related("provider", "partner", "team")


def course_for(user: Any, code: Any) -> Course:
    course = visible_to(user).filter(code=code).first()
    if course is None:
        raise Http404
    return course


def coming_sessions(course: Course) -> list[CourseSession]:
    today = timezone.localdate()
    return list(
        course.sessions.filter(cancelled_at__isnull=True, last_day__gte=today).prefetch_related(
            Prefetch("parts", queryset=SessionPart.objects.order_by("day", "starts"))
        )
    )


@dataclass(frozen=True)
class Filters:
    tier: str = ""
    audience: str = ""
    delivery: str = ""
    start: date | None = None
    end: date | None = None


def finder(user: Any, filters: Filters) -> list[Course]:
    """The public finder: courses that match, each with its coming sessions in the dates."""
    courses = visible_to(user)
    if filters.tier:
        courses = courses.filter(tier=filters.tier)
    if filters.audience:
        courses = courses.filter(audience__contains=f"|{filters.audience}|")
    if filters.delivery:
        courses = courses.filter(delivery=filters.delivery)
    if filters.start or filters.end:
        sessions = CourseSession.objects.filter(cancelled_at__isnull=True)
        if filters.start:
            sessions = sessions.filter(last_day__gte=filters.start)
        if filters.end:
            sessions = sessions.filter(first_day__lte=filters.end)
        courses = courses.filter(pk__in=sessions.values("course"))
    return list(courses)


def team_courses(user: User) -> list[Course]:
    return list(
        Course.objects.filter(team__in=_managed_teams(user))
        .select_related("provider", "partner", "team")
        .prefetch_related("sessions__parts")
    )


def team_course(user: User, code: Any) -> Course:
    course = Course.objects.filter(team__in=_managed_teams(user), code=code).first()
    if course is None:
        raise Http404
    return course


def team_session(user: User, code: Any) -> CourseSession:
    session = (
        CourseSession.objects.filter(course__team__in=_managed_teams(user), code=code)
        .select_related("course")
        .first()
    )
    if session is None:
        raise Http404
    return session
