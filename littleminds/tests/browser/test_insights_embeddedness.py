"""The embeddedness pages and the score's weights in the browser: axe-core at desktop and
phone widths, nothing sideways at 320 pixels, and the weights form by keyboard with a bad
weight refused in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.directory.models import Ring
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.insights import measures
from littleminds.insights.models import ScoreWeights
from littleminds.insights.tests.factories import tally
from littleminds.tests.browser.conftest import axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser

PERIOD = "start=2026-01-01&end=2026-06-30"


def test_the_embeddedness_pages_pass_axe_and_fit_a_phone(
    page: Page, manager: User, team: Team, browser_sign_in: Callable[[Page, User], None]
) -> None:
    for n, ring in enumerate([Ring.CORE, Ring.UNIVERSAL, Ring.RISK_FACTORS, None]):
        organisation = OrganisationFactory.create(name=f"Organisation {n} of the district")
        if ring is not None:
            ServiceFactory.create(organisation=organisation, ring=ring)
        tally(
            measures.CONSULTATIONS,
            10 + n,
            day=date(2026, 3, 1),
            team=team,
            organisation=organisation,
        )
        tally(measures.REFERRALS, 3 * n, day=date(2026, 3, 1), team=team, organisation=organisation)
    browser_sign_in(page, manager)
    for path in ("/insights/embeddedness/", "/insights/map/"):
        page.goto(f"{path}?{PERIOD}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)
        problems = phone_problems(page)
        assert not problems, "\n\n".join(problems)
    expect(page.locator("svg.lm-score-map")).to_have_count(1)


def test_a_manager_sets_the_weights_by_keyboard(
    page: Page, manager: User, browser_sign_in: Callable[[Page, User], None]
) -> None:
    browser_sign_in(page, manager)
    page.goto("/insights/weights/")
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)

    consultations = page.get_by_label("Consultations", exact=True)
    tab_to(page, consultations, most=40)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("12")
    tab_to(page, page.get_by_label("Why they changed"), most=20)
    page.keyboard.type("Consultations matter most")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Put these weights in force")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(
        page.get_by_role(
            "link", name="The weight of “Consultations” must be a whole number from 0 to 10"
        )
    ).to_be_visible()
    axe_check(page)
    assert not ScoreWeights.objects.exists()

    consultations.fill("8")
    consultations.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The new weights are in force from now.")).to_be_visible()
    expect(page.locator("#history")).to_contain_text("Consultations matter most")
    assert ScoreWeights.objects.get().weights["consultations"] == 8
