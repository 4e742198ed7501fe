"""Attendance at the door on a phone (320 pixels wide) by keyboard alone, and the public
check of a certificate's code in Urdu; axe-core on each page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from littleminds.accounts.models import Team, User
from littleminds.tests.browser.conftest import (
    PHONE,
    axe_check,
    phone_problems,
    sign_in_through_browser,
)
from littleminds.tests.browser.test_keyboard import tab_to
from littleminds.training.models_attendance import Attendance, Certificate
from littleminds.training.tests import factories
from littleminds.training.tests import factories_attendance as made

pytestmark = pytest.mark.browser


def mark_of(label: str, person: str) -> re.Pattern[str]:
    """A control's name: its visible words, then the person's name, which only screen
    readers hear."""
    return re.compile(rf"^{re.escape(label)}\W*{re.escape(person)}$")


def test_a_trainer_marks_attendance_on_a_phone_by_keyboard(
    page: Page, trainer: User, team: Team, browser_sign_in: Callable[[Page, User], None]
) -> None:
    course = factories.course(trainer, team, title="Babies' feelings", required_parts=1)
    session = made.past_session(trainer, course, days_ago=[0])
    ana = made.public_holder(session, "Ana Pop")
    made.public_holder(session, "Bea Khan")
    page.set_viewport_size(PHONE)
    browser_sign_in(page, trainer)

    page.goto(f"/training/manage/sessions/{session.code}/attendance/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Attendance")
    axe_check(page)
    assert not phone_problems(page)
    page.set_viewport_size(PHONE)

    # Every mark is a target of at least 24 by 24 pixels (WCAG 2.2, 2.5.8), even at 320 px.
    for button in page.locator("button.lm-attendance__mark").all():
        box = button.bounding_box()
        assert box is not None
        assert box["width"] >= 24
        assert box["height"] >= 24
        assert box["x"] + box["width"] <= PHONE["width"]

    present = page.get_by_role("button", name=mark_of("Present", "Ana Pop"))
    tab_to(page, present, most=40)
    page.keyboard.press("Enter")
    row = page.locator(f"#person-{ana.code}")
    expect(row).to_contain_text("Marked present")
    present = page.get_by_role("button", name=mark_of("Present", "Ana Pop"))
    expect(present).to_have_attribute("aria-pressed", "true")
    # The script replaced only the row: the focus stays on the mark, and it is said aloud.
    expect(present).to_be_focused()
    expect(page.locator("#attendance-said")).to_have_text("Marked present: Ana Pop")
    expect(row.get_by_role("link", name=mark_of("Certificate (PDF)", "Ana Pop"))).to_be_visible()

    # A second tap replaces the mark, and the certificate goes with the completion.
    absent = page.get_by_role("button", name=mark_of("Absent", "Ana Pop"))
    tab_to(page, absent, most=40)
    page.keyboard.press("Enter")
    expect(page.locator(f"#person-{ana.code}")).to_contain_text("Marked absent")
    expect(page.locator(f"#person-{ana.code}")).to_contain_text("Certificate withdrawn")
    assert Attendance.objects.get(registration=ana).mark == "absent"
    assert Certificate.objects.get(registration=ana).withdrawn_at is not None
    axe_check(page)
    assert not phone_problems(page)


def test_anyone_checks_a_certificate_in_urdu(page: Page, trainer: User, team: Team) -> None:
    course = factories.course(trainer, team, title="Babies' feelings")
    session = made.past_session(trainer, course)
    certificate = made.completed(trainer, session, made.public_holder(session, "Ana Pop"))

    page.goto("/training/certificates/check/")
    page.get_by_role("navigation", name="Language").get_by_role("button", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("تربیتی سرٹیفکیٹ کی جانچ کریں")
    axe_check(page)
    assert not phone_problems(page)

    # An empty code is explained in the error summary, in Urdu.
    send = page.get_by_role("button", name="کوڈ جانچیں")
    tab_to(page, send, most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("سرٹیفکیٹ پر چھپا ہوا کوڈ لکھیں")
    axe_check(page)

    field = page.get_by_label("سرٹیفکیٹ کا کوڈ")
    tab_to(page, field, most=40)
    page.keyboard.type(certificate.shown_code.lower())
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="یہ سرٹیفکیٹ اصلی ہے")).to_be_visible()
    expect(page.locator("#result")).to_contain_text("Ana Pop")
    axe_check(page)
    assert not phone_problems(page)


def test_the_register_works_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    trainer: User,
    team: Team,
) -> None:
    course = factories.course(trainer, team, title="Babies' feelings")
    session = made.past_session(trainer, course, days_ago=[1, 0])
    ana = made.public_holder(session, "Ana Pop")
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE
    )
    try:
        page = context.new_page()
        sign_in_through_browser(page, trainer)
        page.goto(f"/training/manage/sessions/{session.code}/attendance/?part=2")

        late = page.get_by_role("button", name=mark_of("Late", "Ana Pop"))
        tab_to(page, late, most=40)
        page.keyboard.press("Enter")

        expect(page.locator(f"#person-{ana.code}")).to_contain_text("Marked late")
        assert page.url.endswith(f"?part=2#person-{ana.code}")
        assert Attendance.objects.get(registration=ana, part__day=made.day(0)).mark == "late"
    finally:
        context.close()
