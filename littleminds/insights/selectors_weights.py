"""Reads of the embeddedness score's weights: every set of weights kept, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from littleminds.insights.models import ScoreWeights
from littleminds.insights.score import PARTS, complete


@dataclass(frozen=True)
class Kept:
    set_at: datetime
    by: str
    note: str
    values: tuple[int, ...]  # in the order of `score.PARTS`


def weights_history() -> list[Kept]:
    """Every set of weights kept, newest first, with who set them. One query."""
    return [
        Kept(
            set_at=kept.set_at,
            by=kept.set_by.full_name if kept.set_by is not None else "",
            note=kept.note,
            values=tuple(complete(kept.weights)[part.key] for part in PARTS),
        )
        for kept in ScoreWeights.objects.select_related("set_by").order_by("-set_at", "-pk")
    ]
