"""The demonstration's full caseload (`caseload.py`): at least 40 cases in every state, each
closure reason, one reopened, one past its retention date, measure histories that show every
kind of change (worked out again here through `measures.scoring`), two open risk
tasks (one escalated), and nothing added by loading again."""

from __future__ import annotations

import io
import random
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent
from littleminds.casework.models import Allocation, Baby, Case, CaseEvent, Contact, Note
from littleminds.casework.models_care import (
    CaseIntervention,
    ChronologyEntry,
    GoalRating,
    SafeguardingFlag,
)
from littleminds.casework.models_closure import ClosingLetter, Closure
from littleminds.casework.models_records import Administration, Task
from littleminds.casework.selectors_records import current_administrations, escalation_cut_off
from littleminds.casework.services_closure import keep_until_for, retention_due
from littleminds.demo import caseload, data
from littleminds.measures.definitions import Measure, measure_of
from littleminds.measures.scoring import Classification, change, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    data.load()


@pytest.mark.usefixtures("loaded")
def test_it_has_at_least_40_cases_in_every_state() -> None:
    now = timezone.now()
    assert Case.objects.count() >= 40
    open_cases = Case.objects.filter(status=Case.Status.OPEN)
    assert open_cases.filter(contacts__isnull=True).exists()
    recorded = Contact.objects.filter(case__status=Case.Status.OPEN).exclude(outcome="")
    assert set(recorded.values_list("outcome", flat=True)) == set(Contact.Outcome.values)
    assert open_cases.filter(contacts__outcome="", contacts__starts_at__gt=now).exists()
    not_recorded = Contact.objects.filter(
        outcome="", starts_at__lt=now, case__status=Case.Status.OPEN
    )
    assert not_recorded.values("case").distinct().count() >= 2
    # A closed case has nothing planned: everything before it closed was recorded.
    assert not Contact.objects.filter(case__status=Case.Status.CLOSED, outcome="").exists()
    # The work is shared between the team's three clinicians.
    leads = Allocation.objects.filter(is_lead=True, end__isnull=True, case__in=open_cases)
    per_lead = leads.values("clinician").annotate(n=Count("pk"))
    assert len(per_lead) == 3
    assert all(row["n"] >= 8 for row in per_lead)
    for case in Case.objects.all():
        for contact in case.contacts.all():
            assert timezone.localdate(contact.starts_at) >= case.opened_on


@pytest.mark.usefixtures("loaded")
def test_it_closes_cases_for_each_reason_with_letters_and_reopens_one() -> None:
    current = Closure.objects.filter(reopened_on__isnull=True)
    assert set(current.values_list("reason", flat=True)) == set(Closure.Reason.values)
    other = current.get(reason=Closure.Reason.OTHER)
    assert other.reason_note
    for closure in current.select_related("case"):
        assert closure.case.status == Case.Status.CLOSED
        assert closure.case.closed_on == closure.closed_on
        assert closure.letters.exists()
        assert closure.keep_until == keep_until_for(closure.case.babies.all(), closure.closed_on)
        assert closure.closed_on >= closure.case.opened_on
        # Its history happened before it closed, not on the day the demonstration loaded.
        last = closure.case.events.order_by("-at").values_list("at", flat=True).first()
        assert last is not None
        assert timezone.localdate(last) == closure.closed_on
    assert ClosingLetter.objects.filter(to=ClosingLetter.To.GP).count() >= 8
    reopened = Closure.objects.get(reopened_on__isnull=False)
    assert reopened.case.status == Case.Status.OPEN
    assert reopened.reopen_reason
    assert reopened.closed_on < timezone.localdate() - timedelta(days=30)
    assert reopened.case.contacts.filter(starts_at__gt=timezone.now()).exists()


@pytest.mark.usefixtures("loaded")
def test_one_closed_case_is_past_its_retention_date() -> None:
    # The selector `littleminds retention report` lists.
    [due] = retention_due()
    today = timezone.localdate()
    assert due.keep_until < today
    assert due.closed_on < today - timedelta(days=20 * 366)
    [baby] = due.case.babies.all()
    assert baby.date_of_birth is not None
    assert baby.date_of_birth < today - timedelta(days=25 * 366)
    out = io.StringIO()
    call_command("retention", "report", stdout=out)
    assert str(due.case.code) in out.getvalue()
    assert "1 case(s) past their retention date" in out.getvalue()


