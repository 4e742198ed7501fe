"""The system map's drawing: names for labels, never two alike, never overlapping; rings
grouped by kind of organisation; a selected service's links and remit; the table follows."""

from __future__ import annotations

import contextlib
import io
import itertools
import re

import pytest
from django.test import Client

from littleminds.accounts.models import Organisation
from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.demo import data as demo
from littleminds.demo import organisation_kinds
from littleminds.directory import selectors_map, systemmap
from littleminds.directory.models import ServiceLink
from littleminds.directory.selectors_map import MapScope
from littleminds.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_directory() -> None:
    """The demonstration's directory, each organisation with its kind."""
    # The demonstration's referrals send e-mail; the console backend would print it.
    with contextlib.redirect_stdout(io.StringIO()):
        demo.load()
    organisation_kinds.apply()


class TestLabels:
    def test_it_keeps_short_names_whole_and_shortens_long_ones_at_a_word(self) -> None:
        assert systemmap.short_labels(["Baby Bonds"]) == ["Baby Bonds"]
        [label] = systemmap.short_labels(
            ["Perinatal and infant mental health partnership for families"]
        )
        assert label == "Perinatal and infant mental…"
        assert len(label) <= systemmap.LABEL_LENGTH

    def test_it_never_gives_two_services_the_same_label(self) -> None:
        names = [
            "Little Minds Matter – parent–infant relationship service for the whole district",
            "Little Minds Matter – parent–infant relationship service for families in Craven",
            "Baby massage",
            "Baby massage",
        ]

        labels = systemmap.short_labels(names)

        assert len(set(labels)) == 4, labels
        # The shared start is written as its initials, so what differs has room.
        assert labels[0].startswith("LMM")
        assert "Craven" in labels[1]
        assert labels[2:] == ["Baby massage (1)", "Baby massage (2)"]
        assert all(len(label) <= systemmap.LABEL_LENGTH for label in labels)

    def test_it_breaks_a_label_between_words_on_two_lines_at_most(self) -> None:
        assert systemmap.wrapped("Baby Bonds") == ["Baby Bonds"]
        assert systemmap.wrapped("Gentle Hands baby massage group") == [
            "Gentle Hands baby",
            "massage group",
        ]


class TestDemonstrationMap:
    """The demonstration's forty-odd services, as a family sees them on the map."""

    def test_no_two_labels_overlap_and_none_leaves_the_map(self, demo_directory: None) -> None:
        drawing = systemmap.draw(selectors_map.map_data(MapScope(), with_conflicts=True))

        assert len(drawing.nodes) > 40
        overlapping = [
            (a.service.name, b.service.name)
            for a, b in itertools.combinations(drawing.nodes, 2)
            if a.label and b.label and a.label.box.overlaps(b.label.box)
        ]
        assert overlapping == []
        assert all(node.label and node.label.box.inside(drawing.size) for node in drawing.nodes)
        # No label covers a service's circle either.
        for node, other in itertools.permutations(drawing.nodes, 2):
            assert node.label
            circle = systemmap.Box(other.x - 14, other.y - 14, other.x + 14, other.y + 14)
            assert not node.label.box.overlaps(circle), (node.service.name, other.service.name)
        labels = [node.label.text for node in drawing.nodes if node.label]
        assert len(set(labels)) == len(labels)

    def test_grouping_by_kind_crosses_fewer_links(self, demo_directory: None) -> None:
        data = selectors_map.map_data(MapScope(), with_conflicts=False)

        grouped = systemmap.draw(data)
        by_name = systemmap.draw(data, grouped=False)

        assert systemmap.crossings(grouped) < systemmap.crossings(by_name)

    def test_each_ring_runs_kind_by_kind(self, demo_directory: None) -> None:
        drawing = systemmap.draw(selectors_map.map_data(MapScope(), with_conflicts=False))

        for ring in ("core", "universal", "risk_factors"):
            kinds = [node.kind for node in drawing.nodes if node.service.ring == ring]
            # Each kind's services sit together: one run of each kind round the ring.
            runs = [kind for kind, _run in itertools.groupby(kinds)]
            assert len(runs) == len(set(runs)), (ring, kinds)

    def test_selecting_a_service_moves_nothing(self, demo_directory: None) -> None:
        data = selectors_map.map_data(MapScope(), with_conflicts=False)
        whole = systemmap.draw(data)
        chosen = whole.nodes[0].service

        selected = systemmap.draw(data, selected=str(chosen.code))

        assert [(n.x, n.y, n.label and n.label.box) for n in selected.nodes] == [
            (n.x, n.y, n.label and n.label.box) for n in whole.nodes
        ]


