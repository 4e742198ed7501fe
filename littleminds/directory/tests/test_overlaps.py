from __future__ import annotations

from datetime import date

import pytest

from littleminds.accounts.models import User
from littleminds.directory import services
from littleminds.directory.models import OverlapReview, Ring
from littleminds.directory.selectors import map_data, map_state, overlaps_find, snapshots_compare
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return AreaFactory.create(name="District", prefixes=["BD7", "BD8"])


def _pairs(found) -> set[frozenset[str]]:
    return {frozenset({o.first.name, o.second.name}) for o in found}


def test_it_finds_pairs_whose_ages_areas_and_needs_overlap(district) -> None:
    ServiceFactory.create(name="Massage A", max_age_months=12, areas=[district], needs=["bonding"])
    ServiceFactory.create(name="Massage B", min_age_months=6, areas=[district], needs=["bonding"])
    ServiceFactory.create(name="Toddlers", min_age_months=12, areas=[district], needs=["bonding"])
    ServiceFactory.create(
        name="Elsewhere", areas=[AreaFactory.create(prefixes=["LS1"])], needs=["bonding"]
    )
    ServiceFactory.create(name="Debt", areas=[district], needs=["money"])

    found = overlaps_find(on=date(2026, 1, 1))

    assert _pairs(found) == {
        frozenset({"Massage A", "Massage B"}),
        frozenset({"Massage B", "Toddlers"}),
    }
    pair = next(o for o in found if {o.first.name, o.second.name} == {"Massage A", "Massage B"})
    assert pair.ages == "6 months to 12 months"
    assert pair.areas == ["BD7", "BD8"]
    assert pair.needs == ["Bonding and attachment"]
    assert pair.similarity == 1.0


def test_it_matches_a_sector_inside_a_district(district) -> None:
    sector = AreaFactory.create(prefixes=["BD7 1"])
    ServiceFactory.create(name="Wide", areas=[district], needs=["bonding"])
    ServiceFactory.create(name="Narrow", areas=[sector], needs=["bonding"])

    (pair,) = overlaps_find()

    assert pair.areas == ["BD7 1"]


def test_it_counts_areas_only_while_they_are_covered(district) -> None:
    ended = AreaFactory.create(prefixes=[("BD7", date(2010, 1, 1), date(2019, 12, 31))])
    ServiceFactory.create(name="Now", areas=[district], needs=["bonding"])
    ServiceFactory.create(name="Then", areas=[ended], needs=["bonding"])

    assert overlaps_find(on=date(2026, 1, 1)) == []
    assert len(overlaps_find(on=date(2015, 1, 1))) == 1


def test_it_keeps_to_the_same_ring_unless_asked(district) -> None:
    ServiceFactory.create(name="Core", ring=Ring.CORE, areas=[district], needs=["bonding"])
    ServiceFactory.create(name="GP", ring=Ring.UNIVERSAL, areas=[district], needs=["bonding"])

    assert overlaps_find() == []
    assert len(overlaps_find(across_rings=True)) == 1


def test_it_needs_half_the_needs_in_common(district) -> None:
    ServiceFactory.create(
        name="Broad", areas=[district], needs=["bonding", "housing", "money", "substance_use"]
    )
    ServiceFactory.create(name="Narrow", areas=[district], needs=["bonding"])

    assert overlaps_find() == []


def test_it_shows_a_recorded_judgement_and_the_map_shows_conflicts(district, manager: User) -> None:
    a = ServiceFactory.create(name="LMM", areas=[district], needs=["bonding"])
    b = ServiceFactory.create(name="Baby Bonds", areas=[district], needs=["bonding"])

    services.overlap_review_record(
        by=manager, first=b, second=a, verdict="conflict", note="Same families"
    )

    (pair,) = overlaps_find()
    assert pair.review is not None
    assert (pair.review.verdict, pair.review.note) == ("conflict", "Same families")
    assert OverlapReview.objects.get().first_id < OverlapReview.objects.get().second_id
    assert [(x.name, y.name) for x, y, _n in map_data(with_conflicts=True).conflicts] == [
        ("LMM", "Baby Bonds")
    ]
    assert map_data(with_conflicts=False).conflicts == []


def test_it_compares_two_states_of_the_map(district, manager: User) -> None:
    kept = ServiceFactory.create(name="Hub", ring=Ring.CORE, areas=[district])
    leaving = ServiceFactory.create(name="Centre")
    before = map_state()

    ServiceFactory.create(name="New group")
    leaving.status = "decommissioned"
    leaving.save()
    kept.name = "Family hub"
    kept.ring = Ring.UNIVERSAL
    kept.remit = "Everything for families"
    kept.max_age_months = 60
    kept.save()
    comparison = snapshots_compare(before, map_state())

    assert [e["name"] for e in comparison.added] == ["New group"]
    assert [e["name"] for e in comparison.decommissioned] == ["Centre"]
    assert [(a["name"], b["name"]) for a, b in comparison.renamed] == [("Hub", "Family hub")]
    assert [b["ring"] for _a, b in comparison.moved_ring] == ["universal"]
    assert [b["remit"] for _a, b in comparison.changed_remit] == ["Everything for families"]
    assert [b["max_age_months"] for _a, b in comparison.changed_eligibility] == [60]
    assert snapshots_compare(before, before).nothing
