"""The warning before an idle session ends (WCAG 2.2.1 Timing Adjustable).

The browser's clock is Playwright's fake: the page thinks half an hour passes while the
server's real clock barely moves, so the server still honours "Stay signed in", and the
page's own countdown is what signs the person out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import Page, expect

from littleminds.accounts.models import User
from littleminds.accounts.selectors import SESSION_RENEWED_AT
from littleminds.tests.browser.conftest import at_path, axe_check

pytestmark = pytest.mark.browser

IDLE_MS = settings.SESSION_COOKIE_AGE * 1000
WARNING_MS = settings.SESSION_TIMEOUT_WARNING_SECONDS * 1000


def test_it_warns_before_the_session_ends_and_lets_the_person_stay_signed_in(
    page: Page, practitioner: User, browser_sign_in: Callable[[Page, User], None]
) -> None:
    assert (IDLE_MS, WARNING_MS) == (30 * 60_000, 2 * 60_000)
    page.clock.install()
    browser_sign_in(page, practitioner)
    dialog = page.locator("dialog#session-timeout")
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(dialog).to_be_hidden()
    # The page counts from the time the session really has left (ADR 0061): the whole idle
    # time, less the moment since the sign-in renewed it (a second or two on a busy machine).
    left = _remaining_seconds(page)
    assert IDLE_MS // 1000 - 5 <= left <= IDLE_MS // 1000

    # 27 minutes in: no warning yet.
    page.clock.fast_forward(27 * 60_000)
    expect(dialog).to_be_hidden()

    # 28 minutes in: the warning, with the button to stay signed in ready to press.
    page.clock.fast_forward(60_000 + 1_000)
    expect(dialog).to_be_visible()
    expect(page.get_by_role("dialog", name="You are about to be signed out")).to_be_visible()
    expect(dialog.locator("[data-countdown]")).to_have_text("2 minutes")
    expect(stay).to_be_focused()
    axe_check(page)

    page.clock.run_for(61_000)
    expect(dialog.locator("[data-countdown]")).to_have_text(f"{left - 29 * 60 - 2} seconds")

    with page.expect_response("**/session/extend/") as extended:
        page.keyboard.press("Enter")
    assert extended.value.status == 204
    assert extended.value.request.method == "POST"
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(at_path("/work/"))

    # The countdown starts again from the press: 28 minutes later, the warning again.
    page.clock.fast_forward(27 * 60_000)
    expect(dialog).to_be_hidden()
    page.clock.fast_forward(60_000 + 1_000)
    expect(dialog).to_be_visible()
    with page.expect_response("**/session/extend/") as extended:
        stay.click()
    assert extended.value.status == 204
    expect(dialog).to_be_hidden()

    # Still signed in on the server.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Pip Practitioner")


def test_it_signs_the_person_out_when_they_do_nothing(
    page: Page, practitioner: User, browser_sign_in: Callable[[Page, User], None]
) -> None:
    page.clock.install()
    browser_sign_in(page, practitioner)
    dialog = page.locator("dialog#session-timeout")

    page.clock.fast_forward(28 * 60_000 + 1_000)
    expect(dialog).to_be_visible()

    with page.expect_navigation(url=at_path("/sign-in/", query="reason=timeout")):
        page.clock.run_for(2 * 60_000)

    expect(page).to_have_title("Sign in – Little Minds")
    expect(
        page.get_by_text(
            "You were signed out because you had not done anything for a while. "
            "Sign in again to carry on."
        )
    ).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Staff sign in")).to_be_visible()
    expect(page.locator("dialog#session-timeout")).to_have_count(0)
    axe_check(page)

    # Signed out on the server too: "Your work" asks for the sign-in again.
    page.goto("/work/")
    expect(page).to_have_url(at_path("/sign-in/", query="next=/work/"))


def test_it_counts_down_from_the_time_the_session_really_has_left(
    settings, page: Page, practitioner: User, browser_sign_in: Callable[[Page, User], None]
) -> None:
    # The server renews a session at most once a minute (ADR 0061), so a page can be drawn
    # when the session has less than its whole idle time left. Here: last renewed ten
    # minutes ago, and not renewed by the page.
    settings.SESSION_RENEW_SECONDS = 3600
    page.clock.install()
    browser_sign_in(page, practitioner)
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = SessionStore(session_key=cookie["value"])
    session[SESSION_RENEWED_AT] = int(time.time()) - 10 * 60
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=20)
    )
    page.goto("/work/")
    dialog = page.locator("dialog#session-timeout")
    left = _remaining_seconds(page)
    assert 20 * 60 - 5 <= left <= 20 * 60

    # 20 minutes left: the warning at 18, not at 28.
    page.clock.fast_forward((left - 120) * 1000 - 2_000)
    expect(dialog).to_be_hidden()
    page.clock.fast_forward(3_000)
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-countdown]")).to_have_text("2 minutes")

    # "Stay signed in" gives the whole idle time again: the next warning 28 minutes on.
    with page.expect_response("**/session/extend/") as extended:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert extended.value.status == 204
    expect(dialog).to_be_hidden()
    page.clock.fast_forward(27 * 60_000)
    expect(dialog).to_be_hidden()
    page.clock.fast_forward(60_000 + 1_000)
    expect(dialog).to_be_visible()


def _remaining_seconds(page: Page) -> int:
    """The seconds the page was told the session had left when it was drawn."""
    value = page.locator("dialog#session-timeout").get_attribute("data-remaining-seconds")
    assert value is not None
    return int(value)
