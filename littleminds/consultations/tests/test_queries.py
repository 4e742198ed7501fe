"""How many queries the free-slot list and a booking cost (issue 13's speed target): each
is pinned, so that a change which adds one is seen. And the API's free-slot rows, built
without django-ninja checking them, hold to the schema it documents."""

from __future__ import annotations

import json
import types
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Union, get_args, get_origin

import pytest
from django.test import Client
from django.utils import timezone

from littleminds.accounts.api_tokens import api_token_create
from littleminds.accounts.models import Organisation, User
from littleminds.api import api
from littleminds.audit.testing import chain_lock_queries
from littleminds.consultations.api import SlotOut
from littleminds.consultations.models import Booking, Slot
from littleminds.consultations.tests.factories import booking, slot
from littleminds.notifications.models import Notification

pytestmark = pytest.mark.django_db


SLOTS = "/api/consultations/slots"
BOOKINGS = "/api/consultations/bookings"


@pytest.fixture
def token(health_visiting: Organisation) -> dict[str, str]:
    secret = api_token_create(by=None, organisation=health_visiting, name="HV system").secret
    headers = {"Authorization": f"Bearer {secret}"}
    Client().get(SLOTS, headers=headers)  # its "last used" is now written: not again soon
    return headers


@pytest.fixture
def offered(clinician: User, manager: User) -> list[Slot]:
    """Slots of two clinicians, of each mode, over the coming fortnight."""
    made = [slot(clinician, days=days, mode=Slot.Mode.VIDEO) for days in range(1, 8)]
    made += [slot(manager, days=days, mode=Slot.Mode.IN_PERSON) for days in range(1, 8)]
    made += [slot(clinician, days=days, mode=Slot.Mode.PHONE) for days in range(8, 15)]
    return made


def test_the_free_slot_api_is_two_queries_however_many_slots(
    token: dict[str, str], offered: list[Slot], practitioner: User, django_assert_num_queries: Any
) -> None:
    booking(practitioner, offered[0])
    # The token, then the slots with their clinicians' and teams' names.
    with django_assert_num_queries(2):
        response = Client().get(SLOTS, headers=token)
    assert response.status_code == 200
    assert len(response.json()) == len(offered) - 1


def test_the_free_slot_page_is_four_queries(
    offered: list[Slot],
    practitioner: User,
    sign_in: Callable[[Client, User], Client],
    django_assert_num_queries: Any,
) -> None:
    client = sign_in(Client(), practitioner)
    client.get("/consultations/book/")
    # The session, the user, their roles, the slots. Not the session's save: it is renewed
    # at most once a minute (ADR 0061; was three statements more, in a savepoint).
    with django_assert_num_queries(4):
        response = client.get("/consultations/book/")
    assert response.status_code == 200
    assert len(response.context["form"].fields["slot"].choices) >= len(offered)


def test_a_booking_is_eight_queries(
    offered: list[Slot], practitioner: User, django_assert_num_queries: Any
) -> None:
    practitioner.has_perm("anything")  # the roles are read once a request, before this
    # The roles; in its transaction (a savepoint in a test) the slot with its clinician
    # and team, the booking, the audit trail's last event and the new one, the two
    # e-mails in one insert.
    with django_assert_num_queries(8 + chain_lock_queries()):
        made = booking(practitioner, offered[0])
    assert made.slot == offered[0]
    assert Notification.objects.filter(user__in=[practitioner, offered[0].clinician]).count() == 2


def test_a_booking_through_the_api_is_eleven_queries(
    token: dict[str, str], offered: list[Slot], practitioner: User, django_assert_num_queries: Any
) -> None:
    wanted = offered[0]
    # The token, the practitioner named and their roles, the slot named; then the
    # booking's eight less the roles, read already.
    with django_assert_num_queries(11 + chain_lock_queries()):
        response = Client().post(
            BOOKINGS,
            json.dumps({"slot": str(wanted.code), "practitioner": practitioner.email}),
            content_type="application/json",
            headers=token,
        )
    assert response.status_code == 201
    assert Booking.objects.get().slot == wanted


def _is(value: object, annotation: Any) -> bool:
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is(value, option) for option in get_args(annotation))
    if annotation is type(None):
        return value is None
    # A bool is an int to isinstance: the schema's types are told apart exactly.
    return type(value) is annotation


def test_the_free_slot_rows_have_exactly_the_schemas_fields_and_types(
    token: dict[str, str], offered: list[Slot]
) -> None:
    rows = Client().get(SLOTS, headers=token).json()
    assert {row["mode"] for row in rows} == set(Slot.Mode.values)
    for row in rows:
        assert set(row) == set(SlotOut.model_fields)
        for name, field in SlotOut.model_fields.items():
            assert _is(row[name], field.annotation), (name, row[name])
        assert SlotOut.model_validate(row).model_dump() == row
    # What the model objects give, the rows give.
    first = offered[0]
    (row,) = [row for row in rows if row["id"] == str(first.code)]
    assert row == {
        "id": str(first.code),
        "starts_at": timezone.localtime(first.starts_at).isoformat(),
        "ends_at": timezone.localtime(first.starts_at + timedelta(minutes=45)).isoformat(),
        "minutes": 45,
        "mode": "video",
        "mode_words": "Video call",
        "clinician": first.clinician.full_name,
        "team": first.team.name,
        "place": "",
    }


def test_the_schema_still_documents_the_rows() -> None:
    schema = api.get_openapi_schema()
    answer = schema["paths"]["/api/consultations/slots"]["get"]["responses"][200]
    listed = answer["content"]["application/json"]["schema"]
    assert listed["type"] == "array"
    assert listed["items"]["$ref"].endswith("/SlotOut")
    documented = schema["components"]["schemas"]["SlotOut"]["properties"]
    assert set(documented) == set(SlotOut.model_fields)
