"""Words for the navigator's routes, facts and values, in one place: the question pages,
the rule editor and its test bench show these, never the keys the rules are stored with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.pathway.engine import FACTS, Route

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ROUTE_LABELS: dict[Route, StrOrPromise] = {
    Route.URGENT: gettext_lazy("Get urgent help"),
    Route.LMM_REFERRAL: gettext_lazy("Refer to the parent–infant service"),
    Route.LMM_CONSULTATION: gettext_lazy("Ask for a consultation"),
    Route.SIGNPOST: gettext_lazy("Other services that can help"),
    Route.UNIVERSAL: gettext_lazy("Universal support"),
}

# The worries the navigator knows, relationship worries first (DOMAIN.md §6), in the order
# the question page lists them.
CONCERN_LABELS: dict[str, StrOrPromise] = {
    "bonding": gettext_lazy("Bonding, or feeling close to the baby"),
    "baby_regulation": gettext_lazy(
        "The baby's crying, sleeping or feeding, or being hard to settle"
    ),
    "trauma_loss": gettext_lazy("A difficult birth, a loss, or a past trauma"),
    "parenting_confidence": gettext_lazy("Confidence as a parent"),
    "parent_mental_health": gettext_lazy("A parent's own mental health"),
    "domestic_abuse": gettext_lazy("Domestic abuse"),
    "substance_use": gettext_lazy("Alcohol or drug use"),
    "housing": gettext_lazy("Housing"),
    "money": gettext_lazy("Money or debt"),
}

IMPACT_LABELS: dict[str, StrOrPromise] = {
    "mild": gettext_lazy("Mild"),
    "moderate": gettext_lazy("Moderate"),
    "severe": gettext_lazy("Severe"),
}

# How much it affects the family, as the question pages offer it to a parent or practitioner.
IMPACT_DESCRIPTIONS: dict[str, StrOrPromise] = {
    "mild": gettext_lazy("A little: it worries them, but day-to-day life goes on"),
    "moderate": gettext_lazy("Quite a lot: it gets in the way of caring for the baby on some days"),
    "severe": gettext_lazy("Very much: it gets in the way of caring for the baby most days"),
}

# The same, offered to a parent asking for their own family: "you", "your baby".
IMPACT_DESCRIPTIONS_FOR_PARENT: dict[str, StrOrPromise] = {
    "mild": gettext_lazy("A little: it worries you, but day-to-day life goes on"),
    "moderate": gettext_lazy(
        "Quite a lot: it gets in the way of caring for your baby on some days"
    ),
    "severe": gettext_lazy("Very much: it gets in the way of caring for your baby most days"),
}


def impact_descriptions(*, parent: bool) -> dict[str, StrOrPromise]:
    """How much it affects the family, in the words for who is asking."""
    return IMPACT_DESCRIPTIONS_FOR_PARENT if parent else IMPACT_DESCRIPTIONS


# Each fact as the rule editor asks about it.
FACT_LABELS: dict[str, StrOrPromise] = {
    "asker": gettext_lazy("Who is asking?"),
    "immediate_risk": gettext_lazy("Is someone at risk of harm now?"),
    "pregnant": gettext_lazy("Is the family expecting a baby?"),
    "beyond_age": gettext_lazy("Is the child aged two or over (and no baby is expected)?"),
    "outside_area": gettext_lazy("Is the home postcode outside the service's area on the day?"),
    "relationship_concern": gettext_lazy(
        "Is there a worry about the relationship between parent and baby?"
    ),
    "other_concern": gettext_lazy(
        "Is there another worry (the parent's mental health, domestic abuse, drugs or "
        "alcohol, housing or money)?"
    ),
    "any_concern": gettext_lazy("Is there any worry at all?"),
    "impact": gettext_lazy("How much does the worry affect the family?"),
    "practitioner_involved": gettext_lazy("Is a practitioner already working with the family?"),
}

_YES_NO: dict[Any, StrOrPromise] = {True: gettext_lazy("Yes"), False: gettext_lazy("No")}

# The values a fact can take, per fact.
VALUE_LABELS: dict[str, dict[Any, StrOrPromise]] = {
    "asker": {"practitioner": gettext_lazy("A practitioner"), "parent": gettext_lazy("A parent")},
    "impact": dict(IMPACT_LABELS),
    **{fact: _YES_NO for fact, values in FACTS.items() if tuple(values) == (True, False)},
}

# A yes-or-no fact read as a statement, when it holds and when it does not: rules are shown
# as "When the child is aged two or over → Other services that can help".
STATEMENTS: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    "immediate_risk": (
        gettext_lazy("someone may be at risk of harm now"),
        gettext_lazy("nobody is at risk of harm now"),
    ),
    "pregnant": (
        gettext_lazy("the family is expecting a baby"),
        gettext_lazy("the family is not expecting a baby"),
    ),
    "beyond_age": (
        gettext_lazy("the child is aged two or over"),
        gettext_lazy("the child is under two, or a baby is expected"),
    ),
    "outside_area": (
        gettext_lazy("the home is outside the service's area"),
        gettext_lazy("the home is in the service's area"),
    ),
    "relationship_concern": (
        gettext_lazy("there is a worry about the relationship between parent and baby"),
        gettext_lazy("there is no worry about the relationship between parent and baby"),
    ),
    "other_concern": (
        gettext_lazy("there is another worry"),
        gettext_lazy("there is no other worry"),
    ),
    "any_concern": (gettext_lazy("there is a worry"), gettext_lazy("there is no worry at all")),
    "practitioner_involved": (
        gettext_lazy("a practitioner is already working with the family"),
        gettext_lazy("no practitioner is working with the family yet"),
    ),
}

# The facts that take more than yes or no, read as "<subject> is <values>".
SUBJECTS: dict[str, StrOrPromise] = {
    "asker": gettext_lazy("the person asking is"),
    "impact": gettext_lazy("the effect on the family is"),
}


def route_label(route: Route | str) -> str:
    return str(ROUTE_LABELS[Route(route)])


def fact_label(fact: str) -> str:
    return str(FACT_LABELS.get(fact, fact))


def value_label(fact: str, value: Any) -> str:
    label = VALUE_LABELS.get(fact, {}).get(value)
    return str(label) if label is not None else str(value)


def either(words: Iterable[str]) -> str:
    """ "a, b or c"."""
    words = list(words)
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s or %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def condition_text(fact: str, values: Iterable[Any]) -> str:
    """One condition in plain words: "the child is aged two or over"."""
    values = list(values)
    if fact in STATEMENTS and len(values) == 1 and isinstance(values[0], bool):
        return str(STATEMENTS[fact][0 if values[0] else 1])
    words = either(value_label(fact, value).lower() for value in values)
    subject = SUBJECTS.get(fact)
    if subject is None:
        return f"{fact_label(fact)} {words}"
    return f"{subject} {words}"


def conditions_text(conditions: Iterable[Mapping[str, Any]]) -> str:
    """A rule's conditions joined with "and", or the words for a rule that always applies."""
    parts = [condition_text(c["fact"], c["values"]) for c in conditions]
    if not parts:
        return _("In every other case")
    return _("When %(conditions)s") % {"conditions": _(" and ").join(parts)}
