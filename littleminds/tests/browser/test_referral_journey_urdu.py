"""A practitioner's referral in the browser, in Urdu (right to left): the practitioner
chooses Urdu with the language switch on "Your referrals", then walks the whole journey, each
page and its error state checked with axe-core, to the confirmation and its reference; and
the page that says why a family cannot be referred."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.utils import translation
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.directory.models import Area
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.pathway.labels import IMPACT_DESCRIPTIONS
from littleminds.pathway.rules import DEFAULT_SERVICE_AREA, SCENARIO_DAY
from littleminds.pathway.tests.factories import default_rules, navigator_directory
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Intake, Referral
from littleminds.tests.browser.conftest import at_path, axe_check
from littleminds.tests.browser.test_self_referral import concern_label, fill_date, words

pytestmark = pytest.mark.browser

URDU = "ur"


@pytest.fixture(autouse=True)
def system(team: Team) -> Iterator[None]:
    """As for the journey in English: the default rules, the directory, the team's intake."""
    default_rules()
    lmm = navigator_directory()["lmm"]
    ServiceFactory.create(name="Brackendale Family Hub", ring="universal")
    area = Area.objects.get(key=DEFAULT_SERVICE_AREA)
    Intake.objects.create(team=team, service=lmm, area=area, is_default=True)
    with time_machine.travel(SCENARIO_DAY):
        yield


def in_urdu(page: Page, practitioner: User, sign_in: Callable[[Page, User], None]) -> None:
    """Sign in, open "Your referrals" and choose Urdu with the language switch."""
    sign_in(page, practitioner)
    page.goto("/referrals/")
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    page.get_by_role("navigation", name="Language").get_by_role("button", name="اردو").click()
    expect(page).to_have_url(at_path("/referrals/"))
    expect(page.locator("html")).to_have_attribute("lang", URDU)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def errors_then(page: Page, t: Callable[[str], str], *messages: str) -> None:
    """Save the page as it is: the error summary names each message, the title says so, and
    axe-core is content with the error state."""
    page.get_by_role("button", name=t("Save and continue")).click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(t("There is a problem"))
    for message in messages:
        expect(summary.get_by_role("link", name=message, exact=True)).to_be_visible()
    expect(page).to_have_title(re.compile("^" + re.escape(t("Error:"))))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    axe_check(page)


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    axe_check(page)


def fill_family(page: Page, t: Callable[[str], str], postcode: str) -> None:
    page.get_by_label(t("Parent or carer's full name")).fill("Sam Example")
    page.get_by_label(t("Yes"), exact=True).check()
    page.get_by_label(t("Baby's name (optional)")).fill("Robin")
    fill_date(page, t, t("Baby's date of birth"), SCENARIO_DAY.replace(month=5, day=1))
    page.get_by_label(t("Family's home postcode")).fill(postcode)


def test_a_practitioner_refers_a_family_in_urdu(
    page: Page, practitioner: User, browser_sign_in: Callable[[Page, User], None]
) -> None:
    t = words(URDU)
    in_urdu(page, practitioner, browser_sign_in)
    heading(page, t("Your referrals"))
    page.get_by_role("button", name=t("Start a new referral")).click()

    heading(page, t("Refer a family to the parent–infant service"))
    page.get_by_role("button", name=t("Start now")).click()

    # Page 1: the family.
    heading(page, t("About the family"))
    errors_then(
        page,
        t,
        t("Enter the parent or carer's full name"),
        t("Select whether the baby has been born"),
        t("Enter the family's home postcode"),
    )
    fill_family(page, t, "BD7 1DP")
    page.get_by_role("button", name=t("Save and continue")).click()

    # Page 2: contacting the family.
    heading(page, t("Contacting the family"))
    errors_then(page, t, t("Enter a phone number"), t("Select the language the family prefers"))
    page.get_by_label(t("Family's phone number")).fill("07700 900123")
    page.get_by_label(t("Call"), exact=True).check()
    page.get_by_label(t("Language the family prefers")).select_option(label=t("Urdu"))
    page.get_by_label(t("The family needs an interpreter")).check()
    page.get_by_label(t("Baby's NHS number (optional)")).fill("999 000 0018")
    page.get_by_role("button", name=t("Save and continue")).click()

    # Page 3: the worries.
    heading(page, t("What worries you"))
    errors_then(
        page,
        t,
        t("Select what is worrying you about the family"),
        t("Select how much it affects the family"),
        t("Confirm that the family agreed to the referral"),
    )
    page.get_by_label(concern_label(URDU, "bonding")).check()
    with translation.override(URDU):
        page.get_by_label(str(IMPACT_DESCRIPTIONS["moderate"])).check()
    page.get_by_label(t("Tell us more about what worries you (optional)")).fill(
        "Mum finds it hard to feel close to Robin."
    )
    page.get_by_label(t("The family knows about this referral and agreed to it")).check()
    page.get_by_role("button", name=t("Save and continue")).click()

    # Check your answers, then send.
    heading(page, t("Check your answers before sending the referral"))
    expect(page.locator("#referrer")).to_contain_text(practitioner.full_name)
    expect(page.locator("main")).to_contain_text("999 000 0018")
    page.get_by_role("button", name=t("Send the referral")).click()

    heading(page, t("Referral sent"))
    referral = Referral.objects.get()
    assert referral.status == Status.SUBMITTED
    assert (referral.language, referral.interpreter) == ("ur", True)
    expect(page.locator("#reference")).to_have_text(str(referral.reference))
    expect(page.locator("html")).to_have_attribute("lang", URDU)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_a_family_outside_the_area_is_told_why_in_urdu(
    page: Page, practitioner: User, browser_sign_in: Callable[[Page, User], None]
) -> None:
    t = words(URDU)
    in_urdu(page, practitioner, browser_sign_in)
    page.get_by_role("button", name=t("Start a new referral")).click()
    page.get_by_role("button", name=t("Start now")).click()
    heading(page, t("About the family"))
    fill_family(page, t, "BD23 1AA")
    page.get_by_label(t("Family's home postcode")).press("Tab")
    warning = page.locator("#eligibility-status")
    expect(warning).to_contain_text(t("The family may not be able to be referred"))
    axe_check(page)
    page.get_by_role("button", name=t("Save and continue")).click()

    heading(page, t("This family cannot be referred to the service"))
    expect(page.locator("#why")).to_contain_text("BD23 1AA")
    expect(page.locator("#alternatives")).to_contain_text("Brackendale Family Hub")
    assert not Referral.objects.exclude(status=Status.DRAFT).exists()
