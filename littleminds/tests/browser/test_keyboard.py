"""Everything works from the keyboard alone (WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from littleminds.accounts.models import User
from littleminds.accounts.tests.factories import PASSWORD
from littleminds.tests.browser.conftest import at_path

pytestmark = pytest.mark.browser


def tab_to(page: Page, target: Locator, most: int = 15) -> int:
    """Press Tab until `target` has focus; fail if it takes more than `most` presses.
    Returns the number of presses."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return presses
    pytest.fail(f"{target} did not get focus within {most} presses of Tab")


def skip_then_tab_to(page: Page, target: Locator, most: int = 15) -> int:
    """As a keyboard user does on a page with a long menu: the first Tab reaches "Skip to
    main content", Enter moves focus past the header, then Tab until `target` has focus."""
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#maincontent")).to_be_focused()
    return tab_to(page, target, most)


def test_it_skips_to_the_main_content_from_the_first_tab(page: Page) -> None:
    page.goto("/")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).not_to_be_in_viewport()

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    # Hidden until focused, then shown at the top of the page.
    expect(skip).to_be_in_viewport()

    page.keyboard.press("Enter")
    main = page.locator("#maincontent")
    expect(main).to_be_focused()
    expect(main.get_by_role("heading", level=1)).to_have_text(
        "Support for babies, parents and the people who work with them"
    )
    # The next Tab carries on from the main content, past the header.
    page.keyboard.press("Tab")
    focused_in_main = main.evaluate("main => main.contains(document.activeElement)")
    assert focused_in_main, "the Tab after skipping left the main content"


def test_it_signs_in_with_the_keyboard_alone(page: Page, practitioner: User) -> None:
    page.goto("/")
    staff_sign_in = page.get_by_role("link", name="Staff sign in")
    tab_to(page, staff_sign_in)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path("/sign-in/"))

    email = page.get_by_label("Email address")
    tab_to(page, email)
    page.keyboard.type(practitioner.email)
    page.keyboard.press("Tab")
    password = page.get_by_label("Password", exact=True)
    expect(password).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(at_path("/work/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Pip Practitioner")


def test_it_submits_the_sign_in_form_with_enter_in_the_password_field(
    page: Page, practitioner: User
) -> None:
    page.goto("/sign-in/")
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type(practitioner.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path("/work/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Pip Practitioner")
