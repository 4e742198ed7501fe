"""The family's own questionnaire by link in the browser: a parent answers PHQ-9 in Urdu on
a 320-pixel phone by keyboard alone (a missing answer first, then every answer, the risk
item above zero), sees the urgent-help words, and the clinician finds the answers on the
case, marked as the family's, with the risk task; axe-core on each page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.casework import services_link
from littleminds.casework.models_records import Administration
from littleminds.casework.tests.factories import open_case
from littleminds.tests.browser.conftest import PHONE, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def check_on_phone(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)
    page.set_viewport_size(PHONE)


def test_a_family_answers_in_urdu_on_a_phone_by_keyboard_and_the_clinician_sees_it(
    page: Page,
    team: Team,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    made = services_link.link_create(
        by=clinician, case=case, measure="phq9", answerer=case.people.get(), language="ur"
    )
    path = "/questionnaire/" + made.url.rstrip("/").rsplit("/", 1)[1] + "/"

    page.set_viewport_size(PHONE)
    response = page.goto(path)
    assert response is not None
    assert "no-store" in response.headers.get("cache-control", "")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.get_by_role("heading", level=1)).to_have_text("ایک مختصر سوالنامہ")
    expect(page.get_by_text("Sam Example")).to_have_count(0)
    check_on_phone(page)

    # Sending with nothing answered: the error summary, in Urdu, and nothing saved.
    send = page.get_by_role("button", name="میرے جوابات بھیجیں")
    tab_to(page, send, most=80)
    page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    expect(page.get_by_role("link", name="سوال 9 کا ایک جواب چنیں")).to_be_visible()
    assert not Administration.objects.exists()
    check_on_phone(page)

    # Every question by keyboard: Tab reaches each group, Space ticks "not at all", and the
    # arrow key moves the ninth to "several days".
    tab_to(page, page.locator("#id_item_1_0"), most=80)
    for number in range(1, 10):
        expect(page.locator(f"#id_item_{number}_0")).to_be_focused()
        if number == 9:
            page.keyboard.press("ArrowDown")
            expect(page.locator("#id_item_9_1")).to_be_checked()
        else:
            page.keyboard.press("Space")
            expect(page.locator(f"#id_item_{number}_0")).to_be_checked()
        page.keyboard.press("Tab")
    expect(send).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "شکریہ: آپ کے جوابات بھیج دیے گئے ہیں"
    )
    expect(page.locator("#urgent-help")).to_contain_text("116 123")
    expect(page.locator("#urgent-help")).to_contain_text("999")
    check_on_phone(page)

    # Sent again (the back button and send): already sent.
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("یہ سوالنامہ پہلے ہی بھیجا جا چکا ہے")
    check_on_phone(page)

    # The clinician finds the answers on the case, and the risk task.
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_sign_in(page, clinician)
    page.goto(f"/cases/{case.code}/")
    expect(page.get_by_role("heading", name="A risk to follow up")).to_be_visible()
    page.get_by_text("Every measure recorded, corrections included").click()
    expect(page.get_by_text("Filled in by the family through a link").first).to_be_visible()
    expect(page.locator("#links-table")).to_contain_text("Filled in")
    axe_check(page)


def test_a_clinician_makes_a_link_copies_it_and_withdraws_it(
    page: Page,
    team: Team,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    browser_sign_in(page, clinician)
    page.goto(f"/cases/{case.code}/")
    make = page.get_by_role("link", name="Send a questionnaire link")
    tab_to(page, make, most=120)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Send a questionnaire link")
    check_on_phone(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("GAD-7").check()
    page.get_by_role("button", name="Make the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The questionnaire link is made")
    link = page.get_by_label("The link, to copy now: it is shown only once")
    expect(link).to_have_value(re.compile(r"/questionnaire/[A-Za-z0-9_-]{40,}/$"))
    check_on_phone(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Back to the questionnaire links").click()
    expect(page.locator("#links-table")).to_contain_text("Waiting for the family")
    page.get_by_role("link", name="Withdraw the GAD-7 link for Sam Example").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw the questionnaire link")
    axe_check(page)
    page.get_by_role("button", name="Withdraw the link").click()
    expect(page.get_by_role("alert")).to_contain_text("The link is withdrawn")
    expect(page.locator("#links-table")).to_contain_text("Withdrawn")
