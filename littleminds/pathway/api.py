"""POST /api/pathway/recommend: the navigator's answer for a family, as JSON. No sign-in;
nothing personal is kept (only a count: day, who asked, route, postcode district). Each
address may ask `LITTLEMINDS_RATE_LIMIT_NAVIGATOR` times a window (429 beyond)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from littleminds.core.api import described
from littleminds.core.ratelimit import count_request
from littleminds.pathway import selectors, services
from littleminds.pathway.answers import RecommendIn, check

router = Router(tags=["pathway"])


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


@router.post(
    "/recommend",
    response=described({200: RecommendOut}, 400, 429, body=True),
    auth=None,
    summary="Which route fits a family now, and why",
)
def recommend(request: HttpRequest, payload: RecommendIn) -> RecommendOut:
    count_request(request, "navigator")
    answers, postcode = check(payload)
    decided = selectors.decided_now(answers, postcode)
    version, decision = decided.version, decided.decision
    services.recommendation_record(
        answers=answers,
        decision=decision,
        rule_set=version,
        postcode=postcode,
        organisation=selectors.asking_organisation(request),
    )
    receiver = selectors.receiving_for(answers, postcode, decision)
    found = selectors.services_for(
        answers,
        postcode,
        decision,
        receiver=receiver.service if receiver else None,
        generation=decided.generation,
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
