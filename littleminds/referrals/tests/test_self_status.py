"""A family checks where its request is with the three things only it knows together: the
reference, the baby's date of birth (or due date) and the postcode. The answer is the
status in plain words, and nothing says whether a reference exists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.utils import translation
from django.utils.html import escape

from littleminds.accounts.models import Team, User
from littleminds.audit.models import AuditEvent
from littleminds.referrals import services
from littleminds.referrals.lifecycle import DeclineReason
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import details, intake_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)
STATUS = "/self-referral/where-is-my-request/"
BORN = date(2026, 5, 28)
NOT_FOUND = "We could not find a request with these answers"
ADVICE = "The family hub baby group on Tuesdays would suit you."


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield
    # A page drawn in a family's language leaves it active in the thread: not for the
    # next test.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def referral(team: Team) -> Referral:
    intake_for(team)
    made, _new = services.referral_create(
        kind=Referral.Kind.SELF,
        details=details(child_date_of_birth=BORN, postcode="BD7 1DP", impact="", consent=True),
    )
    return made


def answers(referral: Referral, **changes: Any) -> dict[str, str]:
    day = changes.pop("day", BORN)
    given = {
        "reference": str(referral.reference).lower().replace("-", " "),
        "day_day": str(day.day),
        "day_month": str(day.month),
        "day_year": str(day.year),
        "postcode": "bd71dp",
    }
    given.update(changes)
    return given


def test_it_asks_for_the_three_answers(anonymous: Client) -> None:
    html = anonymous.get(STATUS).content.decode()
    assert "Check where your request is" in html
    for name in ("reference", "day_day", "postcode"):
        assert f'name="{name}"' in html


def test_it_tells_the_family_the_status_in_plain_words(
    anonymous: Client, referral: Referral
) -> None:
    response = anonymous.post(STATUS, answers(referral))
    html = response.content.decode()
    assert response.status_code == 200
    assert str(referral.reference) in html
    assert "We have your request. Someone from our team will read it soon." in html
    # Nothing else of the request is shown.
    assert "Sam Example" not in html
    assert AuditEvent.objects.filter(
        action="referral.status_checked", target_code=str(referral.code)
    ).exists()


def test_it_shows_a_declined_familys_advice_only_after_the_three_answers(
    anonymous: Client, referral: Referral, clinician: User
) -> None:
    services.triage_start(by=clinician, referral=referral)
    services.referral_decline(
        by=clinician, referral=referral, reason=DeclineReason.BETTER_ELSEWHERE, signposting=ADVICE
    )
    assert ADVICE not in anonymous.get(STATUS).content.decode()
    html = anonymous.post(STATUS, answers(referral)).content.decode()
    assert "Sorry, we are not the right service for your family just now." in html
    assert ADVICE in html


@pytest.mark.parametrize(
    "changes",
    [
        {"postcode": "BD8 7AA"},
        {"day": date(2026, 5, 27)},
        {"reference": "LM-AAAA-AAAA"},
    ],
    ids=["postcode", "date of birth", "reference"],
)
def test_a_wrong_answer_says_nothing_about_whether_the_reference_exists(
    anonymous: Client, referral: Referral, changes: dict[str, Any]
) -> None:
    response = anonymous.post(STATUS, answers(referral, **changes))
    html = response.content.decode()
    assert response.status_code == 400
    assert NOT_FOUND in html
    assert "We have your request" not in html
    assert "Sorry" not in html


def test_a_draft_is_never_found(anonymous: Client, practitioner: User, team: Team) -> None:
    intake_for(team)
    draft = services.draft_start(by=practitioner, details=details(child_date_of_birth=BORN))
    draft.reference = "LM-DRAF-T123"
    draft.save()
    response = anonymous.post(STATUS, answers(draft))
    assert NOT_FOUND in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter your reference"),
        ({"reference": "LM-1"}, "Enter your reference as it was given, like LM-AB12-CD34"),
        (
            {"reference": "LM-AB12-CD34"},
            "Enter your baby's date of birth, or the date they are due",
        ),
        ({"reference": "LM-AB12-CD34", "day_day": "1"}, "must include a month and a year"),
    ],
)
def test_a_missing_or_wrong_answer_gets_its_own_message(
    anonymous: Client, data: dict[str, str], message: str
) -> None:
    response = anonymous.post(STATUS, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert escape(message) in html


def test_checking_is_rate_limited(anonymous: Client, referral: Referral) -> None:
    limits = {**settings.RATE_LIMITS, "self_referral_status": (2, 3600)}
    with override_settings(RATE_LIMITS_ENABLED=True, RATE_LIMITS=limits):
        statuses = [
            anonymous.post(STATUS, answers(referral, postcode="BD8 7AA")).status_code
            for _ in range(3)
        ]
        assert statuses == [400, 400, 429]
        # The right answers too, once over the limit.
        assert anonymous.post(STATUS, answers(referral)).status_code == 429
        assert anonymous.get(STATUS).status_code == 200


def test_the_wrong_method_is_refused(anonymous: Client) -> None:
    assert anonymous.put(STATUS).status_code == 405


@pytest.mark.parametrize("code", ["ur", "pl", "ro"])
def test_it_answers_in_the_familys_language(
    anonymous: Client, referral: Referral, code: str
) -> None:
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    empty = anonymous.get(STATUS).content.decode()
    found = anonymous.post(STATUS, answers(referral)).content.decode()
    wrong = anonymous.post(STATUS, answers(referral, postcode="BD8 7AA")).content.decode()
    for html in (empty, found, wrong):
        assert f'<html lang="{code}"' in html
        for english in (
            "Check where your request is",
            "We have your request. Someone from our team will read it soon.",
            NOT_FOUND,
            "Your reference",
        ):
            assert english not in html
