from __future__ import annotations

from datetime import date

import pytest

from littleminds.core.postcodes import parse_postcode
from littleminds.directory.models import Service
from littleminds.directory.selectors import (
    SearchQuery,
    age_matches,
    service_eligibility,
    services_search,
)
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _names(query: SearchQuery) -> list[str]:
    return [match.service.name for match in services_search(query).matches]


@pytest.fixture
def lmm_area():
    """The LMM area: a few sectors from April 2018, the whole district from April 2020."""
    return AreaFactory.create(
        name="LMM clinical area",
        prefixes=[
            ("BD3 9", date(2018, 4, 1), date(2020, 3, 31)),
            ("BD7", date(2020, 4, 1), None),
            ("BD3", date(2020, 4, 1), None),
        ],
    )


class TestAge:
    @pytest.mark.parametrize(
        ("age", "pregnant", "expected"),
        [(None, True, True), (0, False, True), (23, False, True), (24, False, False)],
    )
    def test_it_takes_babies_until_the_day_before_their_second_birthday(
        self, age, pregnant, expected
    ) -> None:
        service = ServiceFactory.build(min_age_months=0, max_age_months=24, pregnancy=True)

        assert age_matches(service, age_months=age, pregnant=pregnant) is expected

    def test_it_does_not_take_pregnancy_unless_the_service_does(self) -> None:
        service = ServiceFactory.build(pregnancy=False)

        assert not age_matches(service, age_months=None, pregnant=True)

    def test_it_finds_by_age_and_pregnancy(self) -> None:
        ServiceFactory.create(name="Baby service", min_age_months=0, max_age_months=24)
        ServiceFactory.create(name="Toddler service", min_age_months=24, max_age_months=60)
        ServiceFactory.create(name="Antenatal service", pregnancy=True, max_age_months=1)

        assert _names(SearchQuery(age_months=23)) == ["Baby service"]
        assert _names(SearchQuery(age_months=24)) == ["Toddler service"]
        assert _names(SearchQuery(pregnant=True)) == ["Antenatal service"]


class TestArea:
    def test_it_answers_for_the_day_asked_about(self, lmm_area) -> None:
        service = ServiceFactory.create(name="LMM", areas=[lmm_area])
        bd7 = parse_postcode("BD7 1DP")
        bd3_9 = parse_postcode("BD3 9HW")

        before = service_eligibility(
            service, age_months=6, pregnant=False, postcode=bd7, on=date(2019, 6, 1)
        )
        after = service_eligibility(
            service, age_months=6, pregnant=False, postcode=bd7, on=date(2020, 4, 1)
        )
        sector_then = service_eligibility(
            service, age_months=6, pregnant=False, postcode=bd3_9, on=date(2019, 6, 1)
        )

        assert not before.eligible
        assert "BD7 1DP is outside the area LMM covers (LMM clinical area)." in before.reasons
        assert after.eligible
        assert sector_then.eligible

    def test_it_never_rules_out_a_pseudo_postcode(self, lmm_area) -> None:
        service = ServiceFactory.create(areas=[lmm_area])

        result = service_eligibility(
            service,
            age_months=3,
            pregnant=False,
            postcode=parse_postcode("ZZ99 3VZ"),
            on=date(2026, 1, 1),
        )

        assert result.eligible

    def test_it_finds_services_covering_the_postcode_and_those_open_to_all(self, lmm_area):
        ServiceFactory.create(name="Local", areas=[lmm_area])
        ServiceFactory.create(name="National helpline")
        ServiceFactory.create(name="Craven", areas=[AreaFactory.create(prefixes=["BD23"])])

        assert _names(SearchQuery(postcode=parse_postcode("BD7 1DP"))) == [
            "Local",
            "National helpline",
        ]
        assert _names(SearchQuery(postcode=parse_postcode("BD23 1AA"))) == [
            "Craven",
            "National helpline",
        ]
        assert len(_names(SearchQuery(postcode=parse_postcode("ZZ99 3WZ")))) == 3

    def test_it_reaches_sectors_from_their_district(self) -> None:
        sector = AreaFactory.create(prefixes=["BD3 9"])
        ServiceFactory.create(name="Sector service", areas=[sector])

        assert _names(SearchQuery(postcode=parse_postcode("BD3", allow_district=True))) == [
            "Sector service"
        ]
        assert _names(SearchQuery(postcode=parse_postcode("BD3 1AA"))) == []

    def test_it_finds_by_district_alone(self, lmm_area) -> None:
        ServiceFactory.create(name="Local", areas=[lmm_area])

        assert _names(SearchQuery(postcode=parse_postcode("BD7", allow_district=True))) == ["Local"]


class TestWordsNeedsAndReasons:
    def test_it_needs_every_word(self) -> None:
        ServiceFactory.create(name="Baby massage group", summary="Gentle touch for babies.")
        ServiceFactory.create(name="Debt advice", summary="Help with money.")

        assert _names(SearchQuery(words="BABY massage")) == ["Baby massage group"]
        assert _names(SearchQuery(words="massage money")) == []

    def test_it_finds_by_need(self) -> None:
        ServiceFactory.create(name="Bonding group", needs=["bonding"])
        ServiceFactory.create(name="Housing", needs=["housing"])

        assert _names(SearchQuery(need="bonding")) == ["Bonding group"]

    def test_it_leaves_out_retired_services_and_flags_closed_ones(self) -> None:
        ServiceFactory.create(name="Gone", status=Service.Status.DECOMMISSIONED)
        ServiceFactory.create(name="Paused", status=Service.Status.TEMPORARILY_CLOSED)

        (match,) = services_search(SearchQuery()).matches

        assert match.service.name == "Paused"
        assert "Temporarily closed: check before referring" in match.reasons

    def test_it_says_why_each_service_matches(self, lmm_area) -> None:
        ServiceFactory.create(name="LMM", areas=[lmm_area], needs=["bonding"])

        (match,) = services_search(
            SearchQuery(
                words="lmm",
                age_months=6,
                postcode=parse_postcode("bd7 1dp"),
                need="bonding",
            )
        ).matches

        assert match.reasons == [
            "Mentions “lmm”",
            "Works with children aged birth to 2 years; the child is 6 months",
            "Covers BD7 1DP (LMM clinical area)",
            "Helps with bonding and attachment",
        ]

    def test_it_pages_results(self) -> None:
        for n in range(25):
            ServiceFactory.create(name=f"Service {n:02d}")

        first = services_search(SearchQuery(), page=1)
        last = services_search(SearchQuery(), page=99)

        assert len(first.matches) == 20
        assert first.page.paginator.count == 25
        assert last.page.number == 2
        assert len(last.matches) == 5
