"""A family's own referral in the browser, in English and in Urdu (right to left): the whole
journey from the start page to the reference, every page and its error state checked with
axe-core, and the page that says why a family cannot be referred."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

import pytest
import time_machine
from django.utils import translation
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team
from littleminds.pathway.labels import CONCERN_LABELS
from littleminds.pathway.tests.factories import default_rules
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import intake_for
from littleminds.tests.browser.conftest import at_path, axe_check

pytestmark = pytest.mark.browser

TODAY = date(2026, 11, 28)
LANGUAGES = {"en-gb": ("English", "ltr"), "ur": ("اردو", "rtl")}


@pytest.fixture(autouse=True)
def system(team: Team) -> Iterator[None]:
    default_rules()
    intake = intake_for(team)
    intake.contact_phone, intake.decision_days = "+441632960001", 10
    intake.save()
    with time_machine.travel(TODAY):
        yield


def words(code: str) -> Callable[[str], str]:
    """The page's words in the language, as the catalogue gives them."""

    def translate(text: str) -> str:
        with translation.override(code):
            return str(translation.gettext(text))

    return translate


def choose_language(page: Page, code: str) -> None:
    """Open the start page and pick the language with the switch, as a parent would."""
    page.goto("/self-referral/")
    name, direction = LANGUAGES[code]
    if code != "en-gb":
        page.get_by_role("navigation", name="Language").get_by_role("button", name=name).click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", direction)


def continue_with_an_error_then(
    page: Page, t: Callable[[str], str], answer: Callable[[], None]
) -> None:
    """Send the page empty first (its error state is checked too), then answer it."""
    axe_check(page)
    page.get_by_role("button", name=t("Continue")).click()
    expect(page.get_by_role("heading", name=t("There is a problem"))).to_be_visible()
    expect(page).to_have_title(re.compile("^" + t("Error:")))
    axe_check(page)
    answer()
    page.get_by_role("button", name=t("Continue")).click()


