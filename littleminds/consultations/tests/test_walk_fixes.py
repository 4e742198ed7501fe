"""Defects a persona walk of the consultation pages found, each pinned by a test that
failed before its fix."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from littleminds.accounts.models import User
from littleminds.consultations.forms import BookingForm
from littleminds.consultations.tests.factories import slot

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return unescape(response.content.decode())


def _date(name: str, value: date) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


# 1. A baby's date of birth on a booking: the referral forms' bounds and words -------------


@pytest.mark.parametrize("born", [date(1900, 1, 1), date(2020, 1, 1)])
def test_a_booking_refuses_a_baby_older_than_the_service_works_with(
    clinician: User, born: date
) -> None:
    free = slot(clinician)
    data = {
        "slot": str(free.code),
        "share": "on",
        "parent_name": "Sam Example",
        "born": "born",
        "postcode": "BD7 1DP",
        **_date("child_date_of_birth", born),
    }
    with override("en-gb"):
        form = BookingForm(data, slots=[free])
        assert not form.is_valid()
        message = form.errors["child_date_of_birth"][0]
    assert message.startswith("The baby is ")
    assert (
        "The service works with families from pregnancy until the day before the baby's "
        "second birthday." in message
    )


def test_a_booking_takes_a_baby_under_two(clinician: User) -> None:
    free = slot(clinician)
    born = timezone.localdate() - timedelta(days=300)
    data = {
        "slot": str(free.code),
        "share": "on",
        "parent_name": "Sam Example",
        "born": "born",
        "postcode": "BD7 1DP",
        **_date("child_date_of_birth", born),
    }
    form = BookingForm(data, slots=[free])
    assert form.is_valid(), form.errors
