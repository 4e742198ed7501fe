"""Reads for attendance and certificates. Who may see a session's register, and whose
certificate a person may download, is decided here only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.training.models import CourseSession, Registration, SessionPart
from littleminds.training.models_attendance import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Attendance,
    Certificate,
)
from littleminds.training.selectors import public_registration
from littleminds.training.services_attendance import required_parts


def _runs(user: User) -> Q:
    """Sessions `user` runs: those they train on, and every session of a team whose
    training they manage."""
    return Q(trainers=user) | Q(course__team__in=user.teams_with(Permission.TRAINING_MANAGE))


def attendance_session(user: User, code: Any) -> CourseSession:
    session = (
        CourseSession.objects.filter(_runs(user), code=code)
        .select_related("course__team__organisation", "course__provider")
        .distinct()
        .first()
    )
    if session is None:
        raise Http404
    return session


@dataclass(frozen=True)
class Row:
    registration: Registration
    mark: str  # this part's mark, or "" when not marked yet
    attended: int  # parts attended, present or late, of the whole session
    certificate: Certificate | None

    @property
    def anchor(self) -> str:
        return f"person-{self.registration.code}"


@dataclass(frozen=True)
class AttendanceRegister:
    session: CourseSession
    parts: list[SessionPart]
    part: SessionPart
    number: int  # the part's place among the session's parts, from 1
    rows: list[Row]
    required: int

    @property
    def marked(self) -> int:
        return sum(1 for row in self.rows if row.mark)

    @property
    def markable(self) -> bool:
        """Marks can be made from the part's day (not for a session cancelled)."""
        return self.session.cancelled_at is None and self.part.day <= timezone.localdate()


def attendance_register(session: CourseSession, number: int | None) -> AttendanceRegister | None:
    """The register of one part (the `number`th, from 1; or today's, or the first) for the
    people holding a place, in name order. None for a session without parts."""
    parts = list(session.parts.order_by("day", "starts", "pk"))
    if not parts:
        return None
    if number is None or not 1 <= number <= len(parts):
        today = timezone.localdate()
        number = next((n for n, p in enumerate(parts, 1) if p.day == today), 1)
    part = parts[number - 1]
    holders = list(
        Registration.objects.filter(session=session, status=Registration.Status.HELD)
        .select_related("user")
        .order_by("place_number")
    )
    marks = Attendance.objects.filter(registration__in=holders)
    this_part: dict[int, str] = {}
    attended: dict[int, int] = {}
    for row in marks.values("registration_id", "part_id", "mark"):
        if row["part_id"] == part.pk:
            this_part[row["registration_id"]] = row["mark"]
        if row["mark"] in Attendance.ATTENDED:
            attended[row["registration_id"]] = attended.get(row["registration_id"], 0) + 1
    certificates = {
        c.registration_id: c for c in Certificate.objects.filter(registration__in=holders)
    }
    rows = [
        Row(
            registration=r,
            mark=this_part.get(r.pk, ""),
            attended=attended.get(r.pk, 0),
            certificate=certificates.get(r.pk),
        )
        for r in holders
    ]
    rows.sort(key=lambda row: row.registration.person_name.casefold())
    return AttendanceRegister(
        session=session,
        parts=parts,
        part=part,
        number=number,
        rows=rows,
        required=required_parts(session, len(parts)),
    )


def holder(session: CourseSession, code: Any) -> Registration:
    registration = Registration.objects.filter(
        session=session, code=code, status=Registration.Status.HELD
    ).first()
    if registration is None:
        raise Http404
    return registration


def own_certificates(user: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(registration__user=user, withdrawn_at__isnull=True)


def certificate_for(user: User, code: Any) -> Certificate:
    """A certificate for its holder, and for the people who run its session."""
    runs = CourseSession.objects.filter(_runs(user)).values("pk")
    certificate = (
        Certificate.objects.filter(
            Q(registration__user=user) | Q(registration__session__in=runs),
            code=code,
            withdrawn_at__isnull=True,
        )
        .select_related("registration")
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


def public_certificate(place_key: str) -> Certificate:
    """A public registrant's certificate, by the signed key of their page's address."""
    certificate = active_certificate(public_registration(place_key))
    if certificate is None:
        raise Http404
    return certificate


def active_certificate(registration: Registration) -> Certificate | None:
    """The registration's certificate, unless it was withdrawn."""
    return Certificate.objects.filter(registration=registration, withdrawn_at__isnull=True).first()


def normalised_check_code(text: str) -> str | None:
    """The code as stored, from what a person typed (any case, with spaces or a hyphen), or
    None when it cannot be a certificate code."""
    code = "".join(ch for ch in text.upper() if ch not in " -\t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def certificate_by_check_code(code: str) -> Certificate | None:
    return Certificate.objects.filter(check_code=code).first()
