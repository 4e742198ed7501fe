"""Dates of birth and due dates on a case keep to the bounds the referral forms use (born
from 1 January 1900 to today; due from 2 weeks ago to 42 weeks ahead), in the forms and in
the services, and each date's message names the date so that it reads alone in the error
summary. Found in the browser walk of issue 12."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.casework import services, services_week
from littleminds.casework.tests.factories import open_case

pytestmark = pytest.mark.django_db


def _parts(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def _errors(response: object) -> list[str]:
    form = response.context["form"]  # type: ignore[attr-defined]
    return [str(m) for errors in form.errors.values() for m in errors]


@pytest.fixture
def signed(
    client: Client, clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> Client:
    return sign_in(client, clinician)


def test_it_refuses_a_date_of_birth_before_1900(
    signed: Client, clinician: User, practitioner: User
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    url = reverse("casework:baby-add", kwargs={"code": case.code})
    data = {"born": "yes", **_parts("date_of_birth", date(1850, 1, 1))}
    response = signed.post(url, data)
    assert response.status_code == 200
    assert "The date of birth must be 1 January 1900 or later" in _errors(response)
    assert case.babies.count() == 1


def test_it_refuses_a_date_of_birth_in_the_future(
    signed: Client, clinician: User, practitioner: User
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    url = reverse("casework:baby-add", kwargs={"code": case.code})
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = signed.post(url, {"born": "yes", **_parts("date_of_birth", tomorrow)})
    assert "The date of birth must be today or in the past" in _errors(response)


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-15, "The due date must be no more than 2 weeks ago"),
        (42 * 7 + 1, "The due date must be no more than 42 weeks from today"),
    ],
)
def test_it_keeps_a_due_date_from_2_weeks_ago_to_42_weeks_ahead(
    signed: Client, clinician: User, practitioner: User, days: int, message: str
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    url = reverse("casework:baby-add", kwargs={"code": case.code})
    due = timezone.localdate() + timedelta(days=days)
    response = signed.post(url, {"born": "no", **_parts("due_date", due)})
    assert response.status_code == 200
    assert message in _errors(response)
    assert case.babies.count() == 1


@pytest.mark.parametrize("days", [-14, 42 * 7])
def test_it_takes_a_due_date_at_either_bound(
    signed: Client, clinician: User, practitioner: User, days: int
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    url = reverse("casework:baby-add", kwargs={"code": case.code})
    due = timezone.localdate() + timedelta(days=days)
    response = signed.post(url, {"born": "no", **_parts("due_date", due)})
    assert response.status_code == 302
    assert case.babies.count() == 2


def test_the_new_case_form_keeps_the_same_bounds(signed: Client) -> None:
    response = signed.post(
        reverse("casework:case-new"), {"born": "yes", **_parts("date_of_birth", date(1850, 1, 1))}
    )
    assert "The date of birth must be 1 January 1900 or later" in _errors(response)
    far = timezone.localdate() + timedelta(weeks=50)
    response = signed.post(reverse("casework:case-new"), {"born": "no", **_parts("due_date", far)})
    assert "The due date must be no more than 42 weeks from today" in _errors(response)


def test_the_birth_of_a_due_baby_keeps_the_bounds(
    signed: Client, clinician: User, practitioner: User
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    baby = services_week.baby_add(
        by=clinician, case=case, unborn=True, due_date=timezone.localdate()
    )
    url = reverse("casework:baby-born", kwargs={"code": case.code, "baby": baby.code})
    response = signed.post(url, _parts("born", date(1850, 1, 1)))
    assert "The date of birth must be 1 January 1900 or later" in _errors(response)
    with pytest.raises(ValidationError):
        services.baby_born(by=clinician, baby=baby, date_of_birth=date(1850, 1, 1))


def test_the_services_refuse_dates_out_of_bounds(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    with pytest.raises(ValidationError, match="1 January 1900"):
        services_week.baby_add(by=clinician, case=case, date_of_birth=date(1850, 1, 1))
    with pytest.raises(ValidationError, match="42 weeks"):
        services_week.baby_add(
            by=clinician,
            case=case,
            unborn=True,
            due_date=timezone.localdate() + timedelta(weeks=43),
        )
    assert case.babies.count() == 1


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"day": "31", "month": "2", "year": "2020"}, "Enter the date of birth as a real date"),
        (
            {"day": "1", "month": "2", "year": "20"},
            "Enter the year of the date of birth in 4 numbers",
        ),
        (
            {"day": "x", "month": "2", "year": "2020"},
            "Enter the date of birth as a real date, in numbers",
        ),
        ({"day": "1", "month": "", "year": "2020"}, "Enter the date of birth including a month"),
    ],
)
def test_each_date_message_names_the_date(
    signed: Client, clinician: User, practitioner: User, parts: dict[str, str], message: str
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    url = reverse("casework:baby-add", kwargs={"code": case.code})
    data = {"born": "yes", **{f"date_of_birth_{k}": v for k, v in parts.items()}}
    response = signed.post(url, data)
    assert _errors(response) == [message]
    assert f">{message}</a>" in response.content.decode()


def test_the_contact_date_names_the_contact(
    signed: Client, clinician: User, practitioner: User
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    url = reverse("casework:contact-plan", kwargs={"code": case.code})
    response = signed.post(url, {"day_day": "1", "day_month": "13", "day_year": "2026"})
    assert "Enter the date of the contact as a real date" in _errors(response)
