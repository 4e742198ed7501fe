"""The system map at national size (ADR 0047): above `systemmap.MAX_SERVICES` services it
draws one circle for each kind of organisation in each ring, with its count, and each opens
the map of its services; the table beside it counts them by ring and kind, then by area,
then lists them. The limits are made small here; `bench/system_map.py` measures 50,000."""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client

from littleminds.accounts.models import Organisation
from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.directory import mapcsv, selectors_map, systemmap
from littleminds.directory.models import Area, Ring, Service, ServiceLink
from littleminds.directory.selectors_map import GroupCount
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def limit(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Sets how many services the map draws one by one."""

    def set_limit(services: int, page: int = 100) -> None:
        monkeypatch.setattr(systemmap, "MAX_SERVICES", services)
        monkeypatch.setattr(systemmap, "TABLE_PAGE", page)

    return set_limit


@pytest.fixture
def nhs() -> Organisation:
    return OrganisationFactory.create(name="Health trust", kind=Organisation.Kind.NHS)


@pytest.fixture
def charity() -> Organisation:
    return OrganisationFactory.create(name="Charity", kind=Organisation.Kind.VOLUNTARY)


@pytest.fixture
def system(nhs: Organisation, charity: Organisation) -> dict[str, Service]:
    """Four services: two core NHS services, a core charity one and a universal NHS one."""
    made = {
        "hv": ServiceFactory.create(name="Health visiting", ring="core", organisation=nhs),
        "mw": ServiceFactory.create(name="Midwifery", ring="core", organisation=nhs),
        "bb": ServiceFactory.create(name="Baby Bonds", ring="core", organisation=charity),
        "gp": ServiceFactory.create(name="GP surgery", ring="universal", organisation=nhs),
    }
    ServiceLink.objects.create(source=made["hv"], target=made["mw"], kind="refers_to")
    return made


class TestGroups:
    def test_above_the_limit_it_draws_each_kind_in_each_ring_with_its_count(
        self, anonymous: Client, limit: Any, system: dict[str, Service]
    ) -> None:
        limit(3)

        response = anonymous.get("/directory/map/")

        drawing = response.context["drawing"]
        assert drawing.grouped
        assert [(g.ring, g.kind, g.count) for g in drawing.groups] == [
            ("core", "nhs", 2),
            ("core", "voluntary", 1),
            ("universal", "nhs", 1),
        ]
        body = response.content.decode()
        # Each circle says what it is in words, and opens the map of its services.
        assert 'aria-label="Core ring, NHS health service: 2 services"' in body
        assert 'href="?ring=core&amp;kind=nhs"' in body
        assert "This map holds 4 services, too many to draw one by one." in body
        # The table counts them by ring and kind; no service is named on the page.
        assert "4 services by ring and kind of organisation" in body
        assert "Health visiting" not in body
        assert "Colours of the circles: who runs the service" in body

    def test_up_to_the_limit_it_draws_services_as_before(
        self, anonymous: Client, limit: Any, system: dict[str, Service]
    ) -> None:
        limit(4)

        drawing = anonymous.get("/directory/map/").context["drawing"]

        assert not drawing.grouped
        assert len(drawing.nodes) == 4
        assert len(drawing.edges) == 1

    def test_a_group_opens_the_map_of_its_services_drawn_one_by_one(
        self, anonymous: Client, limit: Any, system: dict[str, Service]
    ) -> None:
        limit(3)

        response = anonymous.get("/directory/map/", {"ring": "core", "kind": "nhs"})

        drawing = response.context["drawing"]
        assert not drawing.grouped
        assert [node.service.name for node in drawing.nodes] == ["Health visiting", "Midwifery"]
        assert [edge.label for edge in drawing.edges] == ["Health visiting refers to Midwifery"]
        # The filters show what was chosen, and can be set back to everything.
        body = response.content.decode()
        assert '<option value="core" selected>Core</option>' in body
        assert '<option value="nhs" selected>NHS health service</option>' in body
        assert '<a href="/directory/map/">Show every ring and kind of organisation</a>' in body

    def test_a_group_keeps_the_need_and_area_chosen(
        self, anonymous: Client, limit: Any, nhs: Organisation
    ) -> None:
        limit(1)
        area = AreaFactory.create(key="craven", name="Craven")
        for name in ("One", "Two"):
            ServiceFactory.create(name=name, organisation=nhs, needs=["bonding"], areas=[area])

        drawing = anonymous.get(
            "/directory/map/", {"need": "bonding", "area": "craven", "service": "x"}
        ).context["drawing"]

        assert drawing.groups[0].query == "need=bonding&area=craven&ring=core&kind=nhs"

    def test_organisations_of_no_known_kind_make_a_group_of_their_own(
        self, anonymous: Client, limit: Any, nhs: Organisation
    ) -> None:
        limit(1)
        unknown = OrganisationFactory.create(name="Somebody")
        ServiceFactory.create(name="Known", organisation=nhs)
        ServiceFactory.create(name="Unknown", organisation=unknown)

        drawing = anonymous.get("/directory/map/").context["drawing"]
        chosen = anonymous.get("/directory/map/", {"ring": "core", "kind": "unknown"})

        assert drawing.groups[-1].name == (
            "Core ring, Kind of organisation not yet known: 1 service"
        )
        assert drawing.groups[-1].query == "ring=core&kind=unknown"
        assert [node.service.name for node in chosen.context["drawing"].nodes] == ["Unknown"]

    def test_it_ignores_an_unknown_ring_or_kind(
        self, anonymous: Client, limit: Any, system: dict[str, Service]
    ) -> None:
        limit(3)

        drawing = anonymous.get("/directory/map/", {"ring": "outer", "kind": "\x00"}).context[
            "drawing"
        ]

        assert drawing.grouped
        assert drawing.total == 4

    def test_no_label_overlaps_another_or_a_circle_or_leaves_the_map(self) -> None:
        # Every kind in every ring, from one service to a hundred thousand.
        counts = [
            GroupCount(ring, kind, 10 ** (index % 6))
            for index, (ring, kind) in enumerate(
                itertools.product(Ring.values, systemmap.KIND_ORDER)
            )
        ]

        drawing = systemmap.draw_groups(counts, Client().get("/").wsgi_request.GET)

        assert len(drawing.groups) == 21
        boxes = [group.label.box for group in drawing.groups if group.label]
        assert len(boxes) == 21
        assert all(box.inside(drawing.size) for box in boxes)
        assert not [pair for pair in itertools.combinations(boxes, 2) if pair[0].overlaps(pair[1])]
        for group, other in itertools.product(drawing.groups, repeat=2):
            circle = systemmap.Box(
                other.x - other.radius,
                other.y - other.radius,
                other.x + other.radius,
                other.y + other.radius,
            )
            assert group.label
            assert not group.label.box.overlaps(circle), (group.name, other.name)
        # No two circles touch, and a larger group has a larger circle.
        for a, b in itertools.combinations(drawing.groups, 2):
            assert ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 > a.radius + b.radius
        assert drawing.groups[5].radius > drawing.groups[1].radius > drawing.groups[0].radius


class TestTable:
    def test_a_group_still_too_large_is_counted_by_area(
        self, anonymous: Client, limit: Any, nhs: Organisation
    ) -> None:
        limit(2)
        airedale = AreaFactory.create(key="airedale", name="Airedale")
        bradford = AreaFactory.create(key="bradford", name="Bradford")
        AreaFactory.create(key="craven", name="Craven")  # nothing there
        ServiceFactory.create(name="A1", organisation=nhs, areas=[airedale])
        ServiceFactory.create(name="A2", organisation=nhs, areas=[airedale, bradford])
        ServiceFactory.create(name="Everywhere", organisation=nhs)
        ServiceFactory.create(name="Elsewhere", organisation=nhs, ring="universal")

        response = anonymous.get("/directory/map/", {"ring": "core", "kind": "nhs"})

        drawing = response.context["drawing"]
        assert drawing.grouped
        assert [(area.name, words, query) for area, words, query in drawing.area_rows] == [
            ("Airedale", "3 services", "ring=core&kind=nhs&area=airedale"),
            ("Bradford", "2 services", "ring=core&kind=nhs&area=bradford"),
        ]
        body = response.content.decode()
        assert "3 services by area" in body
        assert "1 service of these are open to families in every area" in body
        assert '<a href="/directory/map/">Show every ring and kind of organisation</a>' in body
        # The area's own map counts the same services.
        by_area = anonymous.get(
            "/directory/map/", {"ring": "core", "kind": "nhs", "area": "airedale"}
        )
        assert by_area.context["drawing"].total == 3

    def test_the_areas_are_counted_a_page_at_a_time(
        self, anonymous: Client, limit: Any, nhs: Organisation
    ) -> None:
        # Before: every area was listed on one page, a megabyte for a national directory.
        limit(1, page=2)
        for key in ("craven", "airedale", "bradford"):
            area = AreaFactory.create(key=key, name=key.title())
            ServiceFactory.create(name=f"In {key}", organisation=nhs, areas=[area])
        query = {"ring": "core", "kind": "nhs"}

        first = anonymous.get("/directory/map/", query)
        second = anonymous.get("/directory/map/", {**query, "page": "2"})

        assert [area.name for area, _w, _q in first.context["drawing"].area_rows] == [
            "Airedale",
            "Bradford",
        ]
        assert [(area.name, link) for area, _w, link in second.context["drawing"].area_rows] == [
            ("Craven", "ring=core&kind=nhs&area=craven")
        ]
        body = first.content.decode()
        assert "Areas 1 to 2 of 3" in body
        assert 'href="?ring=core&amp;kind=nhs&amp;page=2"' in body
        assert "Areas 3 to 3 of 3" in second.content.decode()

    def test_even_one_area_too_large_lists_its_services_a_page_at_a_time(
        self, anonymous: Client, limit: Any, nhs: Organisation
    ) -> None:
        limit(1, page=2)
        area = AreaFactory.create(key="airedale", name="Airedale")
        for name in ("C", "A", "B"):
            ServiceFactory.create(name=name, organisation=nhs, areas=[area])
        query = {"ring": "core", "kind": "nhs", "area": "airedale"}

        first = anonymous.get("/directory/map/", query)
        second = anonymous.get("/directory/map/", {**query, "page": "2"})

        assert [s.name for s in first.context["drawing"].services] == ["A", "B"]
        assert [s.name for s in second.context["drawing"].services] == ["C"]
        body = first.content.decode()
        assert "Services 1 to 2 of 3 services" in body
        assert 'href="?ring=core&amp;kind=nhs&amp;area=airedale&amp;page=2"' in body

    def test_it_reads_a_fixed_number_of_queries_at_any_size(
        self,
        anonymous: Client,
        limit: Any,
        nhs: Organisation,
        django_assert_num_queries: Any,
    ) -> None:
        limit(2, page=2)
        area = AreaFactory.create(key="airedale", name="Airedale")
        for number in range(6):
            ServiceFactory.create(name=f"S{number}", organisation=nhs, areas=[area])

        # The groups (services by ring and organisation, the organisations' kinds); the
        # filters' lists of needs and of areas.
        with django_assert_num_queries(4):
            anonymous.get("/directory/map/")
        # Then the areas' counts and the services open everywhere.
        with django_assert_num_queries(6):
            anonymous.get("/directory/map/", {"ring": "core", "kind": "nhs"})
        # With an area (found by its key; its services read for the groups, then for the
        # table): the count and a page of services.
        with django_assert_num_queries(9):
            anonymous.get("/directory/map/", {"ring": "core", "kind": "nhs", "area": "airedale"})
        limit(60)
        # Drawn one by one: the services and their links.
        with django_assert_num_queries(6):
            anonymous.get("/directory/map/")


def _body(response: Any) -> bytes:
    """A streamed response's whole body."""
    return b"".join(response.streaming_content)


class TestDownloads:
    def test_the_picture_of_the_groups_opens_their_maps_on_the_site(
        self, anonymous: Client, limit: Any, system: dict[str, Service]
    ) -> None:
        limit(3)

        root = ElementTree.fromstring(anonymous.get("/directory/map.svg").content)

        links = [a.get("href") for a in root.iter(f"{SVG}a")]
        assert links[0] == "http://testserver/directory/map/?ring=core&kind=nhs"
        assert root.find(f"{SVG}desc") is not None

    def test_the_spreadsheet_has_every_service_the_filters_choose(
        self, anonymous: Client, limit: Any, system: dict[str, Service], nhs: Organisation
    ) -> None:
        limit(1)
        area = AreaFactory.create(key="airedale", name="Airedale")
        ServiceFactory.create(name="=Sum", organisation=nhs, areas=[area])
        ServiceFactory.create(name="Closed", status=Service.Status.DECOMMISSIONED)

        response = anonymous.get("/directory/map.csv")
        core_nhs = anonymous.get("/directory/map.csv", {"ring": "core", "kind": "nhs"})

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="system-map-')
        rows = list(csv.reader(io.StringIO(_body(response).decode())))
        assert rows[0] == [
            "Service",
            "Organisation",
            "Who runs the service",
            "Ring",
            "Areas",
            "Works with",
            "Address of its page",
        ]
        by_name = {row[0]: row for row in rows[1:]}
        assert set(by_name) == {"'=Sum", "Health visiting", "Midwifery", "Baby Bonds", "GP surgery"}
        assert by_name["Health visiting"][1:6] == [
            "Health trust",
            "NHS health service",
            "Core",
            "",
            "Refers to Midwifery",
        ]
        assert by_name["'=Sum"][4] == "Airedale"
        code = Service.objects.get(name="Health visiting").code
        assert by_name["Health visiting"][6] == f"http://testserver/directory/services/{code}/"
        core_rows = list(csv.reader(io.StringIO(_body(core_nhs).decode())))
        assert sorted(row[0] for row in core_rows[1:]) == ["'=Sum", "Health visiting", "Midwifery"]

    def test_the_spreadsheet_reads_its_services_in_chunks_with_their_areas_and_links(
        self,
        anonymous: Client,
        nhs: Organisation,
        django_assert_num_queries: Any,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setattr(mapcsv, "CHUNK", 2)
        area = AreaFactory.create(name="Airedale")
        made = [
            ServiceFactory.create(name=f"S{number}", organisation=nhs, areas=[area])
            for number in range(5)
        ]
        ServiceLink.objects.create(source=made[4], target=made[0], kind="overlaps_with")

        # The services, then each chunk's areas and links (three chunks of two at most).
        with django_assert_num_queries(7):
            response = anonymous.get("/directory/map.csv")
            lines = list(csv.reader(io.StringIO(_body(response).decode())))
        assert [line[0] for line in lines[1:]] == ["S0", "S1", "S2", "S3", "S4"]
        assert {line[4] for line in lines[1:]} == {"Airedale"}
        assert lines[5][5] == "Overlaps with S0"

    def test_the_downloads_refuse_other_methods(self, anonymous: Client) -> None:
        assert anonymous.post("/directory/map.csv").status_code == 405
        assert Area.objects.count() == 0


class TestAreaTyped:
    """Above `selectors_map.AREAS_LISTED` areas (a national directory has about 2,000), the
    area is typed rather than chosen from a list a fifth of a megabyte long."""

    @pytest.fixture
    def areas(self, monkeypatch: pytest.MonkeyPatch, nhs: Organisation) -> dict[str, Area]:
        monkeypatch.setattr(selectors_map, "AREAS_LISTED", 1)
        made = {
            key: AreaFactory.create(key=key, name=name)
            for key, name in (("airedale", "Airedale"), ("bradford", "Bradford West"))
        }
        ServiceFactory.create(name="In Airedale", organisation=nhs, areas=[made["airedale"]])
        ServiceFactory.create(name="In Bradford", organisation=nhs, areas=[made["bradford"]])
        return made

    def test_it_asks_for_the_area_by_name(self, anonymous: Client, areas: Any) -> None:
        body = anonymous.get("/directory/map/").content.decode()

        assert '<select class="nhsuk-select" id="map-area"' not in body
        assert '<input type="text" name="area"' in body
        assert 'id="map-area"' in body
        assert "Type the area&#x27;s name, or leave it empty for every area" in body

    def test_a_name_typed_in_any_capitals_chooses_its_area(
        self, anonymous: Client, areas: Any
    ) -> None:
        response = anonymous.get("/directory/map/", {"area": "  bradford WEST "})

        assert [n.service.name for n in response.context["drawing"].nodes] == ["In Bradford"]
        assert 'value="Bradford West"' in response.content.decode()
        assert "There is a problem" not in response.content.decode()

    def test_the_maps_own_links_choose_by_key_and_show_the_name(
        self, anonymous: Client, areas: Any
    ) -> None:
        response = anonymous.get("/directory/map/", {"area": "airedale"})

        assert [n.service.name for n in response.context["drawing"].nodes] == ["In Airedale"]
        assert 'value="Airedale"' in response.content.decode()

    def test_an_unknown_area_is_said_and_the_whole_map_shown(
        self, anonymous: Client, areas: Any
    ) -> None:
        response = anonymous.get("/directory/map/", {"area": "Leeds"})

        body = response.content.decode()
        assert "<title>Error: Map of the early-years system" in body
        assert "There is a problem" in body
        assert '<a href="#map-area">No area is called “Leeds”. Check the spelling' in body
        assert 'value="Leeds"' in body
        assert len(response.context["drawing"].nodes) == 2

    def test_a_name_too_long_is_said(self, anonymous: Client, areas: Any) -> None:
        response = anonymous.get("/directory/map/", {"area": "x" * 201})

        body = response.content.decode()
        assert "There is a problem" in body
        assert "200 characters" in body

    def test_up_to_the_limit_the_areas_are_listed(
        self, anonymous: Client, areas: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(selectors_map, "AREAS_LISTED", 2)

        body = anonymous.get("/directory/map/").content.decode()

        assert '<select class="nhsuk-select" id="map-area" name="area">' in body
        assert '<option value="bradford" lang="en" dir="ltr">Bradford West</option>' in body


def test_the_group_counts_index_holds_each_services_id_on_postgresql() -> None:
    """A count for one need joins the services' ids to the need's links: with the ids in the
    index, PostgreSQL reads the index alone rather than every service (ADR 0047's addendum:
    75 ms to 35 ms at 50,000 services)."""
    if connection.vendor != "postgresql":
        pytest.skip("included columns are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'service_map_groups'")
        (definition,) = cursor.fetchone()
    assert definition.endswith("(status, ring, organisation_id) INCLUDE (id)")
