"""A practitioner joins a reflective practice group session by keyboard, and leaves it;
axe-core on each page, and no sideways scroll at 320 pixels."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import User
from littleminds.consultations.models_groups import GroupPlace
from littleminds.consultations.tests.factories import group
from littleminds.tests.browser.conftest import axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def check(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_a_practitioner_joins_and_leaves_a_group_by_keyboard(
    page: Page,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    series = group(clinician, capacity=2, sessions=2)
    browser_sign_in(page, practitioner)

    page.goto("/consultations/")
    link = page.get_by_role("link", name="Reflective practice groups")
    tab_to(page, link, most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reflective practice groups")
    check(page)
    tab_to(page, page.get_by_role("link", name=series.title), most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(series.title)
    check(page)

    tab_to(page, page.get_by_role("button", name="Join this date").first, most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have a place at the session.")).to_be_visible()
    check(page)
    assert GroupPlace.objects.filter(practitioner=practitioner, left_at__isnull=True).count() == 1

    tab_to(page, page.get_by_role("button", name="Leave").first, most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have left the session")).to_be_visible()
    assert not GroupPlace.objects.filter(practitioner=practitioner, left_at__isnull=True).exists()


def test_a_past_session_and_a_coming_one_read_well_and_offer_the_right_actions(
    page: Page,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    """A past session offers no join or leave buttons and says when it took place; the
    team's link to record a session is there once it has begun, and a coming session's
    record page says it has not begun, with no form."""
    from datetime import timedelta

    from django.utils import timezone

    from littleminds.consultations import services_groups
    from littleminds.consultations.models_groups import GroupSession

    series = group(clinician, capacity=2, sessions=2)
    past, coming = list(series.sessions.order_by("starts_at"))
    services_groups.group_join(by=practitioner, session=past)
    GroupSession.objects.filter(pk=past.pk).update(starts_at=timezone.now() - timedelta(days=2))

    browser_sign_in(page, practitioner)
    page.goto(f"/consultations/groups/{series.code}/")
    expect(page.get_by_text("Took place on")).to_be_visible()
    expect(page.get_by_role("button", name="Join this date")).to_have_count(1)
    expect(page.get_by_role("button", name="Leave")).to_have_count(0)
    check(page)

    page.context.clear_cookies()
    browser_sign_in(page, clinician)
    page.goto(f"/consultations/groups/{series.code}/")
    expect(page.get_by_role("link", name="Attendance and themes")).to_have_count(1)
    check(page)
    page.goto(f"/consultations/groups/sessions/{coming.code}/record/")
    expect(page.get_by_text("This session has not begun yet.")).to_be_visible()
    expect(page.locator("form textarea")).to_have_count(0)
    check(page)
