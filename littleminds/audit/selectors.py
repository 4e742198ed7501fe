"""Reading the audit trail."""

from __future__ import annotations

from collections.abc import Collection
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
    records: Collection[str] = (),
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
    if records:
        # The codes of the records a reference names (the search page works them out).
        events = events.filter(target_code__in=list(records))
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
    """What `audit_chain_verify` found: whether the chain holds, how many events from the
    start are intact, the last intact hash, and the first broken event with what is wrong."""

    ok: bool
    events: int
    head: str
    broken_sequence: int | None = None
    problem: str = ""
    head_sequence: int = 0

    @property
    def kept_head(self) -> str:
        """The head to keep elsewhere and check later (`--expect-head`): its event's number
        and hash, so that a later check can say what became of it."""
        return f"{self.head_sequence}:{self.head}"


def _short(digest: str) -> str:
    return f"{digest[:16]}…"


def audit_chain_verify(chunk_size: int = 2000) -> ChainReport:
    """Walk the whole chain in order and report the first event that does not fit, saying
    which it is and what is wrong with it."""
    expected_sequence = 1
    previous = GENESIS
    # The hash of the event before `previous`'s: the last intact one, should the event of
    # `previous` turn out to have been changed and re-hashed.
    earlier = GENESIS
    count = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=chunk_size):
        if event.sequence != expected_sequence:
            last_missing = event.sequence - 1
            if last_missing == expected_sequence:
                problem = f"event #{expected_sequence} is missing (the next is #{event.sequence})"
            else:
                problem = (
                    f"events #{expected_sequence} to #{last_missing} are missing "
                    f"(the next is #{event.sequence})"
                )
            return ChainReport(False, count, previous, expected_sequence, problem, count)
        whole = hash_of(event) == event.hash
        if event.previous_hash != previous and whole and count > 0:
            # This event is whole, but holds another hash for the one before it: that one
            # was changed and given a new hash that fits its new content.
            return ChainReport(
                False,
                count - 1,
                earlier,
                event.sequence - 1,
                f"its content was changed and its hash recomputed (event #{event.sequence} "
                f"still holds its old hash, {_short(event.previous_hash)}, and it now hashes "
                f"to {_short(previous)})",
                count - 1,
            )
        if event.previous_hash != previous:
            if count:
                problem = (
                    f"its link to event #{event.sequence - 1} was changed: it holds "
                    f"{_short(event.previous_hash)} where event #{event.sequence - 1} has "
                    f"{_short(previous)}"
                )
            else:
                problem = (
                    f"it does not start from the genesis hash: it holds "
                    f"{_short(event.previous_hash)}"
                )
            return ChainReport(False, count, previous, event.sequence, problem, count)
        if not whole:
            return ChainReport(
                False,
                count,
                previous,
                event.sequence,
                f"its content (now {event.action}) was changed after it was written: it hashes to "
                f"{_short(hash_of(event))}, not the {_short(event.hash)} it was stored with",
                count,
            )
        earlier, previous = previous, event.hash
        expected_sequence += 1
        count += 1
    return ChainReport(True, count, previous, head_sequence=count)


def audit_chain_head_problem(kept: str, report: ChainReport) -> str:
    """What became of a head kept from an earlier verify, `SEQUENCE:HASH` (or the hash
    alone, as heads were kept before they carried their number), in a chain that is
    consistent in itself; "" when it is still there."""
    number, _colon, digest = kept.strip().rpartition(":")
    if report.head_sequence:
        now = f"The trail now ends at event #{report.head_sequence}, head {report.kept_head}."
    else:
        now = "The trail is now empty."
    if not number:
        if AuditEvent.objects.filter(hash=digest).exists():
            return ""
        return (
            f"The trail no longer holds the kept head {digest}: events at its end were "
            f"removed, or it was rewritten from some event to its end. A head kept without "
            f"its number cannot tell which; keep heads as printed (NUMBER:HASH). {now}"
        )
    if not number.isdigit():
        return f"The kept head {kept} is not NUMBER:HASH, as verify prints it."
    sequence = int(number)
    held = AuditEvent.objects.filter(sequence=sequence).values_list("hash", flat=True).first()
    if held == digest:
        return ""
    if held is not None:
        return (
            f"Event #{sequence}, the kept head, now has another hash ({_short(held)}, not "
            f"{_short(digest)}): the trail was rewritten from event #{sequence} or an earlier "
            f"one, every event from the change on re-hashed. {now}"
        )
    first_gone = report.head_sequence + 1
    gone = (
        f"event #{sequence} has"
        if first_gone == sequence
        else f"events #{first_gone} to #{sequence} have"
    )
    return (
        f"The kept head is event #{sequence}, but the trail stops before it: {gone} been "
        f"removed from its end. {now}"
    )
