"""The API documentation: Swagger UI, served from the platform's own static files."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request, expect

from littleminds.tests.browser.conftest import BrowserProblems, check_headers

pytestmark = pytest.mark.browser


def test_it_shows_the_api_documentation_without_leaving_the_site(
    page: Page, browser_problems: BrowserProblems
) -> None:
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))

    page.goto("/")
    with page.expect_response(lambda response: response.url.endswith("/api/docs")) as docs:
        page.get_by_role("link", name="API documentation").click()
    # Under the same policy as every page: Swagger UI's script and style are our own static
    # files, and anything it tried inline would be reported by the `page` fixture.
    check_headers(docs.value, signed_in=False)

    expect(page).to_have_title("Little Minds API")
    expect(page.get_by_role("heading", name="Little Minds API")).to_be_visible()
    expect(page.get_by_text("The JSON API of Little Minds.")).to_be_visible()
    expect(page.get_by_text("/api/accounts/me", exact=True)).to_be_visible()

    # Opening an operation and trying it out draws Swagger UI's forms, icons and examples.
    page.get_by_text("/api/self-referrals", exact=True).click()
    page.get_by_role("button", name="Try it out").click()
    expect(page.get_by_role("button", name="Execute")).to_be_visible()
    expect(page.get_by_text("The body was not sent as JSON").first).to_be_attached()

    paths = [request.url.removeprefix(browser_problems.origin) for request in requests]
    assert "/api/openapi.json" in paths, paths
    assert any(path.startswith("/static/ninja/swagger-ui-bundle") for path in paths), paths
    # Any request to anywhere else fails the test in the `page` fixture; say so here too.
    outside = [r.url for r in requests if not r.url.startswith(browser_problems.origin)]
    assert not [url for url in outside if url.startswith("http")], outside
