"""The pages the demo walk changed, at 320 px with axe-core and by keyboard: a full session on
the public course page in Urdu, past training on "Your training", the cancel page of a
session that has begun, and the register of a part still to come."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.tests.browser.conftest import PHONE, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to
from littleminds.training import services_places as places
from littleminds.training.tests import factories
from littleminds.training.tests import factories_attendance as made

pytestmark = pytest.mark.browser


def test_a_full_session_in_urdu_offers_the_waiting_list_at_phone_width(
    page: Page, trainer: User, team: Team
) -> None:
    course = factories.course(trainer, team, title="Babies' feelings")
    session = factories.session(trainer, course, days=7, capacity=1)
    places.register_user(by=factories.people(1)[0], session=session)
    page.goto(f"/training/courses/{course.code}/")
    page.get_by_role("navigation", name="Language").get_by_role("button", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    page.set_viewport_size(PHONE)

    def t(words: str) -> str:
        with translation.override("ur"):
            return str(gettext(words))

    expect(page.get_by_text(t("This session is full."))).to_be_visible()
    join = page.get_by_role("link", name=t("Join the waiting list")).first
    tab_to(page, join, most=40)
    axe_check(page)
    assert not phone_problems(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"/training/courses/{course.code}/register/?session={session.code}")


def test_past_training_and_certificates_on_your_training_at_phone_width(
    page: Page,
    trainer: User,
    team: Team,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    course = factories.course(trainer, team, title="Babies' feelings")
    done = made.past_session(trainer, course, days_ago=[30])
    made.completed(trainer, done, made.holder(done, practitioner))
    missed = made.past_session(trainer, course, days_ago=[10])
    made.holder(missed, practitioner)
    page.set_viewport_size(PHONE)
    browser_sign_in(page, practitioner)

    page.goto("/training/yours/")
    expect(page.get_by_role("heading", name="Past training")).to_be_visible()
    expect(page.get_by_text("Not completed")).to_be_visible()
    axe_check(page)
    assert not phone_problems(page)
    certificates = page.get_by_role("link", name="Your certificates")
    tab_to(page, certificates, most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your training certificates")


def test_a_begun_session_and_a_part_to_come_at_phone_width(
    page: Page, trainer: User, team: Team, browser_sign_in: Callable[[Page, User], None]
) -> None:
    course = factories.course(trainer, team, title="Babies' feelings")
    held = made.past_session(trainer, course, days_ago=[3])
    coming = made.past_session(trainer, course, days_ago=[-3])
    made.public_holder(coming, "Ana Pop")
    page.set_viewport_size(PHONE)
    browser_sign_in(page, trainer)

    page.goto(f"/training/manage/sessions/{held.code}/cancel/")
    expect(page.locator("#session-begun")).to_contain_text("cannot be cancelled")
    expect(page.get_by_role("button", name="Cancel the session")).to_have_count(0)
    axe_check(page)
    assert not phone_problems(page)

    page.goto(f"/training/manage/sessions/{coming.code}/attendance/")
    expect(page.locator("#marking-opens")).to_contain_text("Marking opens on")
    expect(page.locator("button.lm-attendance__mark")).to_have_count(0)
    expect(page.get_by_text("Ana Pop")).to_be_visible()
    axe_check(page)
    assert not phone_problems(page)
