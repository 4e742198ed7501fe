"""Scoring and change, against examples worked by hand from each measure's published rules
(the sources are cited in `definitions.py`)."""

from __future__ import annotations

import pytest

from littleminds.measures.definitions import MEASURES, UnknownMeasure
from littleminds.measures.scoring import (
    Classification,
    InvalidAnswers,
    NoReliableChange,
    Score,
    change,
    score,
)

IMPROVEMENT = Classification.IMPROVEMENT
NO_CHANGE = Classification.NO_CHANGE
DETERIORATION = Classification.DETERIORATION


def _label(result: Score) -> str:
    return str(result.band.label) if result.band else ""


def test_it_has_the_seven_measures() -> None:
    assert list(MEASURES) == ["phq9", "gad7", "core10", "epds", "swemwbs", "pirgas", "gbo"]


def test_the_licensed_measures_never_show_their_wording() -> None:
    shown = {code: measure.wording_shown for code, measure in MEASURES.items()}

    assert not shown.pop("epds")
    assert not shown.pop("pirgas")
    assert all(shown.values())
    assert MEASURES["pirgas"].answered_by == "clinician"


# Every band boundary, each side; caseness at the cut-off (10) and just below it.
@pytest.mark.parametrize(
    ("items", "total", "band", "caseness"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "minimal", False),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal", False),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild", False),
        ([2, 2, 2, 1, 1, 1, 0, 0, 0], 9, "mild", False),
        ([2, 2, 2, 2, 1, 1, 0, 0, 0], 10, "moderate", True),
        ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "moderate", True),
        ([3, 3, 3, 2, 2, 2, 0, 0, 0], 15, "moderately severe", True),
        ([3, 3, 3, 3, 3, 2, 2, 0, 0], 19, "moderately severe", True),
        ([3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "severe", True),
        ([3, 3, 3, 3, 3, 3, 3, 3, 0], 24, "severe", True),
    ],
)
def test_it_scores_phq9(items: list[int], total: int, band: str, caseness: bool) -> None:
    result = score("phq9", items)

    assert (result.total, _label(result), result.caseness, result.risk) == (
        total,
        band,
        caseness,
        (),
    )


@pytest.mark.parametrize(("ninth", "risk"), [(0, ()), (1, (9,)), (3, (9,))])
def test_phq9_item_9_above_zero_is_a_risk(ninth: int, risk: tuple[int, ...]) -> None:
    assert score("phq9", [3, 3, 3, 3, 3, 3, 3, 3, ninth]).risk == risk


def test_phq9_at_its_highest() -> None:
    result = score("phq9", [3] * 9)

    assert (result.total, _label(result), result.risk) == (27, "severe", (9,))


@pytest.mark.parametrize(
    ("items", "total", "band", "caseness"),
    [
        ([1, 1, 1, 1, 0, 0, 0], 4, "minimal", False),
        ([1, 1, 1, 1, 1, 0, 0], 5, "mild", False),
        ([1, 1, 1, 1, 1, 1, 1], 7, "mild", False),
        ([2, 1, 1, 1, 1, 1, 1], 8, "mild", True),
        ([2, 2, 2, 1, 1, 1, 0], 9, "mild", True),
        ([2, 2, 2, 2, 1, 1, 0], 10, "moderate", True),
        ([2, 2, 2, 2, 2, 2, 2], 14, "moderate", True),
        ([3, 2, 2, 2, 2, 2, 2], 15, "severe", True),
        ([3, 3, 3, 3, 3, 3, 3], 21, "severe", True),
    ],
)
def test_it_scores_gad7(items: list[int], total: int, band: str, caseness: bool) -> None:
    result = score("gad7", items)

    assert (result.total, _label(result), result.caseness, result.risk) == (
        total,
        band,
        caseness,
        (),
    )


# CORE-10 answers are the positions ticked, 0 to 4; items 2 and 3 score 4 minus the position.
@pytest.mark.parametrize(
    ("items", "total", "band", "caseness"),
    [
        ([0, 4, 4, 0, 0, 0, 0, 0, 0, 0], 0, "healthy", False),
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 8, "low level", False),
        ([1, 4, 4, 1, 1, 0, 1, 1, 0, 0], 5, "healthy", False),
        ([1, 4, 4, 1, 1, 0, 1, 1, 1, 0], 6, "low level", False),
        ([2, 4, 4, 2, 2, 0, 2, 2, 0, 0], 10, "low level", False),
        ([2, 3, 4, 2, 2, 0, 2, 2, 0, 0], 11, "mild", True),
        ([2, 2, 4, 2, 2, 0, 2, 2, 2, 0], 14, "mild", True),
        ([2, 2, 4, 2, 2, 0, 2, 2, 2, 1], 15, "moderate", True),
        ([3, 2, 3, 3, 3, 0, 3, 2, 2, 0], 19, "moderate", True),
        ([3, 2, 3, 3, 3, 0, 3, 3, 2, 0], 20, "moderate to severe", True),
        ([4, 1, 2, 3, 3, 0, 3, 3, 2, 1], 24, "moderate to severe", True),
        ([4, 1, 2, 3, 3, 0, 3, 3, 2, 2], 25, "severe", True),
        ([4, 0, 0, 4, 4, 0, 4, 4, 4, 4], 36, "severe", True),
    ],
)
def test_it_scores_core10_with_items_2_and_3_reversed(
    items: list[int], total: int, band: str, caseness: bool
) -> None:
    result = score("core10", items)

    assert (result.total, _label(result), result.caseness, result.risk) == (
        total,
        band,
        caseness,
        (),
    )


