"""The navigator's answer at national size (ADR 0059): the rule set, the directory's
generation and "outside the area" without the area's query, and the same answers as the
database would give."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from littleminds.core.postcodes import Postcode, parse_postcode
from littleminds.directory.models import AreaCoverage
from littleminds.directory.selectors import search_generation
from littleminds.directory.services import coverage_add, coverage_end
from littleminds.directory.tests.factories import AreaFactory
from littleminds.pathway import selectors
from littleminds.pathway.engine import Answers
from littleminds.pathway.tests.factories import default_rules

pytestmark = pytest.mark.django_db

KEY = "navigator-test-area"
POSTCODES = [
    parse_postcode(text)
    for text in ["BD7 1DP", "BD3 9AB", "BD3 8AB", "BD1 1AA", "LS1 1AA", "LS29 8AA", "ZZ99 3VZ"]
] + [Postcode("BD3", ""), Postcode("LS2", "")]
DAYS = [date(2019, 1, 1), date(2020, 3, 31), date(2020, 4, 1), date(2026, 1, 1)]


def _area() -> Any:
    return AreaFactory.create(
        key=KEY,
        prefixes=[
            "BD7",
            ("BD3 9", date(2018, 4, 1), date(2020, 3, 31)),
            ("BD1", date(2020, 4, 1), None),
            ("LS29", date(2000, 1, 1), date(2019, 12, 31)),
        ],
    )


def _answers(on: date) -> Answers:
    return Answers(
        asker="parent",
        pregnant=False,
        expected_delivery_date=None,
        child_date_of_birth=date(2018, 6, 1),
        concerns=frozenset(),
        impact=None,
        immediate_risk=False,
        practitioner_involved=False,
        on_date=on,
    )


def test_outside_the_area_is_worked_out_as_the_database_does() -> None:
    _area()
    generation = search_generation()
    assert generation is not None
    coverage = selectors._area_coverage(KEY, generation)

    for postcode in POSTCODES:
        for day in DAYS:
            expected = selectors.outside_area(postcode, area_key=KEY, on=day)
            assert selectors._outside(coverage, postcode, day) is expected, (postcode, day)
    assert any(selectors._outside(coverage, postcode, DAYS[-1]) for postcode in POSTCODES)


def test_an_area_the_directory_does_not_have_puts_nobody_outside() -> None:
    _area()
    generation = search_generation()
    assert generation is not None

    coverage = selectors._area_coverage("no-such-area", generation)

    assert coverage is None
    assert not selectors._outside(coverage, parse_postcode("LS1 1AA"), DAYS[-1])


def test_the_rule_set_in_force_and_the_area_are_one_query_once_the_area_is_read(
    django_assert_num_queries,
) -> None:
    version = default_rules()
    _area()
    answers, postcode = _answers(DAYS[-1]), parse_postcode("LS1 1AA")
    selectors.decided_now(answers, postcode)

    with django_assert_num_queries(1):
        decided = selectors.decided_now(answers, postcode)

    assert decided.version == version
    assert decided.generation == search_generation()


def _outside_now(postcode: Postcode, on: date) -> bool:
    generation = search_generation()
    assert generation is not None
    return selectors._outside(selectors._area_coverage(KEY, generation), postcode, on)


def test_a_change_to_the_areas_postcodes_is_seen_at_once(manager: Any) -> None:
    """The area's postcodes are cached under the directory's generation, which the
    directory's writes of areas replace."""
    area = AreaFactory.create(key=KEY, prefixes=["BD7"])
    postcode, on = parse_postcode("LS1 1AA"), DAYS[-1]
    assert _outside_now(postcode, on) is True

    coverage_add(by=manager, area=area, prefix="LS1", valid_from=date(2020, 1, 1))
    assert _outside_now(postcode, on) is False

    cover = AreaCoverage.objects.get(area=area, prefix="LS1")
    coverage_end(by=manager, cover=cover, valid_to=date(2025, 1, 1))
    assert _outside_now(postcode, on) is True


def test_without_a_generation_the_database_is_asked(monkeypatch) -> None:
    default_rules()
    _area()
    monkeypatch.setattr(selectors, "SEARCH_GENERATION", "no-such-generation")
    answers = _answers(DAYS[-1])

    decided = selectors.decided_now(answers, parse_postcode("LS1 1AA"))

    assert decided.generation is None
