"""Writes for attendance and certificates, each audited in its own transaction.

Marking a part may complete the course for the person, which issues their certificate in the
same transaction; changing a mark so that they no longer completed it withdraws it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.training.models import CourseSession, Registration, SessionPart
from littleminds.training.models_attendance import Attendance, Certificate, new_check_code
from littleminds.training.services_places import tell_certificate


class NotMarkable(ValidationError):
    """A mark the register cannot take: its message says why, in plain words."""


def required_parts(session: CourseSession, parts: int) -> int:
    """How many of the session's `parts` a person must attend to complete its course: the
    course's number, or every part (also when the course asks for more than the session
    has)."""
    wanted = session.course.required_parts
    return parts if wanted is None else min(wanted, parts)


def is_complete(registration: Registration) -> bool:
    session = registration.session
    parts = session.parts.count()
    attended = Attendance.objects.filter(
        registration=registration, mark__in=Attendance.ATTENDED
    ).count()
    return parts > 0 and attended >= required_parts(session, parts)


@transaction.atomic
def attendance_mark(
    *,
    by: User,
    session: CourseSession,
    registration: Registration,
    part: SessionPart,
    mark: str,
    tell: bool = True,
) -> Attendance:
    """Mark one person for one part, replacing any mark before. The caller has checked that
    `by` runs the session (`selectors_attendance.attendance_session`). A certificate this
    issues is e-mailed to its holder unless `tell` is false (the demo's past records)."""
    session = (
        CourseSession.objects.select_for_update().select_related("course__team").get(pk=session.pk)
    )
    if mark not in Attendance.Mark.values:
        raise NotMarkable(_("Choose present, late, absent or excused"))
    if session.cancelled_at is not None:
        raise NotMarkable(_("The session was cancelled, so no attendance can be marked"))
    if part.session_id != session.pk:
        raise NotMarkable(_("Choose a part of this session"))
    if registration.session_id != session.pk or registration.status != Registration.Status.HELD:
        raise NotMarkable(_("Only people holding a place can be marked"))
    if part.day > timezone.localdate():
        raise NotMarkable(
            _("Attendance can be marked from the day of the part, %(day)s")
            % {"day": formats.date_format(part.day, "j F Y")}
        )
    existing = Attendance.objects.filter(registration=registration, part=part).first()
    before = existing.mark if existing is not None else ""
    if existing is None:
        attendance = Attendance(registration=registration, part=part, mark=mark, marked_by=by)
    else:
        attendance = existing
        attendance.mark = mark
        attendance.marked_by = by
        attendance.marked_at = timezone.now()
    attendance.full_clean(validate_unique=False, validate_constraints=False)
    attendance.save()
    if before != mark:
        audit_record(
            by=by,
            action="training.attendance_changed" if before else "training.attendance_marked",
            target=registration,
            team=session.course.team,
            detail={
                "session": str(session.code),
                "part": f"{part.day.isoformat()} {part.starts:%H:%M}",
                "mark": mark,
                **({"before": before} if before else {}),
            },
        )
        _settle_certificate(by=by, session=session, registration=registration, tell=tell)
    return attendance


def _provider_name(session: CourseSession) -> str:
    course = session.course
    if course.provider is not None:
        return course.provider.name
    return course.team.organisation.name


def _settle_certificate(
    *, by: User, session: CourseSession, registration: Registration, tell: bool
) -> None:
    """Issue the certificate of a person who has now completed the course, give back one
    that was withdrawn, or withdraw it when a changed mark undid the completion."""
    certificate = Certificate.objects.filter(registration=registration).first()
    complete = is_complete(registration)
    team = session.course.team
    if complete and certificate is None:
        certificate = _issue(by=by, session=session, registration=registration)
        if tell:
            tell_certificate(registration)
        audit_record(
            by=by,
            action="training.certificate_issued",
            target=registration,
            team=team,
            detail={"certificate": str(certificate.code)},
        )
    elif complete and certificate is not None and certificate.withdrawn_at is not None:
        certificate.withdrawn_at = None
        certificate.save(update_fields=["withdrawn_at"])
        audit_record(
            by=by,
            action="training.certificate_restored",
            target=registration,
            team=team,
            detail={"certificate": str(certificate.code)},
        )
    elif not complete and certificate is not None and certificate.withdrawn_at is None:
        certificate.withdrawn_at = timezone.now()
        certificate.save(update_fields=["withdrawn_at"])
        audit_record(
            by=by,
            action="training.certificate_withdrawn",
            target=registration,
            team=team,
            detail={"certificate": str(certificate.code)},
        )


def _issue(*, by: User, session: CourseSession, registration: Registration) -> Certificate:
    course = session.course
    fields = {
        "registration": registration,
        "person_name": registration.person_name,
        "course_title": course.title,
        "provider_name": _provider_name(session),
        "first_day": session.first_day,
        "last_day": session.last_day,
        "hours": course.hours,
        "issued_by": by,
    }
    # 25 ** 10 codes: a clash is all but impossible, but the database would refuse one, so
    # draw again rather than fail the trainer's tap.
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(check_code=new_check_code(), **fields)
        except IntegrityError:
            if Certificate.objects.filter(registration=registration).exists():
                raise
    raise RuntimeError("could not draw an unused certificate code")