@pytest.mark.parametrize(("sixth", "risk"), [(0, ()), (1, (6,)), (4, (6,))])
def test_core10_item_6_above_zero_is_a_risk(sixth: int, risk: tuple[int, ...]) -> None:
    assert score("core10", [0, 4, 4, 0, 0, sixth, 0, 0, 0, 0]).risk == risk


def test_core10_reversed_items_are_no_risk_however_answered() -> None:
    assert score("core10", [4, 0, 0, 4, 4, 0, 4, 4, 4, 4]).risk == ()


@pytest.mark.parametrize(
    ("items", "total", "band", "caseness"),
    [
        ([1, 1, 1, 1, 1, 1, 1, 1, 1, 0], 9, "below the threshold for possible depression", False),
        ([2, 1, 1, 1, 1, 1, 1, 1, 1, 0], 10, "possible depression", False),
        ([2, 2, 2, 1, 1, 1, 1, 1, 1, 0], 12, "possible depression", False),
        ([2, 2, 2, 2, 1, 1, 1, 1, 1, 0], 13, "probable depression", True),
        ([3, 3, 3, 3, 3, 3, 3, 3, 3, 0], 27, "probable depression", True),
    ],
)
def test_it_scores_epds_from_the_scores_the_key_gives(
    items: list[int], total: int, band: str, caseness: bool
) -> None:
    result = score("epds", items)

    assert (result.total, _label(result), result.caseness, result.risk) == (
        total,
        band,
        caseness,
        (),
    )


@pytest.mark.parametrize(("tenth", "risk"), [(0, ()), (1, (10,)), (3, (10,))])
def test_epds_item_10_above_zero_is_a_risk(tenth: int, risk: tuple[int, ...]) -> None:
    result = score("epds", [0, 0, 0, 0, 0, 0, 0, 0, 0, tenth])

    assert result.risk == risk
    assert result.total == tenth


# The published conversion table, at both ends and in the middle.
@pytest.mark.parametrize(
    ("items", "raw", "metric"),
    [
        ([1, 1, 1, 1, 1, 1, 1], 7, 7.00),
        ([2, 1, 1, 1, 1, 1, 1], 8, 9.51),
        ([3, 3, 3, 3, 3, 3, 3], 21, 19.25),
        ([5, 5, 5, 5, 5, 5, 4], 34, 32.55),
        ([5, 5, 5, 5, 5, 5, 5], 35, 35.00),
    ],
)
def test_it_converts_swemwbs_to_its_metric_score(items: list[int], raw: int, metric: float) -> None:
    result = score("swemwbs", items)

    assert (result.raw, result.total) == (raw, metric)
    assert (result.band, result.caseness, result.risk) == (None, None, ())


def test_the_swemwbs_table_rises_from_7_to_35() -> None:
    table = MEASURES["swemwbs"].conversion

    assert len(table) == 29
    assert list(table) == sorted(table)


@pytest.mark.parametrize(("rating", "caseness"), [(1, True), (40, True), (41, False), (100, False)])
def test_pirgas_40_or_less_is_a_disordered_relationship(rating: int, caseness: bool) -> None:
    result = score("pirgas", [rating])

    assert (result.total, result.band, result.caseness) == (rating, None, caseness)


@pytest.mark.parametrize(
    ("goals", "mean"), [([3], 3), ([3, 4], 3.5), ([3, 4, 4], 3.67), ([10, 10, 10], 10)]
)
def test_goal_based_outcomes_are_the_mean_of_up_to_three_goals(
    goals: list[int], mean: float
) -> None:
    result = score("gbo", goals)

    assert (result.total, result.band, result.caseness) == (mean, None, None)


