"""Small numbers (DOMAIN.md §9): 1 to 7 as "*", others to the nearest 5, totals from what
is shown."""

from __future__ import annotations

import pytest

from littleminds.core.suppression import SUPPRESSED, marked_total, shown, suppress, total, value


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, 0),
        (1, SUPPRESSED),
        (2, SUPPRESSED),
        (7, SUPPRESSED),
        (8, 10),
        (10, 10),
        (12, 10),
        (13, 15),
        (17, 15),
        (18, 20),
        (1002, 1000),
        (1003, 1005),
    ],
)
def test_a_count_is_suppressed_or_rounded(count: int, expected: object) -> None:
    assert suppress(count) == expected


def test_a_negative_count_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="negative"):
        suppress(-1)


def test_a_star_adds_nothing_to_a_total() -> None:
    assert value(SUPPRESSED) == 0
    assert value(15) == 15


def test_totals_are_recomputed_from_what_is_shown() -> None:
    counts = [3, 12, 13, 7]
    figures = [suppress(c) for c in counts]
    assert figures == [SUPPRESSED, 10, 15, SUPPRESSED]
    # Not the true total (35) rounded, but the sum of the column as shown.
    assert total(figures) == 25
    assert total(suppress(c) for c in [1, 2, 3]) == 0
    assert total([]) == 0


def test_a_total_is_never_a_small_number() -> None:
    for a in range(30):
        for b in range(30):
            figure = total([suppress(a), suppress(b)])
            assert figure == 0 or figure >= 10
            assert figure % 5 == 0


def test_the_team_sees_counts_as_they_are() -> None:
    assert shown(3, suppressed=False) == 3
    assert shown(3, suppressed=True) == SUPPRESSED
    assert shown(12, suppressed=False) == 12
    assert shown(12, suppressed=True) == 10


def test_a_total_that_left_out_a_small_number_is_marked() -> None:
    # Nothing left out: a plain number.
    assert marked_total([10, 15, 0]) == 25
    assert marked_total([]) == 0
    # A "*" left out: the total of what is shown, and the mark.
    assert marked_total([SUPPRESSED, 10, 15]) == "25 + *"
    # Nothing but "*": never 0, which would read as none.
    assert marked_total([SUPPRESSED, SUPPRESSED, 0]) == SUPPRESSED
