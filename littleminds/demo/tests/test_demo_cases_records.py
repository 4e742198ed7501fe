"""The demonstration's measures and tasks: change of every kind, a correction, a measure
due, one open risk task; loaded once."""

from __future__ import annotations

import pytest

from littleminds.casework.models import Case
from littleminds.casework.models_records import Administration, Task
from littleminds.casework.selectors_records import caseload_change
from littleminds.demo import data

pytestmark = pytest.mark.django_db


def test_it_records_measure_histories_and_one_risk_task_once() -> None:
    data.load()
    count = Administration.objects.count()
    assert count >= 8
    assert Administration.objects.filter(replaces__isnull=False).count() == 1
    assert Task.objects.filter(kind=Task.Kind.RISK, done_at__isnull=True).count() == 1
    sums = caseload_change(Case.objects.all())
    assert sums["PHQ-9"].improvement >= 1
    assert sums["PHQ-9"].recovery >= 1
    assert sums["GAD-7"].no_change >= 1
    assert sums["Edinburgh Postnatal Depression Scale (EPDS)"].deterioration >= 1
    assert data.load()["administrations"] == 0
    assert Administration.objects.count() == count
