"""Reading the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from littleminds.audit.chain import GENESIS, hash_of
from littleminds.audit.models import AuditEvent

if TYPE_CHECKING:
    from uuid import UUID


@dataclass(frozen=True)
class AuditScope:
    """What part of the trail a reader may see: everything, or the events of the records
    some teams own, what the people in those teams did outside any team, and the events
    about those people's accounts. Built by the caller from the reader's roles."""

    everything: bool = False
    team_codes: frozenset[UUID] = frozenset()
    people_codes: frozenset[UUID] = frozenset()


def audit_events_search(
    *,
    scope: AuditScope,
    person: str = "",
    record: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if not scope.everything:
        if not scope.team_codes and not scope.people_codes:
            raise Http404
        people = [str(code) for code in scope.people_codes]
        # An event about a record a team owns carries that team's code, and only that
        # team's managers see it: a person in two teams who acts on one team's record must
        # not show it to the managers of the other.
        events = events.filter(
            Q(team_code__in=scope.team_codes)
            | Q(team_code__isnull=True, actor_code__in=scope.people_codes)
            | Q(target_type="accounts.user", target_code__in=people)
        )
    if person:
        events = events.filter(actor_label__icontains=person.strip())
    if record:
        events = events.filter(target_code=record.strip())
    if action:
        events = events.filter(action__startswith=action.strip())
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(occurred_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        events = events.filter(occurred_at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return events.order_by("-sequence")


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    head: str
    broken_sequence: int | None = None
    problem: str = ""


def audit_chain_verify(chunk_size: int = 2000) -> ChainReport:
    """Walk the whole chain in order and report the first event that does not fit."""
    expected_sequence = 1
    previous = GENESIS
    count = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=chunk_size):
        if event.sequence != expected_sequence:
            return ChainReport(
                False,
                count,
                previous,
                expected_sequence,
                f"event #{expected_sequence} is missing (the next is #{event.sequence})",
            )
        if event.previous_hash != previous:
            return ChainReport(
                False, count, previous, event.sequence, "it does not link to the event before it"
            )
        if hash_of(event) != event.hash:
            return ChainReport(
                False,
                count,
                previous,
                event.sequence,
                "its content was changed after it was written",
            )
        previous = event.hash
        expected_sequence += 1
        count += 1
    return ChainReport(True, count, previous)


def audit_chain_contains(digest: str) -> bool:
    return AuditEvent.objects.filter(hash=digest).exists()
