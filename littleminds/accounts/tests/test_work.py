"""The "Your work" page and the header menu: each person's day, with every number linked
to the list behind it, counted only in the person's own teams."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.casework import services_records as casework_records
from littleminds.casework.models import Case
from littleminds.casework.tests.factories import open_case, planned
from littleminds.conftest import PERSONAS, pass_second_factor
from littleminds.directory.models import Service
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.notifications.models import Notification
from littleminds.pathway import services as pathway_services
from littleminds.pathway.tests.factories import default_rules
from littleminds.referrals import services
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import intake_for, sent_referral

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_navigator_is_in_every_staff_menu(
    as_persona: Callable[[str], Client], persona: str
) -> None:
    navigation = as_persona(persona).get("/work/").context["navigation"]
    assert ("Navigator", "/navigator/") in [(item.label, item.url) for item in navigation]


@pytest.fixture
def waiting(team: Team, practitioner: User, clinician: User) -> dict[str, Referral]:
    """The team's referrals: one waiting 20 days, one 3 days, one answered by its referrer
    and one decided."""
    intake_for(team)

    def sent_days_ago(days: int) -> Referral:
        with time_machine.travel(timezone.now() - timedelta(days=days), tick=False):
            return sent_referral(practitioner)

    made = {"old": sent_days_ago(20), "new": sent_days_ago(3), "answered": sent_days_ago(5)}
    services.referral_request_info(by=clinician, referral=made["answered"], question="GP?")
    services.referral_answer_info(by=practitioner, referral=made["answered"], answer="Dr E.")
    services.referral_accept(by=clinician, referral=sent_days_ago(1))
    return made


def work_of(client: Client) -> dict[str, tuple[int, str]]:
    return {item.key: (item.number, item.url) for item in client.get("/work/").context["work"]}


@pytest.mark.parametrize("persona", ["clinician", "manager"])
def test_it_shows_the_teams_triage_work_with_links_to_the_lists(
    as_persona: Callable[[str], Client], persona: str, waiting: dict[str, Referral]
) -> None:
    client = as_persona(persona)
    work = work_of(client)
    assert work["triage_waiting"] == (3, "/triage/?status=triage")
    assert work["triage_due"] == (1, "/triage/?status=due")
    assert work["triage_answered"] == (1, "/triage/?status=answered")
    html = unescape(client.get("/work/").content.decode())
    assert "The oldest has waited 20 days." in html
    assert "waiting 14 days or more since they were sent" in html


def test_it_counts_only_the_persons_own_teams(
    as_persona: Callable[[str], Client], waiting: dict[str, Referral]
) -> None:
    work = work_of(as_persona("other_clinician"))
    assert work["triage_waiting"][0] == 0
    assert work["triage_due"][0] == 0
    assert work["triage_answered"][0] == 0
    assert "triage_waiting" not in work_of(as_persona("practitioner"))


# A manager's day, and a practitioner's: every number, and the list behind it. ---------------


@pytest.fixture
def day(
    team: Team, other_team: Team, practitioner: User, clinician: User, manager: User
) -> dict[str, Any]:
    """The team's referrals waiting (`waiting`'s, by the fixture below), two of whose
    notifications failed and one that waits to go; another team's failed one; services
    confirmed long ago, never, lately and a closed one never; a draft of the navigator's
    rules; and the practitioner's two drafts and a question from the team."""
    intake_for(team)
    made = {name: sent_referral(practitioner) for name in ("a", "b", "c")}
    for referral, status in ((made["a"], "failed"), (made["b"], "failed"), (made["c"], "queued")):
        Notification.objects.filter(referral=referral).update(
            status=status, attempts=1, last_error="ConnectionError"
        )
    theirs = sent_referral(practitioner)
    theirs.team = other_team
    theirs.save(update_fields=["team"])
    Notification.objects.filter(referral=theirs).update(status="failed", attempts=1)
    long_ago = timezone.now() - timedelta(days=200)
    ServiceFactory.create(name="Confirmed long ago", confirmed_at=long_ago)
    ServiceFactory.create(name="Confirmed lately", confirmed_at=timezone.now())
    ServiceFactory.create(name="Closed", status=Service.Status.DECOMMISSIONED)
    Notification.objects.create(
        recipient="account",
        user=manager,
        channel="email",
        template="invitation",
        to=manager.email,
        status="failed",
        attempts=1,
    )
    pathway_services.draft_create(by=manager, from_version=default_rules())
    for _ in range(2):
        services.draft_start(by=practitioner)
    services.referral_request_info(by=clinician, referral=made["a"], question="Which GP?")
    casework_day(practitioner, clinician)
    return made


def casework_day(practitioner: User, clinician: User) -> None:
    """The clinician's families: one with a past contact not recorded, a task due and a
    measure due, one with a task due only, and a closed one with both (not counted)."""
    first, second, closed = (
        open_case(referrer=practitioner, clinician=clinician, postcode=f"BD{n} 2AA")
        for n in (7, 8, 9)
    )
    planned(first, clinician, -2)
    for case in (first, second, closed):
        casework_records.task_add(
            by=clinician,
            case=case,
            assigned_to=clinician,
            due_on=timezone.localdate(),
            description="Ring the health visitor",
        )
    for case in (first, closed):
        casework_records.administration_record(
            by=clinician,
            case=case,
            measure="gad7",
            on=timezone.localdate() - timedelta(days=100),
            items=[1, 1, 1, 1, 1, 1, 1],
            answered_by=case.people.first(),
        )
    Case.objects.filter(pk=closed.pk).update(status="closed", closed_on=timezone.localdate())


