"""The system map of the demonstration's directory in the browser: services labelled by
name where no label overlaps another (as the browser draws them), selected by keyboard and
by click, with and without JavaScript, and back to the whole map; axe and a phone's width
at each step."""

from __future__ import annotations

import contextlib
import io
import itertools
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from littleminds.demo import data as demo
from littleminds.demo import organisation_kinds
from littleminds.directory import selectors_map, systemmap
from littleminds.directory.models import Area
from littleminds.directory.selectors_map import MapScope
from littleminds.directory.tests.factories import needs_taxonomy
from littleminds.tests.browser.conftest import axe_check, phone_problems

pytestmark = pytest.mark.browser

HEADING = "Map of the early-years system"

# Each label's box as the browser measures it: its background and its text.
BOXES = """svg => [...svg.querySelectorAll('a')].map(a => {
  const box = a.querySelector('rect.lm-map-label-box').getBBox();
  const text = a.querySelector('text.lm-map-label').getBBox();
  return {
    name: a.getAttribute('aria-label'),
    box: [box.x, box.y, box.x + box.width, box.y + box.height],
    text: [text.x, text.y, text.x + text.width, text.y + text.height],
  };
})"""


@pytest.fixture
def demo_map(transactional_db: None) -> systemmap.Drawing:
    needs_taxonomy()  # flushed by the browser test before
    # The demonstration's referrals send e-mail; the console backend would print it.
    with contextlib.redirect_stdout(io.StringIO()):
        demo.load()
    organisation_kinds.apply()
    return systemmap.draw(selectors_map.map_data(MapScope(), with_conflicts=False))


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADING)
    axe_check(page)
    problems = phone_problems(page)
    assert not problems, "\n\n".join(problems)


def test_the_map_labels_every_service_by_name_and_no_label_overlaps_another(
    page: Page, demo_map: systemmap.Drawing
) -> None:
    page.goto("/directory/map/")
    check(page)

    labels = page.locator("svg.lm-map").evaluate(BOXES)
    assert len(labels) == len(demo_map.nodes) > 40
    for label in labels:
        # The text the browser drew fits the box measured for it on the server.
        left, top, right, bottom = label["box"]
        x1, y1, x2, y2 = label["text"]
        assert left <= x1, label
        assert right >= x2, label
        assert top <= y1 + 1, label
        assert bottom >= y2 - 1, label
    overlapping = [
        (a["name"], b["name"])
        for a, b in itertools.combinations(labels, 2)
        if _overlap(a["box"], b["box"])
    ]
    assert overlapping == []
    # A shortened label's full name is the link's name and its title, shown on hover.
    long = next(node for node in demo_map.nodes if node.label and node.label.text.endswith("…"))
    link = page.get_by_role("link", name=f"{long.number}: {long.service.name}", exact=True)
    expect(link).to_have_count(1)
    expect(link.locator("title")).to_have_text(f"{long.number}: {long.service.name}")


def test_a_visitor_selects_a_service_by_keyboard_then_by_click_and_goes_back(
    page: Page, demo_map: systemmap.Drawing
) -> None:
    first, other = demo_map.nodes[0], demo_map.nodes[-1]
    page.goto("/directory/map/")

    # From the filters' button, the next Tab is the first service on the map.
    page.get_by_role("button", name="Show on the map").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=f"1: {first.service.name}", exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"\?service={first.service.code}#map-selected$"))
    panel = page.locator("#map-selected")
    expect(panel.get_by_role("heading", level=2)).to_have_text(first.service.name)
    expect(panel.get_by_text("What it does not do")).to_be_visible()
    lines = page.locator("svg.lm-map line[stroke-width='3']")
    # Only its links are drawn; the table lists it and the services it is linked with.
    linked = [node for node in demo_map.nodes if node.service.pk in _partners(first, demo_map)]
    expect(page.locator("#map-table ~ table tbody tr")).to_have_count(len(linked) + 1)
    assert lines.count() >= len(linked)
    check(page)

    # A click on the service's label (its circle is part of the same link).
    link = page.get_by_role("link", name=f"{other.number}: {other.service.name}", exact=True)
    link.locator("text.lm-map-label").click()
    expect(panel.get_by_role("heading", level=2)).to_have_text(other.service.name)
    check(page)

    page.get_by_role("button", name="Show the whole map").click()
    expect(page).to_have_url(re.compile(r"/directory/map/$"))
    expect(page.locator("#map-selected")).to_have_count(0)
    expect(page.locator("#map-table ~ table tbody tr")).to_have_count(len(demo_map.nodes))


