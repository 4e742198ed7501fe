"""Searches nobody has made before, at national size (ADR 0052): the same answers, from
queries the database can answer from its indexes without reading every service."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from littleminds.core.postcodes import parse_postcode
from littleminds.directory import selectors
from littleminds.directory.selectors import SearchQuery, services_search
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _ids_query(query: SearchQuery, page: int = 1) -> tuple[list[str], str]:
    """The names found and the SQL of the query that reads the page's ids and the total."""
    with CaptureQueriesContext(connection) as captured:
        names = [match.service.name for match in services_search(query, page=page).matches]
    (sql,) = [q["sql"] for q in captured.captured_queries if "OVER ()" in q["sql"]]
    return names, sql


@pytest.fixture
def district() -> list[str]:
    """Services in BD7, in another district and open to all, in the search's order."""
    bd7 = AreaFactory.create(name="West Bradford", prefixes=["BD7"])
    bd7_too = AreaFactory.create(name="Bradford district", prefixes=["BD7", "BD3"])
    craven = AreaFactory.create(name="Craven", prefixes=["BD23"])
    ServiceFactory.create(name="Massage in Craven", areas=[craven])
    ServiceFactory.create(name="Massage helpline")
    ServiceFactory.create(name="Massage, both areas", areas=[bd7, bd7_too])
    ServiceFactory.create(name="Massage in the district", areas=[bd7_too])
    ServiceFactory.create(name="Massage in the west", areas=[bd7])
    return [
        "Massage helpline",
        "Massage in the district",
        "Massage in the west",
        "Massage, both areas",
    ]


class TestThePageAndTheTotal:
    def test_it_counts_every_match_before_ordering_and_cutting_the_page(self) -> None:
        for n in range(25):
            ServiceFactory.create(name=f"Massage {n:02d}")

        names, sql = _ids_query(SearchQuery(words="massage"), page=2)

        # Counted in a subquery, the page ordered and cut outside it: written plainly,
        # PostgreSQL walks the order's index and tests every live service (ADR 0052).
        assert re.match(r"SELECT [^()]* FROM \(", sql), sql
        assert re.search(r"ORDER BY [^()]* LIMIT 20 OFFSET 20$", sql), sql
        assert names == [f"Massage {n:02d}" for n in range(20, 25)]

    def test_it_keeps_the_total_and_the_last_page(self) -> None:
        for n in range(25):
            ServiceFactory.create(name=f"Massage {n:02d}")

        found = services_search(SearchQuery(words="massage"), page=7)

        assert found.page.paginator.count == 25
        assert found.page.number == 2
        assert [m.service.name for m in found.matches] == [
            f"Massage {n:02d}" for n in range(20, 25)
        ]


class TestThePostcode:
    def test_it_names_the_services_of_the_covering_areas_by_their_ids(self, district) -> None:
        names, sql = _ids_query(SearchQuery(words="massage", postcode=parse_postcode("BD7 1DP")))

        # "Open to all, or one of these ids": the primary key's and open_everywhere's
        # indexes find the candidates; the link table is not read for each service.
        assert "directory_service_areas" not in sql
        assert names == district

    def test_it_finds_the_same_past_the_most_ids_it_names(self, district, monkeypatch) -> None:
        monkeypatch.setattr(selectors, "MAX_LINKED_SERVICES", 2)

        names, sql = _ids_query(SearchQuery(words="massage", postcode=parse_postcode("BD7 1DP")))

        assert "directory_service_areas" in sql
        assert names == district

    @pytest.mark.parametrize("most", [2, selectors.MAX_LINKED_SERVICES])
    def test_it_says_which_area_covers_the_postcode(self, district, monkeypatch, most) -> None:
        monkeypatch.setattr(selectors, "MAX_LINKED_SERVICES", most)

        found = services_search(SearchQuery(postcode=parse_postcode("BD7 1DP")))

        reasons = {match.service.name: match.reasons for match in found.matches}
        assert reasons["Massage in the west"] == ["Covers BD7 1DP (West Bradford)"]
        assert reasons["Massage, both areas"] == ["Covers BD7 1DP (Bradford district)"]
        assert reasons["Massage helpline"] == ["Open to families from anywhere"]

    def test_it_finds_only_services_open_to_all_where_no_area_covers(self, district) -> None:
        names, _sql = _ids_query(SearchQuery(postcode=parse_postcode("LS1 1AA")))

        assert names == ["Massage helpline"]


class TestTheCards:
    def test_it_reads_the_page_and_its_ways_in_for_words_alone(
        self, district, django_assert_num_queries
    ) -> None:
        # The page's ids and total, its services, their ways in: nothing of their areas or
        # needs, which a card shows only as a reason for a postcode or a need.
        with django_assert_num_queries(3):
            found = services_search(SearchQuery(words="massage"))

        assert len(found.matches) == 5

    def test_it_reads_only_the_areas_and_the_need_it_gives_as_reasons(
        self, django_assert_num_queries
    ) -> None:
        west = AreaFactory.create(name="West Bradford", prefixes=["BD7"])
        ServiceFactory.create(name="Local", areas=[west], needs=["bonding", "housing"])
        ServiceFactory.create(name="Helpline", needs=["housing"])
        query = SearchQuery(postcode=parse_postcode("BD7 1DP"), need="housing")

        # The services linked to the covering areas, the ids and total, the services, their
        # ways in, the covering areas they are linked to, the need they help with.
        with django_assert_num_queries(6):
            found = services_search(query)

        assert [match.reasons for match in found.matches] == [
            ["Open to families from anywhere", "Helps with housing and homelessness"],
            ["Covers BD7 1DP (West Bradford)", "Helps with housing and homelessness"],
        ]
