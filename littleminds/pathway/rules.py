"""The default rule set (DOMAIN.md §6 and the navigator issue), as the data a manager will
edit. The first rule that applies wins; the last always applies."""

from __future__ import annotations

from typing import Any

RELATIONSHIP = {"fact": "relationship_concern", "values": [True]}

DEFAULT_RULES: dict[str, Any] = {
    "rules": [
        {
            "name": "risk of harm now",
            "conditions": [{"fact": "immediate_risk", "values": [True]}],
            "route": "urgent",
            "reason": "Someone may be at risk of harm now. Get urgent help: this service is "
            "not an emergency service.",
        },
        {
            "name": "child aged two or over",
            "conditions": [{"fact": "beyond_age", "values": [True]}],
            "route": "signpost",
            "reason": "The service works with families from pregnancy until the day before "
            "the baby's second birthday; these services work with older children.",
        },
        {
            "name": "outside the area",
            "conditions": [{"fact": "outside_area", "values": [True]}],
            "route": "signpost",
            "reason": "The family's home is outside the area the service covers; these "
            "services cover it.",
        },
        {
            "name": "relationship concern, moderate or severe",
            "conditions": [RELATIONSHIP, {"fact": "impact", "values": ["moderate", "severe"]}],
            "route": "lmm_referral",
            "reason": "There is a worry about the relationship between parent and baby that "
            "affects the family more than a little: refer to the parent–infant service.",
        },
        {
            "name": "relationship concern, mild, practitioner",
            "conditions": [
                RELATIONSHIP,
                {"fact": "impact", "values": ["mild"]},
                {"fact": "asker", "values": ["practitioner"]},
            ],
            "route": "lmm_consultation",
            "reason": "The worry about the relationship is mild: a consultation with a "
            "parent–infant clinician can help you support the family yourself.",
        },
        {
            "name": "relationship concern, mild, parent",
            "conditions": [
                RELATIONSHIP,
                {"fact": "impact", "values": ["mild"]},
                {"fact": "asker", "values": ["parent"]},
            ],
            "route": "universal",
            "also": ["lmm_referral"],
            "reason": "Your health visitor and family hub can help with this. If you would "
            "like more help, you can also refer yourself to the parent–infant service.",
        },
        {
            "name": "other concerns only",
            "conditions": [{"fact": "other_concern", "values": [True]}],
            "route": "signpost",
            "reason": "These services help with what worries you.",
        },
        {
            "name": "no concern",
            "conditions": [],
            "route": "universal",
            "reason": "Your health visitor, family hub and the universal services are there "
            "for every family.",
        },
    ],
    "secondary": [
        {
            "name": "other concerns beside a relationship route",
            "conditions": [{"fact": "other_concern", "values": [True]}],
            "with_routes": ["lmm_referral", "lmm_consultation", "universal"],
            "also": ["signpost"],
            "reason": "Other services can help with the other worries at the same time.",
        }
    ],
}


# The directory area whose postcodes "outside the area" is tested against: the area of the
# parent–infant service (the demonstration's, and a sensible name for a new instance).
DEFAULT_SERVICE_AREA = "lmm-clinical"


def seed_default_rule_set(RuleSetVersion: Any) -> Any:
    """Publish the default rules as version 1, if no rule set exists yet. The migration and
    the tests both call this, passing the model class (the migration's is historical)."""
    from django.utils import timezone

    if RuleSetVersion.objects.exists():
        return RuleSetVersion.objects.order_by("-number").first()
    return RuleSetVersion.objects.create(
        number=1,
        status="published",
        rules=DEFAULT_RULES,
        service_area=DEFAULT_SERVICE_AREA,
        published_at=timezone.now(),
    )