def _partners(node: systemmap.Node, drawing: systemmap.Drawing) -> set[int]:
    pk = node.service.pk
    return {
        other
        for link in drawing.links
        if pk in (link.source_id, link.target_id)
        for other in (link.source_id, link.target_id)
        if other != pk
    }


def test_selecting_a_service_works_without_javascript(
    browser: Browser, live_server: LiveServer, demo_map: systemmap.Drawing
) -> None:
    node = demo_map.nodes[3]
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/directory/map/")
        link = page.get_by_role("link", name=f"{node.number}: {node.service.name}", exact=True)
        link.locator("circle").last.click()
        expect(page.locator("#map-selected").get_by_role("heading", level=2)).to_have_text(
            node.service.name
        )
    finally:
        context.close()


def test_at_national_size_the_map_draws_groups_that_open_their_services_by_keyboard(
    page: Page, demo_map: systemmap.Drawing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ADR 0047, made small: above the limit each kind of organisation in each ring is one
    circle with its count, labelled where no label overlaps another, and opens the map of
    its services, by keyboard from the map or by a link in the table."""
    monkeypatch.setattr(systemmap, "MAX_SERVICES", 12)
    page.goto("/directory/map/")
    check(page)
    expect(page.get_by_text("too many to draw one by one")).to_be_visible()

    labels = page.locator("svg.lm-map").evaluate(BOXES)
    groups = [
        (node.service.ring, node.kind)
        for node in demo_map.nodes
        if (node.service.ring, node.kind)
        not in {(n.service.ring, n.kind) for n in demo_map.nodes[: demo_map.nodes.index(node)]}
    ]
    assert len(labels) == len(groups)
    assert all(re.search(r"ring, .+: \d+ services?$", label["name"]) for label in labels)
    overlapping = [
        (a["name"], b["name"])
        for a, b in itertools.combinations(labels, 2)
        if _overlap(a["box"], b["box"])
    ]
    assert overlapping == []
    first = labels[0]["name"]

    # From the filters' button, the next Tab is the first group on the map.
    page.get_by_role("button", name="Show on the map").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=first, exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"\?ring=core&kind=\w+$"))
    # The group is small enough: its services are drawn one by one, as before.
    expect(page.locator("svg.lm-map a.lm-map-group")).to_have_count(0)
    count = int(re.search(r": (\d+) services?$", first).group(1))  # type: ignore[union-attr]
    expect(page.locator("svg.lm-map a")).to_have_count(count)
    check(page)

    # Back to every group, then a group opened from the table.
    page.get_by_role("link", name="Show every ring and kind of organisation").click()
    expect(page.locator("svg.lm-map a.lm-map-group")).to_have_count(len(groups))
    table = page.locator("#map-table ~ table")
    last = table.get_by_role("link").last
    last.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?ring=risk_factors&kind=\w+$"))
    check(page)


def test_with_many_areas_a_visitor_types_the_area_by_keyboard(
    page: Page, demo_map: systemmap.Drawing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ADR 0047's addendum, made small: above `AREAS_LISTED` areas the area is typed. A name
    not found is said in the error summary, which takes the focus and leads to the box; a
    name found draws that area's map. Axe and a phone's width in each state."""
    monkeypatch.setattr(selectors_map, "AREAS_LISTED", 1)
    area = Area.objects.filter(services__status="active").order_by("name").first()
    assert area is not None
    page.goto("/directory/map/")
    check(page)
    expect(page.locator("select#map-area")).to_have_count(0)

    page.get_by_label("Area").fill("Nowhere at all")
    page.keyboard.press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("No area is called “Nowhere at all”")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    check(page)
    summary.get_by_role("link").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Area")).to_be_focused()

    page.get_by_label("Area").fill(area.name.upper())
    page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_have_count(0)
    expect(page.get_by_label("Area")).to_have_value(area.name)
    check(page)
