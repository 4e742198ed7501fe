"""Scoring an administration and classing the change between two, as pure functions of a
measure's definition (`definitions.py`): no database, no request.

- `score(code, items)`: the total, its band, caseness and the risk items answered above
  zero. `items` are the answers in form order, as the position ticked (CORE-10's reversed
  items are turned round here, never by the person entering them); for EPDS the scores the
  paper form's key gives; for goal-based outcomes the rating of each goal.
- `change(code, first, last)`: reliable improvement, no reliable change or reliable
  deterioration, and reliable recovery, from the first and latest totals.

Answers that cannot be scored raise `InvalidAnswers` with a message per field, keyed as the
API's errors are (`items`, `items.0`, `first`), in words a person can act on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from littleminds.measures.definitions import Band, Measure, measure_of


class Classification(StrEnum):
    IMPROVEMENT = "reliable improvement"
    NO_CHANGE = "no reliable change"
    DETERIORATION = "reliable deterioration"


class InvalidAnswers(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class NoReliableChange(ValueError):
    """The measure has no published reliable change index, so change cannot be classed."""


@dataclass(frozen=True)
class Score:
    total: float
    # The plain sum of the scored answers (SWEMWBS's raw total, before conversion).
    raw: float
    band: Band | None
    caseness: bool | None
    # The risk items (numbered from 1) answered above zero.
    risk: tuple[int, ...]


@dataclass(frozen=True)
class Change:
    classification: Classification
    # None where the measure has no cut-off, so recovery has no meaning.
    recovered: bool | None


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _checked_items(measure: Measure, items: object) -> list[int]:
    if not isinstance(items, list | tuple):
        raise InvalidAnswers(
            {"items": _("Send the answers as a list of whole numbers, such as [0, 1, 2]")}
        )
    count = len(items)
    if measure.fewest_items == measure.items and count != measure.items:
        raise InvalidAnswers(
            {
                "items": _("%(name)s has %(items)d items: send %(items)d answers, not %(count)d")
                % {"name": measure.name, "items": measure.items, "count": count}
            }
        )
    if not measure.fewest_items <= count <= measure.items:
        raise InvalidAnswers(
            {
                "items": _(
                    "Send a rating for each goal: from %(fewest)d to %(most)d ratings, "
                    "not %(count)d"
                )
                % {"fewest": measure.fewest_items, "most": measure.items, "count": count}
            }
        )
    errors = {
        f"items.{index}": _("Answer %(number)d must be a whole number from %(low)d to %(high)d")
        % {"number": index + 1, "low": measure.item_min, "high": measure.item_max}
        for index, answer in enumerate(items)
        if not (_is_whole(answer) and measure.item_min <= answer <= measure.item_max)
    }
    if errors:
        raise InvalidAnswers(errors)
    return list(items)


def score(code: str, items: Sequence[object]) -> Score:
    """Score one administration's answers. Raises `UnknownMeasure` for an unknown code and
    `InvalidAnswers` for answers that cannot be scored."""
    measure = measure_of(code)
    answers = _checked_items(measure, items)
    scored = [
        measure.item_max + measure.item_min - answer if number in measure.reverse_items else answer
        for number, answer in enumerate(answers, start=1)
    ]
    raw: float = sum(scored)
    if measure.mean_of_items:
        raw = round(raw / len(scored), 2)
    total = measure.conversion[int(raw) - measure.raw_min] if measure.conversion else raw
    return Score(
        total=total,
        raw=raw,
        band=measure.band_of(total),
        caseness=measure.is_case(total),
        risk=tuple(number for number in measure.risk_items if answers[number - 1] > 0),
    )


def _checked_total(measure: Measure, field: str, value: object) -> float:
    low, high = measure.total_min, measure.total_max
    if measure.whole_totals:
        ok = _is_whole(value) and low <= value <= high  # type: ignore[operator]
        message = _("The %(which)s total must be a whole number from %(low)s to %(high)s")
    else:
        ok = _is_number(value) and low <= value <= high  # type: ignore[operator]
        message = _("The %(which)s total must be a number from %(low)s to %(high)s")
    if not ok:
        which = _("first") if field == "first" else _("latest")
        raise InvalidAnswers(
            {field: message % {"which": which, "low": f"{low:g}", "high": f"{high:g}"}}
        )
    return float(value)  # type: ignore[arg-type]


def change(code: str, first: object, last: object) -> Change:
    """Class the change from the first total to the latest. A change of exactly the
    reliable change index is reliable. Raises `UnknownMeasure`, `InvalidAnswers`, and
    `NoReliableChange` for a measure with no reliable change index (PIR-GAS)."""
    measure = measure_of(code)
    errors: dict[str, str] = {}
    totals: dict[str, float] = {}
    for field, value in (("first", first), ("last", last)):
        try:
            totals[field] = _checked_total(measure, field, value)
        except InvalidAnswers as invalid:
            errors.update(invalid.errors)
    if errors:
        raise InvalidAnswers(errors)
    if measure.reliable_change is None:
        raise NoReliableChange(code)
    # Rounded so that two metric scores 3 apart are not 2.9999999999999964 apart.
    better = round(totals["last"] - totals["first"], 6)
    if not measure.higher_is_better:
        better = -better
    if better >= measure.reliable_change:
        classification = Classification.IMPROVEMENT
    elif better <= -measure.reliable_change:
        classification = Classification.DETERIORATION
    else:
        classification = Classification.NO_CHANGE
    was_case, is_case = measure.is_case(totals["first"]), measure.is_case(totals["last"])
    recovered = (
        None
        if was_case is None
        else bool(was_case and not is_case and classification is Classification.IMPROVEMENT)
    )
    return Change(classification=classification, recovered=recovered)