def rows_of(response: Any) -> int:
    """How many rows the list behind a number shows, whichever list it is."""
    context = response.context
    if "page" in context:
        return len(context["page"])
    if "waiting" in context:  # Your referrals
        return len(context["drafts"]) + len(context["sent"])
    return 1 if context["draft"] is not None else 0  # the navigator's rules: the one draft


# Each number, for whom, and where it leads. The services not confirmed are the one made by
# `intake_for` (never confirmed) and the one confirmed long ago.
COUNTERS = [
    ("manager", "notifications_failed", 2, "/notifications/?status=failed"),
    # A system administrator's are the account e-mails (invitations, new passwords).
    ("sysadmin", "notifications_failed", 1, "/notifications/?status=failed"),
    ("manager", "directory_stale", 2, "/directory/manage/?stale=on"),
    ("manager", "pathway_drafts", 1, "/navigator/rules/"),
    ("manager", "triage_waiting", 2, "/triage/?status=triage"),
    ("clinician", "triage_waiting", 2, "/triage/?status=triage"),
    ("practitioner", "referrals_drafts", 2, "/referrals/?waiting=draft"),
    ("practitioner", "referrals_questions", 1, "/referrals/?waiting=question"),
    # Casework's (`casework_day`).
    ("clinician", "cases_not_recorded", 1, "/cases/?contact=not_recorded"),
    ("clinician", "tasks_due", 2, "/cases/?tasks=due"),
    ("clinician", "measures_due", 1, "/cases/?measures=due"),
]


@pytest.mark.parametrize(("persona", "key", "number", "url"), COUNTERS)
def test_each_number_links_to_a_list_of_exactly_that_many(
    as_persona: Callable[[str], Client],
    day: dict[str, Referral],
    persona: str,
    key: str,
    number: int,
    url: str,
) -> None:
    client = as_persona(persona)
    assert work_of(client)[key] == (number, url)
    html = unescape(client.get("/work/").content.decode())
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response.status_code == 200
    assert rows_of(response) == number


@pytest.mark.parametrize("key", ["triage_due", "triage_answered"])
def test_the_triage_numbers_link_to_as_many_rows(
    as_persona: Callable[[str], Client], waiting: dict[str, Referral], key: str
) -> None:
    client = as_persona("clinician")
    number, url = work_of(client)[key]
    assert number == 1
    assert rows_of(client.get(url)) == number


def test_each_person_sees_only_the_numbers_of_their_work(
    as_persona: Callable[[str], Client], day: dict[str, Referral]
) -> None:
    manager = set(work_of(as_persona("manager")))
    assert {"notifications_failed", "directory_stale", "pathway_drafts"} <= manager
    clinician = set(work_of(as_persona("clinician")))
    assert not clinician & {"notifications_failed", "directory_stale", "pathway_drafts"}
    # A clinician who refers nothing is not told of referrals of their own.
    assert not clinician & {"referrals_drafts", "referrals_questions"}
    assert set(work_of(as_persona("practitioner"))) == {
        "referrals_drafts",
        "referrals_questions",
        "consultation_feedback",
    }
    assert work_of(as_persona("trainer")) == {}


def test_a_managers_day_starts_with_the_families_waiting(
    as_persona: Callable[[str], Client], day: dict[str, Referral]
) -> None:
    """Triage comes before the house-keeping, whatever order the apps are installed in."""
    keys = list(work_of(as_persona("manager")))
    assert keys[0].startswith("triage_")
    assert max(keys.index(key) for key in keys if key.startswith("triage_")) < min(
        keys.index(key) for key in ("notifications_failed", "directory_stale", "pathway_drafts")
    )


def test_a_practitioner_with_nothing_waiting_is_told_so(
    as_persona: Callable[[str], Client],
) -> None:
    work = work_of(as_persona("practitioner"))
    assert work["referrals_drafts"][0] == 0
    assert work["referrals_questions"][0] == 0


def test_the_failed_notifications_are_the_persons_teams_only(
    as_persona: Callable[[str], Client], day: dict[str, Referral], other_team: Team
) -> None:
    other_manager = UserFactory.create(
        email="other.manager@test.example", roles=[(Role.SERVICE_MANAGER, other_team)]
    )
    client = Client()
    client.force_login(other_manager, backend="littleminds.accounts.backends.EmailBackend")
    pass_second_factor(client, other_manager)
    assert work_of(client)["notifications_failed"][0] == 1


# The session (read; renewed at most once a minute, so not written here: ADR 0061, was +3),
# the person, their device and roles, their team, and one query for each counter: however
# many referrals, services and notifications there are.
# (+2: casework's, a clinician's contacts and a manager's risk tasks open 2 working days.)
# (+2: training's, the person's coming places and the sessions they train on.)
# (+1: community's, the team's events held with no reach recorded.)
# (+1: community's, the team's materials due for review.)
# (+1: community's, the team's materials with files waiting for the person's approval.)
WORK_QUERIES = 18


def test_the_pages_query_count_does_not_grow_with_the_work(
    as_persona: Callable[[str], Client],
    day: dict[str, Referral],
    practitioner: User,
    clinician: User,
    django_assert_num_queries: Any,
) -> None:
    client = as_persona("manager")
    client.get("/work/")  # the session's first request loads more
    with django_assert_num_queries(WORK_QUERIES) as before:
        client.get("/work/")
    for n in range(4):
        referral = sent_referral(practitioner, postcode=f"BD{n + 1} 1AA")
        Notification.objects.filter(referral=referral).update(status="failed", attempts=1)
        services.referral_request_info(by=clinician, referral=referral, question="GP?")
        services.referral_answer_info(by=practitioner, referral=referral, answer="Dr E.")
        ServiceFactory.create()
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get("/work/")
    assert dict(work_of(client))["notifications_failed"][0] == 6
    assert response.status_code == 200