@pytest.mark.usefixtures("loaded")
def test_it_has_the_family_details_and_care_a_real_caseload_has() -> None:
    assert Case.objects.annotate(n=Count("babies")).filter(n=2).exists()  # twins
    assert Baby.objects.filter(unborn=True, case__status=Case.Status.OPEN).exists()
    assert CaseEvent.objects.filter(action="baby_born").exists()
    assert Note.objects.filter(addendum_to__isnull=False).values("case").distinct().count() >= 2
    assert CaseIntervention.objects.values("case").distinct().count() >= 20
    assert CaseIntervention.objects.filter(end__isnull=False).exists()
    assert GoalRating.objects.values("goal").annotate(n=Count("pk")).filter(n__gte=3).exists()
    flagged = SafeguardingFlag.objects.values("case").distinct()
    assert flagged.count() >= 2
    chronology = ChronologyEntry.objects.filter(case__in=flagged)
    assert chronology.values("case").distinct().count() >= 2
    today = timezone.localdate()
    overdue = Task.objects.filter(done_at__isnull=True, due_on__lt=today, kind=Task.Kind.TASK)
    assert overdue.count() == 1
    assert Allocation.objects.filter(is_lead=False, end__isnull=True).exists()


@pytest.mark.usefixtures("loaded")
def test_measure_histories_show_every_kind_of_change_and_one_open_risk_task() -> None:
    histories: dict[tuple[int, str], list[Administration]] = defaultdict(list)
    for administration in current_administrations().order_by("on", "recorded_at", "pk"):
        # What was stored is what scoring makes of the answers.
        scored = score(administration.measure, administration.items)
        assert administration.total == scored.total
        assert administration.caseness == scored.caseness
        histories[(administration.case_id, administration.measure)].append(administration)
    seen: dict[str, set[Classification]] = defaultdict(set)
    recovered: set[str] = set()
    for (_case, code), history in histories.items():
        if code == "pirgas" or len(history) < 3:
            continue
        definition = measure_of(code)
        moved = change(code, *(_whole(definition, a.total) for a in (history[0], history[-1])))
        seen[code].add(moved.classification)
        if moved.recovered:
            recovered.add(code)
    for code in ("phq9", "gad7", "core10", "epds", "swemwbs"):
        assert seen[code] == set(Classification), code
    assert recovered == {"phq9", "gad7", "core10", "epds"}
    pirgas = [h for (_c, code), h in histories.items() if code == "pirgas"]
    assert any(len(h) >= 3 for h in pirgas)
    # Exactly two risk items above zero in the whole demonstration, each with its open task:
    # one opened today, one open 7 working days (escalated to the team's managers).
    assert sum(1 for a in Administration.objects.all() if a.risk) == 2
    assert Task.objects.filter(kind=Task.Kind.RISK, done_at__isnull=True).count() == 2
    assert Task.objects.filter(kind=Task.Kind.RISK).count() == 2
    escalated = Task.objects.filter(
        kind=Task.Kind.RISK, done_at__isnull=True, created_at__lte=escalation_cut_off()
    )
    assert escalated.count() == 1


def _whole(definition: Measure, total: float) -> float | int:
    """A stored total as scoring takes it: whole where the measure's totals are."""
    return int(total) if definition.whole_totals else total


def test_loading_again_adds_nothing() -> None:
    data.load()
    models = [Case, Contact, Note, Administration, Task, Closure, ClosingLetter, GoalRating]
    before = [model._default_manager.count() for model in models]
    events = AuditEvent.objects.count()

    again = data.load()

    assert again["cases"] == again["caseload"] == 0
    assert [model._default_manager.count() for model in models] == before
    assert AuditEvent.objects.count() == events


def test_the_answers_are_the_same_on_every_load_and_never_raise_a_risk() -> None:
    for code, totals in [
        caseload.PHQ9_WORSE,
        caseload.CORE10_RECOVERY,
        caseload.EPDS_RECOVERY,
        caseload.SWEMWBS_WORSE,
    ]:
        for total in totals:
            answers = caseload.answers_for(code, total, random.Random(7))
            assert answers == caseload.answers_for(code, total, random.Random(7))
            scored = score(code, answers)
            assert scored.raw == total
            assert scored.risk == ()


def test_every_family_is_named_once() -> None:
    names = [caseload.parent_name(index) for index in range(len(caseload.STORIES))]
    assert len(set(names)) == len(names) >= 36


@pytest.mark.usefixtures("loaded")
def test_the_manager_opens_every_demo_case_the_caseloads_and_the_retention_page(
    client: Client, sign_in: Callable[[Client, User], Client]
) -> None:
    manager = User.objects.get(email="manager@littleminds.example")
    sign_in(client, manager)
    for status in ("open", "closed"):
        page = client.get(reverse("casework:team"), {"status": status})
        assert page.status_code == 200
    for case in Case.objects.all():
        page = client.get(reverse("casework:case", kwargs={"code": case.code}))
        assert page.status_code == 200, case.code
    for letter in ClosingLetter.objects.select_related("closure__case")[:3]:
        url = reverse(
            "casework:letter",
            kwargs={"code": letter.closure.case.code, "letter": letter.code},
        )
        assert client.get(url).status_code == 200
    [due] = retention_due()
    assert str(due.case.code) in client.get(reverse("casework:retention")).content.decode()
