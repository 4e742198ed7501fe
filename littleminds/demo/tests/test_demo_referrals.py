"""The demonstration's referrals: every state of the life cycle, from several organisations
and from families, with waiting times spread over the last weeks; loaded once."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.core.postcodes import parse_postcode
from littleminds.demo import data
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Intake, Referral, ReferralEvent
from littleminds.referrals.selectors import possible_duplicates

pytestmark = pytest.mark.django_db

TEST_NHS_NUMBERS = {"", "9990000018", "9990000026", "9434765919"}


@pytest.fixture
def loaded() -> None:
    data.load()


@pytest.mark.usefixtures("loaded")
def test_it_has_referrals_in_every_state_of_the_life_cycle() -> None:
    assert set(Referral.objects.values_list("status", flat=True)) == {s.value for s in Status}
    assert 20 <= Referral.objects.count() <= 30
    accepted = Referral.objects.filter(status=Status.ACCEPTED)
    assert accepted.filter(first_contact_at__isnull=False).exists()
    assert accepted.filter(first_contact_at__isnull=True).exists()
    for declined in Referral.objects.filter(status=Status.DECLINED):
        assert declined.decline_reason
        assert declined.message_to_referrer
    duplicate = Referral.objects.get(status=Status.DUPLICATE)
    assert duplicate.duplicate_of is not None
    assert duplicate.duplicate_of in possible_duplicates(duplicate)
    # An answered question: back in triage, with the answer in its history.
    assert ReferralEvent.objects.filter(action="answer_info", to_status=Status.IN_TRIAGE).exists()


@pytest.mark.usefixtures("loaded")
def test_it_comes_from_several_organisations_and_from_families() -> None:
    sent = Referral.objects.exclude(status=Status.DRAFT)
    organisations = set(sent.values_list("referrer_organisation__name", flat=True))
    assert len(organisations - {None}) >= 6
    assert sent.filter(kind=Referral.Kind.SELF, referrer__isnull=True).count() >= 3
    pat = User.objects.get(email="practitioner@littleminds.example")
    mine = Referral.objects.filter(referrer=pat)
    assert mine.count() >= 5
    assert mine.filter(status=Status.DRAFT).exists()
    assert len(set(mine.values_list("status", flat=True))) >= 4


@pytest.mark.usefixtures("loaded")
def test_its_waiting_times_are_spread_over_the_last_ten_weeks() -> None:
    now = timezone.now()
    sent = Referral.objects.exclude(status=Status.DRAFT)
    for referral in sent:
        assert referral.submitted_at is not None
        assert now - timedelta(weeks=10) <= referral.submitted_at <= now
        if referral.decided_at:
            assert referral.submitted_at <= referral.decided_at <= now
        if referral.first_contact_at:
            assert referral.decided_at is not None
            assert referral.decided_at <= referral.first_contact_at <= now
        times = list(referral.events.values_list("at", flat=True))
        assert times == sorted(times)
        assert times[0] == referral.submitted_at
    waits = {r.days_waiting for r in sent.filter(status__in=["submitted", "in_triage"])}
    assert len(waits) >= 5
    assert max(w or 0 for w in waits) >= 10


@pytest.mark.usefixtures("loaded")
def test_its_families_are_fictional() -> None:
    for referral in Referral.objects.all():
        assert referral.nhs_number in TEST_NHS_NUMBERS
        assert referral.phone.startswith("+447700900")
        if referral.postcode == "ZZ99 3VZ":  # no fixed abode
            continue
        district = parse_postcode(referral.postcode).district
        assert district.startswith("BD")
        assert 1 <= int(district[2:]) <= 22


def test_it_adds_no_referral_the_second_time(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo-data")
    count = Referral.objects.count()
    events = ReferralEvent.objects.count()
    call_command("demo-data")
    assert Referral.objects.count() == count
    assert ReferralEvent.objects.count() == events
    out = capsys.readouterr().out
    assert f"{count} referrals" in out


def test_a_clinician_sees_a_realistic_queue(sign_in: Callable[[Client, User], Client]) -> None:
    data.load()
    clinician = User.objects.get(email="clinician@littleminds.example")
    response = sign_in(Client(), clinician).get("/triage/")
    rows = response.context["rows"]
    assert len(rows) >= 10
    assert (rows[0].referral.days_waiting or 0) >= 10
    assert {row.referral.kind for row in rows} == {"practitioner", "self"}


@pytest.mark.usefixtures("loaded")
def test_the_directory_tells_families_what_the_intake_tells_them() -> None:
    """Issue 11's walk: the service's page said "within 5 working days" and 01632 960101,
    while the self-referral, from the intake, said 10 working days and 0113 496 0100."""
    for intake in Intake.objects.select_related("service"):
        service = intake.service
        words = " ".join([service.phone, *service.access.values_list("instructions", flat=True)])
        assert intake.contact_phone in words
        assert f"within {intake.decision_days} working days" in words
        assert set(re.findall(r"within (\d+) working days", words)) == {str(intake.decision_days)}
        assert service.phone == intake.contact_phone
