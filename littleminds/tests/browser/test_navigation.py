"""The header navigation each role sees: only the pages its permissions open."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from littleminds.accounts.models import User
from littleminds.conftest import PERSONAS
from littleminds.tests.browser.conftest import at_path

pytestmark = pytest.mark.browser

EVERYONE = ["Your work", "Find support", "Navigator", "Training", "Your account"]
EXPECTED_NAVIGATION = {
    "manager": [
        "Your work",
        "Find support",
        "Navigator",
        "Your referrals",
        "Triage",
        "Cases",
        "Consultations",
        "Training",
        "Manage training",
        "Community",
        "Insights",
        "Evaluation",
        "Intakes",
        "Directory",
        "Navigator rules",
        "People",
        "Audit trail",
        "Notifications",
        "Your account",
    ],
    "sysadmin": [
        "Your work",
        "Find support",
        "Navigator",
        "Training",
        "People",
        "Teams",
        "Audit trail",
        "Notifications",
        "Your account",
    ],
    "clinician": [
        "Your work",
        "Find support",
        "Navigator",
        "Your referrals",
        "Triage",
        "Cases",
        "Consultations",
        "Training",
        "Community",
        "Insights",
        "Your account",
    ],
    "other_clinician": [
        "Your work",
        "Find support",
        "Navigator",
        "Your referrals",
        "Triage",
        "Cases",
        "Consultations",
        "Training",
        "Community",
        "Insights",
        "Your account",
    ],
    "trainer": [
        "Your work",
        "Find support",
        "Navigator",
        "Training",
        "Manage training",
        "Community",
        "Your account",
    ],
    "community_worker": [
        "Your work",
        "Find support",
        "Navigator",
        "Training",
        "Community",
        "Your account",
    ],
    "practitioner": [
        "Your work",
        "Find support",
        "Navigator",
        "Your referrals",
        "Consultations",
        "Training",
        "Community",
        "Your account",
    ],
    "analyst": ["Your work", "Find support", "Navigator", "Training", "Insights", "Your account"],
    "researcher": [
        "Your work",
        "Find support",
        "Navigator",
        "Training",
        "Evaluation",
        "Your account",
    ],
}
PATHS = {
    "Your work": "/work/",
    "Find support": "/directory/",
    "Navigator": "/navigator/",
    "Your referrals": "/referrals/",
    "Triage": "/triage/",
    "Cases": "/cases/",
    "Consultations": "/consultations/",
    "Training": "/training/",
    "Manage training": "/training/manage/",
    "Community": "/community/",
    "Insights": "/insights/",
    "Evaluation": "/evaluation/",
    "Intakes": "/intakes/",
    "Directory": "/directory/manage/",
    "Navigator rules": "/navigator/rules/",
    "People": "/people/",
    "Teams": "/teams/",
    "Audit trail": "/audit/",
    "Notifications": "/notifications/",
    "Your account": "/account/",
}


# Where a menu item's words differ from the heading of the page it opens.
HEADINGS = {
    "Find support": "Find support for a family",
    "Navigator": "Find the right support for a family",
    "Directory": "Manage the directory",
    "Triage": "Triage queue",
    "Cases": "Your cases",
    "Training": "Find training",
    "Manage training": "Your team's training",
}


def test_it_covers_every_persona() -> None:
    assert sorted(EXPECTED_NAVIGATION) == sorted(PERSONAS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_each_persona_exactly_their_navigation(
    page: Page,
    persona: str,
    request: pytest.FixtureRequest,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    user: User = request.getfixturevalue(persona)
    browser_sign_in(page, user)
    menu = page.get_by_role("navigation", name="Menu")
    # Items that do not fit on one line move under "More" (the NHS.UK header's own
    # behaviour): they are the menu's links all the same, in the same order.
    links = menu.locator("a.nhsuk-header__navigation-link")
    expected = EXPECTED_NAVIGATION[persona]

    def item(label: str) -> Locator:
        return links.filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))

    expect(links).to_have_text(expected)
    for label in expected:
        expect(item(label)).to_have_attribute("href", PATHS[label])
    # The page one is on is marked as such, and only that one.
    expect(menu.locator("[aria-current=page]")).to_have_text(["Your work"])

    # Each item opens its page (not a 404), which the menu then marks as the current one.
    for label in expected[1:]:
        if not item(label).is_visible():
            menu.locator("#toggle-menu").click()
        item(label).click()
        expect(page).to_have_url(at_path(PATHS[label]))
        expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS.get(label, label))
        expect(menu.locator("[aria-current=page]")).to_have_text([label])
        expect(links).to_have_text(expected)


def test_it_shows_a_visitor_no_menu_but_the_way_to_sign_in(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link")).to_have_text(["Staff sign in"])
    expect(account.get_by_role("link", name="Staff sign in")).to_have_attribute("href", "/sign-in/")
