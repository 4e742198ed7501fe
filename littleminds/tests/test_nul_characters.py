"""A NUL character is refused with a message on every way in (PostgreSQL cannot store one:
it would be a 500 there, and SQLite would keep it). The API refuses it centrally
(`test_api_input.py`); the web forms refuse it field by field, which Django's CharField
does unless a field forgets to; these tests hold every form to it, and walk the search
boxes and the families' journeys (whose answers wait in a signed cookie) on both databases."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date
from typing import Any

import pytest
import time_machine
from django import forms
from django.test import Client

import littleminds
from littleminds.accounts.models import Team
from littleminds.pathway.tests.factories import default_rules
from littleminds.referrals.models import Referral
from littleminds.referrals.self_referral import views as self_views
from littleminds.referrals.tests.factories import intake_for
from littleminds.referrals.tests.test_self_referral import date_parts, page, walk

NUL_TEXT = "Sam\x00 Example"
DJANGO_MESSAGE = "Null characters are not allowed."


def _forms() -> list[type[forms.BaseForm]]:
    found = []
    for module in pkgutil.walk_packages(littleminds.__path__, "littleminds."):
        last = module.name.rsplit(".", 1)[-1]
        if "tests" in module.name or not last.endswith("forms"):
            continue
        loaded = importlib.import_module(module.name)
        found += [
            value
            for value in vars(loaded).values()
            if inspect.isclass(value)
            and issubclass(value, forms.BaseForm)
            and value.__module__ == loaded.__name__
        ]
    return found


def test_every_field_of_every_form_refuses_a_nul() -> None:
    forms_found = _forms()
    accepted = []
    for form in forms_found:
        # Every form class has its own `base_fields` (set by Django's metaclass; ModelForms
        # included), which the stubs do not declare on BaseForm.
        fields: dict[str, forms.Field] = form.__dict__["base_fields"]
        for name, field in fields.items():
            if isinstance(field, forms.BooleanField):
                continue  # any text is just "ticked": nothing typed is kept
            if isinstance(field.widget, forms.MultiWidget):
                value: Any = ["1\x00", "1", "2020"]
            elif isinstance(field, forms.MultipleChoiceField):
                value = [NUL_TEXT]
            else:
                value = NUL_TEXT
            try:
                field.clean(value)
            except forms.ValidationError:
                continue
            accepted.append(f"{form.__module__}.{form.__name__}.{name}")
    assert len(forms_found) > 40  # the walk found the project's forms
    assert accepted == []


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/directory/", {"words": NUL_TEXT}),
        ("/directory/", {"postcode": "BD7\x001DP"}),
    ],
)
def test_a_public_search_box_refuses_a_nul(anonymous: Client, url: str, query: dict) -> None:
    response = anonymous.get(url, query)

    assert response.status_code == 200
    assert DJANGO_MESSAGE in response.content.decode()


@pytest.mark.parametrize("url", ["/directory/map/", "/directory/map.svg", "/directory/map.csv"])
def test_the_system_map_takes_a_nul_as_an_unknown_filter(anonymous: Client, url: str) -> None:
    """The map's filters are lists to choose from; anything else shows the whole map."""
    response = anonymous.get(
        url, {"need": NUL_TEXT, "area": NUL_TEXT, "ring": NUL_TEXT, "kind": NUL_TEXT}
    )

    assert response.status_code == 200


def test_open_referral_refuses_a_nul_in_its_search(anonymous: Client) -> None:
    response = anonymous.get("/openreferral/services", {"search": NUL_TEXT})

    assert response.status_code == 400
    assert DJANGO_MESSAGE in response.json()["errors"]["search"]


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/people/", {"text": NUL_TEXT}),
        ("/directory/manage/", {"text": NUL_TEXT}),
        ("/audit/", {"person": NUL_TEXT, "record": NUL_TEXT, "action": NUL_TEXT}),
    ],
)
def test_a_staff_search_box_refuses_a_nul(as_persona, url: str, query: dict) -> None:
    response = as_persona("manager").get(url, query)

    assert response.status_code == 200
    assert DJANGO_MESSAGE in response.content.decode()


def test_sign_in_refuses_a_nul(anonymous: Client) -> None:
    response = anonymous.post("/sign-in/", {"email": "sam\x00@example.org", "password": "x\x00"})

    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()


@time_machine.travel(date(2026, 11, 28), tick=False)
def test_the_self_referral_refuses_a_nul_and_keeps_nothing(anonymous: Client, team: Team) -> None:
    default_rules()
    intake_for(team)
    walk(anonymous, worries=None)
    kept = anonymous.cookies[self_views.COOKIE].value

    response = anonymous.post(
        page("worries"), {"concerns": ["bonding"], "concern_details": "It is\x00 hard."}
    )

    assert response.status_code == 400
    assert DJANGO_MESSAGE in response.content.decode()
    assert anonymous.cookies[self_views.COOKIE].value == kept
    assert not Referral.objects.exists()


@time_machine.travel(date(2026, 11, 28), tick=False)
def test_the_navigator_refuses_a_nul_in_the_postcode(anonymous: Client) -> None:
    default_rules()
    for slug, answer in [
        ("who", {"asker": "parent"}),
        ("pregnancy", {"pregnant": "no"}),
        ("baby", date_parts("child_date_of_birth", date(2026, 5, 28))),
    ]:
        assert anonymous.post(f"/navigator/questions/{slug}/", answer).status_code == 302

    response = anonymous.post("/navigator/questions/postcode/", {"postcode": "BD7\x00 1DP"})

    assert response.status_code == 200
    assert DJANGO_MESSAGE in response.content.decode()
