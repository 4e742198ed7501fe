"""A service manager changes the navigator's rules in the browser: the bench catches the
mistake, publishing is refused with the failing scenario named, and the fixed draft is
published. axe-core runs on every page; the fix is made with the keyboard alone."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import User
from littleminds.pathway import selectors
from littleminds.pathway.models import RuleSetVersion, Scenario
from littleminds.pathway.tests.factories import default_rules, default_scenarios, service_area
from littleminds.tests.browser.conftest import at_path, axe_check
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser

EXACTLY_TWO = "Child aged exactly 24 months: signposted"


@pytest.fixture
def navigator() -> RuleSetVersion:
    default_scenarios()
    service_area()
    return default_rules()


def test_a_manager_changes_a_rule_and_publishes_only_once_the_bench_passes(
    page: Page,
    manager: User,
    navigator: RuleSetVersion,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    browser_sign_in(page, manager)
    menu = page.get_by_role("navigation", name="Menu")
    link = menu.get_by_role("link", name="Navigator rules")
    if not link.is_visible():  # a manager's menu is long: the rest is under "More"
        menu.locator("#toggle-menu").click()
    link.click()
    expect(page).to_have_url(at_path("/navigator/rules/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Navigator rules")
    axe_check(page)

    # Start a draft from version 1 and change the age rule to refer older children.
    page.get_by_role("button", name="Start a draft from version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft of version 2")
    axe_check(page)
    page.get_by_role("link", name="Change rule 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change rule 2")
    age = page.get_by_role("group", name="Is the child aged two or over (and no baby is expected)?")
    expect(age.get_by_label("Yes")).to_be_checked()
    axe_check(page)
    route = page.get_by_role("group", name="Route it gives")
    route.get_by_label("Refer to the parent–infant service").check()
    page.get_by_role("button", name="Save rule").click()
    expect(page.get_by_text("Rule 2 is saved.")).to_be_visible()
    expect(
        page.get_by_text("When the child is aged two or over → Refer to the parent–infant service")
    ).to_be_visible()

    # The bench shows the scenario that now fails, and publishing is refused, naming it.
    page.get_by_role("button", name="Test and publish the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Test bench")
    failing = Scenario.objects.get(name=EXACTLY_TWO)
    row = page.locator(f"#scenario-{failing.code}")
    expect(row.get_by_text("Fails")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Publish the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the draft as version 2")
    expect(page.get_by_text("Against version 1, the version in force.")).to_be_visible()
    changed = page.locator("li", has=page.get_by_role("heading", name="child aged two or over"))
    expect(changed).to_contain_text(
        "When the child is aged two or over → Refer to the parent–infant service"
    )
    expect(changed).to_contain_text(
        "When the child is aged two or over → Other services that can help"
    )
    expect(page.get_by_role("button", name="Publish version 2")).to_have_count(0)
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text(
        [
            f"“{EXACTLY_TWO}” gives Refer to the parent–infant service, "
            "not Other services that can help"
        ]
    )
    assert page.title().startswith("Error: "), page.title()
    axe_check(page)
    summary.get_by_role("link").click()
    expect(page).to_have_url(re.compile(f"#scenario-{failing.code}$"))
    draft = RuleSetVersion.objects.get(status="draft")
    assert selectors.rule_set_current()[0] == navigator

    # Put the rule right, with the keyboard alone.
    page.goto(f"/navigator/rules/{draft.code}/rules/2/")
    signpost = page.get_by_role("group", name="Route it gives").get_by_label(
        "Other services that can help"
    )
    signpost.focus()
    page.keyboard.press("Space")
    expect(signpost).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Save rule"), most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Rule 2 is saved.")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Test and publish the draft"), most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Test bench")
    expect(page.get_by_text("0 of 15 scenarios fail.")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Publish the draft"), most=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the draft as version 2")
    expect(page.get_by_text("The draft's rules are the same as version 1's.")).to_be_visible()
    axe_check(page)
    tab_to(page, page.get_by_role("button", name="Publish version 2"), most=80)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Version 2")
    expect(
        page.get_by_text("Version 2 is published: the navigator answers with it from now on.")
    ).to_be_visible()
    axe_check(page)
    version, _rules = selectors.rule_set_current()
    assert (version.number, version.published_by) == (2, manager)
