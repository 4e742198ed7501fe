"""The reach report on a phone (320 pixels wide) by keyboard alone: the tables scroll inside
their own labelled boxes, the chart has its figures in words, a period is typed as day,
month and year, and a bad date gets the error summary; axe-core on each page. The analyst
is told that small numbers are hidden."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.community.languages import Language
from littleminds.community.models import Reach, ReachMaterial
from littleminds.community.tests import factories
from littleminds.referrals import services as referral_services
from littleminds.referrals.models import HeardFrom, Referral
from littleminds.referrals.tests.factories import details, intake_for
from littleminds.tests.browser.conftest import PHONE, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser

URL = "/community/reach/"


@pytest.fixture
def reach(team: Team, community_worker: User) -> None:
    intake_for(team)
    by = community_worker
    campaign = factories.campaign(by, team)
    factories.event(by, team, days=-10, language=Language.URDU, interpreter=Language.POLISH)
    for n, district in enumerate(["BD3", "BD7", "BD8", "BD9"]):
        record = Reach.objects.create(
            team=team,
            campaign=campaign,
            day=timezone.localdate() - timedelta(days=10 + n),
            postcode_district=district,
            adults=40 - 5 * n,
            babies=12,
            online_views=300,
            created_by=by,
        )
        ReachMaterial.objects.create(reach=record, language=Language.URDU, count=25)
    for heard in (HeardFrom.EVENT, HeardFrom.LEAFLET, ""):
        referral_services.referral_create(
            kind=Referral.Kind.SELF, details=details(postcode="BD3 9AA", heard_from=heard)
        )


def _type_date(page: Page, field: str, day: str, month: str, year: str) -> None:
    """Tab to the date's day box, and type the three parts, tabbing between them."""
    tab_to(page, page.locator(f"input[name={field}_day]"), most=30)
    for part in (day, month, year):
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(part)
        if part != year:
            page.keyboard.press("Tab")


def test_a_community_worker_reads_reach_on_a_phone_by_keyboard(
    page: Page,
    reach: None,
    community_worker: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    page.set_viewport_size(PHONE)
    browser_sign_in(page, community_worker)
    page.goto(URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Community reach")
    # The self-referrals went to the team's triage, which the worker does not do: their
    # figures are suppressed, and the notice says so; the reach is the team's, exact.
    expect(page.locator("#suppressed-notice")).to_contain_text("self-referral columns")
    chart = page.get_by_role("img", name="People reached and self-referrals by postcode district")
    expect(chart).to_be_visible()
    expect(page.locator("#reach-chart-desc")).to_contain_text("BD3: Reached: 52, Self-referrals: *")
    axe_check(page)
    assert not phone_problems(page)
    page.set_viewport_size(PHONE)

    # The wide table scrolls inside its own box, which the keyboard reaches by its caption.
    box = page.get_by_role("region", name="Reach and self-referrals by postcode district")
    tab_to(page, box, most=60)
    assert box.evaluate("element => element.scrollWidth > element.clientWidth")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(box).not_to_have_js_property("scrollLeft", 0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(box.locator("tbody tr").first.locator("th")).to_have_text("BD3")
    expect(box.locator("tfoot th")).to_have_text("All districts")
    languages = page.get_by_role("region", name="Reach and self-referrals by language")
    expect(languages).to_be_visible()

    # A period of one day, typed; Enter sends the form.
    day = timezone.localdate() - timedelta(days=10)
    page.goto(URL)
    _type_date(page, "start", str(day.day), str(day.month), str(day.year))
    _type_date(page, "end", str(day.day), str(day.month), str(day.year))
    page.keyboard.press("Enter")
    expect(page.locator("#summary")).to_have_text(f"From {day:%-d %B %Y} to {day:%-d %B %Y}")
    expect(page.locator("#reach-chart-desc")).to_contain_text("BD3: Reached: 52")
    expect(page.locator("#reach-chart-desc")).not_to_contain_text("BD7")
    axe_check(page)
    assert not phone_problems(page)
    page.set_viewport_size(PHONE)

    # A date that does not exist: the error summary, and no report.
    page.locator("input[name=start_month]").fill("2")
    page.locator("input[name=start_day]").fill("31")
    page.locator("input[name=start_day]").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("The first day must be a real date")
    expect(page.locator("#reach-district")).to_have_count(0)
    axe_check(page)
    assert not phone_problems(page)


def test_the_analyst_is_told_small_numbers_are_hidden(
    page: Page, reach: None, analyst: User, browser_sign_in: Callable[[Page, User], None]
) -> None:
    browser_sign_in(page, analyst)
    page.goto(URL)
    expect(page.locator("#suppressed-notice")).to_contain_text("small numbers are hidden")
    expect(page.locator("#reach-chart-desc")).to_contain_text("BD3: Reached: 50, Self-referrals: *")
    axe_check(page)
    assert not phone_problems(page)
