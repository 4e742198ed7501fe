"""Signing in with an email address and password, as a visitor does."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import User
from littleminds.accounts.tests.factories import PASSWORD
from littleminds.tests.browser.conftest import at_path, axe_check, submit_sign_in_form

pytestmark = pytest.mark.browser


def test_it_signs_a_visitor_in_and_lands_on_your_work(page: Page, practitioner: User) -> None:
    page.goto("/")
    page.get_by_role("link", name="Staff sign in").click()
    expect(page).to_have_url(at_path("/sign-in/"))
    expect(page).to_have_title("Sign in – Little Minds")

    page.get_by_label("Email address").fill("practitioner@test.example")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page).to_have_url(at_path("/work/"))
    expect(page).to_have_title("Your work – Little Minds")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Pip Practitioner")
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="practitioner@test.example")).to_be_visible()
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()


def test_it_shows_an_error_summary_for_a_wrong_password(page: Page, practitioner: User) -> None:
    submit_sign_in_form(page, practitioner.email, password="Not-The-Password-1")

    expect(page).to_have_url(at_path("/sign-in/"))
    expect(page).to_have_title("Error: Sign in – Little Minds")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    message = "Enter a correct email address and password. The password is case-sensitive."
    link = summary.get_by_role("link", name=message)
    expect(link).to_have_attribute("href", "#id_email")
    # The error summary takes focus, so a screen reader announces it first.
    expect(summary).to_be_focused()
    link.click()
    expect(page.get_by_label("Email address")).to_be_focused()
    expect(page.get_by_label("Email address")).to_have_value(practitioner.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    axe_check(page)
