"""A service manager keeps the directory in the browser: saves the map as a time point on
the date the form offers, and records overlapping pairs a page at a time."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from littleminds.accounts.models import User
from littleminds.directory.models import MapSnapshot
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory
from littleminds.tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser


def test_a_manager_saves_a_time_point_on_the_date_offered(
    page: Page,
    live_server,
    manager: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    browser_sign_in(page, manager)
    page.goto(f"{live_server.url}/directory/snapshots/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Time points")
    axe_check(page)

    today = timezone.localdate()
    expect(page.get_by_label("Date of the time point")).to_have_value(today.isoformat())
    page.get_by_label("Label", exact=True).fill("Time 3, spring")
    page.get_by_role("button", name="Save time point").click()

    expect(page.get_by_text("The map is saved as a time point.")).to_be_visible()
    assert MapSnapshot.objects.get().taken_on == today
    axe_check(page)


def test_a_manager_records_overlaps_a_page_at_a_time_and_returns_to_the_next_pair(
    page: Page,
    live_server,
    manager: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    area = AreaFactory.create(name="District", prefixes=["BD7"])
    for n in range(5):  # 10 pairs not yet recorded, and 5 more with the sixth
        ServiceFactory.create(name=f"Rival {n}", areas=[area], needs=["bonding"])
    ServiceFactory.create(name="Sixth", areas=[area], needs=["bonding"])
    browser_sign_in(page, manager)
    page.goto(f"{live_server.url}/directory/overlaps/")
    expect(page.locator(".overlap")).to_have_count(10)
    expect(page.get_by_text("15 pairs found, 15 not yet recorded.")).to_be_visible()
    axe_check(page)

    page.get_by_label("Show").select_option(label="Not yet recorded")
    page.get_by_role("button", name="Show pairs").click()
    expect(page).to_have_url(re.compile(r"show=unreviewed"))
    tenth = page.locator(".overlap").nth(9)
    recorded_name = tenth.get_by_role("heading").inner_text()
    tenth.get_by_label("A conflict").check()
    tenth.get_by_role("button", name="Record").click()

    # The tenth pair left the list of pairs not yet recorded: the next one took its place,
    # and the page opens on it, not at the top.
    expect(page.get_by_text("Recorded:")).to_be_attached()
    expect(page).to_have_url(re.compile(r"show=unreviewed&page=1#pair-"))
    target = page.locator("#" + page.url.split("#", 1)[1])
    expect(target).to_be_in_viewport()
    # The focus is on it too, so a keyboard or screen reader user goes on from there.
    expect(target).to_be_focused()
    assert target.get_by_role("heading").inner_text() != recorded_name
    expect(page.locator(".overlap")).to_have_count(10)
    axe_check(page)

    page.get_by_role("link", name="Next page").click()
    expect(page.locator(".overlap")).to_have_count(4)
    axe_check(page)

    # A pair sent without a verdict is shown where it is, with the problem and the note.
    first = page.locator(".overlap").first
    first.get_by_label("Note (optional)").fill("Both run on Tuesdays")
    first.get_by_role("button", name="Record").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("link", name="Choose complementary or conflict for the pair").click()
    expect(page.locator(".overlap").first.get_by_label("Complementary")).to_be_focused()
    expect(page.locator(".overlap").first.get_by_label("Note (optional)")).to_have_value(
        "Both run on Tuesdays"
    )
    axe_check(page)
