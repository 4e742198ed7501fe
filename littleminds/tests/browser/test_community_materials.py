"""Community materials in the browser: a community worker uploads a file at 320 px by
keyboard and is told plainly what is wrong with a bad one; the families' leaflets in Urdu,
right to left with no sideways scroll; axe-core on each page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import FilePayload, Page, expect

from littleminds.accounts.models import Team, User
from littleminds.community.languages import Language
from littleminds.community.models import Material
from littleminds.community.tests import factories
from littleminds.tests.browser.conftest import PHONE, axe_check, phone_problems
from littleminds.tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def payload(name: str, data: bytes) -> FilePayload:
    return {"name": name, "mimeType": "application/pdf", "buffer": data}


def test_a_community_worker_uploads_a_file_at_phone_width_by_keyboard(
    page: Page,
    community_worker: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    material = factories.material(
        community_worker, team, approved=False, title="Crying and comfort"
    )
    page.set_viewport_size(PHONE)
    browser_sign_in(page, community_worker)
    page.goto("/community/materials/")
    axe_check(page)
    assert not phone_problems(page)
    link = page.get_by_role("link", name="Crying and comfort")
    tab_to(page, link, most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Crying and comfort")
    axe_check(page)
    assert not phone_problems(page)

    # A PNG named as a PDF: refused, with the error summary, and nothing kept.
    language = page.get_by_label("Language", exact=True)
    tab_to(page, language, most=40)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(language).to_have_value("ur")
    page.get_by_label("File", exact=True).set_input_files(
        files=payload("leaflet.pdf", factories.png_bytes())
    )
    upload = page.get_by_role("button", name="Upload the file")
    tab_to(page, upload, most=10)
    page.keyboard.press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(
        "The selected file is not a PDF, although its name ends in .pdf"
    )
    expect(page).to_have_title("Error: Crying and comfort – Little Minds")
    assert not material.versions.exists()
    axe_check(page)
    assert not phone_problems(page)

    # The summary's link takes the keyboard to the file input; a real PDF is kept.
    summary.get_by_role("link").first.press("Enter")
    page.get_by_label("Language", exact=True).select_option("ur")
    page.get_by_label("File", exact=True).set_input_files(
        files=payload("leaflet.pdf", factories.pdf_bytes())
    )
    upload = page.get_by_role("button", name="Upload the file")
    upload.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("File added in Urdu")).to_be_visible()
    expect(page.locator("#versions ~ ul")).to_contain_text("PDF document, 1 KB")
    assert material.versions.get().language == Language.URDU
    axe_check(page)
    assert not phone_problems(page)


def test_the_material_form_by_keyboard_with_axe(
    page: Page, community_worker: User, browser_sign_in: Callable[[Page, User], None]
) -> None:
    browser_sign_in(page, community_worker)
    page.goto("/community/materials/new/")
    axe_check(page)
    page.get_by_role("button", name="Save the material").press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the material's title")
    axe_check(page)
    page.set_viewport_size(PHONE)
    assert not phone_problems(page)


def test_the_leaflets_in_urdu_read_right_to_left_at_phone_width(
    page: Page, community_worker: User, team: Team
) -> None:
    leaflet = factories.material(community_worker, team, title="Your baby's feelings")
    factories.version(leaflet, Language.ENGLISH)
    urdu = factories.version(leaflet, Language.URDU)
    urdu.title = "آپ کے بچے کے جذبات"
    urdu.save()
    factories.version(leaflet, Language.POLISH)
    factories.material(community_worker, team, approved=False, title="Not out yet")

    page.goto("/leaflets/")
    axe_check(page)
    page.get_by_role("navigation", name="Language").get_by_role("button", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.set_viewport_size(PHONE)

    def t(words: str) -> str:
        with translation.override("ur"):
            return str(gettext(words))

    expect(page.get_by_role("heading", level=1)).to_have_text(t("Leaflets and videos"))
    expect(page.get_by_text("Not out yet")).to_have_count(0)
    # Exact: "Read it" and "Download" carry the title too, for screen readers.
    title = page.get_by_role("link", name="آپ کے بچے کے جذبات", exact=True)
    expect(title).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("link", name="Polski: Your baby's feelings")).to_have_attribute(
        "lang", "pl"
    )
    axe_check(page)
    assert not phone_problems(page)

    tab_to(page, title, most=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("آپ کے بچے کے جذبات")
    axe_check(page)
    assert not phone_problems(page)
    assert Material.objects.filter(published_at__isnull=False).count() == 1


def test_removing_a_file_asks_first_at_phone_width_by_keyboard(
    page: Page,
    community_worker: User,
    team: Team,
    browser_sign_in: Callable[[Page, User], None],
) -> None:
    material = factories.material(community_worker, team, title="Crying and comfort")
    factories.version(material)
    factories.version(material, Language.URDU)
    page.set_viewport_size(PHONE)
    browser_sign_in(page, community_worker)
    page.goto(f"/community/materials/{material.code}/")
    remove = page.get_by_role("link", name="Remove the Urdu file")
    tab_to(page, remove, most=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Remove the Urdu file of Crying and comfort?"
    )
    axe_check(page)
    assert not phone_problems(page)
    assert material.versions.filter(language="ur").exists()
    button = page.get_by_role("button", name="Remove the file")
    tab_to(page, button, most=20)
    page.keyboard.press("Enter")
    expect(page.get_by_text("File removed: Urdu")).to_be_visible()
    assert not material.versions.filter(language="ur").exists()
