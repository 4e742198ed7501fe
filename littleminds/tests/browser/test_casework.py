"""A clinician's casework in the browser: the caseload from the menu, opening a case from
an accepted referral, planning a contact and recording what happened with the keyboard
alone, and the team's caseload; axe-core on each page at desktop width and at 320 pixels."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.casework.models import Case, Contact
from littleminds.casework.tests.factories import accepted_referral
from littleminds.tests.browser.conftest import at_path, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def check(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_a_clinician_opens_a_case_and_records_a_contact_by_keyboard(
    page: Page,
    team: Team,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    referral = accepted_referral(referrer=practitioner, clinician=clinician)
    browser_sign_in(page, clinician)

    # The caseload, from the menu: nothing yet.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
    expect(page).to_have_url(at_path("/cases/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your cases")
    expect(page.get_by_text("No case matches.")).to_be_visible()
    check(page)

    # Open the case for the accepted referral, choosing its lead, by keyboard.
    page.goto(f"/cases/from-referral/{referral.reference}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Open a case for referral {referral.reference}"
    )
    check(page)
    new_case = page.get_by_label("No: open a new case")
    tab_to(page, new_case, most=40)
    page.keyboard.press("Space")
    expect(new_case).to_be_checked()
    lead = page.get_by_label("Lead clinician")
    tab_to(page, lead)
    lead.select_option(label="Cal Clinician")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("The case is open")
    expect(page.get_by_role("heading", level=1)).to_have_text("Case of Robin")
    expect(page.get_by_text("Robin: 6 months")).to_be_visible()
    check(page)
    case = Case.objects.get()

    # Plan a contact for today, early in the morning, so that it can be recorded now.
    page.get_by_role("link", name="Plan a contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan a contact")
    today = timezone.localdate()
    group = page.get_by_role("group", name="Date")
    for part, value in zip(
        ("Day", "Month", "Year"), (today.day, today.month, today.year), strict=True
    ):
        group.get_by_label(part).fill(str(value))
    page.get_by_label("Time").fill("00:05")
    page.get_by_label("Length in minutes").fill("45")
    page.get_by_label("At home").check()
    page.get_by_label("Sam Example").check()
    page.get_by_role("button", name="Plan the contact").click()
    expect(page.get_by_role("alert")).to_contain_text("The contact is planned")
    expect(page.get_by_text("Not recorded", exact=True)).to_be_visible()
    check(page)

    # Record what happened with the keyboard alone.
    record = page.get_by_role("link", name="Record what happened")
    tab_to(page, record, most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record what happened")
    check(page)
    # Sent without an answer: the error summary says what is missing.
    tab_to(page, page.get_by_role("button", name="Save what happened"), most=40)
    page.keyboard.press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(["Choose what happened"])
    assert page.title().startswith("Error: ")
    check(page)
    attended = page.get_by_label("Attended", exact=True)
    tab_to(page, attended, most=40)
    page.keyboard.press("Space")
    expect(attended).to_be_checked()
    came = page.get_by_role("group", name="Who came?").get_by_label("Sam Example")
    tab_to(page, came)
    page.keyboard.press("Space")
    expect(came).to_be_checked()
    note = page.get_by_label("Note (optional)")
    tab_to(page, note)
    page.keyboard.type("Mum and Robin played together; a calm visit.")
    tab_to(page, page.get_by_role("button", name="Save what happened"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("What happened is recorded")
    expect(page.get_by_text("Came: Sam Example")).to_be_visible()
    check(page)
    contact = Contact.objects.get(case=case)
    assert contact.outcome == "attended"
    assert contact.note == "Mum and Robin played together; a calm visit."

    # The caseload and the team's.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
    row = page.locator("#caseload tbody tr").first
    expect(row).to_contain_text("Robin")
    expect(row).to_contain_text("Today")
    expect(row).to_contain_text("None planned")
    check(page)
    page.get_by_role("link", name="See the team's cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The team's cases")
    carrying = page.get_by_role("table").filter(has_text="Lead clinician of").locator("tbody tr")
    expect(carrying).to_have_count(1)
    expect(carrying.first).to_contain_text("Cal Clinician")
    expect(carrying.first).to_contain_text("1 family")
    check(page)
