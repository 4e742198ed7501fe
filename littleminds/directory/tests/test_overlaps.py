from __future__ import annotations

from datetime import date

import pytest

from littleminds.accounts.models import User
from littleminds.directory import services
from littleminds.directory.models import OverlapReview, Ring
from littleminds.directory.selectors import map_state, overlaps_find, snapshots_compare
from littleminds.directory.selectors_map import MapScope, map_data
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
    assert [
        (x.name, y.name) for x, y, _n in map_data(MapScope(), with_conflicts=True).conflicts
    ] == [("LMM", "Baby Bonds")]
    assert map_data(MapScope(), with_conflicts=False).conflicts == []


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


# Recording pairs through the page --------------------------------------------------------


def _rivals(district, count: int) -> None:
    """`count` services overlapping one another: count choose 2 pairs."""
    for n in range(count):
        ServiceFactory.create(name=f"Rival {n:02}", areas=[district], needs=["bonding"])


def _record(client, overlap, **fields: str):
    data = {"first": overlap.first.code, "second": overlap.second.code, **fields}
    return client.post("/directory/overlaps/review/", data)


def _anchor(overlap) -> str:
    return f"#pair-{overlap.first.code}-{overlap.second.code}"


def test_recording_a_pair_returns_to_the_next_pair_not_yet_recorded(
    district, manager: User, as_persona
) -> None:
    _rivals(district, 6)  # 15 pairs, 10 a page
    found = overlaps_find()
    client = as_persona("manager")

    # The last pair of the first page leads to the next: it moves up to the first page, as
    # the pairs recorded go to the end of the list.
    response = _record(client, found[9], verdict="complementary", page="1")
    assert response.status_code == 302
    assert response["Location"] == f"/directory/overlaps/?page=1{_anchor(found[10])}"

    # Recording a pair again, at the end of the list, goes round to the first still to do.
    response = _record(client, found[9], verdict="conflict", page="2")
    assert response["Location"] == f"/directory/overlaps/?page=1{_anchor(found[0])}"

    # The filter is kept.
    response = _record(client, found[0], verdict="conflict", show="unreviewed", page="1")
    assert response["Location"] == (
        f"/directory/overlaps/?show=unreviewed&page=1{_anchor(found[1])}"
    )


def test_after_the_last_pair_it_goes_round_to_an_earlier_one_or_stays(
    district, manager: User, as_persona
) -> None:
    _rivals(district, 3)  # 3 pairs
    first, second, third = overlaps_find()
    client = as_persona("manager")

    response = _record(client, third, verdict="conflict", across="on", page="1")
    assert response["Location"] == f"/directory/overlaps/?across=on&page=1{_anchor(first)}"

    _record(client, first, verdict="conflict")
    response = _record(client, second, verdict="conflict", show="conflict")
    # Every pair is recorded: the page opens on the pair just recorded.
    assert response["Location"] == f"/directory/overlaps/?show=conflict&page=1{_anchor(second)}"


def test_the_pair_opened_on_takes_the_focus_without_javascript(district, as_persona) -> None:
    _rivals(district, 2)
    (pair,) = overlaps_find()
    body = as_persona("manager").get("/directory/overlaps/").content.decode()
    assert f'id="{_anchor(pair)[1:]}" tabindex="-1"' in body


def test_a_pair_sent_without_a_verdict_or_with_a_long_note_says_so_where_it_is(
    district, as_persona
) -> None:
    _rivals(district, 2)
    (pair,) = overlaps_find()
    client = as_persona("manager")
    pasted = "x" * 5000

    response = _record(client, pair, note=pasted, page="1")

    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error: Overlaps and conflicts" in body
    assert "There is a problem" in body
    assert "Choose complementary or conflict for the pair" in body
    key = f"{pair.first.code}-{pair.second.code}"
    assert f'href="#note-{key}">Note must be 1,000 characters or fewer</a>' in body
    assert f">{pasted}</textarea>" in body
    assert 'action="/directory/overlaps/"' in body
    assert not OverlapReview.objects.exists()

    response = _record(client, pair, verdict="conflict", note="x" * 1000)
    assert response.status_code == 302
    assert OverlapReview.objects.get().note == "x" * 1000


def test_recording_the_last_pair_to_do_in_a_filtered_list_opens_its_first_page(
    district, manager: User, as_persona
) -> None:
    _rivals(district, 6)  # 15 pairs
    *done, last = overlaps_find()
    for overlap in done:
        services.overlap_review_record(
            by=manager, first=overlap.first, second=overlap.second, verdict="conflict", note=""
        )

    response = _record(as_persona("manager"), last, verdict="conflict", show="unreviewed", page="2")

    assert response["Location"] == "/directory/overlaps/?show=unreviewed"
