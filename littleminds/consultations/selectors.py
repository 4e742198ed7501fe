"""Reads of consultations. Practitioners see their own bookings; the team's clinicians and
managers their team's slots and bookings; anyone else is told "not found" (`Http404`). A
booking that carries a family's details is a read of personal data: each opening of it
is in the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import ROLES, Permission
from littleminds.audit.services import audit_record
from littleminds.consultations.models import Booking, Slot
from littleminds.referrals.lifecycle import Status as ReferralStatus
from littleminds.referrals.models import Referral

# How many free slots a list shows at most, and how far the API looks at once.
LIST_LIMIT = 60
API_DAYS = 92


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def _active_booking() -> Exists:
    return Exists(Booking.objects.filter(slot=OuterRef("pk"), cancelled_at__isnull=True))


def _free_slots(
    *, start: date, end: date, mode: str = "", team: Team | int | None = None
) -> QuerySet[Slot]:
    slots = (
        Slot.objects.filter(
            withdrawn_at__isnull=True,
            starts_at__gte=max(_start_of(start), timezone.now()),
            starts_at__lt=_start_of(end + timedelta(days=1)),
        )
        .exclude(_active_booking())
        .order_by("starts_at", "pk")
    )
    if mode:
        slots = slots.filter(mode=mode)
    if team is not None:
        slots = slots.filter(team=team)
    return slots


def free_slots(
    *,
    start: date,
    end: date,
    mode: str = "",
    team: Team | int | None = None,
    limit: int | None = LIST_LIMIT,
) -> list[Slot]:
    """Offered slots from `start` to `end` (both days included) that have not begun and
    that nobody has booked, soonest first."""
    slots = _free_slots(start=start, end=end, mode=mode, team=team).select_related(
        "clinician", "team"
    )
    return list(slots[:limit] if limit else slots)


# What `free_slot_rows` gives of each slot.
SLOT_ROW = ("code", "starts_at", "minutes", "mode", "place", "clinician__full_name", "team__name")


def free_slot_rows(
    *, start: date, end: date, mode: str = "", limit: int = LIST_LIMIT
) -> list[dict[str, Any]]:
    """`free_slots` as rows of the `SLOT_ROW` fields, for the API: no model is built."""
    return list(_free_slots(start=start, end=end, mode=mode).values(*SLOT_ROW)[:limit])


def free_slot(*, code: UUID | str) -> Slot | None:
    """One slot that can be booked now, or None (unknown, withdrawn, begun or taken)."""
    return (
        Slot.objects.filter(code=code, withdrawn_at__isnull=True, starts_at__gt=timezone.now())
        .exclude(_active_booking())
        .select_related("clinician", "team")
        .first()
    )


def slot_any(*, code: UUID | str) -> Slot | None:
    """A slot by its code, whatever its state (the API's refusals say which)."""
    return Slot.objects.filter(code=code).select_related("team").first()


def _bookings() -> QuerySet[Booking]:
    return Booking.objects.select_related(
        "slot__clinician", "slot__team", "practitioner", "organisation", "referral"
    )


@dataclass(frozen=True)
class Mine:
    upcoming: list[Booking]
    past: list[Booking]


def bookings_of_practitioner(*, by: User) -> Mine:
    """The practitioner's own bookings: those to come (cancelled ones too, marked), and
    the last of those that have been."""
    now = timezone.now()
    mine = _bookings().filter(practitioner=by)
    return Mine(
        upcoming=list(mine.filter(slot__starts_at__gte=now).order_by("slot__starts_at")[:50]),
        past=list(
            mine.filter(slot__starts_at__lt=now)
            .select_related("record")
            .order_by("-slot__starts_at")[:20]
        ),
    )


def offering_teams(by: User) -> list[Team]:
    return by.teams_with(Permission.CONSULTATIONS_OFFER)


def booking_for(*, by: User, code: UUID) -> Booking:
    """A booking its practitioner or its team may see; 404 for anyone else. Opening one
    that carries the family's details is audited."""
    booking = _bookings().filter(code=code).first()
    if booking is None:
        raise Http404
    own = booking.practitioner_id == by.pk and by.has_perm(Permission.CONSULTATIONS_BOOK)
    team = booking.slot.team in offering_teams(by)
    if not (own or team):
        raise Http404
    if booking.family_shared:
        audit_record(
            by=by, action="consultation.booking_viewed", target=booking, team=booking.slot.team
        )
    return booking


def slot_for_team(*, by: User, code: UUID) -> Slot:
    slot = Slot.objects.select_related("team", "clinician").filter(code=code).first()
    if slot is None or slot.team not in offering_teams(by):
        raise Http404
    return slot


@dataclass(frozen=True)
class TeamSlot:
    slot: Slot
    booking: Booking | None


def team_slots(*, by: User, days: int = 28) -> list[TeamSlot]:
    """The team's offered slots of the coming `days`, each with its active booking."""
    teams = offering_teams(by)
    now = timezone.now()
    slots = (
        Slot.objects.filter(
            team__in=teams,
            withdrawn_at__isnull=True,
            starts_at__gte=now - timedelta(hours=2),
            starts_at__lt=now + timedelta(days=days),
        )
        .select_related("clinician", "team")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.filter(cancelled_at__isnull=True).select_related(
                    "practitioner", "organisation"
                ),
                to_attr="active",
            )
        )
        .order_by("starts_at", "pk")
    )
    rows = []
    for slot in slots[:200]:
        active: list[Booking] = getattr(slot, "active", [])
        rows.append(TeamSlot(slot, active[0] if active else None))
    return rows


@dataclass(frozen=True)
class Week:
    monday: date
    offered: int
    taken: int

    @property
    def free(self) -> int:
        return self.offered - self.taken


def team_weeks(*, by: User, weeks: int = 8) -> list[Week]:
    """How much of the team's offer is taken, week by week from this week: one query."""
    teams = offering_teams(by)
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    days = (
        Slot.objects.filter(
            team__in=teams,
            withdrawn_at__isnull=True,
            starts_at__gte=_start_of(monday),
            starts_at__lt=_start_of(monday + timedelta(weeks=weeks)),
        )
        .annotate(day=TruncDate("starts_at"))
        .values("day")
        .annotate(
            offered=Count("pk", distinct=True),
            taken=Count("bookings", filter=Q(bookings__cancelled_at__isnull=True)),
        )
    )
    offered = [0] * weeks
    taken = [0] * weeks
    for row in days:
        index = (row["day"] - monday).days // 7
        if 0 <= index < weeks:
            offered[index] += row["offered"]
            taken[index] += row["taken"]
    return [
        Week(monday + timedelta(weeks=index), offered[index], taken[index])
        for index in range(weeks)
    ]


def redirected_referral(*, by: User, reference: str) -> Referral:
    """The referral, redirected to consultation, whose referrer is `by`; 404 otherwise (a
    reference of someone else's referral says nothing)."""
    referral = (
        Referral.objects.select_related("team")
        .filter(
            reference=(reference or "").strip().upper(),
            referrer=by,
            status=ReferralStatus.REDIRECTED,
        )
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def team_offerers(team: Team) -> list[User]:
    """The team's active people whose roles offer consultations (its clinicians and
    managers, as `accounts.roles` declares)."""
    roles = [
        role.value
        for role, spec in ROLES.items()
        if Permission.CONSULTATIONS_OFFER in spec.permissions
    ]
    return list(
        User.objects.filter(is_active=True, roles__team=team, roles__role__in=roles)
        .distinct()
        .order_by("full_name")
    )
