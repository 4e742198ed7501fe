"""The public training finder, by keyboard alone, with axe-core on a desktop and at 320 px;
booking a place in two clicks; and the public registration form in Urdu at 320 px by
keyboard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Organisation, Team, User
from littleminds.core.background import wait_for_background
from littleminds.notifications.tests.fakes import FLAKY, FlakyBackend
from littleminds.tests.browser.conftest import PHONE, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to
from littleminds.tests.browser.test_self_referral import fill_date, words
from littleminds.training.models import Registration
from littleminds.training.tests import factories

pytestmark = pytest.mark.browser


def test_the_finder_filters_and_opens_a_course_by_keyboard(
    page: Page, trainer: User, team: Team, health_visiting: Organisation
) -> None:
    awareness = factories.course(trainer, team, title="Babies' feelings")
    factories.session(trainer, awareness, days=7)
    factories.course(trainer, team, title="Assessing relationships", tier="specialist")
    factories.bespoke(trainer, team, partner=health_visiting)

    page.goto("/training/")
    axe_check(page)
    assert not phone_problems(page)
    # The bespoke course is not shown to visitors.
    expect(page.get_by_role("link", name="For the partner")).to_have_count(0)

    tier = page.get_by_label("Tier")
    tab_to(page, tier, most=25)
    page.keyboard.press("ArrowDown")  # "All tiers" to "Awareness"
    submit = page.get_by_role("button", name="Find courses")
    tab_to(page, submit, most=10)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="1 course matches")).to_be_visible()
    course = page.get_by_role("link", name="Babies' feelings")
    tab_to(page, course, most=20)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Babies' feelings")
    expect(page.get_by_role("heading", name="Coming sessions")).to_be_visible()
    axe_check(page)
    assert not phone_problems(page)


def test_the_finders_pages_by_keyboard_keep_the_filter(
    page: Page, trainer: User, team: Team
) -> None:
    """Five years of courses do not come at once: 20 a page, with the next page a tab away
    (bench/training.py)."""
    for n in range(23):
        factories.course(trainer, team, title=f"Core course {n:02d}", tier="core")
    factories.course(trainer, team, title="An awareness course")

    page.goto("/training/?tier=core")
    expect(page.get_by_role("heading", name="23 courses match")).to_be_visible()
    expect(page.get_by_role("link", name="Core course 19")).to_be_visible()
    expect(page.get_by_role("link", name="Core course 20")).to_have_count(0)
    axe_check(page)
    assert not phone_problems(page)

    following = page.get_by_role("link", name="Next page")
    tab_to(page, following, most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Core course 22")).to_be_visible()
    expect(page.get_by_role("link", name="Core course 00")).to_have_count(0)
    expect(page.get_by_role("link", name="An awareness course")).to_have_count(0)
    expect(page.get_by_role("heading", name="23 courses match")).to_be_visible()
    axe_check(page)
    assert not phone_problems(page)


def test_a_bad_filter_is_explained_in_the_error_summary(page: Page) -> None:
    page.goto("/training/?start_day=31&start_month=2&start_year=2027")

    expect(page.get_by_role("alert")).to_contain_text("The first date must be a real date")
    axe_check(page)
    assert not phone_problems(page)


def test_the_finder_in_urdu_takes_day_month_and_year_and_names_each_audience_once(
    page: Page, trainer: User, team: Team
) -> None:
    t = words("ur")
    soon = factories.course(trainer, team, title="Soon course")
    factories.session(trainer, soon, days=5)
    later = factories.course(trainer, team, title="Later course", hours=Decimal("1.5"))
    factories.session(trainer, later, days=60)
    page.goto("/training/")
    page.get_by_role("navigation", name="Language").get_by_role("button", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    audiences = page.get_by_label(t("Who it is for")).locator("option").all_inner_texts()
    assert len(set(audiences)) == len(audiences), audiences
    fill_date(page, t, t("First date (optional)"), timezone.localdate() + timedelta(days=30))
    page.get_by_role("button", name=t("Find courses")).click()

    expect(page.get_by_role("link", name="Later course")).to_be_visible()
    expect(page.get_by_role("link", name="Soon course")).to_have_count(0)
    expect(page.get_by_text("1.5 گھنٹے")).to_be_visible()
    axe_check(page)
    assert not phone_problems(page)

    page.get_by_role("link", name="Later course").click()
    expect(page.locator("main li")).to_contain_text("، 09:30 سے 12:30 تک")
    axe_check(page)
    assert not phone_problems(page)
    page.go_back()

    first = page.get_by_role("group", name=t("First date (optional)"))
    first.get_by_label(t("Month"), exact=True).fill("13")
    page.get_by_role("button", name=t("Find courses")).click()
    not_real = t("%(noun)s must be a real date") % {"noun": t("The first date")}
    expect(page.get_by_role("alert")).to_contain_text(not_real)
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    axe_check(page)
    assert not phone_problems(page)


@pytest.fixture
def quiet(settings: Any) -> Iterator[None]:
    """Emails go to a recording backend (the console's would print)."""
    settings.NOTIFICATIONS_BACKEND = FLAKY
    FlakyBackend.down = False
    FlakyBackend.sent = []
    yield
    wait_for_background()
    FlakyBackend.down = True
    FlakyBackend.sent = []


def test_a_practitioner_books_a_place_in_two_clicks(
    page: Page,
    trainer: User,
    team: Team,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
    quiet: None,
) -> None:
    course = factories.course(trainer, team, title="Babies' feelings")
    factories.session(trainer, course, days=7)
    later = factories.session(trainer, course, days=21)
    browser_sign_in(page, practitioner)
    page.goto(f"/training/courses/{course.code}/")
    axe_check(page)

    # One click to choose the session, one to book it.
    page.get_by_label(later.parts.get().day.strftime("%-d %B %Y"), exact=False).click()
    page.get_by_role("button", name="Book a place").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your training place")
    expect(page.locator("#status")).to_contain_text("Your place is booked")
    expect(page.get_by_role("link", name="Add it to your calendar (.ics file)")).to_be_visible()
    registration = Registration.objects.get(user=practitioner)
    assert registration.session == later
    assert registration.status == Registration.Status.HELD
    axe_check(page)
    assert not phone_problems(page)


def test_the_public_form_in_urdu_at_phone_width_by_keyboard(
    page: Page, trainer: User, team: Team, quiet: None
) -> None:
    course = factories.course(trainer, team, title="Babies' feelings")
    factories.session(trainer, course, days=7)
    page.goto(f"/training/courses/{course.code}/register/")
    page.get_by_role("navigation", name="Language").get_by_role("button", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.set_viewport_size(PHONE)

    def t(words: str) -> str:
        with translation.override("ur"):
            return str(gettext(words))

    expect(page.get_by_role("heading", level=1)).to_have_text(t("Ask for a training place"))
    axe_check(page)
    assert not phone_problems(page)

    # Sent empty: the error summary names each problem, in Urdu, and nothing is kept.
    send = page.get_by_role("button", name=t("Send me the link"))
    tab_to(page, send, most=40)
    page.keyboard.press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    for message in (
        t("Enter your full name"),
        t("Choose whether you work at an organisation or study"),
    ):
        expect(summary).to_contain_text(message)
    assert not Registration.objects.exists()
    axe_check(page)
    assert not phone_problems(page)

    # Filled in by keyboard: the only session is chosen already; a student.
    tab_to(page, page.get_by_label(t("Full name")), most=40)
    page.keyboard.type("Ana Pop")
    tab_to(page, page.get_by_label(t("Email address")), most=5)
    page.keyboard.type("ana@example.org")
    student = page.get_by_label(t("I am a student"))
    tab_to(page, page.get_by_label(t("At an organisation in the directory")), most=5)
    page.keyboard.press("ArrowDown")
    expect(student).to_be_checked()
    tab_to(page, page.get_by_label(t("Where you study")), most=5)
    page.keyboard.type("Bradford College")
    tab_to(page, page.get_by_label(t("The course you study")), most=5)
    page.keyboard.type("Early years")
    tab_to(page, send, most=5)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check your email"))
    axe_check(page)
    assert not phone_problems(page)
    registration = Registration.objects.get()
    assert registration.language == "ur"
    assert registration.status == Registration.Status.UNCONFIRMED
