"""Insights' change pages and commissioning bodies in the browser, by keyboard: a system
administrator sets up a commissioning body (a taken name first, put right from the error
summary) and removes it; a service manager reads the confidence and outcomes pages. axe-core
runs on every page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.insights.models import CommissioningBody
from littleminds.tests.browser.conftest import at_path, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import skip_then_tab_to, tab_to

pytestmark = pytest.mark.browser


def test_an_administrator_sets_up_and_removes_a_commissioning_body_by_keyboard(
    page: Page,
    sysadmin: User,
    analyst: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    CommissioningBody.objects.create(name="Bradford Council")
    browser_sign_in(page, sysadmin)
    page.goto("/teams/")
    link = page.get_by_role("link", name="Commissioning bodies: who funds which teams")
    skip_then_tab_to(page, link, most=40)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path("/insights/commissioning/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Commissioning bodies")
    axe_check(page)

    skip_then_tab_to(page, page.get_by_role("button", name="Set up a commissioning body"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up a commissioning body")
    axe_check(page)
    name = page.get_by_label("Name", exact=True)
    tab_to(page, name, most=40)
    page.keyboard.type("bradford council")
    box = page.get_by_label(team.name)
    tab_to(page, box)
    page.keyboard.press("Space")
    member = page.get_by_label(f"{analyst.full_name} ({analyst.email})")
    tab_to(page, member)
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Set up commissioning body"))
    page.keyboard.press("Enter")

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text(
        "There is already a commissioning body called “bradford council”"
    )
    axe_check(page)
    expect(page.get_by_label(team.name)).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(name).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("West Yorkshire ICB")
    tab_to(page, page.get_by_role("button", name="Set up commissioning body"), most=20)
    page.keyboard.press("Enter")

    expect(page).to_have_url(at_path("/insights/commissioning/"))
    row = page.get_by_role("row").filter(has_text="West Yorkshire ICB")
    expect(row).to_contain_text(team.name)
    axe_check(page)
    body = CommissioningBody.objects.get(name="West Yorkshire ICB")
    assert list(body.members.all()) == [analyst]

    remove = page.get_by_role("link", name="Remove West Yorkshire ICB")
    tab_to(page, remove, most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove West Yorkshire ICB")
    axe_check(page)
    tab_to(page, page.get_by_role("button", name="Remove commissioning body"), most=40)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path("/insights/commissioning/"))
    expect(page.get_by_role("row").filter(has_text="West Yorkshire ICB")).to_have_count(0)
    assert not CommissioningBody.objects.filter(name="West Yorkshire ICB").exists()


@pytest.mark.parametrize("slug", ["confidence", "outcomes"])
def test_the_change_pages_pass_axe_and_narrow_phones(
    page: Page, manager: User, slug: str, browser_sign_in: Callable[[Page, User], None]
) -> None:
    browser_sign_in(page, manager)
    page.goto(f"/insights/{slug}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page)
    # At 320 pixels, measured once the header's script has fitted its menu to the width (on
    # the next animation frame: measured at once, the page was sometimes still too wide).
    assert phone_problems(page) == []
