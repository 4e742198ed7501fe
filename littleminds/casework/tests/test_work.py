"""Casework's numbers on "Your work": the families a clinician sees today, and those with a
past contact of theirs not recorded, each linked to "Your cases" showing exactly them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission, Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.casework import selectors, services
from littleminds.casework import services_records as records
from littleminds.casework.models import Case, Contact, Task
from littleminds.casework.tests.factories import at, open_case, planned

pytestmark = pytest.mark.django_db


def work_of(client: Client) -> dict[str, tuple[int, str]]:
    return {item.key: (item.number, item.url) for item in client.get("/work/").context["work"]}


@pytest.fixture(autouse=True)
def early_morning() -> Iterator[None]:
    """Today's contacts are all still to come."""
    with time_machine.travel(at(0, hour=7), tick=False):
        yield


@pytest.fixture
def cases(clinician: User, practitioner: User) -> dict[str, Case]:
    """Four of the clinician's cases: one seen today (twice), one with a contact from last
    week not recorded, one whose past contact is recorded and whose next is tomorrow, and
    one led by a colleague whose own contact today is not the clinician's."""
    made = {
        name: open_case(referrer=practitioner, clinician=clinician, baby_name=name)
        for name in ("Today", "Missed", "Done")
    }
    colleague = UserFactory.create(
        full_name="Cleo Colleague", roles=[(Role.CLINICIAN, made["Today"].team)]
    )
    made["Theirs"] = open_case(
        referrer=practitioner, clinician=clinician, lead=colleague, baby_name="Theirs"
    )
    for hour in (9, 15):
        services.contact_plan(
            by=clinician,
            case=made["Today"],
            clinician=clinician,
            starts_at=at(0, hour=hour),
            minutes=60,
            place=Contact.Place.HOME,
        )
    planned(made["Missed"], clinician, -7)
    held = planned(made["Done"], clinician, -2)
    services.contact_record(by=clinician, contact=held, outcome="attended")
    planned(made["Done"], clinician, 1)
    planned(made["Theirs"], colleague, 0)
    return made


def listed(client: Client, url: str) -> list[str]:
    return [row.baby for row in client.get(url).context["rows"]]


def test_it_counts_the_clinicians_families_with_links_to_exactly_them(
    as_persona: Callable[[str], Client], cases: dict[str, Case]
) -> None:
    client = as_persona("clinician")
    work = work_of(client)

    today, today_url = work["cases_contacts_today"]
    missed, missed_url = work["cases_not_recorded"]

    assert (today, today_url) == (1, "/cases/?contact=today")
    assert listed(client, today_url) == ["Today"]
    assert (missed, missed_url) == (1, "/cases/?contact=not_recorded")
    assert listed(client, missed_url) == ["Missed"]


def test_a_recorded_contact_leaves_the_count(
    as_persona: Callable[[str], Client], cases: dict[str, Case], clinician: User
) -> None:
    contact = cases["Missed"].contacts.get()
    services.contact_record(by=clinician, contact=contact, outcome="did_not_attend")

    assert work_of(as_persona("clinician"))["cases_not_recorded"][0] == 0


def test_it_counts_nothing_in_other_teams_and_is_not_shown_to_others(
    as_persona: Callable[[str], Client], cases: dict[str, Case]
) -> None:
    work = work_of(as_persona("other_clinician"))
    assert work["cases_contacts_today"][0] == 0
    assert work["cases_not_recorded"][0] == 0
    assert "cases_contacts_today" not in work_of(as_persona("practitioner"))


def test_a_wrong_contact_filter_shows_an_error(as_persona: Callable[[str], Client]) -> None:
    response = as_persona("clinician").get("/cases/?contact=yesterday")
    assert response.context["form"].errors["contact"]


def test_both_numbers_are_one_query_however_many_cases(
    cases: dict[str, Case], clinician: User, practitioner: User, django_assert_num_queries: Any
) -> None:
    for name in ("More", "Again"):
        more = open_case(referrer=practitioner, clinician=clinician, baby_name=name)
        planned(more, clinician, -1)
    clinician.teams_with(Permission.CASES_VIEW)  # the person's roles, read once a request
    with django_assert_num_queries(1):
        counts = selectors.my_contact_counts(clinician)
    assert counts == {"today": 1, "not_recorded": 3}


# Tasks and measures due: each number is the length of the list it links to ----------------


