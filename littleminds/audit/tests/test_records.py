"""The search page takes records by the references people know them by, and shows each
record and each event's detail in words, never as codes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from html import unescape
from types import SimpleNamespace
from typing import Any

import pytest

from littleminds.accounts.models import Team, User
from littleminds.audit.services import audit_record
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.referrals import services as referral_services
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import intake_for, sent_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(team: Team, practitioner: User, clinician: User) -> Referral:
    intake_for(team)
    referral = sent_referral(practitioner)
    referral_services.referral_accept(by=clinician, referral=referral)
    return referral


@dataclass
class _Message:
    """A message to a family or referrer, as the audit trail sees it."""

    code: uuid.UUID = field(default_factory=uuid.uuid4)
    _meta: Any = field(
        default_factory=lambda: SimpleNamespace(label_lower="notifications.notification")
    )


def _page(client, **search: str) -> str:
    return unescape(client.get("/audit/", search).content.decode())


def test_it_finds_a_referrals_events_by_its_reference_written_any_way(
    as_persona, manager: User, referral: Referral, clinician: User
) -> None:
    other = sent_referral(clinician)
    client = as_persona("manager")
    reference = str(referral.reference)
    body = reference.removeprefix("LM-")

    for written in (reference, reference.lower(), body, f" {body.replace('-', ' ').lower()} "):
        events = client.get("/audit/", {"record": written}).context["page"]
        assert {e.action for e in events} >= {"referral.submit", "referral.accept"}, written
        assert {e.target_code for e in events} == {str(referral.code)}, written
    assert str(other.code) not in {
        e.target_code for e in client.get("/audit/", {"record": reference}).context["page"]
    }


def test_it_finds_a_persons_account_by_email_and_a_service_by_name(
    as_persona, manager: User, clinician: User
) -> None:
    service = ServiceFactory.create(name="Baby Bonds")
    audit_record(by=clinician, action="user.password_set", target=clinician)
    audit_record(by=clinician, action="service.confirmed", target=service)
    client = as_persona("manager")

    by_email = client.get("/audit/", {"record": "Clinician@Test.Example"}).context["page"]
    by_name = client.get("/audit/", {"record": "baby bonds"}).context["page"]

    assert {e.target_code for e in by_email} == {str(clinician.code)}
    assert [e.action for e in by_name] == ["service.confirmed"]


def test_nothing_found_is_said_so(as_persona, manager: User, referral: Referral) -> None:
    body = _page(as_persona("manager"), record="LM-XXXX-XXXX")
    assert "No events match your search." in body


def test_it_shows_records_and_details_in_words(
    as_persona, manager: User, clinician: User, referral: Referral
) -> None:
    audit_record(
        by=clinician,
        action="notification.sent",
        target=_Message(),
        detail={"template": "more_info", "recipient": "family", "channel": "email", "attempt": 1},
    )
    audit_record(by=clinician, action="auth.signed_in", target=clinician)

    body = _page(as_persona("manager"))
    table = body[body.index("<table") :]

    assert f'Referral<br><span class="nhsuk-body-s">{referral.reference}</span>' in table
    assert "From: Sent<br>To: Accepted" in table
    assert "Message: More information needed" in table
    assert "Sent to: Family" in table
    assert "Sent by: Email" in table
    assert 'Person\'s account<br><span class="nhsuk-body-s">clinician@test.example' in table
    for code in [
        "referrals.referral",
        "accounts.user",
        "notifications.notification",
        "more_info",
        "channel:",
        "template:",
        "from: submitted",
        str(referral.code),
        str(clinician.code),
    ]:
        assert code not in table, code


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("person", "Person must be 254 characters or fewer"),
        ("record", "Record must be 254 characters or fewer"),
        ("date_from", "Enter the start date as a real date"),
        ("date_to", "Enter the end date as a real date"),
    ],
)
def test_a_long_paste_is_too_long_not_an_error_page(
    as_persona, manager: User, name: str, message: str
) -> None:
    response = as_persona("manager").get("/audit/", {name: "x" * 5000})

    assert response.status_code == 200
    assert response.context["page"] is None
    body = unescape(response.content.decode())
    assert "There is a problem" in body
    assert message in body
    assert "Ensure this value" not in body


def test_the_dates_are_date_boxes_filled_in_iso(as_persona, manager: User) -> None:
    body = _page(as_persona("manager"), date_from="2026-11-01", date_to="2026-11-10")

    assert 'type="date" name="date_from" value="2026-11-01" min="2000-01-01"' in body
    assert 'type="date" name="date_to" value="2026-11-10"' in body
    refused = _page(as_persona("manager"), date_from="2026-11-10", date_to="2026-11-01")
    assert "The end date must be the same as or after the start date" in refused
    assert 'value="2026-11-10"' in refused


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("date_from", "0001-01-01", "Enter a start date between 2000 and 2099"),
        ("date_to", "9999-12-31", "Enter an end date between 2000 and 2099"),
    ],
)
def test_a_date_out_of_bounds_is_said_so(
    as_persona, manager: User, name: str, value: str, message: str
) -> None:
    response = as_persona("manager").get("/audit/", {name: value})

    assert response.status_code == 200
    assert response.context["page"] is None
    assert message in unescape(response.content.decode())


def test_it_shows_roles_with_their_teams_in_words(
    as_persona, manager: User, clinician: User, team: Team
) -> None:
    audit_record(
        by=manager,
        action="user.roles_changed",
        target=clinician,
        detail={"added": [f"service_manager@{team.code}"], "removed": ["clinician"]},
    )

    body = _page(as_persona("manager"), action="user.roles_changed")

    assert f"Added: Service manager ({team.name})<br>Removed: Clinician" in body
    assert str(team.code) not in body


@pytest.mark.parametrize(
    ("action", "more"),
    [
        ("community.reach_viewed", {"suppressed": False, "self_referrals_suppressed": True}),
        ("training.report_viewed", {}),
    ],
)
def test_a_reports_teams_are_shown_by_name(
    as_persona, manager: User, team: Team, action: str, more: dict[str, Any]
) -> None:
    audit_record(
        by=manager,
        action=action,
        team=team,
        detail={"from": "2026-01-01", "to": "2026-12-06", "teams": [str(team.code)], **more},
    )

    body = _page(as_persona("manager"), action=action)

    assert f"Teams: {team.name}" in body
    assert str(team.code) not in body
    if more:
        assert "Small numbers hidden: No" in body
        assert "Small numbers of self-referrals hidden: Yes" in body
