"""Fixes from the walk of issue 15, seen in a browser: a table with visually hidden words
in its buttons (the team's bookings) scrolls inside its own box at 320 px, never the page;
and in Urdu at desktop width the grid is mirrored, its first column on the right."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.community import selectors_public as selectors
from littleminds.community import services_booking as booking
from littleminds.community.tests import factories
from littleminds.tests.browser.conftest import axe_check, phone_problems

pytestmark = pytest.mark.browser


def test_the_bookings_page_does_not_scroll_sideways_at_phone_width(
    page: Page,
    community_worker: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    event = factories.event(community_worker, team, booking=True, places=20)
    for n, name in enumerate(
        ["Ana Pop", "Zofia Kowalska-Wiśniewska", "Ayesha Rahman-Chaudhry"], start=1
    ):
        booking.event_book(
            by=None,
            event=event,
            name=name,
            phone=f"+44770090000{n}",
            email=f"family.with.a.long.address.{n}@example.org",
            people=1,
        )
    browser_sign_in(page, community_worker)
    page.goto(f"/community/events/{event.code}/bookings/")
    expect(page.get_by_role("button", name="Cancel booking Ana Pop")).to_be_visible()

    assert not phone_problems(page)


def test_the_grid_is_mirrored_in_urdu_at_desktop_width(
    page: Page, community_worker: User, team: Team
) -> None:
    factories.event(community_worker, team, title="Stay and play near you")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/whats-on/")
    page.get_by_role("navigation", name="Language").get_by_role("button", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    columns = (
        page.locator("#maincontent .nhsuk-grid-row")
        .nth(1)
        .locator(":scope > [class*='nhsuk-grid-column-']")
    )
    expect(columns).to_have_count(2)
    first = columns.nth(0).bounding_box()
    second = columns.nth(1).bounding_box()
    assert first is not None
    assert second is not None
    # The filters (the first column) are on the right of the results.
    assert first["x"] >= second["x"] + second["width"] - 1
    # And the heading's column starts at the right edge of the row.
    heading_column = page.locator("#maincontent .nhsuk-grid-row").first.locator(
        ":scope > [class*='nhsuk-grid-column-']"
    )
    row = page.locator("#maincontent .nhsuk-grid-row").first.bounding_box()
    box = heading_column.bounding_box()
    assert row is not None
    assert box is not None
    assert abs((box["x"] + box["width"]) - (row["x"] + row["width"])) <= 16
    axe_check(page)


def test_a_cancelled_event_and_its_booking_say_so_plainly_at_phone_width(
    page: Page, community_worker: User, team: Team
) -> None:
    event = factories.event(community_worker, team, booking=True, places=20)
    made = booking.event_book(
        by=None, event=event, name="Ana Pop", phone="+447700900001", email="", people=2
    )
    booking.event_cancel(by=community_worker, event=event, reason="The hall is flooded.")

    page.goto(f"/whats-on/booked/{selectors.booking_key(made)}/")
    expect(page.locator("#cancelled")).to_contain_text("The hall is flooded.")
    expect(page.get_by_text("places are booked for you")).to_have_count(0)
    axe_check(page)
    assert not phone_problems(page)

    page.goto(f"/whats-on/{event.code}/")
    expect(page.locator("#cancelled")).to_contain_text("This event has been cancelled")
    expect(page.get_by_role("button", name="Book a place")).to_have_count(0)
    axe_check(page)
    assert not phone_problems(page)
