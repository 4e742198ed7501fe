"""POST /api/pathway/recommend: the navigator's answer for a family, as JSON. No sign-in;
nothing personal is kept (only a count: day, who asked, route, postcode district). Each
address may ask `LITTLEMINDS_RATE_LIMIT_NAVIGATOR` times a window (429 beyond)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from littleminds.core.api import InvalidInput, described
from littleminds.core.postcodes import InvalidPostcode, Postcode, parse_postcode
from littleminds.core.ratelimit import count_request
from littleminds.pathway import selectors, services
from littleminds.pathway.engine import OTHER_CONCERNS, RELATIONSHIP_CONCERNS, Answers
from littleminds.pathway.validation import (
    birth_date_problem,
    day_problem,
    delivery_date_problem,
)

router = Router(tags=["pathway"])

CONCERNS = RELATIONSHIP_CONCERNS | OTHER_CONCERNS


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


class AccessOut(Schema):
    method: str
    label: str
    phone: str
    email: str
    url: str
    instructions: str


class ServiceOut(Schema):
    id: str
    name: str
    remit: str
    boundaries: str
    how_to_access: list[AccessOut]


class RecommendOut(Schema):
    route: str
    also: list[str]
    reasons: list[str]
    rule_set_version: int
    services: list[ServiceOut]


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


@router.post(
    "/recommend",
    response=described({200: RecommendOut}, 400, 429, body=True),
    auth=None,
    summary="Which route fits a family now, and why",
)
def recommend(request: HttpRequest, payload: RecommendIn) -> RecommendOut:
    count_request(request, "navigator")
    answers, postcode = check(payload)
    version, decision = selectors.decision_now(answers, postcode)
    services.recommendation_record(
        answers=answers, decision=decision, rule_set=version, postcode=postcode
    )
    found = selectors.services_for(
        answers,
        postcode,
        decision,
        receiver=selectors.receiving_service(answers, postcode, decision),
    )
    return RecommendOut(
        route=decision.route.value,
        also=[route.value for route in decision.also],
        reasons=list(decision.reasons),
        rule_set_version=version.number,
        services=[
            ServiceOut(
                id=str(service.code),
                name=service.name,
                remit=service.remit,
                boundaries=service.boundaries,
                how_to_access=[
                    AccessOut(
                        method=way.method,
                        label=str(way.get_method_display()),
                        phone=way.phone,
                        email=way.email,
                        url=way.url,
                        instructions=way.instructions,
                    )
                    for way in service.access.all()
                ],
            )
            for service in found
        ],
    )
