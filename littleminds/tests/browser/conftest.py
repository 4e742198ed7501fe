"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, against
pytest-django's live server, with axe-core checking each page for WCAG 2.2 AA problems.

- `browser`: one headless Chromium for the whole session (never downloaded: the tests
  fail, not skip, when /usr/bin/chromium is missing).
- `page`: a fresh browser context per test. It records console errors, uncaught
  exceptions, anything the Content-Security-Policy refused, failed or refused requests to
  the live server and any request that leaves it, and fails the test when there are any.
- `browser_sign_in(page, user)`: signs in through the real sign-in form, and through the
  real security-code page for people who need a second factor.
- `axe_check(page)`: zero WCAG 2.x A/AA violations, or a readable report.
- `phone_problems(page)`: at 320 pixels wide, whether the page scrolls sideways (naming
  what reaches past the screen) and what axe finds there.
- `check_headers(response, signed_in=…)`: the page's Content-Security-Policy, and for a
  signed-in person's page, `Cache-Control: no-store`.
"""

from __future__ import annotations

import os

# Playwright's sync API runs an event loop in the main thread; without this, Django's
# async-safety check refuses the ORM calls the tests make between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    ViewportSize,
    expect,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from littleminds.accounts.models import User
from littleminds.accounts.tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Each refusal by the Content-Security-Policy is reported as a console error, which the
# `page` fixture turns into a failure (Chromium logs its own "Refused to …" too, but not
# for every kind of refusal, and not with the directive).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    `CSP violation: ${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
    + ` (${event.sample || "no sample"})`
  );
});
"""
# Every page is checked on a desktop screen and on the narrowest phone WCAG's Reflow asks for.
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 320, "height": 640}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Playwright's own waits (for an element, a URL, a response) give up after this long.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}, and it is missing. "
            "Install it with `apt-get install chromium` (or `make browser`); the tests never "
            "download a browser.",
            pytrace=False,
        )
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class BrowserProblems:
    """What went wrong in the browser during a test, besides what the test asserts."""

    origin: str
    problems: list[str] = field(default_factory=list)
    reported: int = 0

    def fail_if_any(self, when: str) -> None:
        new = self.problems[self.reported :]
        self.reported = len(self.problems)
        if new:
            pytest.fail(f"The browser reported problems {when}:\n" + "\n".join(new), pytrace=False)

    def _ours(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def on_console(self, message: ConsoleMessage) -> None:
        # A failed page or asset also logs "Failed to load resource"; responses are checked
        # below, where a page the test means to be a 404 can be told from a missing asset.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text} ({message.location})")

    def on_page_error(self, error: Exception) -> None:
        self.problems.append(f"uncaught exception: {error}")

    def on_request(self, request: Request) -> None:
        if urlsplit(request.url).scheme in {"http", "https", "ws", "wss"} and not self._ours(
            request.url
        ):
            self.problems.append(f"request left the live server: {request.method} {request.url}")

    def on_request_failed(self, request: Request) -> None:
        # ERR_ABORTED is the browser dropping a request itself, as when the test moves on
        # to the next page before a low-priority request (the favicon) has finished.
        if self._ours(request.url) and request.failure != "net::ERR_ABORTED":
            self.problems.append(
                f"request failed: {request.method} {request.url} ({request.failure})"
            )

    def on_response(self, response: Response) -> None:
        # Whole pages may be meant to fail (the 404 page); what they load must not.
        if response.request.resource_type != "document" and response.status >= 400:
            self.problems.append(
                f"{response.status} for {response.request.resource_type}: {response.url}"
            )


@pytest.fixture
def browser_problems(live_server: LiveServer) -> BrowserProblems:
    return BrowserProblems(origin=live_server.url)


@pytest.fixture
def page(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    browser_problems: BrowserProblems,
) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport=DESKTOP,
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(10_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on("console", browser_problems.on_console)
    page.on("pageerror", browser_problems.on_page_error)
    page.on("request", browser_problems.on_request)
    page.on("requestfailed", browser_problems.on_request_failed)
    page.on("response", browser_problems.on_response)
    try:
        yield page
    finally:
        context.close()
    # Normally checked as the test ends (below); this catches what came after.
    browser_problems.fail_if_any("after the test")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A test that passed its own assertions still fails on browser problems."""
    result = yield
    problems = getattr(item, "funcargs", {}).get("browser_problems")
    if isinstance(problems, BrowserProblems):
        problems.fail_if_any("during the test")
    return result


_axe = Axe()


def axe_check(page: Page) -> None:
    """Run axe-core's WCAG 2.0–2.2 A and AA rules on the page; fail on any violation."""
    results = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, (
        f"axe found accessibility problems on {page.url}:\n{results.generate_report()}"
    )


def axe_landmarks_check(page: Page) -> None:
    """axe-core's landmark rules (best practice, beyond WCAG's tags): all the page's
    content sits in a landmark (`region`), one main, one banner, one footer. A page
    whose content reached outside them (the closing letter's back link) is caught here."""
    results = _axe.run(
        page,
        options={
            "runOnly": {
                "type": "rule",
                "values": [
                    "region",
                    "landmark-one-main",
                    "landmark-no-duplicate-banner",
                    "landmark-no-duplicate-contentinfo",
                    "landmark-unique",
                ],
            },
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, (
        f"axe found content outside landmarks on {page.url}:\n{results.generate_report()}"
    )


def phone_problems(page: Page) -> list[str]:
    """At 320 pixels wide, the page must fit the screen (nothing scrolls sideways, WCAG
    1.4.10 Reflow) and pass axe as on a desktop; the page is left at desktop width."""
    problems: list[str] = []
    page.set_viewport_size(PHONE)
    try:
        # The header's script fits its menu to the new width on the next animation frame;
        # give the page a moment to settle before measuring it.
        # (Polled from here: `wait_for_function` compiles its predicate in the page, which the
        # Content-Security-Policy forbids, as it should.)
        for _ in range(20):
            if page.evaluate(FITS):
                break
            page.wait_for_timeout(100)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide = page.evaluate(WIDEST_ELEMENTS, PHONE["width"])
            problems.append(
                f"{page.url} is {width} pixels wide on a 320-pixel screen; too wide: {wide}"
            )
        try:
            axe_check(page)
        except AssertionError as error:
            problems.append(f"at 320 pixels: {error}")
    finally:
        page.set_viewport_size(DESKTOP)
    return problems


FITS = "document.documentElement.scrollWidth <= window.innerWidth"

# The innermost elements that reach past the screen's right edge, to say what to fix.
WIDEST_ELEMENTS = """(screen) => {
  const wide = [...document.body.querySelectorAll("*")].filter(
    (element) => element.getBoundingClientRect().right > screen + 1
  );
  return wide
    .filter((element) => !wide.some((other) => other !== element && element.contains(other)))
    .slice(0, 5)
    .map((element) => {
      const name = element.tagName.toLowerCase();
      const classes = element.className && element.className.baseVal === undefined
        ? "." + element.className.trim().split(/\\s+/).join(".") : "";
      return `${name}${classes} (${Math.round(element.getBoundingClientRect().right)})`;
    });
}"""


CSP_DIRECTIVES = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


# Public pages that carry a family's answers, kept by no browser (settings.NO_STORE_PATHS).
NO_STORE_PATHS = ("/self-referral/", "/navigator/", "/api/")


def check_headers(response: Response, *, signed_in: bool) -> None:
    """The page's policy forbids inline script and style and anything from elsewhere; a
    signed-in person's page, and a page carrying a family's answers, is never stored by the
    browser."""
    policy = response.headers.get("content-security-policy", "")
    directives = {part.strip() for part in policy.split(";")}
    assert directives >= CSP_DIRECTIVES, f"{response.url}: {policy!r}"
    assert "unsafe" not in policy, f"{response.url}: {policy!r}"
    if signed_in or urlsplit(response.url).path.startswith(NO_STORE_PATHS):
        cache = response.headers.get("cache-control", "")
        assert "no-store" in cache, f"{response.url}: Cache-Control {cache!r}"


def at_path(path: str, query: str | None = None) -> re.Pattern[str]:
    """A URL pattern for `expect(page).to_have_url(...)`: this path on the live server,
    with any query string, or exactly `query` when given."""
    tail = re.escape(f"?{query}") if query is not None else r"(\?.*)?"
    return re.compile(rf"^https?://[^/]+{re.escape(path)}{tail}$")


def fresh_totp_code(device: TOTPDevice) -> str:
    """The device's next code that django-otp will accept.

    django-otp refuses a code from a time step it has already accepted (replay protection),
    so right after one code is used, this is the code for the next 30-second step, which it
    accepts within its tolerance of one step of clock drift.
    """
    device.refresh_from_db()
    now_step = (int(time.time()) - device.t0) // device.step
    drift = max(0, device.last_t + 1 - now_step)
    assert drift <= device.tolerance, "the device has already accepted a code from the future"
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:0{device.digits}d}"


def submit_sign_in_form(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def enter_security_code(page: Page, code: str) -> None:
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()


def sign_in_through_browser(page: Page, user: User) -> None:
    """Sign `user` in as a person would, ending on "Your work"."""
    needs_code = settings.REQUIRE_2FA and user.needs_second_factor
    device = None
    if needs_code:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)
    submit_sign_in_form(page, user.email)
    if device is not None:
        expect(page).to_have_url(at_path("/account/two-factor/verify/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
        enter_security_code(page, fresh_totp_code(device))
    expect(page).to_have_url(at_path("/work/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {user.full_name}")
    expect(page).to_have_title("Your work – Little Minds")


@pytest.fixture
def browser_sign_in() -> Callable[[Page, User], None]:
    return sign_in_through_browser
