"""Reads of the training catalogue. Which courses a person may see is decided here only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.core import caching
from littleminds.training.models import Course, CourseSession, Registration, SessionPart

if TYPE_CHECKING:
    from littleminds.training.models_attendance import Certificate


def _managed_teams(user: Any) -> list[Team]:
    if not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        return []
    return user.teams_with(Permission.TRAINING_MANAGE)


@dataclass(frozen=True)
class Sight:
    """What decides which courses a person may see: their organisation (the partner of its
    bespoke courses) and the teams whose catalogue they keep. Everyone with the same sight
    sees the same courses, so the finder's cached pages are kept by it (ADR 0053)."""

    organisation: int | None = None
    teams: tuple[int, ...] = ()


def sight_of(user: Any) -> Sight:
    """A visitor's sight is a visitor's; a signed-in person's is their organisation's and
    their training teams'."""
    if not getattr(user, "is_authenticated", False):
        return Sight()
    return Sight(
        organisation=getattr(user, "organisation_id", None),
        teams=tuple(sorted(team.pk for team in _managed_teams(user))),
    )


def visible_to(user: Any) -> QuerySet[Course]:
    """Courses `user` may see: every course but the bespoke ones, which only the partner
    organisation's staff and the team that keeps the course see."""
    return _visible(sight_of(user))


def _visible(sight: Sight) -> QuerySet[Course]:
    visible = ~Q(tier=Course.Tier.BESPOKE)
    if sight.organisation is not None:
        visible |= Q(partner_id=sight.organisation)
    if sight.teams:
        visible |= Q(team_id__in=sight.teams)
    return Course.objects.filter(visible).select_related("provider", "partner", "team")


def course_for(user: Any, code: Any) -> Course:
    course = visible_to(user).filter(code=code).first()
    if course is None:
        raise Http404
    return course


def coming_sessions(course: Course) -> list[CourseSession]:
    """The course's coming sessions with their parts, and (as `places_taken` and
    `people_waiting`, for `CourseSession.free_places` and `is_full`) how many places are held
    or offered and how many people wait: two queries, however many sessions."""
    today = timezone.localdate()
    return list(
        course.sessions.filter(cancelled_at__isnull=True, last_day__gte=today)
        .annotate(
            places_taken=Count(
                "registrations", filter=Q(registrations__place_number__isnull=False)
            ),
            people_waiting=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
            ),
        )
        .order_by("first_day", "pk")
        .prefetch_related(Prefetch("parts", queryset=SessionPart.objects.order_by("day", "starts")))
    )


def open_registrations(user: Any, sessions: list[CourseSession]) -> list[Registration]:
    """The signed-in person's registrations that still count, of any of the sessions, in one
    query."""
    if not getattr(user, "is_authenticated", False) or not sessions:
        return []
    found = (
        Registration.objects.filter(user=user, session__in=sessions, status__in=Registration.ACTIVE)
        .select_related("session")
        .order_by("session__first_day", "-pk")
    )
    latest: dict[int, Registration] = {}
    for registration in found:
        latest.setdefault(registration.session_id, registration)
    return list(latest.values())


@dataclass(frozen=True)
class Filters:
    tier: str = ""
    audience: str = ""
    delivery: str = ""
    start: date | None = None
    end: date | None = None


# The finder shows this many courses a page: five years of a district's catalogue is some
# hundreds of courses, too many to send (and to read) at once (bench/training.py).
FINDER_PER_PAGE = 20


def finder(user: Any, filters: Filters) -> list[Course]:
    """The public finder: courses that match, each with its coming sessions in the dates."""
    return list(_finder_courses(sight_of(user), filters))


def finder_page(sight: Sight, filters: Filters, number: Any) -> Page[Course]:
    """One page of the finder's courses for people of this sight (the last page for a
    number past it, the first for anything that is not a number), counted and fetched by
    the database: two queries. The card shows only the course's own columns, so nothing
    else is joined."""
    courses = _finder_courses(sight, filters).select_related(None)
    return Paginator(courses, FINDER_PER_PAGE).get_page(number)


# The generation of the finder's cached pages (ADR 0053): every write that changes what
# the finder finds or shows replaces it (`services.finder_changed`).
FINDER = "training.finder"


def finder_version() -> str | None:
    """The finder's generation (one indexed query of one row), or None before its first
    change, and then nothing is cached. Nothing in the finder depends on the time: its
    dates are the ones asked for."""
    return caching.generation(FINDER)


def _finder_courses(sight: Sight, filters: Filters) -> QuerySet[Course]:
    courses = _visible(sight)
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
    return courses


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


