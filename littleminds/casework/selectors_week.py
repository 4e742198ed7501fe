"""Reads of this part of casework: the clinician's week, their contacts Monday to Sunday
(audited as a read of the cases they belong to); the contacts their calendar feed carries,
found by its secret; the team's open cases that look like a family's (before opening a case
without a referral); and a person of a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.casework.models import Baby, Case, CasePerson, Contact
from littleminds.casework.models_week import CalendarFeed
from littleminds.casework.selectors import case_teams
from littleminds.casework.services_week import secret_hash

# What the feed carries: a little of the past (a week looked back on) and the year ahead.
FEED_BEHIND = timedelta(weeks=8)
FEED_AHEAD = timedelta(days=366)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


@dataclass(frozen=True)
class Day:
    day: date
    contacts: list[Contact]


@dataclass(frozen=True)
class Week:
    monday: date
    days: list[Day]
    feed_made: bool

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def count(self) -> int:
        return sum(len(d.contacts) for d in self.days)


def _planned_after_closing() -> Q:
    """The contacts of a closed case still planned (not recorded) after the day it closed:
    they will not happen, so the week and the calendar feed leave them out. (Closing a case
    now cancels them; this also covers cases closed before it did.)"""
    return Q(
        case__status=Case.Status.CLOSED,
        outcome="",
        # On the day it closed too: the closing cancels what was still planned that day.
        starts_at__date__gte=F("case__closed_on"),
    )


def week_of(*, by: User, monday: date) -> Week:
    """`by`'s contacts of the week from `monday`, in the cases of their teams, with each
    case's first baby (for its name). One read event names every case shown."""
    contacts = list(
        Contact.objects.filter(
            clinician=by,
            case__team__in=case_teams(by),
            starts_at__gte=_start_of(monday),
            starts_at__lt=_start_of(monday + timedelta(days=7)),
        )
        .exclude(_planned_after_closing())
        .select_related("case")
        .order_by("starts_at", "pk")
    )
    babies: dict[int, Baby] = {}
    for baby in Baby.objects.filter(case__in={c.case_id for c in contacts}).order_by("-pk"):
        babies[baby.case_id] = baby
    days = [Day(monday + timedelta(days=n), []) for n in range(7)]
    for contact in contacts:
        contact.baby = babies.get(contact.case_id)  # type: ignore[attr-defined]
        days[(timezone.localdate(contact.starts_at) - monday).days].contacts.append(contact)
    if contacts:
        audit_record(
            by=by,
            action="case.week_viewed",
            detail={"cases": sorted({str(c.case.code) for c in contacts})},
        )
    return Week(
        monday=monday,
        days=days,
        feed_made=feed_made(by),
    )


def feed_made(user: User) -> bool:
    return CalendarFeed.objects.filter(user=user).exists()


def feed_contacts(*, secret: str) -> list[Contact]:
    """The contacts the calendar feed with this secret carries: its owner's planned and
    held contacts (not the cancelled ones) from eight weeks back to a year ahead, in the
    cases of their teams now. 404 for a secret that is wrong or was reset."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(secret_hash=secret_hash(secret), user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    now = timezone.now()
    return list(
        Contact.objects.filter(
            clinician=feed.user,
            case__team__in=case_teams(feed.user),
            starts_at__gte=now - FEED_BEHIND,
            starts_at__lte=now + FEED_AHEAD,
        )
        .exclude(
            outcome__in=[
                Contact.Outcome.CANCELLED_BY_FAMILY,
                Contact.Outcome.CANCELLED_BY_SERVICE,
            ]
        )
        .exclude(_planned_after_closing())
        .select_related("case")
        .order_by("starts_at", "pk")
    )


def person_for_case(*, case: Case, code: UUID) -> CasePerson:
    person = case.people.filter(code=code).first()
    if person is None:
        raise Http404
    return person
