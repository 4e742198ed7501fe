from __future__ import annotations

from datetime import date

import pytest

from littleminds.pathway.engine import (
    Answers,
    InvalidRules,
    Route,
    decide,
    facts_from,
    rule_set_from_data,
)
from littleminds.pathway.rules import DEFAULT_RULES

TODAY = date(2026, 11, 28)
DEFAULTS = rule_set_from_data(DEFAULT_RULES)


def _answers(**changes: object) -> Answers:
    values: dict[str, object] = {
        "asker": "practitioner",
        "pregnant": False,
        "expected_delivery_date": None,
        "child_date_of_birth": date(2026, 5, 1),
        "concerns": frozenset({"bonding"}),
        "impact": "moderate",
        "immediate_risk": False,
        "practitioner_involved": True,
        "on_date": TODAY,
    }
    values.update(changes)
    return Answers(**values)  # type: ignore[arg-type]


def _decide(outside_area: bool = False, **changes: object):
    return decide(DEFAULTS, facts_from(_answers(**changes), outside_area=outside_area))


def test_rule_1_risk_of_harm_now_is_urgent_whatever_else() -> None:
    decision = _decide(immediate_risk=True, child_date_of_birth=date(2020, 1, 1), outside_area=True)

    assert (decision.route, decision.rule) == (Route.URGENT, "risk of harm now")
    assert "not an emergency service" in decision.reasons[0]


@pytest.mark.parametrize(
    ("born", "route"),
    [
        (date(2024, 11, 29), Route.LMM_REFERRAL),  # 23 months and 30 days
        (date(2024, 11, 28), Route.SIGNPOST),  # exactly 24 months
        (date(2022, 1, 1), Route.SIGNPOST),
    ],
)
def test_rule_2_a_child_of_two_or_over_is_signposted(born: date, route: Route) -> None:
    assert _decide(child_date_of_birth=born).route == route


def test_rule_2_does_not_turn_away_a_pregnancy_with_an_older_child() -> None:
    decision = _decide(
        pregnant=True, expected_delivery_date=date(2027, 3, 1), child_date_of_birth=date(2022, 1, 1)
    )

    assert decision.route == Route.LMM_REFERRAL


def test_rule_3_outside_the_area_is_signposted() -> None:
    decision = _decide(outside_area=True)

    assert (decision.route, decision.rule) == (Route.SIGNPOST, "outside the area")


@pytest.mark.parametrize("impact", ["moderate", "severe"])
def test_rule_4_a_relationship_concern_that_matters_is_referred(impact: str) -> None:
    assert _decide(impact=impact).route == Route.LMM_REFERRAL


def test_rule_5_a_mild_concern_from_a_practitioner_is_a_consultation() -> None:
    assert _decide(impact="mild", asker="practitioner").route == Route.LMM_CONSULTATION


def test_rule_6_a_mild_concern_from_a_parent_is_universal_with_self_referral() -> None:
    decision = _decide(impact="mild", asker="parent")

    assert (decision.route, decision.also) == (Route.UNIVERSAL, (Route.LMM_REFERRAL,))


def test_rule_7_other_concerns_alone_are_signposted() -> None:
    decision = _decide(concerns=frozenset({"housing", "money"}))

    assert (decision.route, decision.also) == (Route.SIGNPOST, ())


def test_rule_7_no_concern_at_all_is_universal() -> None:
    decision = _decide(concerns=frozenset(), impact=None)

    assert (decision.route, decision.rule) == (Route.UNIVERSAL, "no concern")


def test_other_concerns_beside_a_relationship_route_add_signposting() -> None:
    decision = _decide(concerns=frozenset({"bonding", "domestic_abuse"}))

    assert decision.route == Route.LMM_REFERRAL
    assert decision.also == (Route.SIGNPOST,)
    assert len(decision.reasons) == 2


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"rules": []}, "at least one rule"),
        (
            {"rules": [{"name": "x", "route": "teleport", "reason": "r", "conditions": []}]},
            "'teleport' is not a route",
        ),
        (
            {
                "rules": [
                    {
                        "name": "x",
                        "route": "urgent",
                        "reason": "r",
                        "conditions": [{"fact": "mood", "values": [True]}],
                    },
                    {"name": "y", "route": "universal", "reason": "r"},
                ]
            },
            "unknown fact 'mood'",
        ),
        (
            {
                "rules": [
                    {
                        "name": "x",
                        "route": "urgent",
                        "reason": "r",
                        "conditions": [{"fact": "impact", "values": ["catastrophic"]}],
                    }
                ]
            },
            "impact cannot be 'catastrophic'",
        ),
        (
            {
                "rules": [
                    {
                        "name": "x",
                        "route": "urgent",
                        "reason": "r",
                        "conditions": [{"fact": "immediate_risk", "values": [True]}],
                    }
                ]
            },
            "the last rule must have no conditions",
        ),
        ({"rules": [{"name": "x", "route": "universal", "reason": " "}]}, "give the reason"),
    ],
)
def test_it_refuses_rules_the_engine_could_not_run(data, problem: str) -> None:
    with pytest.raises(InvalidRules, match=problem):
        rule_set_from_data(data)
