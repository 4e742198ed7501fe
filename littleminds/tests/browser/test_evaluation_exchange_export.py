"""REFI-QDA export in the browser, for a researcher of the study: the study's page with its
two downloads passes axe-core at desktop width and at 320 pixels, and each file is
downloaded by keyboard alone and is valid against the REFI-QDA Project schema."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from lxml import etree
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.evaluation.tests.factories import study_world
from littleminds.evaluation.tests.test_exchange_export import codebook_schema, project_schema
from littleminds.tests.browser.conftest import axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import skip_then_tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def world(researcher: User, team: Team) -> dict[str, Any]:
    return study_world(researcher, team)


def test_both_files_download_by_keyboard_from_a_page_that_passes_axe(
    page: Page,
    world: dict[str, Any],
    researcher: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    made = world["study"]
    browser_sign_in(page, researcher)
    page.goto(reverse("evaluation:study", kwargs={"code": made.code}))
    expect(page.get_by_role("heading", name="Other analysis software")).to_be_visible()
    axe_check(page)
    assert not phone_problems(page)

    project_link = page.get_by_role("link", name="Download the project (.qdpx)")
    skip_then_tab_to(page, project_link, most=40)
    with page.expect_download() as downloading:
        page.keyboard.press("Enter")
    project = downloading.value
    assert project.suggested_filename == "little-minds-evaluation.qdpx"
    with zipfile.ZipFile(io.BytesIO(Path(project.path()).read_bytes())) as archive:
        project_schema().assertValid(etree.fromstring(archive.read("project.qde")))

    # From the top of the page again, as after any download.
    page.reload()
    book_link = page.get_by_role("link", name="Download the codebook (.qdc)")
    skip_then_tab_to(page, book_link, most=40)
    with page.expect_download() as downloading:
        page.keyboard.press("Enter")
    book = downloading.value
    assert book.suggested_filename == "little-minds-evaluation-codebook.qdc"
    codebook_schema().assertValid(etree.fromstring(Path(book.path()).read_bytes()))
