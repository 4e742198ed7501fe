"""The API documentation: an NHS.UK page drawn on the server from the OpenAPI description,
held to the same checks as every other page (axe at desktop and phone widths, nothing
sideways at 320 pixels, the Content-Security-Policy, the keyboard)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Request, expect

from littleminds.tests.browser.conftest import (
    BrowserProblems,
    axe_check,
    check_headers,
    phone_problems,
)

pytestmark = pytest.mark.browser


def test_it_shows_the_api_documentation_without_leaving_the_site(
    page: Page, browser_problems: BrowserProblems
) -> None:
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))

    page.goto("/")
    with page.expect_response(lambda response: response.url.endswith("/api/docs")) as docs:
        page.get_by_role("link", name="API documentation").click()
    # Under the same policy as every page, with no exception for its images.
    check_headers(docs.value, signed_in=False)
    assert "data:" not in docs.value.headers["content-security-policy"]

    expect(page).to_have_title("Little Minds API – Little Minds")
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    expect(page.get_by_role("heading", level=1)).to_have_text("Little Minds API")
    expect(page.get_by_text("The JSON API of Little Minds.")).to_be_visible()
    expect(page.get_by_text("/api/accounts/me", exact=True).first).to_be_visible()

    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)

    # Each operation is a link from the contents; its answers and body are described, and
    # the body's schema is a link too.
    page.get_by_role("link", name="POST /api/self-referrals").click()
    expect(page).to_have_url(re.compile(r"/api/docs#post-api-self-referrals$"))
    operation = page.locator("#post-api-self-referrals")
    expect(operation.get_by_role("heading", level=2)).to_contain_text("/api/self-referrals")
    expect(
        operation.get_by_text("The body was not sent as JSON: send it with Content-Type")
    ).to_be_visible()
    operation.get_by_role("link", name="SelfReferralIn").first.click()
    expect(page.locator("#schema-SelfReferralIn")).to_be_in_viewport()

    # The description itself, for machines, is a link away.
    expect(page.get_by_role("link", name="openapi.json")).to_have_attribute(
        "href", "/api/openapi.json"
    )

    paths = [request.url.removeprefix(browser_problems.origin) for request in requests]
    # Drawn on the server: no OpenAPI renderer is loaded in the browser.
    assert not [path for path in paths if path.startswith("/static/ninja/")], paths
    # Any request to anywhere else fails the test in the `page` fixture; say so here too.
    outside = [r.url for r in requests if not r.url.startswith(browser_problems.origin)]
    assert not [url for url in outside if url.startswith("http")], outside


def test_it_is_read_by_keyboard(page: Page) -> None:
    """The contents' links reach each operation by keyboard: Tab to the link, Enter."""
    page.goto("/api/docs")
    link = page.get_by_role("link", name="GET /api/accounts/me")
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/api/docs#get-api-accounts-me$"))
    expect(page.locator("#get-api-accounts-me")).to_be_in_viewport()
