"""Safeguarding and goals in the browser: a clinician raises a flag, writes the chronology
and agrees a goal with the keyboard alone; the banner names the open flag at the top of the
case; axe-core on each page at desktop width and at 320 pixels."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.casework.models_care import FlagKind
from littleminds.casework.tests.factories import open_case
from littleminds.tests.browser.conftest import axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def check(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def fill_today(page: Page, group: str) -> None:
    today = timezone.localdate()
    fields = page.get_by_role("group", name=group)
    for part, value in zip(
        ("Day", "Month", "Year"), (today.day, today.month, today.year), strict=True
    ):
        fields.get_by_label(part).fill(str(value))


def test_a_clinician_raises_a_flag_and_agrees_a_goal_by_keyboard(
    page: Page,
    team: Team,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    # The migration seeds the list, but a browser test before this one may have emptied it.
    FlagKind.objects.get_or_create(name="Child in need")
    case = open_case(referrer=practitioner, clinician=clinician)
    browser_sign_in(page, clinician)
    page.goto(f"/cases/{case.code}/")
    expect(page.locator("#safeguarding-banner")).to_have_count(0)
    check(page)

    # Raise a flag, by keyboard.
    link = page.get_by_role("link", name="Raise a flag")
    tab_to(page, link, most=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a safeguarding flag")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").first).to_contain_text("Choose the flag")
    check(page)
    flag = page.get_by_label("Flag")
    tab_to(page, flag, most=40)
    flag.select_option(label="Child in need")
    fill_today(page, "Date raised")
    tab_to(page, page.get_by_role("button", name="Save"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("The safeguarding flag is raised")
    banner = page.locator("#safeguarding-banner")
    expect(banner).to_contain_text("This family has an open safeguarding flag")
    expect(banner).to_contain_text("Child in need")
    check(page)

    # A significant event for the chronology.
    page.get_by_role("link", name="Add to the chronology").click()
    fill_today(page, "Date it happened")
    page.get_by_label("What happened").fill("Child in need meeting held at the children's centre.")
    page.get_by_role("button", name="Save and sign").click()
    expect(page.get_by_text("Child in need meeting held at the children's centre.")).to_be_visible()

    # A goal agreed with the family, then rated at a review.
    page.get_by_role("link", name="Add a goal").click()
    check(page)
    page.get_by_label("The goal, in the family's words").fill("Enjoy bath time together")
    fill_today(page, "Date agreed")
    page.get_by_label("Rating at the start").fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("The goal is added")
    page.get_by_role("link", name="Rate at a review").click()
    fill_today(page, "Date of the review")
    page.get_by_label("Rating at this review").fill("7")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Up 5")).to_be_visible()
    check(page)
