"""Whose audit trail a referral's events reach: the team that owns the referral, whoever
acted on it (issue 10, item 3)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.referrals import selectors, services
from littleminds.referrals.tests.factories import intake_for, sent_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_both_teams(team: Team, other_team: Team) -> User:
    """A clinician who works for both teams."""
    return UserFactory.create(
        email="both@test.example",
        roles=[(Role.CLINICIAN, team), (Role.CLINICIAN, other_team)],
    )


@pytest.fixture
def other_manager(other_team: Team) -> User:
    return UserFactory.create(
        email="other.manager@test.example", roles=[(Role.SERVICE_MANAGER, other_team)]
    )


def test_it_shows_a_referrals_events_to_its_teams_manager_only(
    sign_in: Callable[[Client, User], Client],
    practitioner: User,
    other_team: Team,
    in_both_teams: User,
    manager: User,
    other_manager: User,
) -> None:
    intake_for(other_team)
    referral = sent_referral(practitioner)
    selectors.referral_for_team(by=in_both_teams, code=referral.code)
    services.triage_start(by=in_both_teams, referral=referral)
    acted = {"referral.viewed", "referral.start_triage"}
    assert acted <= set(
        AuditEvent.objects.filter(actor_code=in_both_teams.code).values_list("action", flat=True)
    )

    def seen_by(user: User) -> set[str]:
        page = sign_in(Client(), user).get("/audit/", {"record": str(referral.code)})
        return {event.action for event in page.context["page"]}

    assert seen_by(manager) == set()
    assert acted <= seen_by(other_manager)


def test_every_event_about_a_sent_referral_carries_its_team(
    practitioner: User, clinician: User, team: Team
) -> None:
    """The audit search shows a referral's events to its team by this code: an event
    recorded without it would reach no team's manager, or the wrong ones."""
    intake_for(team)
    referral = sent_referral(practitioner)
    selectors.referral_for_team(by=clinician, code=referral.code)
    services.triage_start(by=clinician, referral=referral)
    services.referral_accept(by=clinician, referral=referral, note="We will call.")
    selectors.referral_for_referrer(by=practitioner, code=referral.code)

    events = AuditEvent.objects.filter(target_code=str(referral.code))

    assert {event.action for event in events} >= {
        "referral.submit",
        "referral.viewed",
        "referral.start_triage",
        "referral.accept",
    }
    assert {event.team_code for event in events} == {team.code}
