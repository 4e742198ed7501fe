"""Coding a transcript in the browser: by keyboard alone (choose the segments and the words,
apply two codes, see them in the margin, remove one), and with the mouse on Urdu text with
emoji, where the passage's offsets must come out exact. axe-core on each page, and at 320
pixels nothing scrolls sideways."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from littleminds.accounts.models import Team, User
from littleminds.evaluation.models import Coding
from littleminds.evaluation.tests.factories import (
    code,
    participant,
    ready_transcript,
    study,
    study_world,
)
from littleminds.tests.browser.conftest import axe_check, check_headers, phone_problems
from littleminds.tests.browser.test_keyboard import skip_then_tab_to, tab_to

pytestmark = pytest.mark.browser


def coding_path(made, transcript) -> str:
    return reverse(
        "evaluation:transcript-code", kwargs={"code": made.code, "transcript": transcript.code}
    )


def test_it_codes_a_passage_by_keyboard_alone(
    page: Page,
    researcher: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    world = study_world(researcher, team)
    transcript = world["transcript"]
    browser_sign_in(page, researcher)
    response = page.goto(coding_path(world["study"], transcript))
    assert response is not None
    check_headers(response, signed_in=True)
    axe_check(page)

    # The passage: from segment 2 to segment 2 (P01's first turn), the words "health
    # visitor told me about", chosen with the keyboard only.
    start = page.get_by_label("From segment")
    skip_then_tab_to(page, start, most=20)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(start).to_have_value("1")
    page.keyboard.press("Tab")
    expect(page.get_by_label("To segment")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("To segment")).to_have_value("1")
    page.keyboard.press("Tab")
    page.keyboard.type("health visitor told me about")
    awareness = page.get_by_role("checkbox", name="Awareness")
    tab_to(page, awareness)
    page.keyboard.press("Space")
    pathways = page.get_by_role("checkbox", name="Referral pathways")
    tab_to(page, pathways)
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Apply"))
    page.keyboard.press("Enter")

    expect(page.locator(".nhsuk-error-summary")).to_have_count(0)
    assert page.url.endswith("#s1")
    margin = page.locator("#s1 .lm-margin__name")
    expect(margin).to_have_text(["How they heard", "Awareness", "Referral pathways"])
    made = Coding.objects.filter(coder=researcher, code__name="Awareness").get()
    assert transcript.text[made.start : made.end] == "health visitor told me about"
    axe_check(page)

    # Remove "Awareness" from the passage, by keyboard: the page came back at the passage,
    # so its margin's buttons are the next stops of Tab.
    remove = page.get_by_role("button", name="Remove “Awareness” from this passage")
    tab_to(page, remove, most=10)
    page.keyboard.press("Enter")
    expect(page.locator("#s1 .lm-margin__name")).to_have_text(
        ["How they heard", "Referral pathways"]
    )
    assert not Coding.objects.filter(pk=made.pk).exists()
    assert phone_problems(page) == []


def test_it_refuses_words_not_in_the_segments_with_a_clear_message(
    page: Page,
    researcher: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    world = study_world(researcher, team)
    browser_sign_in(page, researcher)
    page.goto(coding_path(world["study"], world["transcript"]))
    page.get_by_label("From segment").select_option("1")
    page.get_by_label("To segment").select_option("1")
    page.get_by_label("Exact words (optional)").fill("words nobody said")
    page.get_by_role("checkbox", name="Awareness").check()
    page.get_by_role("button", name="Apply").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("The exact words are not in the segments you chose")
    expect(page).to_have_title("Error: Coding “Interview P01” – Little Minds")
    axe_check(page)


SELECT = """([text, from, to]) => {
  const element = [...document.querySelectorAll(".lm-segment__text")].find(
    (candidate) => candidate.textContent === text
  );
  const node = element.firstChild;
  const range = document.createRange();
  range.setStart(node, from);
  range.setEnd(node, to);
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return range.toString();
}"""


def test_it_turns_a_mouse_selection_into_exact_offsets_across_urdu_and_emoji(
    page: Page,
    researcher: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    made = study(researcher, team)
    p01 = participant(made, "P01")
    first = "P01: 😊😊 ماں نے کہا 👶🏽 the baby smiled"
    second = "Interviewer: اچھا؟ 🌈 and then?"
    text = f"{first}\n{second}\n"
    transcript = ready_transcript(made, "Urdu", text, by=researcher, participants=[p01])
    joy = code(made, "Joy", colour="#007F3B")
    browser_sign_in(page, researcher)
    page.goto(coding_path(made, transcript))

    # The words "ماں نے کہا" start at UTF-16 unit 10 (each emoji is two units), code
    # point 8: what the server counts.
    utf16 = first.encode("utf-16-le")
    at = len(first[: first.index("ماں")].encode("utf-16-le")) // 2
    assert at == 10
    assert len(utf16) // 2 > len(first)
    words = "ماں نے کہا"
    chosen = page.evaluate(SELECT, [first, at, at + len(words)])
    assert chosen == words
    page.locator("#transcript").dispatch_event("mouseup")
    expect(page.locator("#selection-said")).to_contain_text(words)
    page.get_by_role("checkbox", name="Joy").check()
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".lm-margin__name")).to_have_text(["Joy"])
    coding = Coding.objects.get(code=joy)
    assert (coding.start, coding.end) == (8, 8 + len(words))
    assert text[coding.start : coding.end] == words

    # A real mouse: three clicks select the whole of the second turn (with its emoji).
    page.locator(".lm-segment__text").nth(1).click(click_count=3)
    expect(page.locator("#selection-said")).to_contain_text("🌈")
    page.get_by_role("checkbox", name="Joy").check()
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".lm-margin__name")).to_have_count(2)
    whole = Coding.objects.filter(code=joy).exclude(pk=coding.pk).get()
    assert text[whole.start : whole.end] == second
    axe_check(page)
    assert phone_problems(page) == []


def test_the_codebook_passes_axe_and_fits_a_phone(
    page: Page,
    researcher: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    world = study_world(researcher, team)
    browser_sign_in(page, researcher)
    problems: list[str] = []
    for name in ("codebook", "codebook-new"):
        page.goto(reverse(f"evaluation:{name}", kwargs={"code": world["study"].code}))
        axe_check(page)
        problems += phone_problems(page)
    for name in ("codebook-edit", "codebook-merge", "codebook-remove"):
        page.goto(
            reverse(
                f"evaluation:{name}",
                kwargs={"code": world["study"].code, "node": world["code"].code},
            )
        )
        axe_check(page)
        problems += phone_problems(page)
    page.goto(reverse("evaluation:study", kwargs={"code": world["study"].code}))
    expect(page.locator("#coding-transcripts a")).to_have_count(2)
    axe_check(page)
    assert problems == []


def test_it_codes_a_passage_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    researcher: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    world = study_world(researcher, team)
    transcript = world["transcript"]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        browser_sign_in(page, researcher)
        page.goto(coding_path(world["study"], world["transcript"]))
        # Segment 4 (P01's second turn) to segment 4, by the arrows of each choice.
        page.get_by_label("From segment").focus()
        for _press in range(4):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        for _press in range(4):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.type("the consultation helped")
        tab_to(page, page.get_by_role("checkbox", name="Referral pathways"))
        page.keyboard.press("Space")
        tab_to(page, page.get_by_role("button", name="Apply"))
        page.keyboard.press("Enter")
        expect(page.locator("#s3 .lm-margin__name")).to_have_text(
            ["Referral pathways", "Consultation"]
        )
        coding = Coding.objects.get(coder=researcher, code=world["codes"][2], transcript=transcript)
        assert transcript.text[coding.start : coding.end] == "The consultation helped"
    finally:
        context.close()