def _task(case: Case, to: User, days: int, *, done: bool = False) -> Task:
    """A task given to `to` on `case`, due `days` from today (made directly: a task on
    another team's case cannot be given through the services, but one given before the
    case moved to that team is still there)."""
    return Task.objects.create(
        case=case,
        assigned_to=to,
        due_on=timezone.localdate() + timedelta(days=days),
        description="Ring the health visitor",
        created_by=to,
        done_at=timezone.now() if done else None,
        done_by=to if done else None,
        done_note="Done" if done else "",
    )


def _measure_due(case: Case, by: User, days_ago: int) -> None:
    records.administration_record(
        by=by,
        case=case,
        measure="phq9",
        on=timezone.localdate() - timedelta(days=days_ago),
        items=[1, 1, 1, 1, 1, 1, 1, 1, 0],
        answered_by=case.people.first(),
    )


def _close(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(status="closed", closed_on=timezone.localdate())


def _to_other_team(case: Case, other_team: Team) -> None:
    Case.objects.filter(pk=case.pk).update(team=other_team)


@pytest.fixture
def due(clinician: User, practitioner: User, other_team: Team) -> dict[str, Case]:
    """The clinician's tasks and measures, counted and not: a case with two tasks due (one
    overdue), one with a task due tomorrow and one done, a colleague's case with a task
    given to the clinician, and a closed case and another team's case each with a task of
    theirs due and a measure due; a case with a measure due and one with a measure not
    due yet."""
    colleague = UserFactory.create(
        full_name="Cleo Colleague", roles=[(Role.CLINICIAN, clinician.teams()[0])]
    )
    made = {
        name: open_case(referrer=practitioner, clinician=clinician, baby_name=name)
        for name in ("Two tasks", "Not yet", "Closed", "Moved", "Measure due", "Measure later")
    }
    made["Colleague's"] = open_case(
        referrer=practitioner, clinician=colleague, lead=colleague, baby_name="Colleague's"
    )
    _task(made["Two tasks"], clinician, 0)
    _task(made["Two tasks"], clinician, -3)
    _task(made["Not yet"], clinician, 1)
    _task(made["Not yet"], clinician, -1, done=True)
    _task(made["Colleague's"], clinician, -1)
    _task(made["Colleague's"], colleague, -1)  # theirs: counts for them, not for the clinician
    for name in ("Closed", "Moved"):
        _task(made[name], clinician, -1)
        _measure_due(made[name], clinician, 90)
    _measure_due(made["Measure due"], clinician, 84)
    _measure_due(made["Measure later"], clinician, 83)
    _measure_due(made["Colleague's"], colleague, 100)  # not allocated to the clinician
    _close(made["Closed"])
    _to_other_team(made["Moved"], other_team)
    return made


@pytest.mark.parametrize(
    ("key", "url", "families"),
    [
        ("tasks_due", "/cases/?tasks=due", ["Colleague's", "Two tasks"]),
        ("measures_due", "/cases/?measures=due", ["Measure due"]),
    ],
)
def test_tasks_and_measures_due_link_to_a_list_of_exactly_those_families(
    as_persona: Callable[[str], Client],
    due: dict[str, Case],
    key: str,
    url: str,
    families: list[str],
) -> None:
    client = as_persona("clinician")
    number, link = work_of(client)[key]
    assert link == url
    assert number == len(families)
    response = client.get(url)
    assert sorted(listed(client, url)) == families
    assert response.context["page"].paginator.count == number
    html = response.content.decode()
    assert "Showing only the cases with:" in html
    assert 'href="/cases/">Show all your cases</a>' in html


def test_the_counts_follow_the_work(
    as_persona: Callable[[str], Client], due: dict[str, Case], clinician: User
) -> None:
    client = as_persona("clinician")
    Task.objects.filter(case=due["Two tasks"]).update(
        done_at=timezone.now(), done_by=clinician, done_note="Rang"
    )
    _measure_due(due["Measure due"], clinician, 0)
    work = work_of(client)
    assert work["tasks_due"][0] == 1
    assert listed(client, work["tasks_due"][1]) == ["Colleague's"]
    assert work["measures_due"][0] == 0
    assert listed(client, work["measures_due"][1]) == []


def test_nothing_is_counted_for_another_teams_clinician(
    as_persona: Callable[[str], Client], due: dict[str, Case]
) -> None:
    client = as_persona("other_clinician")
    work = work_of(client)
    assert work["tasks_due"][0] == 0
    assert work["measures_due"][0] == 0
    assert listed(client, "/cases/?tasks=due") == []


def test_an_unfiltered_list_says_nothing_of_filters(
    as_persona: Callable[[str], Client], due: dict[str, Case]
) -> None:
    response = as_persona("clinician").get("/cases/")
    assert "Showing only the cases with:" not in response.content.decode()
    assert response.context["filtered_to"] == []


@pytest.mark.parametrize("query", ["tasks=soon", "measures=yes"])
def test_a_wrong_due_filter_shows_an_error(as_persona: Callable[[str], Client], query: str) -> None:
    response = as_persona("clinician").get(f"/cases/?{query}")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["page"] is None
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select a valid choice" not in html


# Risk tasks open 2 working days, for the team's managers -----------------------------------


def _risk_task(case: Case, to: User, working_days_ago: int) -> Task:
    """An open risk task made `working_days_ago` working days ago (made directly: the
    services make risk tasks only from a measure's answers, today)."""
    made = timezone.now() - timedelta(days=working_days_ago)
    while made.weekday() >= 5 or (
        working_days_ago and (timezone.now() - made).days < working_days_ago
    ):
        made -= timedelta(days=1)
    task = _task(case, to, 1)
    Task.objects.filter(pk=task.pk).update(kind=Task.Kind.RISK, created_at=made - timedelta(days=2))
    return task


def test_risks_open_two_working_days_link_to_a_list_of_exactly_those_families(
    as_persona: Callable[[str], Client], clinician: User, practitioner: User, other_team: Team
) -> None:
    made = {
        name: open_case(referrer=practitioner, clinician=clinician, baby_name=name)
        for name in ("Two risks", "One risk", "Fresh risk", "Closed", "Moved", "No risk")
    }
    _risk_task(made["Two risks"], clinician, 5)
    _risk_task(made["Two risks"], clinician, 6)
    _risk_task(made["One risk"], clinician, 4)
    fresh = _task(made["Fresh risk"], clinician, 1)
    Task.objects.filter(pk=fresh.pk).update(kind=Task.Kind.RISK)
    for name in ("Closed", "Moved"):
        _risk_task(made[name], clinician, 5)
    _close(made["Closed"])
    _to_other_team(made["Moved"], other_team)
    manager = as_persona("manager")
    number, link = work_of(manager)["risks_escalated"]
    assert link == "/cases/team/?risk=escalated"
    response = manager.get(link)
    assert sorted(listed(manager, link)) == ["One risk", "Two risks"]
    assert number == 2 == response.context["page"].paginator.count
    html = response.content.decode()
    assert "A risk task open 2 working days or more" in html
    assert 'href="/cases/team/">Show all the team' in html
    # Closing the risk tasks empties both.
    Task.objects.filter(case=made["One risk"]).update(
        done_at=timezone.now(), done_by=clinician, done_note="Rang the GP"
    )
    number, link = work_of(manager)["risks_escalated"]
    assert number == 1
    assert listed(manager, link) == ["Two risks"]
    # Clinicians manage no team: no such number, and the team list is not filtered for them.
    assert "risks_escalated" not in work_of(as_persona("clinician"))


def test_a_wrong_risk_filter_shows_an_error(as_persona: Callable[[str], Client]) -> None:
    response = as_persona("manager").get("/cases/team/?risk=soon")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["page"] is None
    html = response.content.decode()
    assert "There is a problem" in html
    assert (
        "The link asked for risk tasks in a way the list does not know: use the link on Your work"
        in html
    )
    assert "soon" not in html.split("<main", 1)[1]


@pytest.mark.parametrize(
    ("persona", "query", "message"),
    [
        ("manager", "sort=sideways", "The link asked for an order in a way the list does not"),
        ("manager", "status=lost", "The link asked for cases in a way the list does not know"),
        ("manager", "contact=x", "The link asked for contacts in a way the list does not"),
        ("clinician", "tasks=x", "The link asked for tasks in a way the list does not know"),
        ("clinician", "measures=x", "The link asked for measures in a way the list does"),
    ],
)
def test_an_unknown_caseload_value_says_so_plainly(
    as_persona: Callable[[str], Client], persona: str, query: str, message: str
) -> None:
    url = "/cases/team/" if persona == "manager" else "/cases/"
    response = as_persona(persona).get(f"{url}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "Select a valid choice" not in html
