"""The participants part of the evaluation workbench in the browser: a lead researcher adds a
participant by keyboard alone (a wrong answer first, which the error summary shows), and
every page of the part passes axe-core and fits a 320-pixel screen, for the lead and, for
Table 1 and the study's page, for the team's manager."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.evaluation.models import ListedName, Participant
from littleminds.evaluation.tests.factories import study_world
from littleminds.tests.browser.conftest import axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import skip_then_tab_to, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def world(researcher: User, team: Team) -> dict[str, Any]:
    return study_world(researcher, team)


def test_a_lead_adds_a_participant_by_keyboard(
    page: Page,
    researcher: User,
    world: dict[str, Any],
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    made = world["study"]
    browser_sign_in(page, researcher)
    page.goto(f"/evaluation/{made.code}/participants/")
    skip_then_tab_to(page, page.get_by_role("button", name="Add a participant"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a participant")

    # A name where the code goes, and no date of consent: refused, with the error summary.
    tab_to(page, page.get_by_label("Participant code"), most=20)
    page.keyboard.type("Amira Khan")
    tab_to(page, page.get_by_label("Service design"))
    page.keyboard.press("ArrowDown")  # the service's own team
    tab_to(page, page.get_by_label("Organisation (optional)"))
    page.keyboard.type("Little Acorns Nursery")
    # Into the first time point's radios, then to "Interview".
    tab_to(page, page.locator("input[name=at_1]").first)
    page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_label("Version of the information sheet"), most=20)
    page.keyboard.type("v3")
    page.keyboard.press("Enter")

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("letters, numbers and hyphens only")
    expect(summary).to_contain_text("Enter the date consent was given")
    assert not Participant.objects.filter(label="Amira Khan").exists()
    axe_check(page)
    assert not phone_problems(page)

    # Put right by keyboard: each message links to its box.
    code_box = page.get_by_label("Participant code")
    tab_to(page, summary.get_by_role("link", name="letters, numbers and hyphens only"), most=40)
    page.keyboard.press("Enter")
    expect(code_box).to_be_focused()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("P07")
    tab_to(page, page.get_by_label("Day"), most=20)
    page.keyboard.type("15")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.type("2022")
    tab_to(page, page.get_by_role("button", name="Add the participant"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Participants")
    row = page.locator("#participant-P07")
    expect(row).to_contain_text("The service's own team")
    expect(row).to_contain_text("Little Acorns Nursery")
    expect(row).to_contain_text("Time 1: Interview")
    added = Participant.objects.get(label="P07")
    assert added.participations.get().method == "interview"


def test_every_page_of_the_part_passes_axe_and_fits_a_phone(
    page: Page,
    researcher: User,
    manager: User,
    world: dict[str, Any],
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    made = world["study"]
    base = f"/evaluation/{made.code}"
    p01 = world["participants"][0]
    listed = ListedName.objects.filter(study=made).first()
    assert listed is not None
    pages = [
        (f"{base}/", made.title),
        (f"{base}/participants/", "Participants"),
        (f"{base}/participants/new/", "Add a participant"),
        (f"{base}/participants/{p01.code}/", "Change participant P01"),
        (f"{base}/participants/{world['withdrawn'].code}/", "Change participant P03"),
        (f"{base}/participants/{p01.code}/withdraw/", "Withdraw P01 from the study"),
        (f"{base}/names/", "Names to replace in transcripts"),
        (f"{base}/names/new/", "List a name"),
        (f"{base}/names/{listed.code}/", "Change a listed name"),
        (f"{base}/researchers/", "The study's researchers"),
        (f"{base}/table-1/", "Table 1: participants"),
    ]
    browser_sign_in(page, researcher)
    problems: list[str] = []
    for path, heading in pages:
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe_check(page)
        problems += [f"{path}: {problem}" for problem in phone_problems(page)]
    assert problems == []

    page.context.clear_cookies()
    browser_sign_in(page, manager)
    for path, heading in [(f"{base}/", made.title), (f"{base}/table-1/", "Table 1: participants")]:
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator("#part-by-group, #by-group").first).to_be_visible()
        axe_check(page)
        problems += [f"{path}: {problem}" for problem in phone_problems(page)]
    assert problems == []
