"""The API documentation: Swagger UI, served from the platform's own static files."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request, expect

from littleminds.tests.browser.conftest import BrowserProblems

pytestmark = pytest.mark.browser


def test_it_shows_the_api_documentation_without_leaving_the_site(
    page: Page, browser_problems: BrowserProblems
) -> None:
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))

    page.goto("/")
    page.get_by_role("link", name="API documentation").click()

    expect(page).to_have_title("Little Minds API")
    expect(page.get_by_role("heading", name="Little Minds API")).to_be_visible()
    expect(page.get_by_text("The JSON API of Little Minds.")).to_be_visible()
    expect(page.get_by_text("/api/accounts/me", exact=True)).to_be_visible()

    paths = [request.url.removeprefix(browser_problems.origin) for request in requests]
    assert "/api/openapi.json" in paths, paths
    assert any(path.startswith("/static/ninja/swagger-ui-bundle") for path in paths), paths
    # Any request to anywhere else fails the test in the `page` fixture; say so here too.
    outside = [r.url for r in requests if not r.url.startswith(browser_problems.origin)]
    assert not [url for url in outside if url.startswith("http")], outside
