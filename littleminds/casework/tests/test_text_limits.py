"""Notes and addenda refuse text over 5,000 characters with their own message, and save
nothing: never a silent cut. Found in the browser walk of issue 12."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from littleminds.accounts.models import User
from littleminds.casework import services
from littleminds.casework.models import Note
from littleminds.casework.tests.factories import open_case

pytestmark = pytest.mark.django_db


def test_it_refuses_a_note_over_5000_characters(
    client: Client, clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    signed = sign_in(client, clinician)
    url = reverse("casework:note-add", kwargs={"code": case.code})
    response = signed.post(url, {"text": "x" * 5001})
    assert response.status_code == 200
    assert response.context["form"].errors["text"] == [
        "Enter the note in 5,000 characters or fewer"
    ]
    assert not Note.objects.filter(case=case).exists()
    assert signed.post(url, {"text": "x" * 5000}).status_code == 302


def test_it_refuses_an_addendum_over_5000_characters(
    client: Client, clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    note = services.note_add(by=clinician, case=case, text="Saw them.")
    signed = sign_in(client, clinician)
    url = reverse("casework:addendum-add", kwargs={"code": case.code, "note": note.code})
    response = signed.post(url, {"text": "x" * 5001})
    assert response.status_code == 200
    assert response.context["form"].errors["text"] == [
        "Enter the addendum in 5,000 characters or fewer"
    ]
    assert Note.objects.filter(case=case).count() == 1
