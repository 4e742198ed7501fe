"""The navigator's answers as they arrive, from the API's JSON or the question pages'
cookie (`journey.payload`), and the one check of them: the API, the question pages and the
answer page (`selectors.answer_given`) read answers the same way and refuse the same
mistakes in the same words."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema

from littleminds.core.api import InvalidInput
from littleminds.core.postcodes import InvalidPostcode, Postcode, parse_postcode
from littleminds.pathway.engine import OTHER_CONCERNS, RELATIONSHIP_CONCERNS, Answers
from littleminds.pathway.validation import (
    birth_date_problem,
    day_problem,
    delivery_date_problem,
)

CONCERNS = RELATIONSHIP_CONCERNS | OTHER_CONCERNS


# The API describes this shape by its name (`POST /api/pathway/recommend`'s body).
class RecommendIn(Schema):
    asker: Literal["practitioner", "parent"]
    pregnant: bool = False
    expected_delivery_date: date | None = None
    child_date_of_birth: date | None = None
    postcode: str
    concerns: list[str] = []
    impact: Literal["mild", "moderate", "severe"] | None = None
    immediate_risk: bool = False
    practitioner_involved: bool = False
    on_date: date | None = None


def check(payload: RecommendIn) -> tuple[Answers, Postcode]:
    """The answers, or every problem with them, by field (nothing is kept either way)."""
    errors: dict[str, str] = {}
    today = payload.on_date or timezone.localdate()
    problem = day_problem(today)
    if problem:
        # Every other date is checked against this day, so nothing else can be checked.
        raise InvalidInput({"on_date": problem})
    if not payload.pregnant and payload.child_date_of_birth is None:
        errors["child_date_of_birth"] = _(
            "Give the baby's date of birth, or say that the family is expecting a baby"
        )
    born_problem = payload.child_date_of_birth and birth_date_problem(
        payload.child_date_of_birth, today
    )
    if born_problem:
        errors["child_date_of_birth"] = born_problem
    if payload.pregnant and payload.expected_delivery_date is None:
        errors["expected_delivery_date"] = _("Give the expected date of delivery")
    due_problem = payload.expected_delivery_date and delivery_date_problem(
        payload.expected_delivery_date, today
    )
    if due_problem:
        errors["expected_delivery_date"] = due_problem
    unknown = sorted(set(payload.concerns) - CONCERNS)
    if unknown:
        errors["concerns"] = _("These are not concerns the navigator knows: %(codes)s") % {
            "codes": ", ".join(unknown)
        }
    if payload.concerns and payload.impact is None:
        errors["impact"] = _("Say how much it affects the family: mild, moderate or severe")
    try:
        postcode = parse_postcode(payload.postcode)
    except InvalidPostcode as error:
        errors["postcode"] = str(error)
    if errors:
        raise InvalidInput(errors)
    answers = Answers(
        asker=payload.asker,
        pregnant=payload.pregnant,
        expected_delivery_date=payload.expected_delivery_date,
        child_date_of_birth=payload.child_date_of_birth,
        concerns=frozenset(payload.concerns),
        impact=payload.impact,
        immediate_risk=payload.immediate_risk,
        practitioner_involved=payload.practitioner_involved,
        on_date=today,
    )
    return answers, postcode
