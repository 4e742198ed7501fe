"""The "Your work" page and the header menu: each person's day, with every number linked
to the list behind it, counted only in the person's own teams."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.conftest import PERSONAS
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
