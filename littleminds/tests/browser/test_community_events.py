"""The community worker's pages in the browser: recording reach for an event on a 320 px
phone by keyboard alone, and the event, campaign and home pages with axe-core."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.community import services
from littleminds.community.models import Reach
from littleminds.community.tests import factories
from littleminds.tests.browser.conftest import PHONE, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def test_a_community_worker_records_reach_on_a_phone_by_keyboard(
    page: Page,
    community_worker: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    campaign = factories.campaign(community_worker, team)
    event = factories.event(
        community_worker, team, days=-1, title="Stay and play at the hub", campaign=campaign
    )
    browser_sign_in(page, community_worker)
    page.set_viewport_size(PHONE)
    page.goto("/community/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community")
    axe_check(page)
    assert not phone_problems(page)

    record = page.get_by_role("link", name="Record reach for Stay and play at the hub")
    tab_to(page, record, most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record reach")
    axe_check(page)
    assert not phone_problems(page)

    # Sent with nothing typed in the numbers: the error summary takes the focus.
    save = page.get_by_role("button", name="Save the reach")
    tab_to(page, save, most=40)
    page.keyboard.press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the number of adults reached, or 0")
    axe_check(page)
    assert not phone_problems(page)
    assert not Reach.objects.exists()

    adults = page.get_by_label("Adults reached")
    tab_to(page, adults, most=20)
    page.keyboard.type("14")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Babies reached")).to_be_focused()
    page.keyboard.type("6")
    urdu = page.get_by_label("Materials given out in Urdu (optional)")
    tab_to(page, urdu, most=10)
    page.keyboard.type("25")
    # Another language, under "Other languages", opened by keyboard.
    other = page.get_by_text("Other languages")
    tab_to(page, page.locator("summary"), most=10)
    page.keyboard.press("Enter")
    arabic = page.get_by_label("Materials given out in Arabic (optional)")
    expect(arabic).to_be_visible()
    tab_to(page, arabic, most=10)
    page.keyboard.type("2")
    assert other.is_visible()
    tab_to(page, save, most=20)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Stay and play at the hub")
    table = page.get_by_role("table", name="The reach recorded for this event")
    expect(table).to_contain_text("14")
    expect(table).to_contain_text("Urdu: 25")
    expect(table).to_contain_text("Arabic: 2")
    axe_check(page)
    assert not phone_problems(page)
    reach = Reach.objects.get()
    assert (reach.event, reach.adults, reach.babies, reach.postcode_district) == (
        event,
        14,
        6,
        "BD3",
    )
    assert dict(reach.materials.values_list("language", "count")) == {"ur": 25, "ar": 2}


def test_the_campaign_and_event_forms_pass_axe_at_phone_width(
    page: Page,
    community_worker: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    campaign = factories.campaign(community_worker, team, theme="Feelings matter")
    event = factories.event(community_worker, team, days=-3, campaign=campaign)
    services.reach_record(
        by=community_worker,
        event=event,
        day=timezone.localdate(),
        adults=9,
        babies=3,
        postcode_district="BD3",
        materials={"ur": 4},
    )
    services.reach_record(
        by=community_worker,
        campaign=campaign,
        channel="social_media",
        day=timezone.localdate(),
        adults=0,
        babies=0,
        online_views=1200,
    )
    browser_sign_in(page, community_worker)
    for path in (
        f"/community/campaigns/{campaign.code}/",
        "/community/campaigns/new/",
        "/community/events/",
        "/community/events/?when=past",
        "/community/events/new/",
        f"/community/campaigns/{campaign.code}/reach/",
    ):
        page.goto(path)
        axe_check(page)
        assert not phone_problems(page), path
    page.goto("/community/events/new/")
    page.get_by_role("button", name="Save the event").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the kind of event")
    axe_check(page)
    assert not phone_problems(page)
