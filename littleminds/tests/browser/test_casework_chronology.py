"""The case's whole chronology and a second questionnaire link in the browser (issue 12):
from the case page to the page of all entries by keyboard, and the link form that refuses a
second link while one waits until its box is ticked; axe-core at desktop width and at 320
pixels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from littleminds.accounts.models import User
from littleminds.casework import services_care, services_link
from littleminds.casework.models_link import QuestionnaireLink
from littleminds.casework.tests.factories import open_case
from littleminds.tests.browser.conftest import axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def check(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_the_whole_chronology_is_reached_from_the_case_by_keyboard(
    page: Page,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    today = timezone.localdate()
    for n in range(55):
        services_care.chronology_add(
            by=clinician, case=case, happened_on=today - timedelta(days=n), text=f"Event {n}."
        )
    browser_sign_in(page, clinician)
    page.goto(f"/cases/{case.code}/")
    link = page.get_by_role("link", name="Show all 55 entries")
    tab_to(page, link, most=200)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Chronology of significant events")
    expect(page.get_by_text("55 entries, the latest first.")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Event 0.")
    expect(main).to_contain_text("Event 49.")
    expect(main).not_to_contain_text("Event 50.")
    check(page)
    page.get_by_role("link", name="Next").click()
    expect(main).to_contain_text("Event 54.")
    check(page)


def test_a_second_link_is_refused_until_the_box_is_ticked(
    page: Page,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    parent = case.people.get()
    first = services_link.link_create(
        by=clinician, case=case, measure="phq9", answerer=parent, language="en"
    ).link
    browser_sign_in(page, clinician)
    page.goto(f"/cases/{case.code}/questionnaire-links/new/")
    page.get_by_label("PHQ-9").check()
    page.get_by_role("button", name="Make the link").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text(f"A PHQ-9 link for {parent.name} is still waiting")
    check(page)
    # The summary's link takes the keyboard to the box.
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    expect(page.get_by_label("Withdraw the link still waiting and make a new one")).to_be_checked()
    page.get_by_role("button", name="Make the link").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert QuestionnaireLink.objects.filter(case=case, withdrawn_at__isnull=True).count() == 1
