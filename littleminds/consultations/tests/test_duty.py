"""Duty calls (a practitioner's phone call without a booking) on one short page, and the
team's list of its consultations, booked and duty, by outcome, kind and period."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from html import unescape

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.audit.models import AuditEvent
from littleminds.consultations import services
from littleminds.consultations.models import ConsultationRecord, Outcome
from littleminds.consultations.services_records import Said, duty_record, record_save
from littleminds.consultations.tests.factories import booking, slot

pytestmark = pytest.mark.django_db

DUTY = "/consultations/duty/"
RECORDS = "/consultations/records/"


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    with time_machine.travel(
        datetime(2026, 12, 2, 11, 0, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        yield


def text(response: object) -> str:
    return unescape(response.content.decode())  # type: ignore[attr-defined]


def test_a_duty_call_is_logged_on_one_page_and_listed(
    clinician: User,
    health_visiting: Organisation,
    team: Team,
    sign_in: Callable[[Client, User], Client],
) -> None:
    client = sign_in(Client(), clinician)
    form = client.get(DUTY)
    assert form.status_code == 200
    assert "team" not in form.context["form"].fields  # one team: not asked
    response = client.post(
        DUTY,
        {
            "caller": "  Jo Smith, health visitor ",
            "organisation": str(health_visiting.code),
            "concerns": ["bonding"],
            "outcome": "continues",
            "note": "Reassured about the feeds.",
        },
    )
    assert response.status_code == 302
    made = ConsultationRecord.objects.get()
    assert made.is_duty
    assert made.caller == "Jo Smith, health visitor"
    assert made.organisation == health_visiting
    assert made.team == team
    assert made.held_on == date(2026, 12, 2)
    assert AuditEvent.objects.get(action="consultation.duty_recorded").team_code == team.code
    listed = text(client.get(RECORDS))
    assert "Jo Smith, health visitor" in listed
    assert "Duty call" in listed
    assert "Reassured about the feeds." in listed


@pytest.mark.parametrize(
    ("posted", "box", "message"),
    [
        ({"caller": "   "}, "caller", "Enter who called"),
        ({"caller": "x" * 121}, "caller", "120 characters or fewer"),
        ({"organisation": ""}, "organisation", "Choose the caller's organisation"),
        ({"organisation": "nonsense"}, "organisation", "Choose an organisation from the list"),
        ({"outcome": ""}, "outcome", "Choose the outcome"),
        ({"outcome": "signposted"}, "service", "Choose the service you signposted to"),
        (
            {
                "outcome": "follow_up",
                "follow_up_on_day": "1",
                "follow_up_on_month": "12",
                "follow_up_on_year": "2026",
            },
            "follow_up_on",
            "from the consultation's day to a year after it",
        ),
        (
            {"follow_up_on_day": "31", "follow_up_on_month": "2", "follow_up_on_year": "2027"},
            "follow_up_on",
            "must be a real date",
        ),
    ],
)
def test_bad_duty_input_is_told_in_its_box(
    clinician: User,
    health_visiting: Organisation,
    sign_in: Callable[[Client, User], Client],
    posted: dict[str, str],
    box: str,
    message: str,
) -> None:
    good = {
        "caller": "Jo Smith",
        "organisation": str(health_visiting.code),
        "outcome": "continues",
    }
    response = sign_in(Client(), clinician).post(DUTY, {**good, **posted})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [box]
    assert message in " ".join(errors[box])
    assert not ConsultationRecord.objects.exists()


def test_the_service_refuses_a_duty_call_for_another_team(
    other_clinician: User, team: Team, health_visiting: Organisation
) -> None:
    with pytest.raises(services.NotAllowed):
        duty_record(
            by=other_clinician,
            team=team,
            caller="Jo",
            organisation=health_visiting,
            said=Said(outcome=Outcome.CONTINUES),
        )
    assert not ConsultationRecord.objects.exists()


def test_the_database_refuses_a_duty_call_without_caller(
    clinician: User, team: Team, health_visiting: Organisation
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationRecord.objects.create(
            team=team,
            held_on=date(2026, 12, 2),
            organisation=health_visiting,
            outcome=Outcome.CONTINUES,
            recorded_by=clinician,
        )


def test_the_list_filters_by_outcome_kind_and_period_and_is_the_team_s_own(
    clinician: User,
    other_clinician: User,
    practitioner: User,
    team: Team,
    health_visiting: Organisation,
    sign_in: Callable[[Client, User], Client],
) -> None:
    with time_machine.travel(date(2026, 6, 1), tick=False):
        old = booking(practitioner, slot(clinician, days=1))
    with time_machine.travel(date(2026, 6, 3), tick=False):
        record_save(by=clinician, booking=old, said=continues())
    duty_record(
        by=clinician,
        team=team,
        caller="Recent Caller",
        organisation=health_visiting,
        said=Said(outcome=Outcome.REFERRAL_ADVISED),
    )
    duty_record(
        by=other_clinician,
        team=other_clinician.teams()[0],
        caller="Elsewhere Caller",
        organisation=health_visiting,
        said=Said(outcome=Outcome.CONTINUES),
    )
    client = sign_in(Client(), clinician)
    default = text(client.get(RECORDS))  # the last 3 months
    assert "Recent Caller" in default
    assert practitioner.full_name not in default
    assert "Elsewhere Caller" not in default
    everything = text(client.get(RECORDS, {"period": "all"}))
    assert practitioner.full_name in everything
    continued = text(client.get(RECORDS, {"period": "all", "outcome": "continues"}))
    assert practitioner.full_name in continued
    assert "Recent Caller" not in continued
    booked = text(client.get(RECORDS, {"period": "all", "kind": "booked"}))
    assert "Recent Caller" not in booked
    assert practitioner.full_name in booked
    bad = client.get(RECORDS, {"period": "forever", "outcome": "x"})
    assert bad.status_code == 200
    assert "Choose one of the periods" in text(bad)


def continues() -> Said:
    return Said(outcome=Outcome.CONTINUES, note="Booked one")
