"""Insights in the browser, for a service manager (exact figures) and an analyst of a
commissioning body (small numbers hidden): the insights home, every registered page
(`pages.PAGES`, so pages registered later are checked without changing this test), the
report with and without two time points, and any other page insights has at an address of
its own (weights, commissioning bodies: found from `insights.urls`). axe-core on each, at
desktop width and at 320 pixels, where nothing may scroll sideways; and the report reached
and used by keyboard alone."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, reverse
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.insights import urls as insights_urls
from littleminds.insights.pages import ordered
from littleminds.insights.tests.walk_data import World, small_numbers_world
from littleminds.tests.browser.conftest import axe_check, check_headers, phone_problems
from littleminds.tests.browser.test_keyboard import skip_then_tab_to, tab_to

pytestmark = pytest.mark.browser

# The addresses that are files, not pages; and those this test visits with their filters.
FILES = (".csv", ".xlsx", ".pdf")
VISITED = {"home", "page", "report"}


@pytest.fixture
def world(team: Team, other_team: Team, manager: User, analyst: User) -> World:
    return small_numbers_world(team=team, other_team=other_team, manager=manager, analyst=analyst)


def other_insights_pages() -> list[str]:
    """Every other page of insights with an address of its own and no parameters."""
    found = []
    for pattern in insights_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        if pattern.name in VISITED or "<" in route or route.endswith(FILES):
            continue
        found.append(reverse(f"insights:{pattern.name}"))
    return found


def visits(world: World) -> list[tuple[str, str | None]]:
    """Each address, with the main heading it must have (None: any page, or not found)."""
    query = urlencode(world.query())
    compared = urlencode(world.query(compare=True))
    pages: list[tuple[str, str | None]] = [("/insights/", "Insights")]
    for shown in ordered():
        pages.append((f"/insights/{shown.slug}/?{query}", str(shown.title)))
        if shown.compares:
            pages.append((f"/insights/{shown.slug}/?{compared}", str(shown.title)))
    pages += [
        ("/insights/report/", "Insights report"),
        (f"/insights/report/?{query}", "Insights report"),
        (f"/insights/report/?{compared}", "Insights report"),
    ]
    pages += [(path, None) for path in other_insights_pages()]
    return pages


@pytest.mark.parametrize("persona", ["manager", "analyst"])
def test_every_insights_page_passes_axe_and_fits_a_phone(
    page: Page,
    persona: str,
    request: pytest.FixtureRequest,
    world: World,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    user: User = request.getfixturevalue(persona)
    browser_sign_in(page, user)
    problems: list[str] = []
    for path, heading in visits(world):
        response = page.goto(path)
        assert response is not None
        if heading is None:
            # A page for some people only (the weights are the managers'): found or not found.
            assert response.status in (200, 404), f"{path}: HTTP {response.status}"
        else:
            assert response.status == 200, f"{path}: HTTP {response.status}"
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_headers(response, signed_in=True)
        try:
            axe_check(page)
        except AssertionError as error:
            problems.append(str(error))
        problems += phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_the_report_by_keyboard_alone(
    page: Page, world: World, analyst: User, browser_sign_in: Callable[[Page, User], None]
) -> None:
    browser_sign_in(page, analyst)
    page.goto("/insights/")
    skip_then_tab_to(page, page.get_by_role("link", name="Make a report of every page"), most=20)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights report")

    # The period typed into the filter; Enter makes the report.
    for field, day in (("start", world.start), ("end", world.end)):
        tab_to(page, page.locator(f"input[name={field}_day]"), most=30)
        for part in (str(day.day), str(day.month), str(day.year)):
            page.keyboard.press("ControlOrMeta+a")
            page.keyboard.type(part)
            if part != str(day.year):
                page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#suppressed-notice")).to_be_visible()
    expect(page.get_by_role("heading", name="What helps and what gets in the way?")).to_be_visible()

    # The contents lead to each question; the tables' boxes take focus to scroll.
    helps = page.get_by_role("link", name="What helps and what gets in the way?")
    skip_then_tab_to(page, helps, most=40)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r".*#question-helps$"))
    box = page.get_by_role("region", name="Training places cancelled, by reason")
    tab_to(page, box, most=20)
    expect(box).to_be_focused()
    axe_check(page)
    assert not phone_problems(page)

    # The PDF link is reached by keyboard too.
    page.goto(page.url.split("#")[0])
    pdf = page.get_by_role("link", name="Download the report as a PDF")
    skip_then_tab_to(page, pdf, most=40)
    assert (pdf.get_attribute("href") or "").startswith("/insights/report.pdf?")
