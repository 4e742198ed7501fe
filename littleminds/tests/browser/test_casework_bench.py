"""A clinician's casework numbers on "Your work" in the browser: from each number, by
keyboard, to "Your cases" showing exactly those families; axe-core on each page at desktop
width and at 320 pixels."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import User
from littleminds.casework.models import Contact
from littleminds.casework.services import contact_plan
from littleminds.casework.tests.factories import at, open_case, planned
from littleminds.tests.browser.conftest import at_path, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def check(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_a_clinician_goes_from_each_number_to_its_families_by_keyboard(
    page: Page,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    seen_today = open_case(referrer=practitioner, clinician=clinician, baby_name="Robin")
    # Late tonight, so that it is today's whenever the test runs.
    contact_plan(
        by=clinician,
        case=seen_today,
        clinician=clinician,
        starts_at=at(0, hour=23),
        minutes=60,
        place=Contact.Place.HOME,
    )
    missed = open_case(referrer=practitioner, clinician=clinician, baby_name="Ash")
    planned(missed, clinician, -3)
    browser_sign_in(page, clinician)

    page.goto("/work/")
    today = page.get_by_role("link", name="1 Families you see today")
    expect(today).to_be_visible()
    check(page)
    tab_to(page, today, most=40)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path("/cases/", "contact=today"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your cases")
    expect(page.get_by_text("1 case", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Robin")).to_be_visible()
    expect(page.get_by_label("Your contacts")).to_have_value("today")
    check(page)

    page.goto("/work/")
    not_recorded = page.get_by_role("link", name="Families with contacts not recorded")
    tab_to(page, not_recorded, most=40)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path("/cases/", "contact=not_recorded"))
    expect(page.get_by_role("link", name="Ash")).to_be_visible()
    check(page)


def test_a_clinician_goes_from_tasks_due_to_those_families_and_back_to_all(
    page: Page,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    from django.utils import timezone

    from littleminds.casework.services_records import task_add

    due = open_case(referrer=practitioner, clinician=clinician, baby_name="Rowan")
    open_case(referrer=practitioner, clinician=clinician, baby_name="Alder")
    task_add(
        by=clinician,
        case=due,
        assigned_to=clinician,
        due_on=timezone.localdate(),
        description="Ring the health visitor",
    )
    browser_sign_in(page, clinician)

    page.goto("/work/")
    tasks = page.get_by_role("link", name="1 Families with tasks of yours due")
    tab_to(page, tasks, most=40)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path("/cases/", "tasks=due"))
    expect(page.get_by_text("Showing only the cases with:")).to_be_visible()
    expect(page.get_by_text("1 case", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Rowan")).to_be_visible()
    expect(page.get_by_role("link", name="Alder")).to_have_count(0)
    check(page)
    every = page.get_by_role("link", name="Show all your cases")
    tab_to(page, every, most=60)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path("/cases/"))
    expect(page.get_by_role("link", name="Alder")).to_be_visible()


def test_a_clinician_opens_all_the_contacts_of_a_busy_case_by_keyboard(
    page: Page,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    busy = open_case(referrer=practitioner, clinician=clinician, baby_name="Hazel")
    for days in range(1, 26):
        planned(busy, clinician, days)
    browser_sign_in(page, clinician)

    page.goto(f"/cases/{busy.code}/")
    every = page.get_by_role("link", name="Show all 25 contacts")
    tab_to(page, every, most=80)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path(f"/cases/{busy.code}/contacts/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("All contacts")
    expect(page.get_by_text("25 contacts, the latest first.")).to_be_visible()
    check(page)
