"""A consultation that advised a referral becomes one, by keyboard (issue 13, ADR 0030): the
practitioner presses "Start the referral" on the consultation's page, finds the family's
details and worries already given, is asked the family's agreement again (the error
summary says so when it is left out), and the check page says which consultation the
referral came from. axe-core on each page, and at 320 pixels on the consultation's."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.consultations.models import Booking, ConsultationRecord, Outcome, Slot
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import intake_for
from littleminds.tests.browser.conftest import at_path, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def advised(team: Team, clinician: User, practitioner: User) -> Booking:
    """Last week's consultation about a named family, which advised a referral (written as
    history: the services refuse a slot in the past)."""
    day = timezone.localdate() - timedelta(days=7)
    starts = timezone.make_aware(datetime.combine(day, time(10, 0)))
    slot = Slot.objects.create(
        team=team,
        clinician=clinician,
        starts_at=starts,
        minutes=45,
        mode=Slot.Mode.VIDEO,
        video_link="https://video.example/room/1",
        created_by=clinician,
    )
    booked = Booking.objects.create(
        slot=slot,
        practitioner=practitioner,
        organisation=practitioner.organisation,
        concerns=["bonding"],
        note="Sam finds it hard to enjoy Robin.",
        family_shared=True,
        parent_name="Sam Example",
        baby_name="Robin",
        child_date_of_birth=day - timedelta(days=100),
        postcode="BD7 1DP",
        created_by=practitioner,
    )
    ConsultationRecord.objects.create(
        booking=booked,
        team=team,
        held_on=day,
        concerns=["bonding", "parent_mental_health"],
        advice="Refer to the parent-infant team.",
        outcome=Outcome.REFERRAL_ADVISED,
        recorded_by=clinician,
    )
    return booked


def test_a_practitioner_turns_the_consultation_into_a_referral_by_keyboard(
    page: Page,
    team: Team,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    intake_for(team)
    booked = advised(team, clinician, practitioner)
    browser_sign_in(page, practitioner)

    page.goto(f"/consultations/bookings/{booked.code}/")
    expect(page.locator("#refer")).to_have_text("Refer the family")
    axe_check(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert not phone_problems(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    tab_to(page, page.get_by_role("button", name="Start the referral"), most=60)
    page.keyboard.press("Enter")

    # The family's details are there already.
    expect(page).to_have_url(re.compile(r"/referrals/[0-9a-f-]+/family/$"))
    referral = Referral.objects.get()
    expect(page.get_by_label("Parent or carer's full name")).to_have_value("Sam Example")
    expect(page.get_by_label("Family's home postcode")).to_have_value("BD7 1DP")
    expect(page.locator("body")).to_contain_text("ask the family again")
    axe_check(page)
    tab_to(page, page.get_by_role("button", name="Save and continue"), most=60)
    page.keyboard.press("Enter")

    # Contacting the family: never asked for a consultation, so asked now.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contacting the family")
    tab_to(page, page.get_by_label("Family's phone number"), most=30)
    page.keyboard.type("07700 900123")
    tab_to(page, page.get_by_label("Call"), most=10)
    page.keyboard.press("Space")
    language = page.get_by_label("Language the family prefers")
    tab_to(page, language, most=10)
    language.select_option(label="English")
    tab_to(page, page.get_by_role("button", name="Save and continue"), most=30)
    page.keyboard.press("Enter")

    # The worries the clinician recorded are chosen; the agreement is not.
    expect(page.get_by_role("heading", level=1)).to_contain_text("What worries you")
    expect(page.get_by_label("Bonding, or feeling close to the baby")).to_be_checked()
    expect(page.get_by_label("A parent's own mental health")).to_be_checked()
    consent = page.get_by_label("The family knows about this referral and agreed to it")
    expect(consent).not_to_be_checked()
    axe_check(page)
    # Into the radio group (Tab reaches the first), then the arrow key to the second.
    tab_to(page, page.locator('input[name="impact"]').first, most=40)
    page.keyboard.press("ArrowDown")
    expect(page.locator('input[name="impact"][value="moderate"]')).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Save and continue"), most=30)
    page.keyboard.press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Confirm that the family agreed to the referral")
    expect(summary).to_be_focused()
    axe_check(page)

    tab_to(page, page.get_by_label("The family knows about this referral and agreed to it"), 60)
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Save and continue"), most=30)
    page.keyboard.press("Enter")
    expect(page).to_have_url(at_path(f"/referrals/{referral.code}/check-your-answers/"))
    day = f"{booked.slot.starts_at:%-d %B %Y}"
    expect(page.locator("#from-consultation")).to_have_text(
        f"Came from a consultation on {day} with {clinician.full_name}."
    )
    axe_check(page)