@pytest.mark.parametrize(
    ("code", "items", "errors"),
    [
        ("phq9", [0] * 8, {"items": "PHQ-9 has 9 items: send 9 answers, not 8"}),
        ("core10", [0] * 11, {"items": "CORE-10 has 10 items: send 10 answers, not 11"}),
        ("gbo", [], {"items": "Send a rating for each goal: from 1 to 3 ratings, not 0"}),
        ("gbo", [1, 2, 3, 4], {"items": "Send a rating for each goal: from 1 to 3 ratings, not 4"}),
        (
            "phq9",
            "0,0,0",
            {"items": "Send the answers as a list of whole numbers, such as [0, 1, 2]"},
        ),
        (
            "gad7",
            [0, 4, -1, 0, 0, 0, 0],
            {
                "items.1": "Answer 2 must be a whole number from 0 to 3",
                "items.2": "Answer 3 must be a whole number from 0 to 3",
            },
        ),
        (
            "swemwbs",
            [0, 1, 1, 1, 1, 1, 6],
            {
                "items.0": "Answer 1 must be a whole number from 1 to 5",
                "items.6": "Answer 7 must be a whole number from 1 to 5",
            },
        ),
        (
            "epds",
            [1.5, "2", True, None, 1.0, 0, 0, 0, 0, 0],
            {f"items.{n}": f"Answer {n + 1} must be a whole number from 0 to 3" for n in range(5)},
        ),
        ("pirgas", [0], {"items.0": "Answer 1 must be a whole number from 1 to 100"}),
        ("pirgas", [101], {"items.0": "Answer 1 must be a whole number from 1 to 100"}),
        ("gbo", [11], {"items.0": "Answer 1 must be a whole number from 0 to 10"}),
    ],
)
def test_it_refuses_answers_it_cannot_score(
    code: str, items: object, errors: dict[str, str]
) -> None:
    with pytest.raises(InvalidAnswers) as refused:
        score(code, items)  # type: ignore[arg-type]

    assert refused.value.errors == errors


def test_an_unknown_measure_is_unknown() -> None:
    with pytest.raises(UnknownMeasure):
        score("bdi", [0])


# Reliable change is a change of at least the index; recovery needs the first total at or
# above the cut-off, the latest below it, and a reliable improvement.
@pytest.mark.parametrize(
    ("code", "first", "last", "classification", "recovered"),
    [
        ("phq9", 15, 9, IMPROVEMENT, True),
        ("phq9", 16, 10, IMPROVEMENT, False),  # reliable, but still at the cut-off
        ("phq9", 14, 9, NO_CHANGE, False),  # below the cut-off, but 5 is not reliable
        ("phq9", 10, 4, IMPROVEMENT, True),  # at the cut-off is caseness
        ("phq9", 9, 3, IMPROVEMENT, False),  # never a case
        ("phq9", 9, 15, DETERIORATION, False),
        ("phq9", 9, 14, NO_CHANGE, False),
        ("gad7", 11, 7, IMPROVEMENT, True),
        ("gad7", 11, 8, NO_CHANGE, False),
        ("gad7", 7, 11, DETERIORATION, False),
        ("core10", 17, 11, IMPROVEMENT, False),
        ("core10", 16, 10, IMPROVEMENT, True),
        ("core10", 16, 11, NO_CHANGE, False),
        ("epds", 16, 12, IMPROVEMENT, True),
        ("epds", 15, 12, NO_CHANGE, False),
        ("epds", 12, 16, DETERIORATION, False),
        # Higher is better: the change runs the other way, and there is no cut-off.
        ("swemwbs", 17.43, 20.43, IMPROVEMENT, None),
        ("swemwbs", 17.43, 20.42, NO_CHANGE, None),
        ("swemwbs", 20.73, 17.43, DETERIORATION, None),
        ("swemwbs", 7, 35, IMPROVEMENT, None),
        ("gbo", 3, 5.45, IMPROVEMENT, None),
        ("gbo", 3, 5.44, NO_CHANGE, None),
        ("gbo", 6, 3.55, DETERIORATION, None),
    ],
)
def test_it_classes_change(
    code: str, first: float, last: float, classification: str, recovered: bool | None
) -> None:
    result = change(code, first, last)

    assert (result.classification, result.recovered) == (classification, recovered)


def test_pirgas_has_no_reliable_change_index() -> None:
    with pytest.raises(NoReliableChange):
        change("pirgas", 30, 60)


@pytest.mark.parametrize(
    ("code", "first", "last", "errors"),
    [
        ("phq9", 28, 3, {"first": "The first total must be a whole number from 0 to 27"}),
        ("phq9", 3, 9.5, {"last": "The latest total must be a whole number from 0 to 27"}),
        (
            "phq9",
            "10",
            True,
            {
                "first": "The first total must be a whole number from 0 to 27",
                "last": "The latest total must be a whole number from 0 to 27",
            },
        ),
        ("swemwbs", 6.99, 20, {"first": "The first total must be a number from 7 to 35"}),
        ("gbo", 3, None, {"last": "The latest total must be a number from 0 to 10"}),
        ("pirgas", 0, 50, {"first": "The first total must be a whole number from 1 to 100"}),
    ],
)
def test_it_refuses_totals_the_measure_cannot_have(
    code: str, first: object, last: object, errors: dict[str, str]
) -> None:
    with pytest.raises(InvalidAnswers) as refused:
        change(code, first, last)

    assert refused.value.errors == errors
