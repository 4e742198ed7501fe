"""The "Your work" page and the header menu: each person's day, with every number linked
to the list behind it, counted only in the person's own teams."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from littleminds.conftest import PERSONAS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_navigator_is_in_every_staff_menu(
    as_persona: Callable[[str], Client], persona: str
) -> None:
    navigation = as_persona(persona).get("/work/").context["navigation"]
    assert ("Navigator", "/navigator/") in [(item.label, item.url) for item in navigation]
