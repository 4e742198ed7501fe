"""Writes to the training catalogue, each audited in its own transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import Team, User
from littleminds.audit.services import audit_record
from littleminds.core import caching
from littleminds.training import selectors
from littleminds.training.models import Course, CourseSession, SessionPart

COURSE_FIELDS = (
    "title",
    "summary",
    "outcomes",
    "tier",
    "audience",
    "hours",
    "required_parts",
    "delivery",
    "provider",
    "provider_service",
    "partner",
)


def _detail(course: Course) -> dict[str, Any]:
    detail: dict[str, Any] = {}
    for name in COURSE_FIELDS:
        value = getattr(course, name)
        if hasattr(value, "code"):
            value = str(value.code)
        elif isinstance(value, Decimal):
            value = str(value)
        detail[name] = value
    return detail


def audience_text(tokens: list[str]) -> str:
    return "|" + "|".join(tokens) + "|"


def finder_changed() -> None:
    """Give the finder's cached pages a new generation (ADR 0053), inside the caller's
    transaction. Every write that changes what the finder finds or shows calls it: a course
    made or changed, a session added or cancelled (the finder's dates). A bulk load that
    writes the tables itself calls it at the end."""
    caching.generation_changed(selectors.FINDER)


@transaction.atomic
def course_create(*, by: User, team: Team, **fields: Any) -> Course:
    course = Course(team=team, created_by=by, **fields)
    if course.tier != Course.Tier.BESPOKE:
        course.partner = None
    course.save()
    finder_changed()
    audit_record(
        by=by, action="training.course_created", target=course, team=team, detail=_detail(course)
    )
    return course


@transaction.atomic
def course_edit(*, by: User, course: Course, **fields: Any) -> Course:
    course = Course.objects.select_for_update().get(pk=course.pk)
    before = _detail(course)
    for name, value in fields.items():
        setattr(course, name, value)
    if course.tier != Course.Tier.BESPOKE:
        course.partner = None
    course.save()
    finder_changed()
    after = _detail(course)
    changed = {k: v for k, v in after.items() if before[k] != v}
    audit_record(
        by=by, action="training.course_changed", target=course, team=course.team, detail=changed
    )
    return course


@dataclass(frozen=True)
class Part:
    day: date
    starts: time
    ends: time


@transaction.atomic
def session_add(
    *,
    by: User,
    course: Course,
    capacity: int,
    parts: list[Part],
    place: str = "",
    link: str = "",
    trainers: list[User] | None = None,
) -> CourseSession:
    assert parts, "a session has at least one part"
    days = [p.day for p in parts]
    session = CourseSession.objects.create(
        course=course,
        capacity=capacity,
        place=place,
        link=link,
        first_day=min(days),
        last_day=max(days),
        created_by=by,
    )
    SessionPart.objects.bulk_create(
        SessionPart(session=session, day=p.day, starts=p.starts, ends=p.ends) for p in parts
    )
    if trainers:
        session.trainers.set(trainers)
    finder_changed()
    audit_record(
        by=by,
        action="training.session_added",
        target=session,
        team=course.team,
        detail={
            "course": str(course.code),
            "capacity": capacity,
            "parts": [f"{p.day.isoformat()} {p.starts:%H:%M}-{p.ends:%H:%M}" for p in parts],
        },
    )
    return session


class SessionBegun(Exception):
    """The session's first part has begun, so it can no longer be cancelled."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


def begun_message() -> str:
    return _(
        "This session has already begun, so it cannot be cancelled. Its attendance and "
        "certificates stay as they are."
    )


@transaction.atomic
def session_cancel(
    *, by: User, session: CourseSession, reason: str, now: datetime | None = None
) -> CourseSession:
    """Cancels a session that has not yet begun; one whose first part has begun is refused
    (`SessionBegun`), so attendance and certificates never belong to a cancelled session."""
    now = now or timezone.now()
    session = CourseSession.objects.select_for_update().get(pk=session.pk)
    if session.cancelled_at is not None:
        return session
    if session.has_begun(now):
        raise SessionBegun(begun_message())
    session.cancelled_at = now
    session.cancelled_by = by
    session.cancel_reason = reason
    session.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    finder_changed()
    audit_record(
        by=by,
        action="training.session_cancelled",
        target=session,
        team=session.course.team,
        detail={"reason": reason},
    )
    return session
