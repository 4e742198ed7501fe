"""The default rule set (DOMAIN.md §6 and the navigator issue), as the data a manager will
edit. The first rule that applies wins; the last always applies."""

from __future__ import annotations

from datetime import date
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


# The test bench's first scenarios: every default rule and its edges (the navigator issue).
# A draft is published only when every active scenario gives the expected route. Each is a
# family on a fixed day, so that ages and areas come out the same on every run. The
# migration seeds them and the tests run them; `expected_also` None means "not checked".
#
# "Outside the area" is worked out from the directory, as for a real family: the scenarios
# that depend on the area say so in their note. On an instance whose directory has no area
# DEFAULT_SERVICE_AREA, no postcode is outside it, and "BD23 is outside the area" fails
# until the area is set up (or the scenario is retired by a manager whose area is another).
SCENARIO_DAY = date(2026, 11, 28)
_BASE_SCENARIO: dict[str, Any] = {
    "asker": "practitioner",
    "pregnant": False,
    "expected_delivery_date": None,
    "child_date_of_birth": date(2026, 5, 1),
    "postcode": "BD7 1DP",
    "concerns": ["bonding"],
    "impact": "moderate",
    "immediate_risk": False,
    "practitioner_involved": True,
    "on_date": SCENARIO_DAY,
    "expected_also": [],
    "note": "",
}
_NEEDS_AREA = (
    "Needs the directory's area lmm-clinical, covering BD1 to BD22 and LS29 from 1 April 2020 "
    "(as in the demonstration); BD23 is outside it."
)


def _scenario(name: str, expected_route: str, **changes: Any) -> dict[str, Any]:
    return {**_BASE_SCENARIO, "name": name, "expected_route": expected_route, **changes}


DEFAULT_SCENARIOS: list[dict[str, Any]] = [
    _scenario(
        "Risk of harm now, whatever else",
        "urgent",
        immediate_risk=True,
        child_date_of_birth=date(2022, 1, 1),
        postcode="BD23 1AA",
        concerns=["bonding", "domestic_abuse"],
        note="Urgent help comes first, even for an older child outside the area.",
    ),
    _scenario(
        "Relationship worry, moderate: referral",
        "lmm_referral",
        note="Rule 4 with a moderate effect; the postcode is in the area.",
    ),
    _scenario("Relationship worry, severe: referral", "lmm_referral", impact="severe"),
    _scenario(
        "Child aged 23 months and 30 days: not beyond the age",
        "lmm_referral",
        child_date_of_birth=date(2024, 11, 29),
        note="The day before the second birthday is still in the service's age range.",
    ),
    _scenario(
        "Child aged exactly 24 months: signposted",
        "signpost",
        child_date_of_birth=date(2024, 11, 28),
        note="On the second birthday the child is no longer in the service's age range.",
    ),
    _scenario(
        "Expecting a baby, with a child over two: not beyond the age",
        "lmm_referral",
        pregnant=True,
        expected_delivery_date=date(2027, 3, 1),
        child_date_of_birth=date(2022, 1, 1),
        note="A pregnancy brings the family into the age range, whatever an older child's age.",
    ),
    _scenario(
        "BD23 is outside the area: signposted",
        "signpost",
        postcode="BD23 1AA",
        note=_NEEDS_AREA,
    ),
    _scenario(
        "LS29 is inside the area: referral",
        "lmm_referral",
        postcode="LS29 8AB",
        note=_NEEDS_AREA,
    ),
    _scenario(
        "No fixed abode (ZZ99 3VZ) is never outside the area",
        "lmm_referral",
        postcode="ZZ99 3VZ",
        note="A pseudo-postcode never turns a family away: a homeless family must get help.",
    ),
    _scenario(
        "Mild relationship worry, practitioner: consultation",
        "lmm_consultation",
        impact="mild",
    ),
    _scenario(
        "Mild relationship worry, parent: universal, with self-referral",
        "universal",
        asker="parent",
        practitioner_involved=False,
        impact="mild",
        expected_also=["lmm_referral"],
    ),
    _scenario(
        "Mild relationship worry and money, parent: universal, self-referral and signposting",
        "universal",
        asker="parent",
        practitioner_involved=False,
        impact="mild",
        concerns=["bonding", "money"],
        expected_also=["lmm_referral", "signpost"],
    ),
    _scenario(
        "Other worries only: signposted",
        "signpost",
        concerns=["housing"],
    ),
    _scenario(
        "No worry at all: universal",
        "universal",
        concerns=[],
        impact="",
    ),
    _scenario(
        "Relationship and other worries: referral, and signposting too",
        "lmm_referral",
        concerns=["bonding", "domestic_abuse"],
        expected_also=["signpost"],
    ),
]


def seed_default_scenarios(Scenario: Any) -> None:
    """Put the default scenarios on the test bench, if it has none yet. The migration and
    the tests both call this, passing the model class (the migration's is historical)."""
    if Scenario.objects.exists():
        return
    for data in DEFAULT_SCENARIOS:
        Scenario.objects.create(**data)
