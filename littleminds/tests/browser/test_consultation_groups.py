"""A practitioner joins a reflective practice group session by keyboard, and leaves it;
axe-core on each page, and no sideways scroll at 320 pixels."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import User
from littleminds.consultations.models_groups import GroupPlace
from littleminds.consultations.tests.factories import group
from littleminds.tests.browser.conftest import axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def check(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_a_practitioner_joins_and_leaves_a_group_by_keyboard(
    page: Page,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    series = group(clinician, capacity=2, sessions=2)
    browser_sign_in(page, practitioner)

    page.goto("/consultations/")
    link = page.get_by_role("link", name="Reflective practice groups")
    tab_to(page, link, most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reflective practice groups")
    check(page)
    tab_to(page, page.get_by_role("link", name=series.title), most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(series.title)
    check(page)

    tab_to(page, page.get_by_role("button", name="Join this date").first, most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have a place at the session.")).to_be_visible()
    check(page)
    assert GroupPlace.objects.filter(practitioner=practitioner, left_at__isnull=True).count() == 1

    tab_to(page, page.get_by_role("button", name="Leave").first, most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have left the session")).to_be_visible()
    assert not GroupPlace.objects.filter(practitioner=practitioner, left_at__isnull=True).exists()
