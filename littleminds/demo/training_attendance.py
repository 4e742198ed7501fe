"""The demonstration's attendance and certificates: on each past session of the clinical
team's courses, people holding places (the demo's practitioners, and two students without
an account), marked present, late, absent or excused by the trainer, and the certificates
of those who completed the course.

Places on past sessions are history, written as they stand (as `demo/training.py` writes
past sessions); the marks go through the service, which issues the certificates. A place
someone already holds on a past session (the registration demo's) is marked too. Loading
again adds nothing: the marks are looked for first.
"""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission, Role
from littleminds.training.models import CourseSession, Registration
from littleminds.training.models_attendance import Attendance
from littleminds.training.services_attendance import attendance_mark

TRAINER = "trainer@littleminds.example"
STUDENTS = [("Amira Hussain", "amira.hussain"), ("Ioana Pop", "ioana.pop")]
# The marks given in turn: most people came, one was late, one absent, one excused.
MARKS = ["present", "present", "late", "present", "absent", "present", "excused"]


def _place(session: CourseSession) -> int:
    top = session.registrations.aggregate(top=Max("place_number"))["top"]
    return (top or 0) + 1


def _holders(session: CourseSession, practitioners: list[User]) -> list[Registration]:
    now = timezone.now()
    taken = set(
        session.registrations.filter(status__in=Registration.ACTIVE).values_list(
            "user_id", flat=True
        )
    )
    for person in practitioners:
        if person.pk in taken:
            continue
        Registration.objects.create(
            session=session,
            user=person,
            organisation=person.organisation,
            status=Registration.Status.HELD,
            place_number=_place(session),
            joined_at=now,
        )
    emails = set(session.registrations.values_list("email", flat=True))
    for name, handle in STUDENTS:
        email = f"{handle}@students.example"
        if email in emails:
            continue
        Registration.objects.create(
            session=session,
            name=name,
            email=email,
            email_confirmed_at=now,
            student_at="Brackendale College",
            student_course="Early years education",
            status=Registration.Status.HELD,
            place_number=_place(session),
            joined_at=now,
        )
    return list(
        session.registrations.filter(status=Registration.Status.HELD).order_by("place_number")
    )


def load() -> dict[str, int]:
    trainer = User.objects.filter(email=TRAINER).first()
    if trainer is None:
        return {"training_marks": 0}
    teams = trainer.teams_with(Permission.TRAINING_MANAGE)
    if not teams or Attendance.objects.filter(part__session__course__team=teams[0]).exists():
        return {"training_marks": 0}
    today = timezone.localdate()
    sessions = CourseSession.objects.filter(
        course__team=teams[0], cancelled_at__isnull=True, last_day__lt=today
    ).select_related("course__team__organisation", "course__provider")
    practitioners = list(
        User.objects.filter(roles__role=Role.PRACTITIONER, is_active=True)
        .distinct()
        .order_by("email")[:5]
    )
    marks = 0
    for session in sessions:
        parts = list(session.parts.order_by("day", "starts"))
        for n, registration in enumerate(_holders(session, practitioners)):
            for k, part in enumerate(parts):
                attendance_mark(
                    by=trainer,
                    session=session,
                    registration=registration,
                    part=part,
                    mark=MARKS[(n + k) % len(MARKS)],
                    tell=False,
                )
                marks += 1
    return {"training_marks": marks}
