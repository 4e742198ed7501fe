"""The training reports on a phone (320 pixels wide) by keyboard alone: from the team's
page to the reports, a period typed as day, month and year, a wide table scrolled inside
its own labelled box, and a bad date; axe-core on each page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.tests.browser.conftest import PHONE, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import skip_then_tab_to, tab_to
from littleminds.training.tests import factories
from littleminds.training.tests import factories_attendance as made

pytestmark = pytest.mark.browser


def _type_date(page: Page, field: str, day: str, month: str, year: str) -> None:
    """Tab to the date's day box, and type the three parts, tabbing between them."""
    tab_to(page, page.locator(f"input[name={field}_day]"), most=20)
    for part in (day, month, year):
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(part)
        if part != year:
            page.keyboard.press("Tab")


def test_a_trainer_reads_the_reports_on_a_phone_by_keyboard(
    page: Page, trainer: User, team: Team, browser_sign_in: Callable[[Page, User], None]
) -> None:
    course = factories.course(trainer, team, title="Babies' feelings")
    session = made.past_session(trainer, course, days_ago=[20])
    people = factories.people(2)
    for person in people:
        made.completed(trainer, session, made.holder(session, person))
    day = made.day(20)
    page.set_viewport_size(PHONE)
    browser_sign_in(page, trainer)

    page.goto("/training/manage/")
    skip_then_tab_to(page, page.get_by_role("link", name="Training reports"), most=20)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Training reports")
    expect(page.get_by_text("2 people trained")).to_be_visible()
    axe_check(page)
    assert not phone_problems(page)
    page.set_viewport_size(PHONE)

    # A period of one day, typed; Enter sends the form.
    _type_date(page, "start", str(day.day), str(day.month), str(day.year))
    _type_date(page, "end", str(day.day), str(day.month), str(day.year))
    page.keyboard.press("Enter")
    expect(page.locator("#summary")).to_have_text(f"From {day:%-d %B %Y} to {day:%-d %B %Y}")
    expect(page.get_by_text("2 people trained")).to_be_visible()

    # The widest table scrolls inside its box, which the keyboard reaches by its caption.
    box = page.get_by_role(
        "region", name="People who completed a course and later consulted or referred"
    )
    tab_to(page, box, most=40)
    assert box.evaluate("element => element.scrollWidth > element.clientWidth")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(box).not_to_have_js_property("scrollLeft", 0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(page)
    assert not phone_problems(page)
    page.set_viewport_size(PHONE)

    # A date that does not exist: the error summary, and no report.
    page.locator("input[name=start_month]").fill("2")
    page.locator("input[name=start_day]").fill("31")
    page.locator("input[name=start_day]").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("The first day must be a real date")
    expect(page.get_by_text("people trained")).to_have_count(0)
    axe_check(page)
    assert not phone_problems(page)
