"""Demonstration care on the demo cases: interventions from the catalogue, goals rated at
the start and at a review (one family's reliably better, one not yet), and one family with
an open safeguarding flag and its chronology. Adds nothing to a case that has some already.
The catalogue entries are taken or made by name: the migration seeds them, but a test that
empties the tables (the browser tests) loads the demo without them."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.casework import services_care
from littleminds.casework.models import Case
from littleminds.casework.models_care import FlagKind, Intervention
from littleminds.demo.referrals import CLINICIAN

# Per case, in order: the intervention, and the goals with their first and latest ratings.
PLANS = [
    (
        "Video Interaction Guidance",
        [("Enjoy bath time together", 2, 7), ("Feel calmer at night", 3, 6)],
    ),
    ("Watch Wait and Wonder", [("Play on the floor with the baby every day", 4, 5)]),
    ("Circle of Security Parenting", [("Know what the baby's cries mean", 1, 6)]),
]


def load() -> dict[str, int]:
    clinician = User.objects.filter(email=CLINICIAN).first()
    if clinician is None:
        return {"care": 0}
    cases = list(
        Case.objects.filter(status=Case.Status.OPEN, allocations__clinician=clinician)
        .distinct()
        .order_by("pk")[: len(PLANS)]
    )
    added = 0
    today = timezone.localdate()
    for case, (name, goals) in zip(cases, PLANS, strict=False):
        if case.interventions.exists() or case.goals.exists():
            continue
        start = max(case.opened_on, today - timedelta(days=60))
        services_care.intervention_add(
            by=clinician,
            case=case,
            intervention=Intervention.objects.get_or_create(name=name)[0],
            start=start,
            sessions=min(6, (today - start).days // 7),
        )
        for text, first, latest in goals:
            goal = services_care.goal_add(
                by=clinician, case=case, text=text, agreed_on=start, rating=first
            )
            services_care.goal_rate(by=clinician, goal=goal, rated_on=today, rating=latest)
        added += 1
    if cases and not cases[0].flags.exists():
        case = cases[0]
        raised = max(case.opened_on, today - timedelta(days=20))
        services_care.flag_raise(
            by=clinician,
            case=case,
            kind=FlagKind.objects.get_or_create(name="Child in need")[0],
            raised_on=raised,
        )
        services_care.chronology_add(
            by=clinician,
            case=case,
            happened_on=raised,
            text="Child in need plan agreed at a meeting with children's social care.",
        )
    return {"care": added}
