"""A service manager keeps the directory in the browser: saves the map as a time point on
the date the form offers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from littleminds.accounts.models import User
from littleminds.directory.models import MapSnapshot
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
