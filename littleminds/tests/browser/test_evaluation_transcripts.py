"""The transcripts part of the evaluation workbench in the browser: a researcher uploads
subtitles, reviews the names found (confirming a candidate) and applies the review by
keyboard alone, then reads the transcript by segment; axe-core on each page, at desktop width
and at 320 pixels, where nothing may scroll sideways."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.evaluation.models import Transcript
from littleminds.evaluation.tests.factories import study_world
from littleminds.tests.browser.conftest import axe_check, check_headers, phone_problems
from littleminds.tests.browser.test_keyboard import skip_then_tab_to, tab_to

pytestmark = pytest.mark.browser

SUBTITLES = (
    "WEBVTT\n\n"
    "00:00:01.000 --> 00:00:03.000\n<v Interviewer>How did you hear about the service?\n\n"
    "00:00:03.500 --> 00:00:06.000\n<v Amira Khan>A health visitor in Manningham told me,\n\n"
    "00:00:06.100 --> 00:00:09.000\n<v Amira Khan>and my sister Zainab came too. 😊 بہت اچھا\n"
)


@pytest.fixture
def world(researcher: User, team: Team) -> dict[str, Any]:
    return study_world(researcher, team)


def checked(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n".join(problems)


def test_a_researcher_uploads_reviews_and_applies_by_keyboard(
    page: Page,
    world: dict[str, Any],
    researcher: User,
    browser_sign_in: Callable[[Page, User], None],
    tmp_path: Any,
) -> None:
    study = world["study"]
    browser_sign_in(page, researcher)
    response = page.goto(f"/evaluation/{study.code}/")
    assert response is not None
    check_headers(response, signed_in=True)
    expect(page.locator("#transcript-counts")).to_have_text(
        "2 transcripts: 2 ready to code, 0 with names to review"
    )
    checked(page)

    # To the upload form by keyboard.
    skip_then_tab_to(page, page.get_by_role("link", name="Upload a transcript"), most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a transcript")
    checked(page)

    # Sent without a file: the error summary says what is missing.
    skip_then_tab_to(page, page.get_by_label("Title"), most=10)
    page.keyboard.type("Interview P01, time 2")
    page.get_by_role("button", name="Upload").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select a file")
    expect(page).to_have_title(re.compile(r"^Error: "))
    checked(page)

    # The form filled by keyboard; only the file is chosen the way a file dialogue would.
    page.get_by_label("Time point").focus()
    page.keyboard.press("End")
    page.get_by_label("Interview", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("P01", exact=True).focus()
    page.keyboard.press("Space")
    subtitles = tmp_path / "interview.vtt"
    subtitles.write_text(SUBTITLES, encoding="utf-8")
    page.get_by_label("File").set_input_files(str(subtitles))
    page.get_by_role("button", name="Upload").focus()
    page.keyboard.press("Enter")

    # The review: listed names ticked, the candidate not.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the names to replace")
    expect(page.locator("#proposal-counts")).to_have_text(
        "2 listed names found, each ticked to be replaced. 1 other word with a capital letter "
        "may be a name: it is not ticked; tick it and say what replaces it if it is."
    )
    checked(page)
    zainab = page.get_by_role("checkbox", name="Replace “Zainab”")
    expect(zainab).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Replace “Manningham”")).to_be_checked()
    # From the top of the page, as a keyboard user arrives.
    page.reload()
    skip_then_tab_to(page, zainab, most=40)
    page.keyboard.press("Space")
    expect(zainab).to_be_checked()
    page.keyboard.press("Tab")
    box = page.get_by_role("textbox", name="Replace “Zainab” with")
    expect(box).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("[sister]")
    tab_to(page, page.get_by_role("button", name="Replace the ticked names"), most=5)
    page.keyboard.press("Enter")

    # The transcript, ready, by segment.
    expect(page.get_by_role("heading", level=1)).to_have_text("Interview P01, time 2")
    segments = page.locator("#segments li")
    expect(segments).to_have_count(2)
    expect(segments.nth(1)).to_contain_text("Participant P01")
    expect(segments.nth(1)).to_contain_text(
        "P01: A health visitor in [place] told me, and my sister [sister] came too. 😊 بہت اچھا"
    )
    expect(page.locator("main")).not_to_contain_text("Amira")
    checked(page)
    transcript = Transcript.objects.get(title="Interview P01, time 2")
    assert transcript.status == Transcript.Status.READY
    assert "Zainab" not in transcript.text

    # The list, and deleting (a lead's confirmation page).
    page.goto(f"/evaluation/{study.code}/transcripts/")
    expect(page.locator("#transcripts tbody tr")).to_have_count(3)
    checked(page)
    page.goto(f"/evaluation/{study.code}/transcripts/{transcript.code}/delete/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete “Interview P01, time 2”?")
    checked(page)
    page.get_by_role("button", name="Delete the transcript").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Transcripts")
    assert not Transcript.objects.filter(pk=transcript.pk).exists()


def test_the_kept_original_page_passes_axe(
    page: Page,
    world: dict[str, Any],
    researcher: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    transcript = world["transcript"]
    transcript.original_text = "Interviewer: Hello Amira Khan\n" + "A long line " * 60
    transcript.save()
    browser_sign_in(page, researcher)
    page.goto(f"/evaluation/{world['study'].code}/transcripts/{transcript.code}/original/")
    expect(page.locator("#original-text")).to_contain_text("Hello Amira Khan")
    checked(page)
