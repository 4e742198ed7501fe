"""Searches nobody has made before, at national size (ADR 0052): the same answers, from
queries the database can answer from its indexes without reading every service."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from littleminds.core.postcodes import parse_postcode
from littleminds.directory import selectors
from littleminds.directory.models import Ring, Service
from littleminds.directory.selectors import (
    SearchQuery,
    age_matches,
    areas_covering,
    services_search,
)
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
        # The page's services and total (ADR 0058), their ways in: nothing of their areas
        # or needs, which a card shows only as a reason for a postcode or a need.
        with django_assert_num_queries(2):
            found = services_search(SearchQuery(words="massage"))

        assert len(found.matches) == 5

    def test_it_reads_only_the_areas_and_the_need_it_gives_as_reasons(
        self, django_assert_num_queries
    ) -> None:
        west = AreaFactory.create(name="West Bradford", prefixes=["BD7"])
        ServiceFactory.create(name="Local", areas=[west], needs=["bonding", "housing"])
        ServiceFactory.create(name="Helpline", needs=["housing"])
        query = SearchQuery(postcode=parse_postcode("BD7 1DP"), need="housing")

        # The services linked to the covering areas with the areas' names, the page's
        # services and total, their ways in, the need they help with (ADR 0058).
        with django_assert_num_queries(4):
            found = services_search(query)

        assert [match.reasons for match in found.matches] == [
            ["Open to families from anywhere", "Helps with housing and homelessness"],
            ["Covers BD7 1DP (West Bradford)", "Helps with housing and homelessness"],
        ]


class TestTheSameAnswers:
    """Every page of varied searches over varied services, against the search's rules
    written out in Python: live, every word, the age, the postcode's areas or open to all,
    the need; in the order of status, ring, name and id."""

    @pytest.fixture
    def directory(self) -> list[Service]:
        import random

        rng = random.Random(52)
        areas = [AreaFactory.create(name=f"Area {n}", prefixes=[f"BD{n}"]) for n in (1, 2, 3)]
        statuses = [Service.Status.ACTIVE] * 4 + [
            Service.Status.TEMPORARILY_CLOSED,
            Service.Status.DECOMMISSIONED,
        ]
        made = []
        for n in range(45):
            low = rng.choice([None, 0, 6, 12])
            made.append(
                ServiceFactory.create(
                    name=f"Service {n:03d}",
                    summary=" ".join(rng.sample(["baby", "massage", "sleep", "debt", "play"], 2)),
                    ring=rng.choice(list(Ring)),
                    status=rng.choice(statuses),
                    min_age_months=low,
                    max_age_months=rng.choice([None, 24, 36]),
                    pregnancy=rng.random() < 0.3,
                    areas=rng.sample(areas, rng.choice([0, 1, 1, 2])),
                    needs=rng.sample(["bonding", "housing", "money"], rng.randint(0, 2)),
                )
            )
        return made

    @staticmethod
    def _expected(query: SearchQuery) -> list[str]:
        covering = set(areas_covering(query.postcode, query.day)) if query.postcode else set()
        found = [
            service
            for service in Service.objects.prefetch_related("areas", "needs").order_by("pk")
            if service.status in selectors.LIVE_STATUSES
            and all(term in service.search_text for term in query.terms)
            and (
                (query.age_months is None and not query.pregnant)
                or age_matches(service, age_months=query.age_months, pregnant=query.pregnant)
            )
            and (
                query.postcode is None
                or not service.areas.all()
                or bool(covering & set(service.areas.all()))
            )
            and (not query.need or query.need in {need.term for need in service.needs.all()})
        ]
        found.sort(key=lambda s: (s.status, s.ring, s.name, s.pk))
        return [service.name for service in found]

    @pytest.mark.parametrize("most", [1, selectors.MAX_LINKED_SERVICES])
    @pytest.mark.parametrize(
        "query",
        [
            SearchQuery(),
            SearchQuery(words="baby"),
            SearchQuery(words="massage sleep", age_months=8),
            SearchQuery(age_months=14, postcode=parse_postcode("BD2 1AA")),
            SearchQuery(pregnant=True, postcode=parse_postcode("BD1 4QQ"), need="housing"),
            SearchQuery(words="debt", postcode=parse_postcode("BD3 9ZZ")),
            SearchQuery(need="bonding"),
        ],
    )
    def test_it_finds_what_the_rules_say_in_their_order(
        self, directory, monkeypatch, most: int, query: SearchQuery
    ) -> None:
        monkeypatch.setattr(selectors, "MAX_LINKED_SERVICES", most)
        expected = self._expected(query)

        found: list[str] = []
        for page in (1, 2, 3):
            result = services_search(query, page=page, per_page=20)
            assert result.page.paginator.count == len(expected)
            if result.page.number == page:
                found += [match.service.name for match in result.matches]

        assert expected, "a search that finds nothing tests nothing"
        assert found == expected
