"""The public training finder, by keyboard alone, with axe-core on a desktop and at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Organisation, Team, User
from littleminds.tests.browser.conftest import axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to
from littleminds.training.tests import factories

pytestmark = pytest.mark.browser


def test_the_finder_filters_and_opens_a_course_by_keyboard(
    page: Page, trainer: User, team: Team, health_visiting: Organisation
) -> None:
    awareness = factories.course(trainer, team, title="Babies' feelings")
    factories.session(trainer, awareness, days=7)
    factories.course(trainer, team, title="Assessing relationships", tier="specialist")
    factories.bespoke(trainer, team, partner=health_visiting)

    page.goto("/training/")
    axe_check(page)
    assert not phone_problems(page)
    # The bespoke course is not shown to visitors.
    expect(page.get_by_role("link", name="For the partner")).to_have_count(0)

    tier = page.get_by_label("Tier")
    tab_to(page, tier, most=25)
    page.keyboard.press("ArrowDown")  # "All tiers" to "Awareness"
    submit = page.get_by_role("button", name="Find courses")
    tab_to(page, submit, most=10)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="1 course matches")).to_be_visible()
    course = page.get_by_role("link", name="Babies' feelings")
    tab_to(page, course, most=20)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Babies' feelings")
    expect(page.get_by_role("heading", name="Coming sessions")).to_be_visible()
    axe_check(page)
    assert not phone_problems(page)


def test_a_bad_filter_is_explained_in_the_error_summary(page: Page) -> None:
    page.goto("/training/?start_day=31&start_month=2&start_year=2027")

    expect(page.get_by_role("alert")).to_contain_text("The first date must be a real date")
    axe_check(page)
    assert not phone_problems(page)
