"""Demonstration measures and tasks on the demo cases: PHQ-9 histories that show reliable
improvement with recovery, no reliable change and deterioration, an EPDS and a PIR-GAS, a
measure due again, a corrected administration, an ordinary task and one open risk task.
Idempotent: once any demo case has a measure recorded, nothing more is added."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from littleminds.casework import services_records as records
from littleminds.casework.models import Case
from littleminds.casework.models_records import Administration

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
    return {"administrations": made}
