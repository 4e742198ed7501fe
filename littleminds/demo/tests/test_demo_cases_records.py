"""The demonstration's measures and tasks: change of every kind, a correction, a measure
due, two open risk tasks (one escalated to the managers); loaded once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.casework.models import Case
from littleminds.casework.models_records import Administration, Task
from littleminds.casework.selectors_records import (
    caseload_change,
    escalated_risk_tasks,
    escalation_cut_off,
    working_days_before,
)
from littleminds.demo import data
from littleminds.demo.referrals import MANAGER

pytestmark = pytest.mark.django_db


def test_it_records_measure_histories_and_one_risk_task_once() -> None:
    data.load()
    count = Administration.objects.count()
    assert count >= 8
    assert Administration.objects.filter(replaces__isnull=False).count() == 1
    # Two open risk tasks: one opened today, one open 7 working days, which the team's
    # managers see (escalated after 2 working days).
    risks = Task.objects.filter(kind=Task.Kind.RISK, done_at__isnull=True)
    assert risks.count() == 2
    assert risks.filter(created_at__lte=escalation_cut_off()).count() == 1
    escalated = risks.get(created_at__lte=escalation_cut_off())
    assert escalated.created_at <= working_days_before(timezone.localtime(), 7)
    manager = User.objects.get(email=MANAGER)
    assert list(escalated_risk_tasks(manager)) == [escalated]
    sums = caseload_change(Case.objects.all())
    assert sums["PHQ-9"].improvement >= 1
    assert sums["PHQ-9"].recovery >= 1
    assert sums["GAD-7"].no_change >= 1
    assert sums["Edinburgh Postnatal Depression Scale (EPDS)"].deterioration >= 1
    assert data.load()["administrations"] == 0
    assert Administration.objects.count() == count
