"""Demonstration measures and tasks on the demo cases: PHQ-9 histories that show reliable
improvement with recovery, no reliable change and deterioration, an EPDS and a PIR-GAS, a
measure due again, a corrected administration, an ordinary task and two open risk tasks:
one opened today, and one opened 7 working days ago, so escalated to the team's managers.
Idempotent: once any demo case has a measure recorded, nothing more is added."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from littleminds.casework import services_records as records
from littleminds.casework.models import Case
from littleminds.casework.models_records import Administration, Task
from littleminds.casework.selectors_records import working_days_before

# For each demo case in turn: (measure, days ago, answers), oldest first.
HISTORIES: list[list[tuple[str, int, list[int]]]] = [
    [  # reliable improvement and recovery
        ("phq9", 70, [3, 3, 2, 2, 2, 2, 2, 1, 0]),
        ("phq9", 40, [2, 2, 1, 1, 1, 1, 1, 1, 0]),
        ("phq9", 6, [1, 1, 0, 1, 0, 0, 1, 0, 0]),
        ("pirgas", 6, [55]),
    ],
    [  # no reliable change, and the latest answers raise a risk
        ("gad7", 60, [2, 2, 1, 2, 1, 1, 1]),
        ("gad7", 8, [2, 1, 2, 1, 1, 1, 1]),
        ("phq9", 2, [2, 2, 1, 1, 1, 1, 1, 1, 1]),
    ],
    [  # reliable deterioration, due again (the latest is over 12 weeks old)
        ("epds", 150, [1, 1, 1, 0, 1, 1, 0, 1, 0, 0]),
        ("epds", 95, [2, 2, 2, 1, 2, 2, 1, 2, 1, 0]),
    ],
]


def load() -> dict[str, int]:
    cases = list(
        Case.objects.filter(status=Case.Status.OPEN, opened_by__isnull=False).order_by("pk")
    )
    if Administration.objects.filter(case__in=cases).exists():
        return {"administrations": 0}
    made = 0
    today = timezone.localdate()
    for history, case in zip(HISTORIES, cases, strict=False):
        by = case.opened_by
        assert by is not None
        parent = case.people.exclude(relationship="other").first()
        if parent is None:
            continue
        last = None
        for code, days, items in history:
            last = records.administration_record(
                by=by,
                case=case,
                measure=code,
                on=today - timedelta(days=days),
                items=items,
                answered_by=parent,
            )
            made += 1
        if made == len(history) and last is not None:
            # The first case: one administration entered wrongly and corrected.
            records.administration_record(
                by=by,
                case=case,
                measure=last.measure,
                on=last.on,
                items=last.items,
                answered_by=parent,
                replaces=last,
                reason="Entered against the wrong date at first; corrected.",
            )
            records.task_add(
                by=by,
                case=case,
                assigned_to=by,
                due_on=today + timedelta(days=7),
                description="Send the health visitor a summary of the plan.",
            )
    if len(cases) >= len(HISTORIES):
        made += _escalated_risk(cases[len(HISTORIES) - 1], today)
    return {"administrations": made}


# How long the escalated risk task has been open: past the 2 working days after which the
# team's managers see it.
ESCALATED_WORKING_DAYS = 7


def _escalated_risk(case: Case, today: date) -> int:
    """A PHQ-9 with its risk item above zero, recorded 7 working days ago on the third case
    (its only PHQ-9, so no change is worked out from it), whose risk task is still open: the
    team's managers see it under "Families with a risk task open 2 working days"."""
    by = case.opened_by
    parent = case.people.exclude(relationship="other").first()
    if by is None or parent is None:
        return 0
    opened = working_days_before(timezone.localtime(), ESCALATED_WORKING_DAYS)
    administration = records.administration_record(
        by=by,
        case=case,
        measure="phq9",
        on=opened.date(),
        items=[1, 1, 1, 1, 1, 0, 1, 0, 1],
        answered_by=parent,
    )
    # Demo data only: the task opened when the answers were recorded, a week and more ago.
    Administration.objects.filter(pk=administration.pk).update(recorded_at=opened)
    Task.objects.filter(administration=administration, kind=Task.Kind.RISK).update(
        created_at=opened, due_on=opened.date()
    )
    return 1
