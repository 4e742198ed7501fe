"""Writes of reflective practice groups and call-back requests, each in one transaction
with its audit event.

Capacity (ADR 0029): `group_join` locks the session's row (`SELECT ... FOR UPDATE`)
before it counts the active places and adds one, so two practitioners joining the last
place at once are served one after the other: one joins, the other is told the session
is full. One active place per practitioner per session is the database's constraint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.consultations import services_records
from littleminds.consultations.models_groups import (
    CAPACITY_MAX,
    CallbackRequest,
    GroupPlace,
    GroupSeries,
    GroupSession,
)
from littleminds.directory.models import Ring

AHEAD = timedelta(days=366)
SESSIONS_LIMIT = 52
CALLBACK_AHEAD = timedelta(days=92)


class NotAllowed(Exception):
    """The person may not make this change, or the record is not in a state for it."""


class GroupFull(Exception):
    """Every place at the session is taken."""


class SessionBegun(NotAllowed):
    """The session has begun or is over: nobody joins or leaves it now."""


class HasPlace(NotAllowed):
    """The practitioner has a place at the session already."""


class NoPlace(NotAllowed):
    """The practitioner has no place at the session to give up."""


@dataclass(frozen=True)
class Date:
    starts_at: datetime
    minutes: int
    place: str = ""
    video_link: str = ""


def _offers(by: User, team: Team) -> None:
    if team not in by.teams_with(Permission.CONSULTATIONS_OFFER):
        raise NotAllowed("only the team's clinicians and managers run its groups")


def series_create(
    *,
    by: User,
    team: Team,
    title: str,
    about: str,
    capacity: int,
    dates: list[Date],
    organisations: list[Organisation] | None = None,
    rings: list[str] | None = None,
) -> GroupSeries:
    """A new series with its dates (1 to 52, each in the coming year)."""
    _offers(by, team)
    if not 1 <= capacity <= CAPACITY_MAX:
        raise NotAllowed(f"a session has 1 to {CAPACITY_MAX} places")
    if not 1 <= len(dates) <= SESSIONS_LIMIT:
        raise NotAllowed(f"a series has 1 to {SESSIONS_LIMIT} dates")
    now = timezone.now()
    if any(not now < d.starts_at <= now + AHEAD for d in dates):
        raise NotAllowed("each date is in the coming year")
    if any(ring not in Ring.values for ring in rings or []):
        raise NotAllowed("unknown ring")
    with transaction.atomic():
        series = GroupSeries(
            team=team,
            title=title.strip(),
            about=about.strip(),
            capacity=capacity,
            for_rings=sorted(set(rings or [])),
            created_by=by,
        )
        series.full_clean()
        series.save()
        series.for_organisations.set(organisations or [])
        made = []
        for d in sorted(dates, key=lambda d: d.starts_at):
            session = GroupSession(
                series=series,
                starts_at=d.starts_at,
                minutes=d.minutes,
                place=d.place.strip(),
                video_link=d.video_link.strip(),
            )
            session.full_clean(exclude=["series"])
            made.append(session)
        GroupSession.objects.bulk_create(made)
        audit_record(
            by=by,
            action="consultation.group_created",
            target=series,
            team=team,
            detail={"sessions": len(made), "capacity": capacity},
        )
    return series


def is_for(series: GroupSeries, practitioner: User) -> bool:
    """Whether the series is open to the practitioner: to all when it names nobody, else to
    the organisations it names and to organisations with a service in its rings."""
    organisations = list(series.for_organisations.all())
    if not organisations and not series.for_rings:
        return True
    mine = practitioner.organisation
    if mine is None:
        return False
    if mine in organisations:
        return True
    return bool(series.for_rings) and mine.services.filter(ring__in=series.for_rings).exists()


def _may_join(by: User, series: GroupSeries) -> None:
    if not by.is_active or not by.has_perm(Permission.CONSULTATIONS_BOOK):
        raise NotAllowed("only practitioners join groups")
    if not is_for(series, by):
        raise NotAllowed("the group is for other organisations")


def group_join(*, by: User, session: GroupSession) -> GroupPlace:
    """Take a place at one session. The session's row is locked while the places are
    counted, so capacity holds however many join at once."""
    with transaction.atomic():
        locked = (
            GroupSession.objects.select_for_update(of=("self",))
            .select_related("series")
            .get(pk=session.pk)
        )
        _may_join(by, locked.series)
        if locked.starts_at <= timezone.now():
            raise SessionBegun("the session has started or is over")
        active = GroupPlace.objects.filter(session=locked, left_at__isnull=True)
        if active.filter(practitioner=by).exists():
            raise HasPlace("you have a place already")
        if active.count() >= locked.series.capacity:
            raise GroupFull
        place = GroupPlace(session=locked, practitioner=by, organisation=by.organisation)
        try:
            with transaction.atomic():
                place.save()
        except IntegrityError:
            raise HasPlace("you have a place already") from None
        audit_record(
            by=by, action="consultation.group_joined", target=locked, team=locked.series.team
        )
    return place


def series_join(*, by: User, series: GroupSeries) -> tuple[int, int]:
    """Take a place at each coming session of the series that has room and where the
    practitioner has none yet. Returns (joined, full)."""
    _may_join(by, series)
    joined = full = 0
    coming = series.sessions.filter(starts_at__gt=timezone.now())
    for session in coming:
        try:
            group_join(by=by, session=session)
        except GroupFull:
            full += 1
        except NotAllowed:
            continue
        else:
            joined += 1
    return joined, full


def group_leave(*, by: User, session: GroupSession) -> GroupPlace:
    """Give up one's place at a coming session: it is free for another."""
    with transaction.atomic():
        locked = GroupSession.objects.select_for_update().get(pk=session.pk)
        place = (
            GroupPlace.objects.select_for_update()
            .filter(session=locked, practitioner=by, left_at__isnull=True)
            .first()
        )
        if locked.starts_at <= timezone.now():
            raise SessionBegun("the session has started or is over")
        if place is None:
            raise NoPlace("you have no place at this session")
        place.left_at = timezone.now()
        place.save(update_fields=["left_at"])
        audit_record(
            by=by,
            action="consultation.group_left",
            target=locked,
            team=locked.series.team,
        )
    return place


