"""Demo data only: moving a demonstration case's dates back in time.

The casework services stamp a case's opening, its allocations and its closure with the day
they run (`case_open_without_referral`, `case_close`): a live service records what happens
today, and no form lets anyone backdate a closure. A demonstration loaded today still needs
cases that opened months ago, closed last season, or closed so long ago that their records
are past their retention date. So the demonstration makes each case through the real
services, as it happened, and only then moves its dates back with the helpers below.

The same goes for the case's history (`CaseEvent`) and a contact's planned and recorded
times, which the services stamp with the moment the loader runs: a contact held in the
spring is recorded in the spring. Signed notes keep the moment they were signed (the
database refuses to change them, ADR 0024), as does every administration and task.

They write the rows directly and nothing else should call them. What they keep true:

- the retention date is worked out again by the service's own rule
  (`services_closure.keep_until_for`) from the backdated closing day, never typed;
- the case's opening and closing days and its closing letters agree with each other;
- the audit trail is left as it is: its hash chain records when the loader ran, which is
  the truth (as `referrals._backdate` does for the demonstration's referrals).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from littleminds.casework.models import Allocation, Case, CaseEvent, Contact
from littleminds.casework.models_closure import ClosingLetter, Closure
from littleminds.casework.services_closure import keep_until_for


def _morning(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))


def demo_only_backdate_opening(case: Case, opened_on: date) -> None:
    """The case opened on `opened_on`: its allocations start then, and its history's first
    events (opened, lead allocated) happened then."""
    Case.objects.filter(pk=case.pk).update(opened_on=opened_on)
    Allocation.objects.filter(case=case).update(start=opened_on)
    CaseEvent.objects.filter(
        case=case, action__in=["opened", "opened_without_referral", "lead_allocated", "allocated"]
    ).update(at=_morning(opened_on))
    case.refresh_from_db()


def demo_only_backdate_closure(closure: Closure, closed_on: date) -> Closure:
    """The case closed on `closed_on` (on or after it opened): the closure, the case, the
    closing letters and the "closed" event say so, and the records are kept until the day
    the retention rule gives for that closing day."""
    case = closure.case
    assert case.opened_on <= closed_on <= timezone.localdate()
    keep_until = keep_until_for(case.babies.all(), closed_on)
    Closure.objects.filter(pk=closure.pk).update(closed_on=closed_on, keep_until=keep_until)
    Case.objects.filter(pk=case.pk, status=Case.Status.CLOSED).update(closed_on=closed_on)
    ClosingLetter.objects.filter(closure=closure).update(written_on=closed_on)
    CaseEvent.objects.filter(case=case, action="closed").update(at=_morning(closed_on))
    closure.refresh_from_db()
    case.refresh_from_db()
    return closure


def demo_only_history_mark(case: Case) -> int:
    """The last event of the case's history so far, for `demo_only_backdate_history`."""
    last = CaseEvent.objects.filter(case=case).order_by("-pk").values_list("pk", flat=True)
    return last.first() or 0


def demo_only_backdate_history(case: Case, since: int, at: datetime) -> None:
    """The case's history events after `since` (a `demo_only_history_mark`) happened at
    `at`: a contact recorded months ago is not listed as recorded today."""
    CaseEvent.objects.filter(case=case, pk__gt=since).update(at=at)


def demo_only_backdate_contact(contact: Contact) -> None:
    """A past contact was planned a week ahead and recorded the day it happened."""
    Contact.objects.filter(pk=contact.pk).update(
        planned_at=contact.starts_at - timedelta(days=7),
        recorded_at=(
            contact.starts_at + timedelta(minutes=contact.minutes + 30)
            if contact.recorded_at
            else None
        ),
    )
