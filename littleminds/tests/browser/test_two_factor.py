"""Two-factor sign-in: enrolling an authenticator app, then using it at each sign-in."""

from __future__ import annotations

import base64
import re
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from littleminds.accounts.models import User
from littleminds.tests.browser.conftest import (
    at_path,
    axe_check,
    enter_security_code,
    fresh_totp_code,
    submit_sign_in_form,
)

pytestmark = pytest.mark.browser


def code_from_setup_key(setup_key: str) -> str:
    """What an authenticator app shows for the key typed in from the enrolment page."""
    key = base64.b32decode(setup_key.replace(" ", ""))
    return f"{totp(key):06d}"


def enter_code_on_enrolment_page(page: Page, code: str) -> None:
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Confirm and continue").click()


def test_it_enrols_a_clinician_then_asks_for_a_fresh_code_at_the_next_sign_in(
    page: Page, settings: Settings, clinician: User
) -> None:
    settings.REQUIRE_2FA = True
    assert not TOTPDevice.objects.filter(user=clinician).exists()

    submit_sign_in_form(page, clinician.email)
    expect(page).to_have_url(at_path("/account/two-factor/", query="next=/work/"))
    expect(page).to_have_title("Set up two-factor sign-in – Little Minds")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    axe_check(page)
    # Before the second factor, every other signed-in page sends the person back here.
    page.goto("/people/")
    expect(page).to_have_url(at_path("/account/two-factor/", query="next=/people/"))
    page.goto("/account/two-factor/?next=/work/")

    setup_key = page.locator("#setup-key").inner_text().strip()
    # Base32 in groups of four, easier to type into an app.
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", setup_key), setup_key
    enter_code_on_enrolment_page(page, code_from_setup_key(setup_key))

    expect(page).to_have_url(at_path("/work/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Cal Clinician")
    expect(page.get_by_text("Two-factor sign-in is set up.")).to_be_visible()
    device = TOTPDevice.objects.get(user=clinician)
    assert device.confirmed
    assert base64.b32encode(device.bin_key).decode() == setup_key.replace(" ", "")

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(at_path("/"))
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    submit_sign_in_form(page, clinician.email)
    expect(page).to_have_url(at_path("/account/two-factor/verify/", query="next=/work/"))
    expect(page).to_have_title("Enter your security code – Little Minds")
    axe_check(page)
    # A fresh code: django-otp refuses the one that confirmed the app a second time.
    enter_security_code(page, fresh_totp_code(device))

    expect(page).to_have_url(at_path("/work/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Cal Clinician")


def test_it_shows_an_error_summary_for_a_wrong_code(
    page: Page, settings: Settings, clinician: User
) -> None:
    settings.REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=clinician, name="Test phone", confirmed=True)
    # A code from an hour ago: six digits, but not one the device accepts now.
    wrong = f"{totp(device.bin_key, t0=int(time.time()) - 3600):06d}"

    submit_sign_in_form(page, clinician.email)
    expect(page).to_have_url(at_path("/account/two-factor/verify/", query="next=/work/"))
    enter_security_code(page, wrong)

    expect(page).to_have_url(at_path("/account/two-factor/verify/"))
    expect(page).to_have_title("Error: Enter your security code – Little Minds")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    message = "The security code is not correct. Check the app and try the newest code"
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", "#id_code")
    expect(page.locator("#id_code-error")).to_have_text(f"Error: {message}")
    axe_check(page)
    # Still not signed in past the second factor.
    page.goto("/work/")
    expect(page).to_have_url(at_path("/account/two-factor/verify/", query="next=/work/"))


def test_it_shows_an_error_summary_for_a_code_that_is_not_six_numbers(
    page: Page, settings: Settings, clinician: User
) -> None:
    settings.REQUIRE_2FA = True
    submit_sign_in_form(page, clinician.email)
    expect(page).to_have_url(at_path("/account/two-factor/", query="next=/work/"))
    enter_code_on_enrolment_page(page, "12ab")

    expect(page).to_have_title("Error: Set up two-factor sign-in – Little Minds")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    message = "Enter the security code as 6 numbers, like 123456"
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", "#id_code")
    expect(page.get_by_label("Security code")).to_have_value("12ab")
    axe_check(page)
    assert not TOTPDevice.objects.filter(user=clinician, confirmed=True).exists()
