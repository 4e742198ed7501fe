"""The navigator's rules engine: from a family's answers to one route, any secondary
routes, and the reasons, in plain words (DOMAIN.md §6).

Rules are data, not code (`rules.py` holds the default set): each rule is a list of
conditions over *facts* and the route it gives. The first rule whose conditions all hold
decides the route; then every secondary rule that holds adds its routes. The facts are
worked out once from the answers (`facts_from`), so a rule never computes anything itself
and a manager can read every rule.

This module is pure: no database. Whether the postcode is in the service's area on the day
is worked out by the caller (the directory knows the areas) and passed in as a fact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from littleminds.core.dates import age_in_months


class Route(StrEnum):
    URGENT = "urgent"
    LMM_REFERRAL = "lmm_referral"
    LMM_CONSULTATION = "lmm_consultation"
    SIGNPOST = "signpost"
    UNIVERSAL = "universal"


RELATIONSHIP_CONCERNS = frozenset(
    {"bonding", "baby_regulation", "trauma_loss", "parenting_confidence"}
)
OTHER_CONCERNS = frozenset(
    {"parent_mental_health", "domestic_abuse", "substance_use", "housing", "money"}
)
IMPACTS = ("mild", "moderate", "severe")
ASKERS = ("practitioner", "parent")

# The facts a rule can test, with the values each can take. An editor offers these.
FACTS: dict[str, tuple[Any, ...]] = {
    "asker": ASKERS,
    "immediate_risk": (True, False),
    "pregnant": (True, False),
    "beyond_age": (True, False),  # not pregnant, and the child is 24 months or older
    "outside_area": (True, False),  # a real postcode outside the area on the day
    "relationship_concern": (True, False),
    "other_concern": (True, False),
    "any_concern": (True, False),
    "impact": IMPACTS,
    "practitioner_involved": (True, False),
}


@dataclass(frozen=True)
class Answers:
    """What the person said, already checked (the API and the forms check it)."""

    asker: str
    pregnant: bool
    expected_delivery_date: date | None
    child_date_of_birth: date | None
    concerns: frozenset[str]
    impact: str | None
    immediate_risk: bool
    practitioner_involved: bool
    on_date: date


def facts_from(
    answers: Answers, *, outside_area: bool, age_limit_months: int = 24
) -> dict[str, Any]:
    """The facts the rules test. `outside_area` comes from the directory: a real postcode
    outside the service's area on the day (a ZZ99 pseudo-postcode never is)."""
    age = (
        age_in_months(answers.child_date_of_birth, answers.on_date)
        if answers.child_date_of_birth is not None
        else None
    )
    relationship = bool(answers.concerns & RELATIONSHIP_CONCERNS)
    other = bool(answers.concerns & OTHER_CONCERNS)
    return {
        "asker": answers.asker,
        "immediate_risk": answers.immediate_risk,
        "pregnant": answers.pregnant,
        "beyond_age": not answers.pregnant and age is not None and age >= age_limit_months,
        "outside_area": outside_area,
        "relationship_concern": relationship,
        "other_concern": other,
        "any_concern": relationship or other,
        "impact": answers.impact,
        "practitioner_involved": answers.practitioner_involved,
    }


@dataclass(frozen=True)
class Condition:
    fact: str
    values: tuple[Any, ...]  # the condition holds when the fact has one of these values

    def holds(self, facts: Mapping[str, Any]) -> bool:
        return facts.get(self.fact) in self.values


@dataclass(frozen=True)
class Rule:
    name: str
    route: Route
    reason: str
    conditions: tuple[Condition, ...] = ()
    also: tuple[Route, ...] = ()

    def holds(self, facts: Mapping[str, Any]) -> bool:
        return all(condition.holds(facts) for condition in self.conditions)


