"""The navigator in the browser: every default rule and its edges walked through the question
pages, axe-core on every page of the flow (errors included), the keyboard alone on a phone,
and the answer printed or saved as a PDF."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from littleminds.pathway.labels import CONCERN_LABELS, impact_descriptions, route_label
from littleminds.pathway.models import Recommendation
from littleminds.pathway.rules import DEFAULT_SCENARIOS, SCENARIO_DAY
from littleminds.pathway.tests.factories import (
    default_rules,
    navigator_directory,
    navigator_intake,
    rival_services,
)
from littleminds.tests.browser.conftest import at_path, axe_check, axe_landmarks_check
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def system() -> Iterator[None]:
    """The default rules, a directory as in the demonstration and the team that takes the
    service's referrals; each test runs on the scenarios' day."""
    default_rules()
    lmm = navigator_directory()["lmm"]
    navigator_intake(lmm)
    # A referral opens the platform's own form; a consultation, the service's own address.
    lmm.access.filter(method="practitioner_referral").update(url="https://lmm.example.org/refer")
    lmm.access.filter(method="consultation").update(url="https://lmm.example.org/consult")
    with time_machine.travel(SCENARIO_DAY):
        yield


def _fill_date(page: Page, legend: str, value: date | None) -> None:
    group = page.get_by_role("group", name=legend)
    for part, text in zip(
        ("Day", "Month", "Year"),
        ("", "", "") if value is None else (value.day, value.month, value.year),
        strict=True,
    ):
        group.get_by_label(part).fill(str(text))


def answer_page(page: Page, family: dict[str, Any]) -> None:
    """Answer the question on the page showing, as the family would, and continue."""
    slug = page.url.rstrip("/").split("/")[-1]
    question = page.get_by_role("heading", level=1).inner_text()
    yes_no = {True: "Yes", False: "No"}
    if slug == "who":
        page.get_by_label(
            "I am a parent or carer" if family["asker"] == "parent" else "I work with families"
        ).check()
    elif slug == "pregnancy":
        page.get_by_label(yes_no[family["pregnant"]], exact=True).check()
    elif slug == "due-date":
        _fill_date(page, question, family["expected_delivery_date"])
    elif slug == "baby":
        _fill_date(page, question, family["child_date_of_birth"])
    elif slug == "postcode":
        page.get_by_label(question).fill(family["postcode"])
    elif slug == "worries":
        for code in family["concerns"] or []:
            page.get_by_label(str(CONCERN_LABELS[code])).check()
        if not family["concerns"]:
            page.get_by_label("None of these").check()
    elif slug == "impact":
        parent = family["asker"] == "parent"
        page.get_by_label(str(impact_descriptions(parent=parent)[family["impact"]])).check()
    elif slug == "risk":
        page.get_by_label(yes_no[family["immediate_risk"]], exact=True).check()
    elif slug == "involved":
        page.get_by_label(yes_no[family["practitioner_involved"]], exact=True).check()
    else:
        pytest.fail(f"an unexpected page: {page.url}")
    page.get_by_role("button", name="Continue").click()


def walk_to_the_answer(
    page: Page, family: dict[str, Any], *, checked: set[str] | None = None
) -> None:
    """Start, answer every question, check the answers and get the answer. Pages whose
    address is not in `checked` yet are checked with axe-core, and added to it."""

    def check_once() -> None:
        path = page.url.split("?")[0]
        if checked is not None and path not in checked:
            axe_check(page)
            checked.add(path)

    page.goto("/navigator/")
    check_once()
    page.get_by_role("button", name="Start now").click()
    while "/check-your-answers/" not in page.url:
        check_once()
        answer_page(page, family)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    check_once()
    page.get_by_role("button", name="Get the answer").click()
    expect(page).to_have_url(at_path("/navigator/answer/"))


def test_every_default_rule_and_edge_through_the_browser(page: Page) -> None:
    """Each scenario of the test bench, answered page by page; axe-core on every page of the
    flow (each question, check your answers) and on the answer for every route."""
    checked: set[str] = set()
    routes_checked: set[str] = set()
    for scenario in DEFAULT_SCENARIOS:
        page.context.clear_cookies()
        walk_to_the_answer(page, scenario, checked=checked)
        expected = scenario["expected_route"]
        heading = "Get help now" if expected == "urgent" else route_label(expected)
        expect(page.get_by_role("heading", level=1), scenario["name"]).to_have_text(heading)
        for also in scenario["expected_also"]:
            expect(page.locator("#also")).to_contain_text(route_label(also))
        if expected not in routes_checked:
            axe_check(page)
            routes_checked.add(expected)
    assert len(checked) == 11, sorted(checked)  # start, 9 questions, check your answers
    assert [r.route for r in Recommendation.objects.order_by("pk")] == [
        s["expected_route"] for s in DEFAULT_SCENARIOS
    ]


def test_every_question_shows_its_errors_accessibly(page: Page) -> None:
    """Continue with nothing answered on each page: an error summary that links to the
    question, "Error:" in the title, and no accessibility problems, the back link inside a
    landmark (axe's `region`, found in the browser walk of issue 18) as on "Check your
    answers"."""
    family = DEFAULT_SCENARIOS[1]
    page.goto("/navigator/questions/who/")
    while "/check-your-answers/" not in page.url:
        page.get_by_role("button", name="Continue").click()
        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_be_visible()
        # The summary takes focus, and its link moves focus to the question.
        expect(summary).to_be_focused()
        assert page.title().startswith("Error: "), page.title()
        axe_check(page)
        axe_landmarks_check(page)
        summary.get_by_role("link").first.click()
        focused_in_form = page.evaluate("() => document.activeElement.closest('form') !== null")
        assert focused_in_form, f"the error link did not take focus to the question on {page.url}"
        answer_page(page, family)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    axe_landmarks_check(page)


def test_a_parent_on_a_phone_with_the_keyboard_alone(page: Page) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/navigator/")
    start = page.get_by_role("button", name="Start now")
    tab_to(page, start, most=30)
    page.keyboard.press("Enter")

    def choose(label: str) -> None:
        # Tab into the group, Space selects; arrow keys move and select (as browsers do).
        target = page.get_by_label(label, exact=True)
        radios = page.get_by_role("radio")
        tab_to(page, radios.first)
        page.keyboard.press("Space")
        for _ in range(radios.count()):
            if target.evaluate("element => element === document.activeElement"):
                break
            page.keyboard.press("ArrowDown")
        expect(target).to_be_checked()
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Continue")).to_be_focused()
        page.keyboard.press("Enter")

    def type_date(value: date) -> None:
        tab_to(page, page.get_by_label("Day"))
        page.keyboard.type(str(value.day))
        page.keyboard.press("Tab")
        page.keyboard.type(str(value.month))
        page.keyboard.press("Tab")
        page.keyboard.type(str(value.year))
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Continue")).to_be_focused()
        page.keyboard.press("Enter")

    choose("I am a parent or carer, or I am expecting a baby")
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you expecting a baby?")
    choose("No")
    expect(page.get_by_role("heading", level=1)).to_have_text("What is your baby's date of birth?")
    type_date(date(2026, 7, 14))
    tab_to(page, page.get_by_label("What is your home postcode?"))
    page.keyboard.type("bd7 1dp")
    page.keyboard.press("Enter")
    baby = page.get_by_label(str(CONCERN_LABELS["baby_regulation"]))
    tab_to(page, baby)
    page.keyboard.press("Space")
    expect(baby).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")
    choose(str(impact_descriptions(parent=True)["mild"]))
    choose("No")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    tab_to(page, page.get_by_role("button", name="Get the answer"), most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(route_label("universal"))
    # A parent with a mild worry is offered a self-referral as well: a button, not a dead end.
    refer = page.get_by_role("button", name="Refer yourself to Little Minds Matter")
    expect(refer).to_have_attribute("href", "/self-referral/")
    tab_to(page, refer, most=40)
    axe_check(page)


def test_the_answer_prints_for_the_family(page: Page) -> None:
    # A mild relationship worry: a consultation, through the service's own address.
    walk_to_the_answer(page, {**DEFAULT_SCENARIOS[1], "impact": "mild"})
    print_button = page.get_by_role("button", name="Print or save as a PDF")
    expect(print_button).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(print_button).to_be_hidden()
    expect(page.locator("#reasons")).to_be_visible()
    # On paper a button is words, followed by the address it leads to when that is another
    # site's; the consultation is booked on this platform (its team takes the family).
    consult = page.get_by_role("button", name="Request a consultation with Little Minds Matter")
    expect(consult).to_be_visible()
    assert consult.get_attribute("href") == "/consultations/book/?from=navigator"
    assert consult.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert "(" not in consult.evaluate("e => getComputedStyle(e, '::after').content")
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    assert len(pdf) > 10_000


def test_the_questions_work_without_javascript(browser: Browser, live_server: LiveServer) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        walk_to_the_answer(page, DEFAULT_SCENARIOS[1])
        expect(page.get_by_role("heading", level=1)).to_have_text(route_label("lmm_referral"))
        # Without JavaScript there is no print button: the page says how to print instead.
        expect(page.get_by_role("button", name="Print or save as a PDF")).to_be_hidden()
        expect(page.get_by_text("use your browser's print option")).to_be_visible()
    finally:
        context.close()


def test_the_button_names_the_service_the_referral_goes_to(page: Page) -> None:
    """Issue 11: with another provider's service for the same worries first in the alphabet,
    the button still names the service whose team receives the referral, and that service
    is among those listed."""
    rival_services()
    walk_to_the_answer(page, {**DEFAULT_SCENARIOS[1], "postcode": "BD3 9AB"})
    steps = page.locator("#next-steps").get_by_role("button")
    expect(steps.first).to_have_text("Start a referral to Little Minds Matter")
    expect(steps.first).to_have_attribute("href", "/referrals/new/?from=navigator")
    expect(page.get_by_role("button", name="Start a referral to Baby Bonds")).to_have_count(0)
    listed = page.get_by_role("heading", level=3)
    expect(listed.first).to_have_text("Little Minds Matter")
    expect(page.get_by_role("heading", name="Baby Bonds", level=3)).to_be_visible()
    axe_check(page)