def session_record(
    *, by: User, session: GroupSession, attended: set[int], themes: str
) -> GroupSession:
    """The team records who came (by place) and the themes, after the session began. The
    themes name no family: the form says so, and this is a record of practice."""
    with transaction.atomic():
        locked = (
            GroupSession.objects.select_for_update(of=("self",))
            .select_related("series__team")
            .get(pk=session.pk)
        )
        _offers(by, locked.series.team)
        if locked.starts_at > timezone.now():
            raise NotAllowed("a session is recorded once it has begun")
        places = list(
            GroupPlace.objects.filter(session=locked, left_at__isnull=True).select_related(
                "practitioner"
            )
        )
        for place in places:
            place.attended = place.pk in attended
        GroupPlace.objects.bulk_update(places, ["attended"])
        locked.themes = themes.strip()
        locked.recorded_at = timezone.now()
        locked.recorded_by = by
        locked.save(update_fields=["themes", "recorded_at", "recorded_by"])
        audit_record(
            by=by,
            action="consultation.group_recorded",
            target=locked,
            team=locked.series.team,
            detail={"places": len(places), "attended": sum(p.attended is True for p in places)},
        )
        for place in places:
            place.session = locked
        services_records.ask_group_feedback(places)
    return locked


# Call-back requests ----------------------------------------------------------------------


def callback_request(
    *,
    by: User,
    team: Team,
    phone: str,
    earliest: date,
    latest: date,
    weekdays: list[int],
    parts_of_day: list[str],
    about: str,
) -> CallbackRequest:
    """A practitioner asks the team to call them back, at times that suit them."""
    if not by.is_active or not by.has_perm(Permission.CONSULTATIONS_BOOK):
        raise NotAllowed("only practitioners ask for a call back")
    today = timezone.localdate()
    if not today <= earliest <= latest <= today + CALLBACK_AHEAD:
        raise NotAllowed("the days are from today and within three months")
    if not weekdays or any(day not in range(5) for day in weekdays):
        raise NotAllowed("weekdays are Monday to Friday")
    if not parts_of_day or any(
        part not in CallbackRequest.PartOfDay.values for part in parts_of_day
    ):
        raise NotAllowed("choose the morning, the afternoon or both")
    with transaction.atomic():
        made = CallbackRequest(
            team=team,
            practitioner=by,
            organisation=by.organisation,
            phone=phone,
            earliest=earliest,
            latest=latest,
            weekdays=sorted(set(weekdays)),
            parts_of_day=[p for p in CallbackRequest.PartOfDay.values if p in parts_of_day],
            about=about.strip(),
        )
        made.full_clean()
        made.save()
        audit_record(by=by, action="consultation.callback_requested", target=made, team=team)
    return made


def callback_done(*, by: User, request: CallbackRequest, outcome: str) -> CallbackRequest:
    """The team marks a request done, saying what happened."""
    if not outcome.strip():
        raise NotAllowed("say what happened")
    with transaction.atomic():
        locked = CallbackRequest.objects.select_for_update().get(pk=request.pk)
        _offers(by, locked.team)
        if locked.done_at is not None:
            raise NotAllowed("the request is done already")
        locked.done_at = timezone.now()
        locked.done_by = by
        locked.outcome = outcome.strip()
        locked.save(update_fields=["done_at", "done_by", "outcome"])
        audit_record(by=by, action="consultation.callback_done", target=locked, team=locked.team)
    return locked
