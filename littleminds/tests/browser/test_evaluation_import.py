"""Importing a REFI-QDA project in the browser: the study's lead follows the link from the
study's page, sends a broken file (the error summary says why, nothing stored), then the
hand-made project with Urdu and emoji, and reads what was taken and what was not; axe-core
on each page, at desktop width and at 320 pixels, where nothing may scroll sideways."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.evaluation.models import Code, Coding, Transcript
from littleminds.evaluation.tests.factories import study
from littleminds.tests.browser.conftest import axe_check, check_headers, phone_problems

pytestmark = pytest.mark.browser

FILES = Path(__file__).resolve().parents[2] / "evaluation" / "tests" / "files" / "refi-qda"


def checked(page: Page) -> None:
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n".join(problems)


def test_a_lead_imports_a_project_after_a_broken_file_is_refused(
    page: Page,
    researcher: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    made = study(researcher, team)
    browser_sign_in(page, researcher)
    response = page.goto(f"/evaluation/{made.code}/")
    assert response is not None
    check_headers(response, signed_in=True)
    page.get_by_role("link", name="Import from NVivo, ATLAS.ti, MAXQDA or QualCoder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Import from NVivo, ATLAS.ti, MAXQDA or QualCoder"
    )
    checked(page)

    page.get_by_label("File").set_input_files(str(FILES / "hand-made-unknown-code.qdpx"))
    page.get_by_role("button", name="Import").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("points at a code the project's codebook does not have")
    expect(page).to_have_title(re.compile(r"^Error: "))
    checked(page)
    assert not Code.objects.exists()

    page.get_by_label("Time point of the imported transcripts").select_option(label="Time 1")
    page.get_by_label("Interview", exact=True).check()
    page.get_by_label("File").set_input_files(str(FILES / "hand-made-urdu-emoji.qdpx"))
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What the import took")
    expect(page.locator("#transcripts")).to_have_text("2")
    expect(page.locator("#codings")).to_have_text("4")
    expect(page.locator("#not-taken")).to_contain_text("“Recording P01”, an audio recording")
    checked(page)
    assert Transcript.objects.filter(study=made).count() == 2
    assert Coding.objects.count() == 4
