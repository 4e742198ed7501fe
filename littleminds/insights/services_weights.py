"""The embeddedness score's weights: a manager sets new ones (`weights_set`). Weights are
never changed once written; each change is a new `ScoreWeights` row with when and by whom,
so a report of any past period can be made again with the weights then in force."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.insights.models import ScoreWeights
from littleminds.insights.score import LARGEST_WEIGHT, PART_KEYS, SMALLEST_WEIGHT


def weights_set(*, by: User, weights: Mapping[str, int], note: str) -> ScoreWeights:
    """Put new weights in force from now: one for every part of the score, each a whole
    number from 0 to 10, not all 0."""
    if not by.has_perm(Permission.INSIGHTS_WEIGHTS):
        raise PermissionDenied
    if set(weights) != set(PART_KEYS):
        raise ValidationError("a weight for every part of the score, and nothing else")
    values = {key: weights[key] for key in PART_KEYS}
    for key, value in values.items():
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not SMALLEST_WEIGHT <= value <= LARGEST_WEIGHT
        ):
            raise ValidationError(f"the weight of {key} must be a whole number from 0 to 10")
    if not any(values.values()):
        raise ValidationError("at least one weight must be more than 0")
    with transaction.atomic():
        kept = ScoreWeights(weights=values, note=note.strip(), set_by=by)
        kept.full_clean()
        kept.save()
        audit_record(
            by=by,
            action="insights.weights_changed",
            target=kept,
            detail={"weights": values, "note": kept.note},
        )
    return kept
