"""The public pages in Urdu (right to left), Polish and Romanian, chosen with the language
switch: each declares its language and direction, passes axe-core, and does not scroll
sideways at 320 pixels. That every word is translated is proved without a browser, by
`littleminds/tests/test_public_languages.py`."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from littleminds.directory.models import Service
from littleminds.pathway.tests.factories import default_rules, navigator_directory
from littleminds.tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser

NAMES = {"ur": "اردو", "pl": "Polski", "ro": "Română"}


@pytest.fixture
def service() -> Service:
    default_rules()
    return navigator_directory()["lmm"]


def public_pages(service: Service) -> list[str]:
    return [
        "/",
        "/sign-in/",
        "/directory/?age_months=6&postcode=BD7+1DP&need=bonding",
        f"/directory/services/{service.code}/",
        "/directory/map/",
        "/navigator/",
        "/navigator/questions/who/",
        "/accessibility/",
        "/privacy/",
        "/cookies/",
        "/no/such/page/",
    ]


@pytest.mark.parametrize("code", list(NAMES))
def test_the_public_pages_read_in_each_language(page: Page, service: Service, code: str) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Language").get_by_role("button", name=NAMES[code]).click()
    direction = "rtl" if code == "ur" else "ltr"
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        for path in public_pages(service):
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", code)
            expect(page.locator("html")).to_have_attribute("dir", direction)
            # What a manager wrote stays in English, marked so that screen readers switch.
            if path.startswith("/directory/services/"):
                expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "en")
            sideways = page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            assert not sideways, f"{path} scrolls sideways at {width} px in {code}"
            if width == 1280:
                axe_check(page)
