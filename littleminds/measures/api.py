"""The measures' JSON API: the definitions, and scoring answers or classing a change with
them. Nothing personal is sent or kept; no sign-in. Each address may call it
`LITTLEMINDS_RATE_LIMIT_MEASURES` times a window (429 beyond), like the other public
endpoints.

- `GET /api/measures`: every measure's definition (no wording of any measure).
- `POST /api/measures/{code}/score` with `{"items": [...]}`: total, band, caseness, risk.
- `POST /api/measures/{code}/change` with `{"first": total, "last": total}`: the change's
  classification and whether it is a reliable recovery.

Answers that cannot be scored are a 400 with a message per item; an unknown code is a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from pydantic import ConfigDict

from littleminds.core.api import InvalidInput, described
from littleminds.core.ratelimit import count_request
from littleminds.measures import scoring
from littleminds.measures.definitions import MEASURES, Measure, UnknownMeasure, measure_of

router = Router(tags=["measures"])

CODE_DESCRIPTION = "The measure: phq9, gad7, core10, epds, swemwbs, pirgas or gbo."


class BandOut(Schema):
    low: int
    high: int
    label: str


class MeasureOut(Schema):
    code: str
    name: str
    items: int = Field(description="How many answers an administration has (at most).")
    fewest_items: int = Field(description="The fewest answers (goal-based outcomes: 1).")
    item_min: int
    item_max: int
    reverse_items: list[int] = Field(description="Items (from 1) scored in reverse.")
    total_min: float
    total_max: float
    bands: list[BandOut]
    cut_off: float | None = Field(
        description="Caseness: a total at or above it (at or below where higher is better)."
    )
    higher_is_better: bool
    reliable_change: float | None
    risk_items: list[int] = Field(description="Items (from 1) that are a risk above zero.")
    answered_by: str = Field(description="parent or clinician")
    wording_shown: bool = Field(
        description="False where the licence keeps the wording off the platform (scores only)."
    )
    licence: str


class ScoreIn(Schema):
    items: Any = Field(
        description="The answers in form order, each a whole number in the item's range.",
        json_schema_extra={"type": "array", "items": {"type": "integer"}},
    )

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [1, 2, 1, 0, 2, 1, 1, 0, 0]}]}
    )


class ScoreOut(Schema):
    total: int | float
    band: str | None = Field(description="Null where the measure has no bands.")
    caseness: bool | None = Field(description="Null where the measure has no cut-off.")
    risk: list[int] = Field(description="The risk items (from 1) answered above zero.")


class ChangeIn(Schema):
    first: Any = Field(description="The first total.", json_schema_extra={"type": "number"})
    last: Any = Field(description="The latest total.", json_schema_extra={"type": "number"})

    model_config = ConfigDict(json_schema_extra={"examples": [{"first": 18, "last": 7}]})


class ChangeOut(Schema):
    classification: str = Field(
        description="reliable improvement, no reliable change or reliable deterioration"
    )
    recovered: bool | None = Field(description="Null where the measure has no cut-off.")


def _measure_out(measure: Measure) -> MeasureOut:
    return MeasureOut(
        code=measure.code,
        name=measure.name,
        items=measure.items,
        fewest_items=measure.fewest_items,
        item_min=measure.item_min,
        item_max=measure.item_max,
        reverse_items=sorted(measure.reverse_items),
        total_min=measure.total_min,
        total_max=measure.total_max,
        bands=[BandOut(low=b.low, high=b.high, label=str(b.label)) for b in measure.bands],
        cut_off=measure.cut_off,
        higher_is_better=measure.higher_is_better,
        reliable_change=measure.reliable_change,
        risk_items=list(measure.risk_items),
        answered_by=measure.answered_by.value,
        wording_shown=measure.wording_shown,
        licence=str(measure.licence),
    )


def _known(code: str) -> Measure:
    try:
        return measure_of(code)
    except UnknownMeasure:
        raise Http404 from None


@router.get(
    "",
    response=described({200: list[MeasureOut]}, 429),
    auth=None,
    url_name="measures",
    summary="The outcome measures and how each is scored",
)
def measures(request: HttpRequest) -> list[MeasureOut]:
    """Every measure Little Minds scores: its items and their range, the items scored in
    reverse, bands, cut-off, reliable change and risk items, who answers it, and its licence.
    No measure's wording is given; EPDS and PIR-GAS are scores only."""
    count_request(request, "measures")
    return [_measure_out(measure) for measure in MEASURES.values()]


@router.post(
    "/{code}/score",
    response=described({200: ScoreOut}, 400, 404, 429, body=True),
    auth=None,
    url_name="measure-score",
    summary="Score one administration's answers",
)
def score(
    request: HttpRequest, payload: ScoreIn, code: str = Path(..., description=CODE_DESCRIPTION)
) -> ScoreOut:
    """The total, band, caseness and risk items of one administration. Send the answers in
    form order: for each item the position ticked (the scoring turns the reversed items
    round), for EPDS each item's score from its key, for goal-based outcomes one rating per
    goal (1 to 3 goals). `band` is null where a measure has no bands, `caseness` where it
    has no cut-off. 400 with a message for each answer that cannot be scored; 404 for an
    unknown measure."""
    count_request(request, "measures")
    _known(code)
    try:
        result = scoring.score(code, payload.items)
    except scoring.InvalidAnswers as invalid:
        raise InvalidInput(invalid.errors) from None
    return ScoreOut(
        total=result.total,
        band=str(result.band.label) if result.band else None,
        caseness=result.caseness,
        risk=list(result.risk),
    )


@router.post(
    "/{code}/change",
    response=described({200: ChangeOut}, 400, 404, 429, body=True),
    auth=None,
    url_name="measure-change",
    summary="Class the change between the first and the latest totals",
)
def change(
    request: HttpRequest, payload: ChangeIn, code: str = Path(..., description=CODE_DESCRIPTION)
) -> ChangeOut:
    """Whether the change from the first total to the latest is a reliable improvement, no
    reliable change or a reliable deterioration (a change of at least the measure's reliable
    change index is reliable), and whether it is a reliable recovery: the first total at or
    beyond the cut-off, the latest not, and a reliable improvement (null where a measure has
    no cut-off). PIR-GAS has no published reliable change index: 400."""
    count_request(request, "measures")
    measure = _known(code)
    try:
        result = scoring.change(code, payload.first, payload.last)
    except scoring.InvalidAnswers as invalid:
        raise InvalidInput(invalid.errors) from None
    except scoring.NoReliableChange:
        raise InvalidInput(
            {
                "__all__": _(
                    "%(name)s has no published reliable change index, so its change cannot "
                    "be classed as reliable"
                )
                % {"name": measure.name}
            }
        ) from None
    return ChangeOut(classification=result.classification.value, recovered=result.recovered)
