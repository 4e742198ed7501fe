"""An attendee gives feedback on a reflective practice group session by keyboard, from the
list of feedback asked (issue 13); axe-core on each page, and no sideways scroll at 320
pixels, with the form empty and with its error summary."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import User
from littleminds.consultations.models import GroupFeedback
from littleminds.consultations.tests.factories import attended_session
from littleminds.tests.browser.conftest import axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser

# The answer to choose for each question, as the number of steps right from the first.
STEPS = {
    "usefulness": 3,
    "noticing_before": 1,
    "noticing_after": 3,
    "talking_before": 0,
    "talking_after": 2,
    "referring_before": 2,
    "referring_after": 4,
    "wellbeing": 3,
}


def check(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_an_attendee_gives_group_feedback_by_keyboard(
    page: Page,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    session = attended_session(clinician, practitioner)
    browser_sign_in(page, practitioner)

    page.goto("/consultations/feedback/")
    expect(page.get_by_text("Kind: Reflective practice group")).to_be_visible()
    check(page)
    tab_to(page, page.get_by_role("link", name=session.series.title), most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your feedback on the reflective practice group"
    )
    check(page)

    # Sent empty: the error summary names each question, and nothing is saved.
    save = page.get_by_role("button", name="Save your feedback")
    tab_to(page, save, most=80)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Choose how useful the group session was").first).to_be_visible()
    check(page)
    assert not GroupFeedback.objects.exists()

    for name, steps in STEPS.items():
        tab_to(page, page.locator(f"#id_{name}_0"), most=80)
        for _ in range(steps):
            page.keyboard.press("ArrowRight")
        if steps == 0:
            page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Anything else you would like to tell us (optional)"), most=10)
    page.keyboard.type("Good to think together.")
    tab_to(page, save, most=5)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you: your feedback is saved.")).to_be_visible()
    check(page)

    given = GroupFeedback.objects.get()
    assert (given.practitioner, given.place.session) == (practitioner, session)
    assert (given.usefulness, given.talking_before, given.referring_after) == (4, 1, 5)
    assert given.wellbeing == 1  # "A little better", three steps from "Much worse"
    assert given.comments == "Good to think together."