def fill_date(page: Page, t: Callable[[str], str], legend: str, value: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label(t("Day"), exact=True).fill(str(value.day))
    group.get_by_label(t("Month"), exact=True).fill(str(value.month))
    group.get_by_label(t("Year"), exact=True).fill(str(value.year))


def walk_to_check(page: Page, code: str, *, postcode: str = "BD7 1DP") -> None:
    t = words(code)
    choose_language(page, code)
    # The safeguarding notice comes first, before the page's own heading.
    expect(page.locator("main h2").first).to_contain_text(
        t("If you or your baby are in danger now")
    )
    expect(page.locator("main > *").first).to_contain_text(
        t("If you or your baby are in danger now")
    )
    axe_check(page)
    page.get_by_role("button", name=t("Start now")).click()

    expect(page).to_have_url(at_path("/self-referral/name/"))
    continue_with_an_error_then(
        page, t, lambda: page.get_by_label(t("What is your name?")).fill("Sam Example")
    )
    expect(page).to_have_url(at_path("/self-referral/baby/"))
    continue_with_an_error_then(
        page, t, lambda: page.get_by_label(t("Yes, my baby has been born")).check()
    )
    expect(page).to_have_url(at_path("/self-referral/birth-date/"))
    continue_with_an_error_then(
        page,
        t,
        lambda: fill_date(page, t, t("What is your baby's date of birth?"), date(2026, 5, 28)),
    )
    expect(page).to_have_url(at_path("/self-referral/postcode/"))
    continue_with_an_error_then(
        page, t, lambda: page.get_by_label(t("What is your home postcode?")).fill(postcode)
    )
    if postcode.startswith("BD23"):
        return

    def contact() -> None:
        page.get_by_label(t("Phone number")).fill("07700 900123")
        page.get_by_label(t("call you")).check()
        page.get_by_label(t("send you a text message")).check()

    expect(page).to_have_url(at_path("/self-referral/contact/"))
    continue_with_an_error_then(page, t, contact)

    def language() -> None:
        page.get_by_label(t("Urdu"), exact=True).check()
        interpreter = page.get_by_role("group", name=t("Do you need an interpreter?"))
        interpreter.get_by_label(t("Yes"), exact=True).check()

    expect(page).to_have_url(at_path("/self-referral/language/"))
    continue_with_an_error_then(page, t, language)

    def worries() -> None:
        page.get_by_label(concern_label(code, "bonding")).check()
        page.get_by_label(t("Tell us more in your own words (optional)")).fill("It is hard.")

    expect(page).to_have_url(at_path("/self-referral/worries/"))
    continue_with_an_error_then(page, t, worries)
    expect(page).to_have_url(at_path("/self-referral/hear-back/"))
    continue_with_an_error_then(
        page, t, lambda: page.get_by_label(t("Yes, by text message")).check()
    )
    # How they heard about us: optional, so there is no error to see; a radio by keyboard.
    expect(page).to_have_url(at_path("/self-referral/heard-from/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("How did you hear about us? (optional)")
    )
    axe_check(page)
    page.get_by_label(t("At an event")).focus()
    page.keyboard.press("Space")
    expect(page.get_by_label(t("At an event"))).to_be_checked()
    page.get_by_role("button", name=t("Continue")).click()
    expect(page).to_have_url(at_path("/self-referral/check-your-answers/"))
    expect(page.locator("main")).to_contain_text(t("How you heard about us"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Check your answers before sending")
    )
    axe_check(page)


def concern_label(code: str, concern: str) -> str:
    with translation.override(code):
        return str(CONCERN_LABELS[concern])


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_a_family_refers_themselves_in_the_browser(page: Page, code: str) -> None:
    t = words(code)
    walk_to_check(page, code)
    # The box for robots is not reachable by the keyboard, nor shown.
    expect(page.locator("input[name=website]")).to_have_attribute("tabindex", "-1")
    expect(page.locator("input[name=website]")).not_to_be_in_viewport()
    page.get_by_role("button", name=t("Send my request")).click()

    expect(page).to_have_url(at_path("/self-referral/sent/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("We have your request"))
    referral = Referral.objects.get()
    assert (referral.kind, referral.language, referral.confirm_by) == ("self", "ur", "text")
    assert referral.heard_from == "event"
    expect(page.locator("#reference")).to_have_text(str(referral.reference))
    expect(page.locator("html")).to_have_attribute("dir", LANGUAGES[code][1])
    # A number to call, and how long a decision usually takes.
    expect(page.locator("#team-phone a")).to_have_attribute("href", "tel:+441632960001")
    expect(page.locator("#team-phone a")).to_have_text("01632 960001")
    axe_check(page)
    # The back button and "send" again: the same reference, one referral.
    page.go_back()
    if "/check-your-answers/" in page.url:
        page.get_by_role("button", name=t("Send my request")).click()
    expect(page.locator("#reference")).to_have_text(str(referral.reference))
    assert Referral.objects.count() == 1


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_a_family_outside_the_area_is_told_why_in_the_browser(page: Page, code: str) -> None:
    t = words(code)
    walk_to_check(page, code, postcode="BD23 1AA")
    expect(page).to_have_url(at_path("/self-referral/cannot-refer/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Our team cannot take your request")
    )
    expect(page.locator("#reasons")).to_contain_text("BD23 1AA")
    expect(page.get_by_role("heading", name=t("What can help instead"))).to_be_visible()
    axe_check(page)
    assert not Referral.objects.exists()


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_a_family_checks_where_its_request_is_in_the_browser(page: Page, code: str) -> None:
    t = words(code)
    walk_to_check(page, code)
    page.get_by_role("button", name=t("Send my request")).click()
    referral = Referral.objects.get()

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/self-referral/where-is-my-request/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check where your request is"))
    axe_check(page)
    page.get_by_role("button", name=t("Check"), exact=True).click()
    expect(page.get_by_role("heading", name=t("There is a problem"))).to_be_visible()
    axe_check(page)
    # By keyboard: the reference box, then the date's parts and the postcode.
    page.get_by_label(t("Your reference")).fill(str(referral.reference))
    page.keyboard.press("Tab")
    page.keyboard.type("28")
    page.keyboard.press("Tab")
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    page.keyboard.type("2026")
    page.get_by_label(t("Home postcode")).fill("BD7 1DP")
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_contain_text(
        t("We have your request. Someone from our team will read it soon.")
    )
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
