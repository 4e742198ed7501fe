"""The consultations API: free slots and booking, for a signed-in practitioner and for a
partner system's token acting for a named practitioner; every refusal in the one shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from littleminds.accounts.api_tokens import api_token_create
from littleminds.accounts.models import Organisation, User
from littleminds.audit.models import AuditEvent
from littleminds.consultations.models import Booking, Slot
from littleminds.consultations.tests.factories import booking, slot
from littleminds.tests.test_api_contract import assert_errors

pytestmark = pytest.mark.django_db

SLOTS = "/api/consultations/slots"
BOOKINGS = "/api/consultations/bookings"


@pytest.fixture
def token(health_visiting: Organisation) -> dict[str, str]:
    secret = api_token_create(by=None, organisation=health_visiting, name="HV system").secret
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def signed_in(practitioner: User, sign_in: Callable[[Client, User], Client]) -> Client:
    return sign_in(Client(), practitioner)


def post(client: Client, body: Any, **kwargs: Any) -> Any:
    return client.post(BOOKINGS, json.dumps(body), content_type="application/json", **kwargs)


def day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


# Free slots ------------------------------------------------------------------------------


def test_it_lists_the_free_slots_between_two_days_by_mode(
    signed_in: Client, clinician: User, practitioner: User
) -> None:
    video = slot(clinician, days=3)
    phone = slot(clinician, days=4, mode=Slot.Mode.PHONE)
    booking(practitioner, slot(clinician, days=5))
    slot(clinician, days=20)

    listed = signed_in.get(SLOTS, {"from": day(1), "to": day(10)}).json()
    assert [s["id"] for s in listed] == [str(video.code), str(phone.code)]
    assert listed[0]["mode"] == "video"
    assert listed[0]["mode_words"] == "Video call"
    assert listed[0]["clinician"] == "Cal Clinician"
    only_phone = signed_in.get(SLOTS, {"from": day(1), "to": day(10), "mode": "phone"}).json()
    assert [s["id"] for s in only_phone] == [str(phone.code)]


def test_a_partner_system_lists_them_with_its_token(token: dict[str, str], clinician: User) -> None:
    slot(clinician)
    response = Client().get(SLOTS, headers=token)
    assert response.status_code == 200
    assert len(response.json()) == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "tomorrow"}, "from"),
        ({"from": "2020-01-01"}, "from"),
        ({"from": "9999-12-31"}, "from"),
        ({"to": "2020-01-01"}, "to"),
        ({"to": "not a day"}, "to"),
        ({"mode": "carrier pigeon"}, "mode"),
    ],
)
def test_bad_queries_are_400s_by_field(
    signed_in: Client, query: dict[str, str], field: str
) -> None:
    errors = assert_errors(signed_in.get(SLOTS, query), 400)
    assert field in errors


def test_a_window_of_more_than_92_days_is_refused(signed_in: Client) -> None:
    errors = assert_errors(signed_in.get(SLOTS, {"from": day(1), "to": day(100)}), 400)
    assert errors["to"] == "Ask for 92 days at most"


def test_nobody_else_lists_slots(clinician: User, sign_in: Any) -> None:
    assert_errors(Client().get(SLOTS), 401)
    assert_errors(sign_in(Client(), clinician).get(SLOTS), 404)


# Booking ---------------------------------------------------------------------------------


def test_a_signed_in_practitioner_books_and_gets_201(
    signed_in: Client, clinician: User, practitioner: User
) -> None:
    wanted = slot(clinician, at=time(9, 30))
    response = post(signed_in, {"slot": str(wanted.code), "concerns": ["bonding"], "note": "Hi"})
    assert response.status_code == 201
    body = response.json()
    made = Booking.objects.get()
    assert body["id"] == str(made.code)
    assert body["slot"]["id"] == str(wanted.code)
    assert body["status"] == "booked"
    assert body["invitation"].endswith(f"/consultations/bookings/{made.code}/invite.ics")
    assert made.practitioner == practitioner
    assert made.source == Booking.Source.PAGES
    assert made.concerns == ["bonding"]


def test_a_signed_in_call_needs_its_csrf_token(
    practitioner: User, clinician: User, sign_in: Any
) -> None:
    client = sign_in(Client(enforce_csrf_checks=True), practitioner)
    assert_errors(post(client, {"slot": str(slot(clinician).code)}), 403)
    assert not Booking.objects.exists()


def test_a_partner_system_books_for_a_named_practitioner(
    token: dict[str, str], clinician: User, practitioner: User
) -> None:
    wanted = slot(clinician)
    response = post(
        Client(),
        {"slot": str(wanted.code), "practitioner": practitioner.email.upper()},
        headers=token,
    )
    assert response.status_code == 201
    made = Booking.objects.get()
    assert made.practitioner == practitioner
    assert made.source == Booking.Source.API
    event = AuditEvent.objects.get(action="consultation.booked")
    assert event.actor_label == practitioner.email
    assert event.detail["api_token"] == "HV system"


def test_a_token_cannot_book_for_another_organisations_practitioner(
    token: dict[str, str], clinician: User, other_clinician: User
) -> None:
    wanted = slot(clinician)
    for named in ("", "nobody@test.example", other_clinician.email):
        errors = assert_errors(
            post(Client(), {"slot": str(wanted.code), "practitioner": named}, headers=token), 400
        )
        assert "practitioner" in errors
    assert not Booking.objects.exists()


def test_a_taken_slot_is_a_409_on_the_slot(
    signed_in: Client, clinician: User, practitioner: User
) -> None:
    wanted = slot(clinician)
    assert post(signed_in, {"slot": str(wanted.code)}).status_code == 201
    errors = assert_errors(post(signed_in, {"slot": str(wanted.code)}), 409)
    assert errors == {"slot": "This slot has just been taken; choose another"}
    assert Booking.objects.count() == 1


def test_a_withdrawn_slot_is_a_409(signed_in: Client, clinician: User) -> None:
    wanted = slot(clinician)
    Slot.objects.filter(pk=wanted.pk).update(withdrawn_at=timezone.now(), withdrawn_by=clinician)
    errors = assert_errors(post(signed_in, {"slot": str(wanted.code)}), 409)
    assert "no longer offered" in errors["slot"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"slot"}),
        ({"slot": "not-an-id"}, {"slot"}),
        ({"slot": "7d0c2b1e-6a36-4d9b-9a53-0d5b5f0e1c11"}, {"slot"}),
        ({"concerns": ["bonding", "aliens"]}, {"slot", "concerns"}),
        ({"note": "x" * 2001}, {"slot", "note"}),
        (
            {"family": {}},
            {"slot", "family.parent_name", "family.child_date_of_birth", "family.postcode"},
        ),
        (
            {
                "family": {
                    "parent_name": "Sam",
                    "unborn": True,
                    "expected_delivery_date": "2099-01-01",
                    "postcode": "XX",
                }
            },
            {"slot", "family.expected_delivery_date", "family.postcode"},
        ),
        ({"concerns": "bonding"}, {"concerns"}),
    ],
)
def test_bad_input_is_a_400_by_field(
    signed_in: Client, body: dict[str, Any], fields: set[str]
) -> None:
    errors = assert_errors(post(signed_in, body), 400)
    assert set(errors) == fields
    assert not Booking.objects.exists()


def test_a_slot_by_phone_needs_the_number_to_call(signed_in: Client, clinician: User) -> None:
    wanted = slot(clinician, mode=Slot.Mode.PHONE)
    errors = assert_errors(post(signed_in, {"slot": str(wanted.code)}), 400)
    assert set(errors) == {"phone"}
    errors = assert_errors(post(signed_in, {"slot": str(wanted.code), "phone": "call me"}), 400)
    assert set(errors) == {"phone"}
    response = post(signed_in, {"slot": str(wanted.code), "phone": "01632 960 001"})
    assert response.status_code == 201
    assert Booking.objects.get().phone == "+441632960001"


def test_the_familys_details_when_shared(signed_in: Client, clinician: User) -> None:
    wanted = slot(clinician)
    born = (timezone.localdate() - timedelta(days=60)).isoformat()
    family = {"parent_name": " Sam Example ", "child_date_of_birth": born, "postcode": "bd71dp"}
    assert post(signed_in, {"slot": str(wanted.code), "family": family}).status_code == 201
    made = Booking.objects.get()
    assert made.family_shared
    assert made.parent_name == "Sam Example"
    assert made.postcode == "BD7 1DP"


def test_nobody_else_books(clinician: User, sign_in: Any) -> None:
    wanted = slot(clinician)
    assert_errors(post(Client(), {"slot": str(wanted.code)}), 401)
    assert_errors(post(sign_in(Client(), clinician), {"slot": str(wanted.code)}), 404)


def test_every_status_is_described() -> None:
    schema = Client().get("/api/openapi.json").json()
    paths = schema["paths"]
    assert {"200", "400", "401", "404", "503"} <= set(paths[SLOTS]["get"]["responses"])
    assert {"201", "400", "401", "403", "404", "409", "413", "415", "503"} <= set(
        paths[BOOKINGS]["post"]["responses"]
    )
    assert paths[SLOTS]["get"]["parameters"][0]["name"] == "from"
