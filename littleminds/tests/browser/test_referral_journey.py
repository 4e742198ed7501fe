"""A practitioner's referral in the browser, from the navigator's answer to the confirmation
and "Your referrals": signing in on the way, the navigator's answers carried over, one page
by the keyboard alone, each page's errors, and axe-core on every page, errors included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.accounts.tests.factories import PASSWORD
from littleminds.directory.models import Area
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.pathway.rules import DEFAULT_SCENARIOS, DEFAULT_SERVICE_AREA, SCENARIO_DAY
from littleminds.pathway.tests.factories import default_rules, navigator_directory
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Intake, Referral
from littleminds.tests.browser.conftest import at_path, axe_check
from littleminds.tests.browser.test_keyboard import tab_to
from littleminds.tests.browser.test_navigator import walk_to_the_answer

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def system(team: Team) -> Iterator[None]:
    """The default rules, the directory as in the demonstration (with a family hub for
    everyone), and the team's intake over the service's area; on the scenarios' day."""
    default_rules()
    lmm = navigator_directory()["lmm"]
    lmm.access.filter(method="practitioner_referral").update(url="https://lmm.example.org/refer")
    ServiceFactory.create(name="Brackendale Family Hub", ring="universal")
    area = Area.objects.get(key=DEFAULT_SERVICE_AREA)
    Intake.objects.create(team=team, service=lmm, area=area, is_default=True)
    with time_machine.travel(SCENARIO_DAY):
        yield


def _errors_shown(page: Page, *messages: str) -> None:
    """The error summary names each message, the title says "Error:", and axe is content."""
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    for message in messages:
        expect(summary.get_by_role("link", name=message, exact=True)).to_be_visible()
    assert page.title().startswith("Error: "), page.title()
    axe_check(page)


