"""People holding places, past sessions and certificates, for the attendance tests.

Places are made directly here: the booking services are another part of issue 14, and these
tests need only people who hold a place."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.db.models import Max
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.training import services
from littleminds.training.models import Course, CourseSession, Registration
from littleminds.training.models_attendance import Certificate
from littleminds.training.services_attendance import attendance_mark


def past_session(by: User, course: Course, days_ago: list[int] | None = None) -> CourseSession:
    """A session whose parts were `days_ago` days before today (one part, 3 days ago, by
    default); a part may also be today (0) or to come (negative)."""
    today = timezone.localdate()
    return services.session_add(
        by=by,
        course=course,
        capacity=20,
        parts=[
            services.Part(day=today - timedelta(days=n), starts=time(9, 30), ends=time(12, 30))
            for n in (days_ago or [3])
        ],
        link="https://meet.example/abc",
    )


def _next_place(session: CourseSession) -> int:
    top = session.registrations.aggregate(top=Max("place_number"))["top"]
    return (top or 0) + 1


def holder(session: CourseSession, user: User) -> Registration:
    """A signed-in person holding a place on the session."""
    return Registration.objects.create(
        session=session,
        user=user,
        status=Registration.Status.HELD,
        place_number=_next_place(session),
        joined_at=timezone.now(),
        organisation=user.organisation,
    )


def public_holder(session: CourseSession, name: str = "Ana Pop", **fields: Any) -> Registration:
    """A student without an account holding a place, their e-mail address confirmed."""
    values: dict[str, Any] = {
        "email": f"{name.split()[0].lower()}@example.org",
        "student_at": "Bradford College",
        "student_course": "Early years",
    }
    values.update(fields)
    now = timezone.now()
    return Registration.objects.create(
        session=session,
        name=name,
        status=Registration.Status.HELD,
        place_number=_next_place(session),
        joined_at=now,
        email_confirmed_at=now,
        **values,
    )


def completed(by: User, session: CourseSession, registration: Registration) -> Certificate:
    """Mark the person present at every part, which issues their certificate."""
    for part in session.parts.all():
        attendance_mark(
            by=by, session=session, registration=registration, part=part, mark="present"
        )
    return Certificate.objects.get(registration=registration)


def day(days_ago: int) -> date:
    return timezone.localdate() - timedelta(days=days_ago)