@dataclass(frozen=True)
class SecondaryRule:
    """Adds routes beside the primary one, when its conditions hold and the primary route
    is one of `with_routes`."""

    name: str
    also: tuple[Route, ...]
    reason: str
    with_routes: tuple[Route, ...]
    conditions: tuple[Condition, ...] = ()

    def holds(self, facts: Mapping[str, Any], route: Route) -> bool:
        return route in self.with_routes and all(c.holds(facts) for c in self.conditions)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    secondary: tuple[SecondaryRule, ...] = ()


@dataclass(frozen=True)
class Decision:
    route: Route
    also: tuple[Route, ...]
    reasons: tuple[str, ...]
    rule: str


class NoRuleApplies(Exception):
    """A rule set must end with a rule that always applies; this one did not."""


def decide(rule_set: RuleSet, facts: Mapping[str, Any]) -> Decision:
    """The first rule that holds decides; secondary rules then add routes."""
    for rule in rule_set.rules:
        if rule.holds(facts):
            also: list[Route] = [r for r in rule.also if r != rule.route]
            reasons = [rule.reason]
            for extra in rule_set.secondary:
                if extra.holds(facts, rule.route):
                    also.extend(r for r in extra.also if r != rule.route and r not in also)
                    reasons.append(extra.reason)
            return Decision(rule.route, tuple(also), tuple(reasons), rule.name)
    raise NoRuleApplies


# Rule sets as data -----------------------------------------------------------------------


class InvalidRules(ValueError):
    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def _conditions(raw: Any, where: str, problems: list[str]) -> tuple[Condition, ...]:
    found = []
    for i, item in enumerate(raw or []):
        fact, values = (item or {}).get("fact"), (item or {}).get("values")
        if fact not in FACTS:
            problems.append(f"{where}: condition {i + 1} tests an unknown fact {fact!r}")
            continue
        if not isinstance(values, list) or not values:
            problems.append(f"{where}: condition {i + 1} needs a list of values")
            continue
        wrong = [v for v in values if v not in FACTS[fact]]
        if wrong:
            problems.append(f"{where}: {fact} cannot be {', '.join(map(repr, wrong))}")
            continue
        found.append(Condition(fact, tuple(values)))
    return tuple(found)


def _routes(raw: Any, where: str, problems: list[str]) -> tuple[Route, ...]:
    routes = []
    for value in raw or []:
        if value not in Route.__members__.values():
            problems.append(f"{where}: {value!r} is not a route")
        else:
            routes.append(Route(value))
    return tuple(routes)


def rule_set_from_data(data: Mapping[str, Any]) -> RuleSet:
    """Read a rule set stored as JSON, refusing anything the engine could not run."""
    problems: list[str] = []
    rules = []
    for n, raw in enumerate(data.get("rules") or [], start=1):
        where = f"rule {n} ({raw.get('name') or 'no name'})"
        route = _routes([raw.get("route")], where, problems)
        if not (raw.get("reason") or "").strip():
            problems.append(f"{where}: give the reason in plain words")
        rules.append(
            Rule(
                name=raw.get("name") or f"rule {n}",
                route=route[0] if route else Route.UNIVERSAL,
                reason=(raw.get("reason") or "").strip(),
                conditions=_conditions(raw.get("conditions"), where, problems),
                also=_routes(raw.get("also"), where, problems),
            )
        )
    if not rules:
        problems.append("a rule set needs at least one rule")
    elif rules[-1].conditions:
        problems.append("the last rule must have no conditions, so that every answer gets a route")
    secondary = []
    for n, raw in enumerate(data.get("secondary") or [], start=1):
        where = f"secondary rule {n} ({raw.get('name') or 'no name'})"
        secondary.append(
            SecondaryRule(
                name=raw.get("name") or f"secondary rule {n}",
                also=_routes(raw.get("also"), where, problems),
                reason=(raw.get("reason") or "").strip(),
                with_routes=_routes(raw.get("with_routes"), where, problems),
                conditions=_conditions(raw.get("conditions"), where, problems),
            )
        )
    if problems:
        raise InvalidRules(problems)
    return RuleSet(tuple(rules), tuple(secondary))
