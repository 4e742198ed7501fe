"""A practitioner books a consultation by keyboard (the slot taken meanwhile told in one
message, then another chosen), moves it and cancels it; a clinician offers slots. axe-core
on each page at desktop width and at 320 pixels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.consultations.models import Booking, Slot
from littleminds.consultations.tests.factories import booking, slot
from littleminds.tests.browser.conftest import at_path, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def check(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_a_practitioner_books_moves_and_cancels_by_keyboard(
    page: Page,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    first = slot(clinician, days=6, at=time(10, 0))
    second = slot(clinician, days=7, at=time(11, 0), mode=Slot.Mode.IN_PERSON)
    later = slot(clinician, days=8, at=time(9, 0), mode=Slot.Mode.PHONE)
    browser_sign_in(page, practitioner)

    page.goto("/consultations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultations")
    check(page)
    start = page.get_by_role("button", name="Book a consultation")
    tab_to(page, start, most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a consultation")
    check(page)

    # Sent with no slot chosen: the error summary says so, and takes the focus.
    book = page.get_by_role("button", name="Book the consultation")
    tab_to(page, book, most=80)
    page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose a slot")
    assert page.title().startswith("Error: ")
    check(page)

    # Someone else takes the first slot meanwhile.
    other = UserFactory.create(email="o@test.example", roles=[(Role.PRACTITIONER, None)])
    booking(other, first)
    radio = page.locator(f'input[name="slot"][value="{first.code}"]')
    tab_to(page, radio, most=40)
    page.keyboard.press("Space")
    worry = page.get_by_label("Bonding, or feeling close to the baby")
    tab_to(page, worry, most=20)
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Book the consultation"), most=80)
    page.keyboard.press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("This slot has just been taken; choose another")
    check(page)

    radio = page.locator(f'input[name="slot"][value="{second.code}"]')
    tab_to(page, radio, most=40)
    page.keyboard.press("Space")
    expect(radio).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Book the consultation"), most=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Consultation")
    expect(page.locator(".nhsuk-alert, [role=alert]").first).to_contain_text(
        "Your consultation is booked"
    )
    made = Booking.objects.get(practitioner=practitioner)
    assert made.slot == second
    assert made.concerns == ["bonding"]
    expect(page.locator("#details")).to_contain_text("Room 2, Brackendale Family Hub")
    check(page)

    # Move it to the phone slot.
    tab_to(page, page.get_by_role("button", name="Move to another time"), most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Move the consultation")
    check(page)
    radio = page.locator(f'input[name="slot"][value="{later.code}"]')
    tab_to(page, radio, most=40)
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Your phone number (for a consultation by phone)"), most=5)
    page.keyboard.type("01632 960 001")
    tab_to(page, page.get_by_role("button", name="Move the consultation"), most=20)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path(f"/consultations/bookings/{made.code}/"))
    expect(page.locator("#details")).to_contain_text("Phone call")
    expect(page.locator("#details")).to_contain_text("The clinician calls 01632 960001")

    # Cancel it, with another reason.
    tab_to(page, page.get_by_role("button", name="Cancel the consultation"), most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel the consultation")
    check(page)
    # Into the reasons (Tab reaches the first), then the arrow keys to the last.
    tab_to(page, page.get_by_label("The consultation is no longer needed"), most=40)
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Another reason")).to_be_checked()
    tab_to(page, page.get_by_label("The other reason"), most=5)
    page.keyboard.type("The family moved away")
    tab_to(page, page.get_by_role("button", name="Cancel the consultation"), most=10)
    page.keyboard.press("Enter")
    expect(page.locator("#details")).to_contain_text("The family moved away")
    made.refresh_from_db()
    assert not made.is_active
    check(page)


def test_a_clinician_offers_weekly_slots_and_sees_the_teams_offer(
    page: Page,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    booking(practitioner, slot(clinician, days=3))
    browser_sign_in(page, clinician)
    page.goto("/consultations/")
    expect(page.locator("#team-slots")).to_contain_text("Pip Practitioner")
    check(page)
    offer = page.get_by_role("button", name="Offer consultation slots")
    tab_to(page, offer, most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offer consultation slots")
    check(page)
    tab_to(page, page.get_by_role("button", name="Publish the slots"), most=80)
    page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the date of the slot")
    check(page)
