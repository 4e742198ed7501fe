"""A service manager sets up an intake in the browser with the keyboard alone: adds one
(a wrong age limit first, put right from the error summary), is warned of postcodes another
intake covers too, changes it, and closes it. axe-core runs on every page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from littleminds.accounts.models import Team, User
from littleminds.directory.tests.factories import AreaFactory
from littleminds.referrals.models import Intake
from littleminds.referrals.tests.factories import FROM, intake_for
from littleminds.tests.browser.conftest import at_path, axe_check
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def district(team: Team) -> Intake:
    """The team's intake over the district (BD1 to BD22 and LS29), the default."""
    return intake_for(team)


def type_into(page: Page, field: Locator, text: str) -> None:
    """Replace what a focused box holds, as a person would: select it all, type."""
    expect(field).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_a_manager_adds_changes_and_closes_an_intake_by_keyboard(
    page: Page,
    manager: User,
    district: Intake,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    AreaFactory.create(name="Calderdale", prefixes=["HX1", "HX7", ("BD3 9", FROM, None)])
    browser_sign_in(page, manager)
    menu = page.get_by_role("navigation", name="Menu")
    link = menu.get_by_role("link", name="Intakes", exact=True)
    if not link.is_visible():
        menu.locator("#toggle-menu").click()
    link.click()
    expect(page).to_have_url(at_path("/intakes/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Intakes")
    expect(page.get_by_role("row")).to_have_count(2)
    axe_check(page)

    # Add an intake for Calderdale, first with an age limit past 36 months.
    tab_to(page, page.get_by_role("button", name="Add an intake"), most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an intake")
    expect(page.get_by_text("today Parent–Infant Clinical Team's intake for")).to_be_visible()
    axe_check(page)
    service = page.get_by_label("Service", exact=True)
    tab_to(page, service, most=40)
    page.keyboard.press("ArrowDown")
    expect(service).to_have_value(str(district.service.code))
    area = page.get_by_label("Area", exact=True)
    tab_to(page, area)
    page.keyboard.press("ArrowDown")
    expect(area.locator("option:checked")).to_have_text("Calderdale")
    age = page.get_by_label("Age limit in months")
    tab_to(page, age)
    type_into(page, age, "40")
    # The number families can call and how long a decision takes: both are told to them.
    phone = page.get_by_label("Phone number families can call")
    tab_to(page, phone)
    type_into(page, phone, "01632 960 001")
    days = page.get_by_label("Working days to a decision, usually")
    tab_to(page, days)
    type_into(page, days, "10")
    tab_to(page, page.get_by_role("button", name="Add the intake"))
    page.keyboard.press("Enter")

    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text(
        ["The age limit must be 36 months (3 years) or less"]
    )
    assert page.title().startswith("Error: "), page.title()
    assert not Intake.objects.filter(area__name="Calderdale").exists()
    axe_check(page)
    # The summary's link takes the person to the box, which keeps what they chose.
    tab_to(page, summary.get_by_role("link"), most=40)
    page.keyboard.press("Enter")
    expect(age).to_be_focused()
    expect(area.locator("option:checked")).to_have_text("Calderdale")
    type_into(page, age, "18")
    tab_to(page, page.get_by_role("button", name="Add the intake"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(at_path("/intakes/"))
    expect(
        page.get_by_text(
            "Parent–Infant Clinical Team now takes referrals for families living in Calderdale."
        )
    ).to_be_visible()
    # BD3 9 is in the district too: the manager is told where those families go.
    warning = page.locator(".nhsuk-notification-banner").filter(
        has_text="The area shares postcodes with another open intake."
    )
    expect(warning).to_contain_text(
        f"BD3 9: also in Parent–Infant Clinical Team's intake for {district.area.name}, which "
        "was set up first, so families living there go to Parent–Infant Clinical Team."
    )
    axe_check(page)
    intake = Intake.objects.get(area__name="Calderdale")
    assert (intake.team, intake.age_limit_months, intake.is_open) == (district.team, 18, True)
    assert (intake.contact_phone, intake.decision_days) == ("+441632960001", 10)

    # Change its age limit.
    tab_to(page, page.get_by_role("link", name="Change the intake for Calderdale"), most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the intake for Calderdale")
    expect(age).to_have_value("18")
    axe_check(page)
    tab_to(page, age, most=40)
    type_into(page, age, "12")
    tab_to(page, page.get_by_role("button", name="Save the intake"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The intake for Calderdale is saved.")).to_be_visible()
    row = page.locator(f"#intake-{intake.code}")
    expect(row.get_by_role("cell", name="12 months")).to_be_visible()
    axe_check(page)

    # Close it: the page says what closing does before anything happens.
    tab_to(page, page.get_by_role("link", name="Change the intake for Calderdale"), most=60)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Close the intake for Calderdale"), most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Close the intake for Calderdale")
    expect(page.get_by_text("It has received no referrals.")).to_be_visible()
    axe_check(page)
    tab_to(page, page.get_by_role("button", name="Close the intake"), most=40)
    page.keyboard.press("Enter")

    expect(page).to_have_url(at_path("/intakes/"))
    expect(
        page.get_by_text("The intake for Calderdale is closed: it takes no new referrals.")
    ).to_be_visible()
    expect(row.get_by_text("Closed", exact=True)).to_be_visible()
    axe_check(page)
    intake.refresh_from_db()
    assert not intake.is_open
