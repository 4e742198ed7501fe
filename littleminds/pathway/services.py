"""Writes of the navigator."""

from __future__ import annotations

from django.db import transaction

from littleminds.core.postcodes import Postcode
from littleminds.pathway.engine import Answers, Decision
from littleminds.pathway.models import Recommendation, RuleSetVersion


def recommendation_record(
    *,
    answers: Answers,
    decision: Decision,
    rule_set: RuleSetVersion,
    postcode: Postcode | None,
) -> Recommendation:
    """Count one recommendation: the day, who asked, the route, the rule set, the postcode
    district. It holds nothing about a person and has no actor, so it is not an audit
    event: the count itself is the record (the analytics read it)."""
    with transaction.atomic():
        return Recommendation.objects.create(
            made_on=answers.on_date,
            asker=answers.asker,
            route=decision.route.value,
            rule_set=rule_set,
            postcode_district=postcode.district if postcode is not None else "",
        )
