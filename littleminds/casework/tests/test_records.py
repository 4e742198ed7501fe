"""Outcome measures on a case, risk and tasks: storage, replacement, computed fields, the
risk task with its alert and e-mail, closing a risk task, escalation to the managers after
2 working days, the caseload's columns and the pages' query counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.accounts.work import work_for
from littleminds.audit.models import AuditEvent
from littleminds.casework import services_records as records
from littleminds.casework.models import Case, CasePerson
from littleminds.casework.models_records import Administration, Task
from littleminds.casework.selectors_records import (
    caseload_change,
    records_section,
    risk_task_of,
    working_days_before,
)
from littleminds.casework.tests.factories import open_case
from littleminds.notifications.models import Notification

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, User], Client]
CALM = [1, 1, 1, 1, 1, 1, 1, 1, 0]  # PHQ-9 total 8, item 9 (the risk item) at zero


@pytest.fixture
def case(clinician: User, practitioner: User) -> Case:
    return open_case(referrer=practitioner, clinician=clinician)


@pytest.fixture
def parent(case: Case) -> CasePerson:
    return case.people.get()


@pytest.fixture
def as_clinician(client: Client, clinician: User, sign_in: SignIn) -> Client:
    return sign_in(client, clinician)


def record(
    case: Case,
    by: User,
    parent: CasePerson | None,
    items: list[int],
    days_ago: int = 0,
    **kw: Any,
) -> Administration:
    return records.administration_record(
        by=by,
        case=case,
        measure="phq9",
        on=timezone.localdate() - timedelta(days=days_ago),
        items=items,
        answered_by=parent,
        **kw,
    )


def case_url(case: Case) -> str:
    return reverse("casework:case", kwargs={"code": case.code})


def test_it_stores_the_answers_and_what_scoring_made_of_them(
    case: Case, clinician: User, parent: CasePerson
) -> None:
    given = record(case, clinician, parent, [3, 3, 3, 2, 2, 2, 1, 1, 0])
    stored = Administration.objects.get(pk=given.pk)
    assert stored.items == [3, 3, 3, 2, 2, 2, 1, 1, 0]
    assert stored.total == 17
    assert stored.band == "moderately severe"
    assert stored.caseness is True
    assert stored.risk == []
    assert stored.answered_by == parent
    assert AuditEvent.objects.filter(action="administration.recorded").count() == 1
    assert not Task.objects.exists()


def test_a_parents_measure_needs_a_parent_and_pirgas_none(
    case: Case, clinician: User, parent: CasePerson
) -> None:
    with pytest.raises(records.NotAllowed):
        record(case, clinician, None, CALM)
    rated = records.administration_record(
        by=clinician,
        case=case,
        measure="pirgas",
        on=timezone.localdate(),
        items=[55],
        answered_by=parent,
    )
    assert rated.answered_by is None


def test_a_measure_without_a_cut_off_is_recorded_with_no_caseness(
    case: Case, clinician: User, parent: CasePerson
) -> None:
    """SWEMWBS has no cut-off: its caseness is none, which the record must accept (it was
    refused as blank)."""
    given = records.administration_record(
        by=clinician,
        case=case,
        measure="swemwbs",
        on=timezone.localdate(),
        items=[3, 3, 3, 3, 3, 3, 3],
        answered_by=parent,
    )
    stored = Administration.objects.get(pk=given.pk)
    assert stored.caseness is None
    assert stored.total == 19.25  # raw 21, by the published conversion table
    assert stored.band == ""


def test_an_outsider_cannot_record(case: Case, other_clinician: User, parent: CasePerson) -> None:
    with pytest.raises(records.NotAllowed):
        record(case, other_clinician, parent, CALM)
    assert not Administration.objects.exists()


def test_a_correction_replaces_the_earlier_one_and_both_are_kept(
    case: Case, clinician: User, parent: CasePerson
) -> None:
    wrong = record(case, clinician, parent, [3] * 8 + [0], days_ago=10)
    right = record(case, clinician, parent, CALM, days_ago=10, replaces=wrong, reason="Typo")
    assert Administration.objects.count() == 2
    section = records_section(case, by=clinician)
    [phq9] = section.measures
    assert phq9.administrations == [right]
    assert {a.pk for a in section.history} == {wrong.pk, right.pk}
    assert AuditEvent.objects.filter(action="administration.replaced").count() == 1
    with pytest.raises(records.NotAllowed):
        record(case, clinician, parent, CALM, replaces=wrong)


def test_a_risk_item_opens_a_task_for_the_lead_and_tells_them(
    case: Case,
    clinician: User,
    manager: User,
    parent: CasePerson,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        given = record(case, manager, parent, [*CALM[:8], 2])
    assert given.risk == [9]
    task = Task.objects.get()
    assert task.kind == Task.Kind.RISK
    assert task.assigned_to == clinician
    assert task.due_on == timezone.localdate()
    assert task.administration == given
    note = Notification.objects.get(recipient=Notification.Recipient.STAFF)
    assert note.recipient == Notification.Recipient.STAFF
    assert note.user == clinician
    assert note.template == Notification.Template.RISK_TASK
    assert str(case.code) in note.body
    assert parent.name not in note.body
    assert parent.name not in note.subject
    assert len(callbacks) == 1
    assert AuditEvent.objects.filter(action="task.risk_opened").count() == 1


def test_the_e_mail_names_the_risk_task_and_links_to_it(
    case: Case, clinician: User, parent: CasePerson
) -> None:
    given = record(case, clinician, parent, [*CALM[:8], 3])
    task = risk_task_of(given)
    assert task is not None
    assert task.kind == Task.Kind.RISK
    assert risk_task_of(record(case, clinician, parent, CALM)) is None
    note = Notification.objects.get(recipient=Notification.Recipient.STAFF)
    assert "PHQ-9, item 9" in note.subject
    assert task.description in note.body
    assert f"{case_url(case)}#task-{task.code}" in note.body


def test_the_clinician_is_told_which_risk_task_opened_with_a_link_to_it(
    as_clinician: Client, case: Case, clinician: User, parent: CasePerson
) -> None:
    url = reverse("casework:administration-add", kwargs={"code": case.code, "measure": "phq9"})
    today = timezone.localdate()
    data: dict[str, object] = {"on_day": today.day, "on_month": today.month, "on_year": today.year}
    data["answered_by"] = str(parent.code)
    data.update({f"item_{n}": "1" for n in range(1, 10)})
    page = as_clinician.post(url, data, follow=True).content.decode()
    task = Task.objects.get(kind=Task.Kind.RISK)
    link = f'<a href="{case_url(case)}#task-{task.code}">{task.description}</a>'
    assert (
        f"so a risk task is open for {clinician.full_name}, due {today:%-d %B %Y}: {link}" in page
    )
    assert f'id="task-{task.code}"' in page
    assert f'href="#task-{task.code}"' in page


def test_the_case_and_caseload_show_the_risk(
    as_clinician: Client, case: Case, clinician: User, parent: CasePerson
) -> None:
    record(case, clinician, parent, [*CALM[:8], 1])
    page = as_clinician.get(case_url(case)).content.decode()
    assert "A risk to follow up" in page
    caseload = as_clinician.get(reverse("casework:mine")).content.decode()
    assert "1 risk to follow up" in caseload


def test_a_risk_task_is_closed_only_with_the_action_taken(
    as_clinician: Client, case: Case, clinician: User, parent: CasePerson
) -> None:
    record(case, clinician, parent, [*CALM[:8], 3])
    task = Task.objects.get()
    with pytest.raises(ValidationError):
        records.task_complete(by=clinician, task=task, note="  ")
    url = reverse("casework:task-done", kwargs={"code": case.code, "task": task.code})
    answer = as_clinician.post(url, {"note": ""})
    assert "Say what action was taken on the risk" in answer.content.decode()
    task.refresh_from_db()
    assert task.done_at is None
    as_clinician.post(url, {"note": "Called mother, safety plan agreed with GP"})
    task.refresh_from_db()
    assert task.done_at is not None
    assert task.done_by == clinician
    assert task.done_note == "Called mother, safety plan agreed with GP"


def test_a_risk_open_two_working_days_is_shown_to_the_managers(
    case: Case, clinician: User, manager: User, parent: CasePerson, client: Client, sign_in: SignIn
) -> None:
    friday = timezone.make_aware(datetime(2026, 12, 4, 10))
    with time_machine.travel(friday, tick=False):
        record(case, clinician, parent, [*CALM[:8], 1])

    def escalated(at: datetime) -> int:
        with time_machine.travel(at, tick=False):
            counts = {item.key: item.number for item in work_for(manager)}
            return counts["risks_escalated"]

    # The weekend does not count: Monday is one working day, Tuesday two.
    assert escalated(friday + timedelta(days=3)) == 0
    assert escalated(friday + timedelta(days=4, minutes=-1)) == 0
    assert escalated(friday + timedelta(days=4)) == 1
    # Clinicians are not managers: the count is not theirs.
    with time_machine.travel(friday + timedelta(days=5), tick=False):
        assert "risks_escalated" not in {i.key for i in work_for(clinician)}
        page = sign_in(client, manager).get(reverse("casework:team")).content.decode()
    assert "Open 2 working days or more" in page


def test_working_days_skip_weekends() -> None:
    monday = timezone.make_aware(datetime(2026, 12, 7, 9))
    assert working_days_before(monday, 2).date() == date(2026, 12, 3)
    assert working_days_before(monday, 1).date() == date(2026, 12, 4)


def test_tasks_are_added_overdue_ones_stand_out_and_counts_reach_your_work(
    as_clinician: Client, case: Case, clinician: User, parent: CasePerson
) -> None:
    url = reverse("casework:task-add", kwargs={"code": case.code})
    today = timezone.localdate()
    answer = as_clinician.post(
        url,
        {
            "description": "Send the health visitor the plan",
            "assigned_to": str(clinician.code),
            "due_on_day": today.day,
            "due_on_month": today.month,
            "due_on_year": today.year,
        },
    )
    assert answer.status_code == 302
    task = Task.objects.get()
    assert task.assigned_to == clinician
    assert task.due_on == today
    counts = {item.key: item.number for item in work_for(clinician)}
    assert counts["tasks_due"] == 1
    assert "task overdue" not in as_clinician.get(reverse("casework:mine")).content.decode()
    Task.objects.update(due_on=today - timedelta(days=1))
    caseload = as_clinician.get(reverse("casework:mine")).content.decode()
    assert "1 task overdue" in caseload


@pytest.mark.parametrize(
    ("description", "message"),
    [("", "Say what needs doing"), ("x" * 501, "must be 500 characters or fewer")],
)
def test_a_task_is_validated(
    as_clinician: Client, case: Case, clinician: User, description: str, message: str
) -> None:
    url = reverse("casework:task-add", kwargs={"code": case.code})
    answer = as_clinician.post(url, {"description": description, "assigned_to": ""})
    page = answer.content.decode()
    assert answer.status_code == 200
    assert message in page
    assert "Choose who will do it" in page
    assert not Task.objects.exists()


def test_a_measure_is_due_12_weeks_after_the_latest(
    as_clinician: Client, case: Case, clinician: User, parent: CasePerson
) -> None:
    record(case, clinician, parent, CALM, days_ago=83)
    assert {i.key: i.number for i in work_for(clinician)}["measures_due"] == 0
    assert "1 measure due" not in as_clinician.get(reverse("casework:mine")).content.decode()
    record(case, clinician, parent, CALM, days_ago=84)
    # The latest is still 83 days old: not due.
    assert {i.key: i.number for i in work_for(clinician)}["measures_due"] == 0
    Administration.objects.filter(on=timezone.localdate() - timedelta(days=83)).update(
        on=timezone.localdate() - timedelta(days=90)
    )
    assert {i.key: i.number for i in work_for(clinician)}["measures_due"] == 1
    assert "1 measure due" in as_clinician.get(reverse("casework:mine")).content.decode()
    assert "Due now" in as_clinician.get(case_url(case)).content.decode()


def test_the_change_is_shown_on_the_case_and_summed_over_the_caseload(
    as_clinician: Client, case: Case, clinician: User, parent: CasePerson
) -> None:
    record(case, clinician, parent, [3, 3, 3, 2, 2, 2, 1, 1, 0], days_ago=60)  # 17
    record(case, clinician, parent, [1, 1, 1, 1, 0, 0, 0, 0, 0], days_ago=1)  # 4
    page = as_clinician.get(case_url(case)).content.decode()
    assert "Reliable improvement" in page
    assert "reliable recovery" in page
    assert "<svg" in page
    sums = caseload_change(Case.objects.filter(pk=case.pk))
    assert sums["PHQ-9"].improvement == 1
    assert sums["PHQ-9"].recovery == 1
    caseload = as_clinician.get(reverse("casework:mine")).content.decode()
    assert "Change from first to latest measure" in caseload


def test_the_caseloads_change_table_follows_their_filters(
    as_clinician: Client, case: Case, clinician: User, parent: CasePerson, practitioner: User
) -> None:
    colleague = UserFactory.create(
        full_name="Cleo Colleague",
        organisation=case.team.organisation,
        roles=[(Role.CLINICIAN, case.team)],
    )
    theirs = open_case(referrer=practitioner, clinician=clinician, lead=colleague)
    record(case, clinician, parent, [3, 3, 3, 2, 2, 2, 1, 1, 0], days_ago=60)  # 17
    record(case, clinician, parent, [1, 1, 1, 1, 0, 0, 0, 0, 0], days_ago=1)  # 4
    their_parent = theirs.people.get()
    record(theirs, clinician, their_parent, [1, 1, 1, 1, 0, 0, 0, 0, 0], days_ago=60)
    record(theirs, clinician, their_parent, [3, 3, 3, 2, 2, 2, 1, 1, 0], days_ago=1)

    def sums(url: str, **query: str) -> tuple[int, int] | None:
        summary = as_clinician.get(url, query).context["change_summary"]
        if not summary:
            return None
        return summary["PHQ-9"].improvement, summary["PHQ-9"].deterioration

    team = reverse("casework:team")
    assert sums(team) == (1, 1)
    assert sums(team, clinician=str(colleague.code)) == (0, 1)
    assert sums(team, clinician=str(clinician.code)) == (1, 0)
    assert sums(team, status="closed") is None
    assert sums(team, status="nonsense") is None
    mine = reverse("casework:mine")
    assert sums(mine) == (1, 0)
    assert sums(mine, status="closed") is None


def test_a_measure_is_recorded_through_its_page(
    as_clinician: Client, case: Case, clinician: User, parent: CasePerson
) -> None:
    url = reverse("casework:administration-add", kwargs={"code": case.code, "measure": "phq9"})
    today = timezone.localdate()
    data: dict[str, object] = {"on_day": today.day, "on_month": today.month, "on_year": today.year}
    data["answered_by"] = str(parent.code)
    data.update({f"item_{n}": "2" for n in range(1, 10)})
    data["item_9"] = "4"
    answer = as_clinician.post(url, data)
    assert "Item 9 score must be a whole number from 0 to 3" in answer.content.decode()
    data["item_9"] = "0"
    assert as_clinician.post(url, data).status_code == 302
    stored = Administration.objects.get()
    assert stored.total == 16
    assert stored.answered_by == parent


def test_the_epds_page_asks_for_scores_by_number_only(as_clinician: Client, case: Case) -> None:
    url = reverse("casework:administration-add", kwargs={"code": case.code, "measure": "epds"})
    page = as_clinician.get(url).content.decode()
    assert "Item 10 score" in page
    # No wording: the first EPDS question's well-known words appear nowhere.
    assert "laugh" not in page.lower()
    assert "harming" not in page.lower()


def test_unknown_measures_and_outsiders_get_404(
    case: Case, client: Client, sign_in: SignIn, other_clinician: User, clinician: User
) -> None:
    mine = sign_in(Client(), clinician)
    unknown = reverse("casework:administration-add", kwargs={"code": case.code, "measure": "nope"})
    assert mine.get(unknown).status_code == 404
    outsider = sign_in(client, other_clinician)
    for url in (
        reverse("casework:administration-add", kwargs={"code": case.code, "measure": "phq9"}),
        reverse("casework:task-add", kwargs={"code": case.code}),
    ):
        assert outsider.get(url).status_code == 404


def test_the_case_page_costs_the_same_with_more_measures_and_tasks(
    as_clinician: Client, case: Case, clinician: User, parent: CasePerson
) -> None:
    # One of each, so that every section is read (a section with no rows is not: ADR 0056).
    record(case, clinician, parent, CALM, days_ago=30)
    records.task_add(
        by=clinician,
        case=case,
        assigned_to=clinician,
        due_on=timezone.localdate(),
        description="Task 0",
    )
    with CaptureQueriesContext(connection) as few:
        as_clinician.get(case_url(case))
    for days in range(1, 8):
        record(case, clinician, parent, CALM, days_ago=days)
        records.task_add(
            by=clinician,
            case=case,
            assigned_to=clinician,
            due_on=timezone.localdate(),
            description=f"Task {days}",
        )
    records.administration_record(
        by=clinician, case=case, measure="pirgas", on=timezone.localdate(), items=[60]
    )
    with CaptureQueriesContext(connection) as many:
        as_clinician.get(case_url(case))
    assert len(many) == len(few)


def test_the_caseload_costs_the_same_with_more_records(
    as_clinician: Client, clinician: User, practitioner: User
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            as_clinician.get(reverse("casework:mine"))
        return len(queries)

    first = open_case(referrer=practitioner, clinician=clinician)
    record(first, clinician, first.people.get(), CALM, days_ago=100)
    before = count()
    for _ in range(3):
        other = open_case(referrer=practitioner, clinician=clinician)
        record(other, clinician, other.people.get(), [*CALM[:8], 1], days_ago=100)
        record(other, clinician, other.people.get(), CALM, days_ago=1)
    assert count() == before


def test_a_measure_is_corrected_through_its_page_once(
    as_clinician: Client, case: Case, clinician: User, parent: CasePerson
) -> None:
    wrong = record(case, clinician, parent, [3] * 8 + [0], days_ago=3)
    url = reverse(
        "casework:administration-replace",
        kwargs={"code": case.code, "measure": "phq9", "replaces": wrong.code},
    )
    assert "Both are kept; only this one counts." in as_clinician.get(url).content.decode()
    on = wrong.on
    data: dict[str, object] = {"on_day": on.day, "on_month": on.month, "on_year": on.year}
    data.update({f"item_{n}": "1" for n in range(1, 10)}, answered_by=str(parent.code))
    data["item_9"] = "0"
    answer = as_clinician.post(url, data)
    assert "Say what was wrong with the earlier one" in answer.content.decode()
    data["reason"] = "Item scores typed against the wrong items"
    assert as_clinician.post(url, data).status_code == 302
    right = Administration.objects.get(replaces=wrong)
    assert right.total == 8
    assert right.reason == "Item scores typed against the wrong items"
    assert as_clinician.get(url).status_code == 404
    other = reverse(
        "casework:administration-replace",
        kwargs={"code": case.code, "measure": "gad7", "replaces": right.code},
    )
    assert as_clinician.get(other).status_code == 404


def _label_and_hint(page: str, number: int) -> str:
    import re

    found = re.search(
        rf'<label class="nhsuk-label" for="id_item_{number}">(.*?)</label>\s*'
        rf'<div class="nhsuk-hint" id="id_item_{number}-hint">(.*?)</div>',
        page,
        re.S,
    )
    assert found, number
    return f"{found.group(1).strip()} | {found.group(2).strip()}"


@pytest.mark.parametrize(
    ("measure", "risk", "plain", "expected"),
    [
        (
            "phq9",
            9,
            8,
            "Item 9 score | From 0 to 3. Risk item: an answer above 0 opens a risk task",
        ),
        ("core10", 6, 5, "Item 6 score | From 0 to 4. Risk item: an answer above 0 opens"),
        ("epds", 10, 9, "Item 10 score (risk item) | From 0 to 3. An answer above 0 opens a risk"),
    ],
)
def test_the_form_marks_the_risk_item(
    as_clinician: Client, case: Case, measure: str, risk: int, plain: int, expected: str
) -> None:
    url = reverse("casework:administration-add", kwargs={"code": case.code, "measure": measure})
    page = as_clinician.get(url).content.decode()
    assert _label_and_hint(page, risk).startswith(expected)
    assert "risk" not in _label_and_hint(page, plain).lower()
