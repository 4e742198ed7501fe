from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_it_lets_a_manager_search_their_teams_events(
    as_persona, manager: User, clinician: User, other_clinician: User
) -> None:
    audit_record(by=clinician, action="case.opened", target=clinician)
    audit_record(by=other_clinician, action="case.opened", target=other_clinician)

    response = as_persona("manager").get("/audit/")

    assert response.status_code == 200
    events = list(response.context["page"])
    actors = {event.actor_label for event in events}
    assert "clinician@test.example" in actors
    assert "other.clinician@test.example" not in actors


def test_it_lets_a_system_administrator_see_everything(
    as_persona, sysadmin: User, other_clinician: User
) -> None:
    audit_record(by=other_clinician, action="case.opened", target=other_clinician)

    response = as_persona("sysadmin").get("/audit/")

    actors = {event.actor_label for event in response.context["page"]}
    assert "other.clinician@test.example" in actors


def test_it_filters_by_person_record_action_and_date(
    as_persona, manager: User, clinician: User
) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        audit_record(by=clinician, action="user.old", target=clinician)
    audit_record(by=clinician, action="user.new", target=clinician)
    audit_record(by=manager, action="user.invited", target=manager)
    client = as_persona("manager")
    today = timezone.localdate().isoformat()

    by_person = client.get("/audit/", {"person": "clinician@"}).context["page"]
    by_record = client.get("/audit/", {"record": str(manager.code)}).context["page"]
    by_action = client.get("/audit/", {"action": "user.invited"}).context["page"]
    by_date = client.get("/audit/", {"date_from": today, "date_to": today}).context["page"]

    assert {e.actor_label for e in by_person} == {"clinician@test.example"}
    assert {e.target_code for e in by_record} == {str(manager.code)}
    assert [e.action for e in by_action] == ["user.invited"]
    assert "user.old" not in {e.action for e in by_date}
    assert "user.new" in {e.action for e in by_date}


def test_it_explains_a_bad_date_and_shows_no_results(as_persona, manager: User) -> None:
    response = as_persona("manager").get("/audit/", {"date_from": "31/02/2026"})

    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Enter the start date as a real date" in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_it_refuses_an_end_date_before_the_start(as_persona, manager: User) -> None:
    response = as_persona("manager").get(
        "/audit/", {"date_from": "2026-11-10", "date_to": "2026-11-01"}
    )

    assert "The end date must be the same as or after the start date" in response.content.decode()


def test_it_sends_a_visitor_to_sign_in(anonymous) -> None:
    response = anonymous.get("/audit/")

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=/audit/")


@pytest.mark.parametrize("persona", ["clinician", "practitioner", "analyst", "researcher"])
def test_it_is_not_found_for_roles_without_the_permission(as_persona, persona: str) -> None:
    assert as_persona(persona).get("/audit/").status_code == 404


def test_it_refuses_the_wrong_method(as_persona, manager: User) -> None:
    assert as_persona("manager").post("/audit/").status_code == 405


def test_it_lists_events_in_a_fixed_number_of_queries(
    as_persona, manager: User, clinician: User, django_assert_max_num_queries
) -> None:
    client = as_persona("manager")
    for n in range(30):
        audit_record(by=clinician, action="test.many", target=clinician, detail={"n": n})

    with django_assert_max_num_queries(12):
        response = client.get("/audit/")

    assert len(response.context["page"]) == 30


# Whose events a manager sees -----------------------------------------------------------------
# A person may belong to two teams. What they do to a record is seen by the managers of the
# team that owns the record, never by the managers of their other team.


@dataclass
class _Record:
    """A record that a team owns (a referral, a case), as the audit trail sees it."""

    code: uuid.UUID = field(default_factory=uuid.uuid4)


@pytest.fixture
def in_both_teams(team: Team, other_team: Team) -> User:
    return UserFactory.create(
        email="both@test.example",
        roles=[(Role.CLINICIAN, team), (Role.CLINICIAN, other_team)],
    )


@pytest.fixture
def other_manager(other_team: Team) -> User:
    return UserFactory.create(
        email="other.manager@test.example", roles=[(Role.SERVICE_MANAGER, other_team)]
    )


def test_it_hides_another_teams_record_events_from_a_manager_whose_team_the_actor_is_in(
    as_persona, manager: User, in_both_teams: User, other_team: Team
) -> None:
    record = _Record()
    audit_record(by=in_both_teams, action="referral.viewed", target=record, team=other_team)
    audit_record(by=in_both_teams, action="referral.start_triage", target=record, team=other_team)

    events = list(as_persona("manager").get("/audit/").context["page"])

    assert str(record.code) not in {event.target_code for event in events}


def test_it_shows_a_teams_record_events_to_its_manager_whoever_acted(
    as_persona, other_manager: User, in_both_teams: User, other_team: Team
) -> None:
    record = _Record()
    audit_record(by=in_both_teams, action="referral.viewed", target=record, team=other_team)
    audit_record(by=in_both_teams, action="referral.start_triage", target=record, team=other_team)

    events = list(as_persona("other_manager").get("/audit/").context["page"])

    assert [e.action for e in events if e.target_code == str(record.code)] == [
        "referral.start_triage",
        "referral.viewed",
    ]


def test_it_still_shows_a_manager_what_their_people_do_outside_any_team(
    as_persona, manager: User, in_both_teams: User, other_manager: User
) -> None:
    """Events that no team owns (signing in, a directory entry changed) are seen by the
    managers of every team the person is in, and account events about them as well."""
    audit_record(by=in_both_teams, action="auth.signed_in", target=in_both_teams)
    audit_record(by=in_both_teams, action="service.created", target=_Record())
    audit_record(by=other_manager, action="user.roles_changed", target=in_both_teams)

    actions = {e.action for e in as_persona("manager").get("/audit/").context["page"]}

    assert {"auth.signed_in", "service.created", "user.roles_changed"} <= actions


def test_it_shows_a_system_administrator_every_teams_record_events(
    as_persona, sysadmin: User, in_both_teams: User, other_team: Team
) -> None:
    record = _Record()
    audit_record(by=in_both_teams, action="referral.viewed", target=record, team=other_team)

    events = list(as_persona("sysadmin").get("/audit/").context["page"])

    assert str(record.code) in {event.target_code for event in events}


def test_it_names_each_action_in_words(as_persona, manager: User, clinician: User) -> None:
    audit_record(by=clinician, action="auth.signed_in", target=clinician)
    audit_record(by=clinician, action="referral.accept", target=clinician)
    audit_record(by=clinician, action="case.opened", target=clinician)

    body = as_persona("manager").get("/audit/").content.decode()

    assert "</span>Signed in</td>" in body  # the cell, after its heading for phones
    assert "</span>Accepted a referral</td>" in body
    assert "auth.signed_in" not in body.split("<table", 1)[1]


def test_it_offers_the_actions_by_their_words_to_search_by(
    as_persona, manager: User, clinician: User
) -> None:
    audit_record(by=clinician, action="auth.signed_in", target=clinician)
    audit_record(by=clinician, action="auth.signed_out", target=clinician)
    client = as_persona("manager")

    form = client.get("/audit/").content.decode()
    signed_in = client.get("/audit/", {"action": "auth.signed_in"}).context["page"]
    any_sign_in = client.get("/audit/", {"action": "auth."}).context["page"]

    assert '<option value="auth.signed_in">Signed in</option>' in form
    assert '<option value="auth.">Any signing in or out</option>' in form
    assert [e.action for e in signed_in] == ["auth.signed_in"]
    assert {e.action for e in any_sign_in} == {"auth.signed_in", "auth.signed_out"}
