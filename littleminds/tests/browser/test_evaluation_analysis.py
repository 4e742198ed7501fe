"""The evaluation's analysis in the browser, for a researcher of the study: retrieval (the
codebook, a code's passages, filtered, and a bad filter), the matrix and agreement with its
side-by-side view. axe-core on each, at desktop width and at 320 pixels, where nothing may
scroll sideways; and from the study's page to a cell's passages, and to the coders'
differences, by keyboard alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.evaluation.tests.factories import study_world
from littleminds.tests.browser.conftest import axe_check, check_headers, phone_problems
from littleminds.tests.browser.test_keyboard import skip_then_tab_to, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def world(researcher: User, team: Team) -> dict[str, Any]:
    return study_world(researcher, team)


def visits(world: dict[str, Any]) -> list[tuple[str, int, str]]:
    """Each address, its status and its main heading."""
    code = world["study"].code
    consultation = world["codes"][3]
    group = world["transcripts"][1]
    passages = reverse("evaluation:retrieval", kwargs={"code": code, "node": consultation.code})
    side = reverse(
        "evaluation:agreement-transcript", kwargs={"code": code, "transcript": group.code}
    )
    pair = f"a={world['study'].researchers.get(lead=True).user.code}&b={world['second_coder'].code}"
    return [
        (
            reverse("evaluation:retrieval-codes", kwargs={"code": code}),
            200,
            "Retrieve the passages of a code",
        ),
        (passages, 200, "Passages coded “Consultation”"),
        (f"{passages}?subcodes=on&group=workforce", 200, "Passages coded “Consultation”"),
        (f"{passages}?group=aliens", 400, "Passages coded “Consultation”"),
        (
            reverse("evaluation:matrix", kwargs={"code": code}),
            200,
            "The matrix: codes by group and time point",
        ),
        (
            reverse("evaluation:agreement", kwargs={"code": code}),
            200,
            "Agreement between two coders",
        ),
        (side, 200, "Two coders side by side: Focus group 1"),
        (f"{side}?{pair}&differences=on", 200, "Two coders side by side: Focus group 1"),
    ]


def test_every_analysis_page_passes_axe_and_fits_a_phone(
    page: Page,
    world: dict[str, Any],
    researcher: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    browser_sign_in(page, researcher)
    problems: list[str] = []
    for path, status, heading in visits(world):
        response = page.goto(path)
        assert response is not None
        assert response.status == status, f"{path}: HTTP {response.status}"
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_headers(response, signed_in=True)
        try:
            axe_check(page)
        except AssertionError as error:
            problems.append(f"{path}: {error}")
        problems += phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_from_the_study_to_a_cells_passages_by_keyboard_alone(
    page: Page,
    world: dict[str, Any],
    researcher: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    browser_sign_in(page, researcher)
    page.goto(reverse("evaluation:study", kwargs={"code": world["study"].code}))
    skip_then_tab_to(
        page, page.get_by_role("link", name="The matrix: codes by group and time point"), most=40
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The matrix: codes by group and time point"
    )
    box = page.get_by_role(
        "region", name="Passages and participants, by code, group and time point"
    )
    tab_to(page, box, most=20)
    expect(box).to_be_focused()
    cell = page.get_by_role(
        "link", name="3 passages of “Consultation”, Early-years workforce, Time 1"
    )
    tab_to(page, cell, most=30)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Passages coded “Consultation”")
    expect(page.locator("#passages")).to_have_text("3 passages")
    expect(page.locator("#transcripts-count")).to_have_text("From 2 transcripts.")
    expect(page.get_by_text("The consultation helped me", exact=True)).to_be_visible()


def test_the_coders_differences_by_keyboard_alone(
    page: Page,
    world: dict[str, Any],
    researcher: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    browser_sign_in(page, researcher)
    page.goto(reverse("evaluation:agreement", kwargs={"code": world["study"].code}))
    expect(page.locator("#by-code")).to_contain_text("Cannot be computed")
    link = page.get_by_role("link", name="Focus group 1 side by side")
    skip_then_tab_to(page, link, most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Two coders side by side: Focus group 1"
    )
    differences = page.get_by_label("Show only the segments where they differ")
    skip_then_tab_to(page, differences, most=20)
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Segments where they differ")).to_be_visible()
    expect(page.locator("#segments")).to_contain_text("only B: Consultation")
    expect(page.locator("#segments tbody tr")).to_have_count(1)
    axe_check(page)
    assert not phone_problems(page)
