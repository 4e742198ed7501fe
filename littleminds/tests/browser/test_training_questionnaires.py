"""Training questionnaires in the browser: a practitioner answers the questionnaire before
the course from "Your training" by keyboard alone, on a desktop and at 320 px, with axe-core
on each page; and the trainer's statements and summary pages pass axe-core at 320 px."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.tests.browser.conftest import PHONE, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to
from littleminds.training import services_questions as questions
from littleminds.training.models_questions import Answer, AnswerSet
from littleminds.training.tests import factories
from littleminds.training.tests import factories_attendance as made

pytestmark = pytest.mark.browser

STATEMENTS = ["I know what babies need to feel safe", "I can talk with parents about feelings"]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_practitioner_answers_before_the_course_by_keyboard(
    page: Page,
    trainer: User,
    team: Team,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
    width: str,
) -> None:
    course = factories.course(trainer, team, title="Babies' feelings")
    for text in STATEMENTS:
        questions.item_add(by=trainer, course=course, text=text)
    made.holder(factories.session(trainer, course, days=7), practitioner)
    if width == "phone":
        page.set_viewport_size(PHONE)
    browser_sign_in(page, practitioner)

    page.goto("/training/yours/")
    axe_check(page)
    link = page.get_by_role("link", name="Answer the questionnaire for Babies' feelings")
    tab_to(page, link, most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaire about your training")
    axe_check(page)
    assert not phone_problems(page)
    if width == "phone":
        page.set_viewport_size(PHONE)

    # Sending with the second statement unanswered names it in the error summary.
    first = page.get_by_role("group", name=STATEMENTS[0])
    tab_to(page, first.get_by_label("Strongly disagree"), most=40)
    for _press in range(3):
        page.keyboard.press("ArrowDown")  # to "Agree"
    expect(first.get_by_label("Agree", exact=True)).to_be_checked()
    send = page.get_by_role("button", name="Send your answers")
    tab_to(page, send, most=10)
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(f"Choose how much you agree with “{STATEMENTS[1]}”")
    expect(summary).not_to_contain_text(STATEMENTS[0])
    axe_check(page)
    assert not AnswerSet.objects.exists()

    # The summary's link takes the keyboard to the question; the first answer was kept.
    expect(first.get_by_label("Agree", exact=True)).to_be_checked()
    second = page.get_by_role("group", name=STATEMENTS[1])
    tab_to(page, summary.get_by_role("link"), most=20)
    page.keyboard.press("Enter")
    expect(second.get_by_label("Strongly disagree")).to_be_focused()
    for _press in range(4):
        page.keyboard.press("ArrowDown")  # to "Strongly agree"
    expect(second.get_by_label("Strongly agree")).to_be_checked()
    tab_to(page, send, most=10)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your training")
    expect(page.get_by_text("Thank you: your answers are saved")).to_be_visible()
    expect(
        page.get_by_role("link", name="Answer the questionnaire for Babies' feelings")
    ).to_have_count(0)
    axe_check(page)
    answer_set = AnswerSet.objects.get()
    assert answer_set.when == "before"
    assert sorted(Answer.objects.values_list("score", flat=True)) == [4, 5]


def test_the_trainers_statements_and_summary_pages_pass_at_320_px(
    page: Page,
    trainer: User,
    team: Team,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    course = factories.course(trainer, team, title="Babies' feelings")
    for text in STATEMENTS:
        questions.item_add(by=trainer, course=course, text=text)
    browser_sign_in(page, trainer)

    page.goto(f"/training/manage/courses/{course.code}/questionnaire/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Questionnaire")
    axe_check(page)
    assert not phone_problems(page)
    page.get_by_role("button", name="Add the statement").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the statement")
    axe_check(page)

    page.goto(f"/training/manage/courses/{course.code}/questionnaire/summary/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change and feedback")
    axe_check(page)
    assert not phone_problems(page)


def test_the_trainer_tells_statements_apart_and_moves_one_by_keyboard(
    page: Page,
    trainer: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    course = factories.course(trainer, team, title="Babies' feelings")
    for text in STATEMENTS:
        questions.item_add(by=trainer, course=course, text=text)
    first = questions.active_items(course)[0]
    page.set_viewport_size(PHONE)
    browser_sign_in(page, trainer)

    page.goto(f"/training/manage/courses/{course.code}/questionnaire/")
    expect(page.get_by_label("Statement 1", exact=True)).to_have_value(STATEMENTS[0])
    expect(page.get_by_label("Statement 2", exact=True)).to_have_value(STATEMENTS[1])

    move = page.get_by_role("button", name="Move down statement 1")
    tab_to(page, move, most=40)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#statement-{first.code.hex}$"))
    expect(page.locator(f"#statement-{first.code.hex}")).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text("Statement moved down: it is now statement 2")
    expect(page.get_by_label("Statement 2", exact=True)).to_have_value(STATEMENTS[0])
    axe_check(page)
    assert not phone_problems(page)

    # The same wording again is refused in the error summary, and nothing is added.
    page.get_by_label("Statement", exact=True).fill(f"  {STATEMENTS[1].upper()} ")
    page.get_by_role("button", name="Add the statement").click()
    expect(page.get_by_role("alert")).to_contain_text("This course already has this statement")
    axe_check(page)
    assert len(questions.active_items(course)) == 2
