"""Outcome measures and tasks in the browser: recording a PHQ-9 whose risk item is above
zero, the risk alert on the case and the caseload, and closing the risk task, which needs
the action taken, by keyboard; axe-core on each page at desktop width and at 320 pixels."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.casework.models_records import Task
from littleminds.casework.tests.factories import open_case
from littleminds.tests.browser.conftest import axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import skip_then_tab_to, tab_to

pytestmark = pytest.mark.browser


def check(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_a_clinician_records_a_measure_and_follows_up_the_risk_by_keyboard(
    page: Page,
    team: Team,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    browser_sign_in(page, clinician)
    page.goto(f"/cases/{case.code}/")
    expect(page.get_by_role("heading", name="Outcome measures")).to_be_visible()
    check(page)

    page.get_by_text("Record a measure").click()
    page.get_by_role("link", name="Record PHQ-9").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record PHQ-9")
    check(page)
    today = timezone.localdate()
    group = page.get_by_role("group", name="Date it was completed")
    for part, value in zip(
        ("Day", "Month", "Year"), (today.day, today.month, today.year), strict=True
    ):
        group.get_by_label(part).fill(str(value))
    parent = page.get_by_label("Sam Example")
    tab_to(page, parent, most=20)
    page.keyboard.press("Space")
    for number in range(1, 10):
        page.get_by_label(f"Item {number} score", exact=True).fill("1")
    tab_to(page, page.get_by_role("button", name="Save the measure"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("The measure is recorded")
    expect(page.get_by_role("heading", name="A risk to follow up")).to_be_visible()
    check(page)

    # The caseload shows the risk.
    page.goto("/cases/")
    expect(page.get_by_text("1 risk to follow up")).to_be_visible()
    check(page)

    # Closing the risk task needs the action taken.
    page.goto(f"/cases/{case.code}/")
    done = page.get_by_role("link", name="Mark as done")
    tab_to(page, done, most=120)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Complete the task")
    # The header's menu is long for a clinician, so they skip past it.
    skip_then_tab_to(page, page.get_by_role("button", name="Mark as done"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Say what action was taken on the risk")).to_be_visible()
    check(page)
    page.get_by_label("What action was taken on the risk").fill("Called; safety plan agreed.")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_role("alert")).to_contain_text("The task is done")
    expect(page.get_by_role("heading", name="A risk to follow up")).to_have_count(0)
    task = Task.objects.get()
    assert task.done_note == "Called; safety plan agreed."
