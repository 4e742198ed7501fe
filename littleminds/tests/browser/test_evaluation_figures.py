"""The evaluation study's figures from the service's records, in the browser: reached from the
study's page and used by keyboard alone, axe-core at desktop width and at 320 pixels (where
nothing may scroll sideways, the wide tables scrolling in their own boxes), and the CSV link."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.evaluation.tests.test_figures import study_over
from littleminds.insights.tests.walk_data import World, small_numbers_world
from littleminds.tests.browser.conftest import axe_check, check_headers, phone_problems
from littleminds.tests.browser.test_keyboard import skip_then_tab_to, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def world(team: Team, other_team: Team, manager: User, analyst: User) -> World:
    return small_numbers_world(team=team, other_team=other_team, manager=manager, analyst=analyst)


def test_the_figures_by_keyboard_alone_pass_axe_and_fit_a_phone(
    page: Page,
    world: World,
    researcher: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    made = study_over(world, researcher, team)
    browser_sign_in(page, researcher)
    page.goto(f"/evaluation/{made.code}/")

    link = page.get_by_role("link", name="See the figures")
    skip_then_tab_to(page, link, most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures from the service’s records")
    expect(page.locator("#suppressed-notice")).to_be_visible()
    response = page.reload()
    assert response is not None
    assert response.status == 200
    check_headers(response, signed_in=True)

    # The CSV link, then the change's table: its box takes focus so that it can be scrolled.
    csv = page.get_by_role("link", name="Download these figures as CSV")
    skip_then_tab_to(page, csv, most=20)
    assert csv.get_attribute("href") == f"/evaluation/{made.code}/figures/figures.csv"
    change = page.get_by_role("region", name=re.compile(r"^Change in score from Time 1"))
    tab_to(page, change, most=20)
    expect(change).to_be_focused()
    page.keyboard.press("ArrowRight")
    # Each time point's organisations, side by side.
    for n in (1, 2):
        expect(page.locator(f"#time-point-{n}-organisations")).to_be_visible()
        expect(page.locator(f"#time-point-{n}-rings")).to_be_visible()
    expect(page.get_by_text("*").first).to_be_visible()

    axe_check(page)
    assert not phone_problems(page)


def test_the_page_with_no_organisation_passes_axe(
    page: Page, researcher: User, team: Team, browser_sign_in: Callable[[Page, User], None]
) -> None:
    from littleminds.evaluation.tests.factories import participant, study

    made = study(researcher, team)
    participant(made, "P01")
    browser_sign_in(page, researcher)
    response = page.goto(f"/evaluation/{made.code}/figures/")
    assert response is not None
    assert response.status == 200
    expect(page.locator("#no-organisations")).to_be_visible()
    axe_check(page)
    assert not phone_problems(page)