def _heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def test_from_the_navigators_answer_to_your_referrals(page: Page, practitioner: User) -> None:
    # The navigator, as a practitioner who has not signed in.
    walk_to_the_answer(page, DEFAULT_SCENARIOS[1])
    start = page.get_by_role("button", name="Start a referral to Little Minds Matter")
    expect(start).to_have_attribute("href", "/referrals/new/?from=navigator")
    start.click()

    # Signing in comes first, then the referral's start, still knowing the answers.
    expect(page).to_have_url(at_path("/sign-in/"))
    page.get_by_label("Email address").fill(practitioner.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(at_path("/referrals/new/", "from=navigator"))
    _heading(page, "Refer a family to the parent–infant service")
    carried = page.locator("#carried")
    expect(carried).to_contain_text("1 May 2026")
    expect(carried).to_contain_text("BD7 1DP")
    expect(carried).to_contain_text("Bonding, or feeling close to the baby")
    axe_check(page)
    page.get_by_role("button", name="Start now").click()

    # Page 1: the family. What the navigator was told is filled in already.
    _heading(page, "About the family")
    expect(page.get_by_label("Family's home postcode")).to_have_value("BD7 1DP")
    axe_check(page)
    page.get_by_role("button", name="Save and continue").click()
    _errors_shown(page, "Enter the parent or carer's full name")

    # The same page by the keyboard alone: the error's link leads to the name.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    name = page.get_by_label("Parent or carer's full name")
    expect(name).to_be_focused()
    page.keyboard.type("Sam Example")
    # The navigator said the baby is born (a date of birth).
    expect(page.get_by_label("Yes", exact=True)).to_be_checked()
    baby = page.get_by_label("Baby's name (optional)")
    tab_to(page, baby)
    page.keyboard.type("Robin")
    day = page.get_by_role("group", name="Baby's date of birth").get_by_label("Day")
    expect(day).to_have_value("1")
    save = page.get_by_role("button", name="Save and continue")
    tab_to(page, save, most=20)
    page.keyboard.press("Enter")

    # Page 2: contacting the family, with a wrong phone and NHS number first.
    _heading(page, "Contacting the family")
    axe_check(page)
    page.get_by_label("Family's phone number").fill("12345")
    page.get_by_label("Baby's NHS number (optional)").fill("999 000 0019")
    page.get_by_role("button", name="Save and continue").click()
    _errors_shown(
        page,
        "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        "Select the language the family prefers",
        "Enter a valid NHS number: check each number, it does not add up",
    )
    page.get_by_label("Family's phone number").fill("07700 900123")
    page.get_by_label("Call").check()
    page.get_by_label("Language the family prefers").select_option(label="Urdu")
    page.get_by_label("The family needs an interpreter").check()
    page.get_by_label("Baby's NHS number (optional)").fill("999 000 0018")
    page.get_by_role("button", name="Save and continue").click()

    # Page 3: the worries, the navigator's already ticked; the family's agreement missing.
    _heading(page, "What worries you")
    expect(page.get_by_label("Bonding, or feeling close to the baby")).to_be_checked()
    axe_check(page)
    page.get_by_role("button", name="Save and continue").click()
    _errors_shown(page, "Confirm that the family agreed to the referral")
    page.get_by_label("Tell us more about what worries you (optional)").fill(
        "Mum finds it hard to feel close to Robin."
    )
    page.get_by_label("The family knows about this referral and agreed to it").check()
    page.get_by_role("button", name="Save and continue").click()

    # Check your answers, then send (a double click sends once).
    _heading(page, "Check your answers before sending the referral")
    expect(page.locator("#referrer")).to_contain_text(practitioner.full_name)
    expect(page.locator("main")).to_contain_text("999 000 0018")
    axe_check(page)
    page.get_by_role("button", name="Send the referral").dblclick()
    _heading(page, "Referral sent")
    referral = Referral.objects.get()
    assert referral.status == Status.SUBMITTED
    assert referral.navigator_route == "lmm_referral"
    expect(page.locator("#reference")).to_have_text(str(referral.reference))
    axe_check(page)

    # Your referrals, from the menu, and the referral's own page.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your referrals").click()
    _heading(page, "Your referrals")
    row = page.locator("#sent tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Robin")
    expect(row).to_contain_text("Sent")
    axe_check(page)
    row.get_by_role("link", name=str(referral.reference)).click()
    _heading(page, f"Referral {referral.reference}")
    expect(page.locator("#history")).to_contain_text("Sent")
    axe_check(page)

    # Withdrawing needs a reason.
    page.get_by_role("link", name="Withdraw the referral").click()
    _heading(page, "Why are you withdrawing the referral?")
    axe_check(page)
    page.get_by_role("button", name="Withdraw the referral").click()
    _errors_shown(page, "Enter why you are withdrawing the referral")
    page.get_by_label("Why are you withdrawing the referral?").fill("The family moved away.")
    page.get_by_role("button", name="Withdraw the referral").click()
    expect(page.locator("#status")).to_contain_text("Withdrawn")
    expect(page.locator("#history")).to_contain_text("The family moved away.")


def test_a_family_outside_the_area_is_told_why_at_once(
    page: Page, practitioner: User, browser_sign_in
) -> None:
    browser_sign_in(page, practitioner)
    page.goto("/referrals/")
    _heading(page, "Your referrals")
    page.get_by_role("button", name="Start a new referral").click()
    page.get_by_role("button", name="Start now").click()
    _heading(page, "About the family")
    page.get_by_label("Parent or carer's full name").fill("Sam Example")
    page.get_by_label("Yes", exact=True).check()
    group = page.get_by_role("group", name="Baby's date of birth")
    group.get_by_label("Day").fill("1")
    group.get_by_label("Month").fill("5")
    group.get_by_label("Year").fill("2026")
    # With JavaScript, the page says so as soon as the postcode is typed.
    postcode = page.get_by_label("Family's home postcode")
    postcode.fill("BD23 1AA")
    postcode.press("Tab")
    warning = page.locator("#eligibility-status")
    expect(warning).to_contain_text("The family may not be able to be referred")
    expect(warning).to_contain_text("BD23 1AA is outside the area the service covers.")
    axe_check(page)
    postcode.fill("BD7 1DP")
    postcode.press("Tab")
    expect(warning).to_be_empty()
    postcode.fill("BD23 1AA")
    page.get_by_role("button", name="Save and continue").click()

    _heading(page, "This family cannot be referred to the service")
    expect(page.locator("#why")).to_contain_text("BD23 1AA is outside the area")
    expect(page.locator("#alternatives")).to_contain_text("Brackendale Family Hub")
    axe_check(page)

    # Changing the postcode to one in the area carries on with the referral.
    page.get_by_role("button", name="Change the family's details").click()
    page.get_by_label("Family's home postcode").fill("ZZ99 3VZ")
    page.get_by_role("button", name="Save and continue").click()
    _heading(page, "Contacting the family")

    # The draft waits in "Your referrals", and can be deleted.
    page.goto("/referrals/")
    drafts = page.locator("#drafts")
    expect(drafts).to_contain_text("Sam Example")
    axe_check(page)
    drafts.get_by_role("link", name="Delete the referral for Sam Example").click()
    _heading(page, "Delete this draft referral?")
    axe_check(page)
    page.get_by_role("button", name="Delete the draft").click()
    _heading(page, "Your referrals")
    expect(page.locator("#drafts")).to_have_count(0)
    assert not Referral.objects.exists()
