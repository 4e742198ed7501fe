"""What's on at phone width (320 px) by keyboard alone, with axe-core on each page: filter
by postcode, open an event, book a place with a wrong phone number first (the error
summary), then rightly; and the same in Urdu, right to left, with nothing scrolling
sideways."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.community.models import EventBooking
from littleminds.community.tests import factories
from littleminds.tests.browser.conftest import PHONE, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to
from littleminds.tests.browser.test_self_referral import words

pytestmark = pytest.mark.browser


def _events(worker: User, team: Team) -> None:
    factories.event(
        worker,
        team,
        title="Far away group",
        days=2,
        postcode="LS6 1AA",
        postcode_district="LS6",
    )
    factories.event(
        worker,
        team,
        title="Stay and play near you",
        days=5,
        booking=True,
        places=8,
        how_to_come="Bus 640 stops outside.",
    )


def _walk(page: Page, t: Callable[[str], str], direction: str) -> None:
    """From What's on's form to a booking's confirmation, by keyboard, at 320 px."""
    page.set_viewport_size(PHONE)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    axe_check(page)
    assert not phone_problems(page)

    postcode = page.get_by_label(t("Your postcode (optional)"))
    tab_to(page, postcode, most=30)
    page.keyboard.type("BD3 1XX")
    find = page.get_by_role("button", name=t("Find events"))
    tab_to(page, find, most=20)
    page.keyboard.press("Enter")

    near = page.get_by_role("link", name="Stay and play near you")
    expect(near).to_be_visible()
    expect(page.get_by_text(t("In %(district)s, near you") % {"district": "BD3"})).to_be_visible()
    # The nearest comes first, though the other is sooner.
    first = page.locator(".nhsuk-card__link").first
    expect(first).to_have_text("Stay and play near you")
    axe_check(page)
    assert not phone_problems(page)

    tab_to(page, near, most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stay and play near you")
    expect(page.get_by_role("link", name="BD3 9AA")).to_have_attribute(
        "href", "https://www.openstreetmap.org/search?query=BD3%209AA"
    )
    axe_check(page)
    assert not phone_problems(page)

    tab_to(page, page.get_by_label(t("Your name")), most=40)
    page.keyboard.type("Ana Pop")
    tab_to(page, page.get_by_label(t("Phone number (optional if you give an email address)")))
    page.keyboard.type("12")
    book = page.get_by_role("button", name=t("Book a place"))
    tab_to(page, book, most=10)
    page.keyboard.press("Enter")

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        t("Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
    )
    assert not EventBooking.objects.exists()
    axe_check(page)
    assert not phone_problems(page)

    phone = page.get_by_label(t("Phone number (optional if you give an email address)"))
    tab_to(page, phone, most=40)
    page.keyboard.press("Control+A")
    page.keyboard.type("07700 900982")
    tab_to(page, book, most=10)
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_contain_text(
        t("%(counter)s place is booked for you") % {"counter": 1}
    )
    expect(page.get_by_role("link", name=t("Add this event to your calendar"))).to_be_visible()
    axe_check(page)
    assert not phone_problems(page)
    made = EventBooking.objects.get()
    assert (made.name, made.phone, made.people) == ("Ana Pop", "+447700900982", 1)


def test_whats_on_at_phone_width_by_keyboard(
    page: Page, community_worker: User, team: Team
) -> None:
    _events(community_worker, team)
    page.goto("/whats-on/")
    _walk(page, words("en-gb"), "ltr")


def test_whats_on_in_urdu_right_to_left_at_phone_width(
    page: Page, community_worker: User, team: Team
) -> None:
    _events(community_worker, team)
    page.goto("/whats-on/")
    page.get_by_role("navigation", name="Language").get_by_role("button", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    _walk(page, words("ur"), "rtl")
    assert EventBooking.objects.get().language == "ur"
