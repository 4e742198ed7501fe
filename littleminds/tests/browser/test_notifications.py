"""A service manager finds the notifications that could not be sent and tries one again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.notifications.models import Notification
from littleminds.notifications.tests.fakes import FLAKY, FlakyBackend
from littleminds.referrals import services as referral_services
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import details, intake_for, sent_referral
from littleminds.tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser


def test_a_manager_sees_what_failed_and_tries_it_again(
    page: Page,
    manager: User,
    team: Team,
    practitioner: User,
    settings: Any,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    settings.NOTIFICATIONS_BACKEND = FLAKY
    FlakyBackend.down = True
    FlakyBackend.sent = []
    intake_for(team)
    # Each is sent as soon as it is stored, and fails: the provider is down.
    referral = sent_referral(practitioner)
    family, _new = referral_services.referral_create(
        kind=Referral.Kind.SELF,
        details=details(impact="", consent=False, confirm_by="text", may_text=True),
    )
    assert Notification.objects.filter(status="failed").count() == 2

    browser_sign_in(page, manager)
    page.goto("/notifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table).to_contain_text("ConnectionError: the provider did not answer")
    expect(table).to_contain_text("•••••••123")
    expect(table).not_to_contain_text("+447700900123")
    axe_check(page)

    FlakyBackend.down = False
    try:
        page.get_by_role("button", name=f"Try again now ({family.reference}, family)").click()
        expect(page.get_by_role("alert")).to_contain_text(
            f"The notification about {family.reference} is sent."
        )
        expect(table.get_by_role("row")).to_have_count(2)
        expect(table).to_contain_text(str(referral.reference))
        axe_check(page)
    finally:
        FlakyBackend.down = True
        FlakyBackend.sent = []