# Places (issue 14, "Sessions and places") ------------------------------------------------


def own_registration(user: User, code: Any) -> Registration:
    """A signed-in person's own registration; anyone else's is not found."""
    registration = (
        Registration.objects.filter(user=user, code=code)
        .select_related("session__course__team", "user")
        .prefetch_related("session__parts")
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def public_registration(key: str) -> Registration:
    """A public registrant's registration, by the signed key of their page's address."""
    from littleminds.training.services_places import registration_of_key

    registration = registration_of_key(key)
    if registration is None:
        raise Http404
    return registration


def open_registration(user: Any, session: CourseSession) -> Registration | None:
    """The signed-in person's registration of the session that still counts, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(user=user, session=session, status__in=Registration.ACTIVE)
        .order_by("-pk")
        .first()
    )


@dataclass(frozen=True)
class SessionRegister:
    session: CourseSession
    held: list[Registration]
    offered: list[Registration]
    waiting: list[Registration]
    unconfirmed: list[Registration]
    cancelled: list[Registration]
    other: list[Registration]  # offers declined or lapsed, links not confirmed in time

    @property
    def free(self) -> int:
        return max(self.session.capacity - len(self.held) - len(self.offered), 0)


def session_register(user: User, code: Any) -> SessionRegister:
    """A session's register, for the trainers and managers of the team that runs it: places
    held, offers out and when they lapse, the waiting list in order, cancellations and why."""
    session = team_session(user, code)
    rows = list(
        Registration.objects.filter(session=session)
        .select_related("user", "organisation", "user__organisation")
        .order_by("joined_at", "created_at", "pk")
    )
    status = Registration.Status
    return SessionRegister(
        session=session,
        held=sorted(
            (r for r in rows if r.status == status.HELD), key=lambda r: r.place_number or 0
        ),
        offered=[r for r in rows if r.status == status.OFFERED],
        waiting=[r for r in rows if r.status == status.WAITING],
        unconfirmed=[r for r in rows if r.status == status.UNCONFIRMED],
        cancelled=[r for r in rows if r.status == status.CANCELLED],
        other=[r for r in rows if r.status in (status.DECLINED, status.LAPSED, "expired")],
    )


def coming_registrations(user: User) -> list[Registration]:
    """The person's places, offers and waiting lists on sessions still to come."""
    return list(
        Registration.objects.filter(
            user=user,
            status__in=(
                Registration.Status.HELD,
                Registration.Status.OFFERED,
                Registration.Status.WAITING,
            ),
            session__last_day__gte=timezone.localdate(),
            session__cancelled_at__isnull=True,
        )
        .select_related("session__course")
        .prefetch_related("session__parts")
        .order_by("session__first_day", "pk")
    )


@dataclass(frozen=True)
class PastTraining:
    registration: Registration
    # Their certificate when they completed the course (None if not, or withdrawn).
    certificate: Certificate | None

    @property
    def cancelled(self) -> bool:
        return self.registration.session.cancelled_at is not None


def past_training(user: User) -> list[PastTraining]:
    """The sessions the person held a place on that have ended, latest first, with their
    certificate if they completed the course: two queries."""
    from littleminds.training.models_attendance import Certificate

    registrations = list(
        Registration.objects.filter(
            user=user,
            status=Registration.Status.HELD,
            session__last_day__lt=timezone.localdate(),
        )
        .select_related("session__course")
        .order_by("-session__last_day", "-pk")
    )
    certificates = {
        c.registration_id: c
        for c in Certificate.objects.filter(
            registration__in=registrations, withdrawn_at__isnull=True
        )
    }
    return [PastTraining(r, certificates.get(r.pk)) for r in registrations]


@dataclass(frozen=True)
class TrainerSession:
    session: CourseSession
    held: int
    offered: int
    waiting: int


def trainer_sessions(user: User) -> list[TrainerSession]:
    """Coming sessions the person trains on, with their places and waiting lists."""
    from django.db.models import Count

    status = Registration.Status
    sessions = (
        CourseSession.objects.filter(
            trainers=user, cancelled_at__isnull=True, last_day__gte=timezone.localdate()
        )
        .select_related("course")
        .annotate(
            held_count=Count("registrations", filter=Q(registrations__status=status.HELD)),
            offered_count=Count("registrations", filter=Q(registrations__status=status.OFFERED)),
            waiting_count=Count("registrations", filter=Q(registrations__status=status.WAITING)),
        )
        .order_by("first_day", "pk")
    )
    return [
        TrainerSession(
            session=s,
            held=s.held_count,
            offered=s.offered_count,
            waiting=s.waiting_count,
        )
        for s in sessions
    ]
