"""Closing a case in the browser with the keyboard alone, then opening its closing letter
(a page that prints, with a PDF to download), and the referrer reading the letter sent to
them; axe-core on each page at desktop width and at 320 pixels."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.casework.models import Case
from littleminds.casework.tests.factories import open_case
from littleminds.tests.browser.conftest import axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def check(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_a_clinician_closes_a_case_and_opens_the_letter_by_keyboard(
    page: Page,
    team: Team,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    browser_sign_in(page, clinician)
    page.goto(f"/cases/{case.code}/")
    expect(page.get_by_role("heading", name="Closing and letters")).to_be_visible()
    check(page)

    close = page.get_by_role("link", name="Close the case")
    tab_to(page, close, most=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Close the case")
    check(page)

    # Sent without answers: the error summary says what is missing.
    tab_to(page, page.get_by_role("button", name="Close the case"), most=40)
    page.keyboard.press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        ["Choose why the case is closing", "Enter the closing summary"]
    )
    assert page.title().startswith("Error: ")
    check(page)

    reason = page.get_by_label("Goals met")
    tab_to(page, reason, most=40)
    page.keyboard.press("Space")
    expect(reason).to_be_checked()
    summary_field = page.get_by_label("Closing summary")
    tab_to(page, summary_field, most=10)
    page.keyboard.type("We met eight times. Robin and Sam play together with ease now.")
    gp = page.get_by_label("GP or health visitor (optional)")
    tab_to(page, gp, most=10)
    page.keyboard.type("Dr Ada Lovelace")
    tab_to(page, page.get_by_role("button", name="Close the case"), most=10)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("The case is closed")
    check(page)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED

    letter = page.get_by_role("link", name="Closing letter to Dr Ada Lovelace")
    tab_to(page, letter, most=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Closing letter")
    expect(page.get_by_text("Dear Dr Ada Lovelace,")).to_be_visible()
    expect(page.get_by_text("Goals met")).to_be_visible()
    check(page)
    pdf = page.get_by_role("link", name="Download as a PDF")
    response = page.request.get(pdf.get_attribute("href") or "")
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    # Printed, the page carries the letter only.
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_hidden()
    expect(page.get_by_text("Dear Dr Ada Lovelace,")).to_be_visible()
    page.emulate_media(media="screen")


def test_the_referrer_reads_the_letter_sent_to_them(
    page: Page,
    team: Team,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    from littleminds.casework.services_closure import case_close

    case = open_case(referrer=practitioner, clinician=clinician)
    closure = case_close(by=clinician, case=case, reason="moved_away", summary="They moved.")
    referral = closure.letters.get(to="referrer").referral
    assert referral is not None
    browser_sign_in(page, practitioner)
    page.goto(f"/referrals/{referral.code}/")
    link = page.get_by_role("link", name="Closing letter of")
    expect(link).to_be_visible()
    check(page)
    link.click()
    expect(page.get_by_text("Dear Pip Practitioner,")).to_be_visible()
    expect(page.get_by_text("The family moved away")).to_be_visible()
    check(page)