class TestKindsOnTheMap:
    def test_it_colours_each_kind_and_explains_the_colours_in_words(
        self, anonymous: Client
    ) -> None:
        nhs = OrganisationFactory.create(name="Health trust", kind=Organisation.Kind.NHS)
        charity = OrganisationFactory.create(name="Charity", kind=Organisation.Kind.VOLUNTARY)
        ServiceFactory.create(name="Health visiting", organisation=nhs)
        ServiceFactory.create(name="Baby Bonds", organisation=charity)

        response = anonymous.get("/directory/map/")

        body = response.content.decode()
        drawing = response.context["drawing"]
        assert [label for label, _colour in drawing.kinds] == [
            "NHS health service",
            "Voluntary and community organisation",
        ]
        assert "Colours of the circles: who runs the service" in body
        assert "(Voluntary and community organisation)" in body  # in the table
        # The kind's code is only ever a value of the filter, never shown.
        shown = re.sub(r'value="[a-z_]*"', "", body).replace("Voluntary and community", "")
        assert "voluntary" not in shown

    def test_it_groups_each_ring_by_kind_before_organisation(self, anonymous: Client) -> None:
        council = OrganisationFactory.create(name="A council", kind="local_authority")
        trust = OrganisationFactory.create(name="Z trust", kind="nhs")
        for name, organisation in [
            ("Libraries", council),
            ("Midwifery", trust),
            ("Family hub", council),
            ("Health visiting", trust),
        ]:
            ServiceFactory.create(name=name, ring="core", organisation=organisation)

        drawing = anonymous.get("/directory/map/").context["drawing"]

        # The NHS first, then the local authority, whatever their names.
        assert [node.service.name for node in drawing.nodes] == [
            "Health visiting",
            "Midwifery",
            "Family hub",
            "Libraries",
        ]


class TestSelection:
    def test_each_circle_selects_its_service_without_javascript(self, anonymous: Client) -> None:
        service = ServiceFactory.create(name="Health visiting")

        body = anonymous.get("/directory/map/", {"need": ""}).content.decode()
        download = anonymous.get("/directory/map.svg").content.decode()

        assert f'<a href="?need=&amp;service={service.code}#map-selected"' in body
        # The downloaded picture's circles open the service's page instead.
        assert f"/directory/services/{service.code}/" in download
        assert "#map-selected" not in download

    def test_it_shows_the_remit_and_boundaries_beside_the_map_and_a_way_back(
        self, anonymous: Client
    ) -> None:
        hv = ServiceFactory.create(
            name="Health visiting", remit="Visits every family.", boundaries="No therapy."
        )
        lmm = ServiceFactory.create(name="Little Minds Matter")
        hub = ServiceFactory.create(name="Family hub")
        ServiceFactory.create(name="Debt advice")
        ServiceLink.objects.create(source=hv, target=lmm, kind="refers_to")
        ServiceLink.objects.create(source=hub, target=hv, kind="refers_to")
        ServiceLink.objects.create(source=hub, target=lmm, kind="refers_to")

        response = anonymous.get("/directory/map/", {"service": str(hv.code)})

        body = response.content.decode()
        panel = body[body.index('id="map-selected"') : body.index('id="map-table"')]
        assert "Visits every family." in panel
        assert "No therapy." in panel
        assert "What it does not do" in panel
        assert "Only its 2 links are drawn on the map." in panel
        assert 'href="/directory/map/">Show the whole map</a>' in panel
        assert 'aria-current="true"' in body
        drawing = response.context["drawing"]
        assert {node.service.name for node in drawing.nodes if node.linked} == {
            "Little Minds Matter",
            "Family hub",
        }
        # The table follows: the service selected and those it is linked with.
        assert {node.service.name for node in drawing.table_nodes} == {
            "Family hub",
            "Health visiting",
            "Little Minds Matter",
        }
        assert "3 services" in body
        assert "Selected on the map" in body

    def test_the_way_back_keeps_the_filters(self, anonymous: Client) -> None:
        service = ServiceFactory.create(name="Health visiting", needs=["bonding"])

        body = anonymous.get(
            "/directory/map/", {"need": "bonding", "service": str(service.code)}
        ).content.decode()

        assert 'href="/directory/map/?need=bonding">Show the whole map</a>' in body
