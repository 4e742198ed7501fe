"""Triage in the browser: a clinician opens the oldest referral from the queue, sees its
possible duplicate, accepts it from the keyboard alone and records the first contact, then
declines another with signposting; axe-core on every page, errors included."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from littleminds.accounts.models import Team, User
from littleminds.referrals.lifecycle import DeclineReason, Status
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import intake_for, sent_referral
from littleminds.tests.browser.conftest import at_path, axe_check
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def sent_days_ago(days: int, by: User, **changes: object) -> Referral:
    """A referral sent `days` ago (moved back in time after sending, test data only)."""
    referral = sent_referral(by, **changes)
    Referral.objects.filter(pk=referral.pk).update(
        submitted_at=timezone.now() - timedelta(days=days)
    )
    referral.refresh_from_db()
    return referral


def fill_contact_date(page: Page, day: date) -> None:
    group = page.get_by_role("group", name="When did the team first speak with the family?")
    for part, value in zip(("Day", "Month", "Year"), (day.day, day.month, day.year), strict=True):
        group.get_by_label(part).fill(str(value))


def test_a_clinician_triages_from_the_queue(
    page: Page,
    team: Team,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    intake_for(team)
    born = timezone.localdate() - timedelta(days=200)
    oldest = sent_days_ago(12, practitioner, child_date_of_birth=born)
    again = sent_days_ago(2, practitioner, child_date_of_birth=born, parent_name="Sam Exampel")
    other = sent_days_ago(
        5,
        practitioner,
        parent_name="Jo Other",
        postcode="BD9 4AA",
        child_date_of_birth=born - timedelta(days=100),
        concerns=["parent_mental_health"],
    )

    browser_sign_in(page, clinician)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Triage").click()
    expect(page).to_have_url(at_path("/triage/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Triage queue")
    references = page.locator("tbody tr td:first-child a")
    expect(references).to_have_text([oldest.reference, other.reference, again.reference])  # type: ignore[list-item]
    expect(page.locator("tbody tr").first).to_contain_text("12 days")
    axe_check(page)

    # The oldest referral, with its possible duplicate beside it.
    references.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referral {oldest.reference}")
    duplicates = page.get_by_role("complementary", name="Possible duplicates")
    expect(duplicates.get_by_role("link", name=again.reference or "")).to_have_attribute(
        "href", f"/triage/{again.code}/"
    )
    axe_check(page)

    # Accept it with the keyboard alone.
    accept = page.locator("summary", has=page.get_by_text("Accept", exact=True))
    tab_to(page, accept, most=60)
    page.keyboard.press("Enter")
    note = page.get_by_label("Note for the team (optional)")
    expect(note).to_be_visible()
    page.keyboard.press("Tab")
    expect(note).to_be_focused()
    page.keyboard.type("Bonding worries; a good fit for the team.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Accept the referral")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("The referral is accepted")
    # Accepting leads on to opening the family's case (casework); back to the referral.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Open a case for referral {oldest.reference}"
    )
    axe_check(page)
    oldest.refresh_from_db()
    assert oldest.status == Status.ACCEPTED
    page.get_by_role("link", name=f"Referral {oldest.reference}").click()

    # The first contact: a date in the future is refused, today is kept.
    page.get_by_text("Record first contact", exact=True).click()
    fill_contact_date(page, timezone.localdate() + timedelta(days=1))
    page.get_by_role("button", name="Save the date of first contact").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        ["Date of first contact must be today or in the past"]
    )
    assert page.title().startswith("Error: ")
    axe_check(page)
    fill_contact_date(page, timezone.localdate())
    page.get_by_role("button", name="Save the date of first contact").click()
    expect(page.get_by_role("alert")).to_contain_text("The date of first contact is saved")
    expect(page.get_by_text("first contact on")).to_be_visible()
    axe_check(page)

    # Back to the queue: decline the next one, with signposting the referrer will read.
    page.get_by_role("link", name="Triage queue").first.click()
    page.get_by_role("link", name=other.reference or "").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referral {other.reference}")
    page.get_by_text("Decline", exact=True).click()
    page.get_by_role("button", name="Decline the referral").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        ["Select why the referral is not accepted", "Enter what the referrer should do instead"]
    )
    axe_check(page)
    summary.get_by_role("link", name="Select why the referral is not accepted").click()
    page.get_by_label(str(DeclineReason.BETTER_ELSEWHERE.label)).check()
    page.get_by_label("What should the referrer do instead?").fill(
        "The perinatal mental health team is better placed: call 01632 960000."
    )
    page.get_by_role("button", name="Decline the referral").click()
    expect(page.get_by_role("alert")).to_contain_text("The referral is declined")
    expect(page.get_by_text("there is nothing more to do here")).to_be_visible()
    axe_check(page)
    other.refresh_from_db()
    assert other.status == Status.DECLINED
    assert other.decline_reason == DeclineReason.BETTER_ELSEWHERE
    assert other.message_to_referrer.startswith("The perinatal mental health team")


def test_a_clinician_finds_a_referral_and_compares_before_marking_a_duplicate(
    page: Page,
    team: Team,
    clinician: User,
    practitioner: User,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    intake_for(team)
    born = timezone.localdate() - timedelta(days=200)
    first = sent_days_ago(9, practitioner, child_date_of_birth=born, postcode="BD9 4AA")
    again = sent_days_ago(2, practitioner, child_date_of_birth=born, parent_name="Sam Exampel")
    assert first.reference is not None
    assert again.reference is not None

    # The family phones quoting the reference, in their own way.
    browser_sign_in(page, clinician)
    page.goto("/triage/")
    page.get_by_label("Reference or name").fill(again.reference.lower().replace("-", " "))
    page.get_by_role("button", name="Show referrals").click()
    references = page.locator("tbody tr td:first-child a")
    expect(references).to_have_text([again.reference])
    axe_check(page)
    references.first.click()

    page.get_by_text("Mark as a duplicate", exact=True).click()
    page.get_by_label("Reference of the original referral").fill(first.reference)
    page.get_by_role("button", name="Compare the two referrals").click()

    heading = f"Is {again.reference} a duplicate of {first.reference}?"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text(
        "The home postcode differs: BD7 1DP here, BD9 4AA on the original."
    )
    axe_check(page)
    again.refresh_from_db()
    assert again.status == Status.SUBMITTED

    page.get_by_role(
        "button", name=f"Mark {again.reference} as a duplicate of {first.reference}"
    ).click()
    expect(page.get_by_role("alert")).to_contain_text("marked as a duplicate")
    axe_check(page)
    again.refresh_from_db()
    assert again.status == Status.DUPLICATE
    assert again.duplicate_of == first
