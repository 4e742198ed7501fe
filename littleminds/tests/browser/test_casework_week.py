"""A clinician opens a case for a family met at a group (no referral), adds a parent, and
sees their week with its calendar link, by keyboard; axe-core on each page at desktop width
and at 320 pixels."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.casework import services
from littleminds.casework.models import Case
from littleminds.casework.tests.factories import at
from littleminds.directory.models import Area
from littleminds.pathway.rules import DEFAULT_SERVICE_AREA
from littleminds.pathway.tests.factories import default_rules, navigator_directory
from littleminds.referrals.models import Intake
from littleminds.referrals.tests.factories import born_months_ago
from littleminds.tests.browser.conftest import at_path, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def check(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_a_clinician_opens_a_case_without_a_referral_adds_a_parent_and_sees_the_week(
    page: Page,
    team: Team,
    clinician: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    default_rules()
    lmm = navigator_directory()["lmm"]
    Intake.objects.create(
        team=team, service=lmm, area=Area.objects.get(key=DEFAULT_SERVICE_AREA), is_default=True
    )
    browser_sign_in(page, clinician)

    page.goto("/cases/")
    opening = page.get_by_role("link", name="Open a case without a referral")
    tab_to(page, opening, most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case without a referral")
    check(page)

    # Sent empty: the error summary says what is missing.
    tab_to(page, page.get_by_role("button", name="Open the case"), most=120)
    page.keyboard.press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose whether the baby is born")
    expect(summary).to_contain_text("Enter the family's home postcode")
    assert page.title().startswith("Error: ")
    check(page)

    born = born_months_ago(4)
    name = page.get_by_label("Baby's name (optional)")
    tab_to(page, name, most=80)
    page.keyboard.type("Indigo")
    yes = page.get_by_label("Yes", exact=True)
    tab_to(page, yes)
    page.keyboard.press("Space")
    group = page.get_by_role("group", name="Date of birth")
    for part, value in zip(
        ("Day", "Month", "Year"), (born.day, born.month, born.year), strict=True
    ):
        group.get_by_label(part).fill(str(value))
    page.get_by_label("Home postcode").fill("BD7 1DP")
    page.get_by_label("Parent or carer's name").fill("Morgan Group")
    page.get_by_label("Mother", exact=True).check()
    page.get_by_label("Lead clinician").select_option(label="Cal Clinician")
    tab_to(page, page.get_by_role("button", name="Open the case"), most=120)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("The case is open")
    expect(page.get_by_role("heading", level=1)).to_have_text("Case of Indigo")
    check(page)
    case = Case.objects.get()

    # Add the baby's father, by keyboard.
    adding = page.get_by_role("link", name="Add a parent, carer or other important person")
    tab_to(page, adding, most=120)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person to the family")
    check(page)
    tab_to(page, page.get_by_label("Name", exact=True), most=60)
    page.keyboard.type("Alex Group")
    # A group of radios is one stop for Tab; the arrow keys move within it.
    tab_to(page, page.get_by_label("Mother", exact=True))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Father", exact=True)).to_be_checked()
    phone = page.get_by_label("Phone number (optional)")
    tab_to(page, phone)
    page.keyboard.type("12345")
    tab_to(page, page.get_by_role("button", name="Save the person"), most=40)
    page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a phone number")
    check(page)
    page.get_by_label("Phone number (optional)").fill("07700 900 456")
    page.get_by_label("Text them").check()
    tab_to(page, page.get_by_role("button", name="Save the person"), most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("The person is added to the family")
    expect(page.get_by_role("heading", name="Alex Group")).to_be_visible()
    check(page)

    # The week, with a contact planned for later today.
    services.contact_plan(
        by=clinician, case=case, clinician=clinician, starts_at=at(0, 23), minutes=60, place="home"
    )
    page.goto("/cases/")
    week = page.get_by_role("link", name="Your week")
    tab_to(page, week, most=60)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path("/cases/week/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your week")
    expect(page.get_by_role("link", name="Case of Indigo")).to_be_visible()
    check(page)

    # A calendar link, made and shown once.
    making = page.get_by_role("link", name="Make a calendar link")
    tab_to(page, making, most=80)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path("/cases/week/calendar-link/"))
    check(page)
    tab_to(page, page.get_by_role("button", name="Make the link"), most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Your calendar link is ready")
    expect(page.locator("#maincontent")).to_contain_text("/cases/week/calendar/")
    check(page)
