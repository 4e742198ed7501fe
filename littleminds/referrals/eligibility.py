"""Whether a family can be referred, worked out as the answers come in (DOMAIN.md §5): age
on the day, home area on the day. Where they cannot, it says why in plain words and what
would help instead (the navigator's route and the directory's services), so that nobody
sends a referral that would be declined.

Where a referral goes is worked out here too: the `Intake` whose area covers the postcode
on the day, or the default intake for a ZZ99 pseudo-postcode (a homeless family must still
be able to get help).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from littleminds.core.dates import age_in_months
from littleminds.core.postcodes import Postcode
from littleminds.directory.models import Service
from littleminds.directory.selectors import covers
from littleminds.pathway import selectors as pathway
from littleminds.pathway.engine import Answers
from littleminds.pathway.labels import route_label
from littleminds.pathway.receiving import Receiving
from littleminds.referrals.models import Intake

# The age, in months, from which a baby is too old for the service where no intake says
# otherwise: until the day before the second birthday.
AGE_LIMIT_MONTHS = 24


@dataclass(frozen=True)
class Family:
    """What eligibility needs to know: due date or date of birth, postcode, the day."""

    unborn: bool
    expected_delivery_date: date | None
    child_date_of_birth: date | None
    postcode: Postcode | None
    on: date
    concerns: tuple[str, ...] = ()
    impact: str = ""
    asker: str = "practitioner"


@dataclass
class Eligibility:
    intake: Intake | None
    problems: dict[str, str] = field(default_factory=dict)  # by field: why not
    route: str = ""  # the navigator's route instead, in words
    services: list[Service] = field(default_factory=list)  # what would help instead

    @property
    def eligible(self) -> bool:
        return self.intake is not None and not self.problems


def intake_for(postcode: Postcode | None, on: date) -> Intake | None:
    """The intake whose area covers the postcode on the day (the oldest, should two)."""
    # Open intakes only (a closed one keeps its referrals but takes no new ones), with the
    # team (a referral's audit event names it), and the coverage joined rather than asked
    # of a subquery: PostgreSQL spent longer planning the subquery than running it.
    intakes = Intake.objects.filter(is_open=True).select_related("team", "service")
    if postcode is None or postcode.is_pseudo:
        return intakes.filter(is_default=True).first()
    return intakes.filter(covers(postcode, on, "area__coverage__")).order_by("pk").first()


def check(family: Family) -> Eligibility:
    """The intake the family's referral goes to, or the reasons it cannot be made, with the
    alternatives. Only what is known is checked: a postcode not yet given is not a problem."""
    intake = intake_for(family.postcode, family.on)
    problems = _problems(family, intake)
    result = Eligibility(intake=intake if not problems else None, problems=problems)
    if problems:
        _add_alternatives(result, family)
    return result


def age_problem(born: date, on: date, limit: int = AGE_LIMIT_MONTHS) -> str | None:
    """Why a baby born on `born` is too old for the service on `on`, or None. A date of birth
    after the day is a mistake the forms name (`birth_date_problem`); it says nothing of age."""
    if born > on:
        return None
    age = age_in_months(born, on)
    if age < limit:
        return None
    return _(
        "The baby is %(age)s months old. The service works with families from "
        "pregnancy until the day before the baby's second birthday."
    ) % {"age": age}


def _problems(family: Family, intake: Intake | None) -> dict[str, str]:
    """Why the family cannot be referred to `intake` (the one for its postcode), by field."""
    problems: dict[str, str] = {}
    limit = intake.age_limit_months if intake else AGE_LIMIT_MONTHS
    born = family.child_date_of_birth
    if not family.unborn and born is not None and (problem := age_problem(born, family.on, limit)):
        problems["child_date_of_birth"] = problem
    if family.postcode is not None and intake is None:
        problems["postcode"] = _("%(postcode)s is outside the area the service covers.") % {
            "postcode": str(family.postcode)
        }
    return problems


def receiving(answers: Answers, postcode: Postcode | None) -> Receiving | None:
    """The service whose intake would receive this family's referral on the day of the
    answers, or None when the family cannot be referred: what the navigator's button to the
    platform's forms names (registered with `pathway.receiving` when the app starts). It
    asks for no alternatives, since the navigator is the one finding them."""
    family = Family(
        unborn=answers.pregnant,
        expected_delivery_date=answers.expected_delivery_date,
        child_date_of_birth=answers.child_date_of_birth,
        postcode=postcode,
        on=answers.on_date,
    )
    intake = intake_for(postcode, answers.on_date)
    if intake is None or _problems(family, intake):
        return None
    return Receiving(
        service=intake.service, phone=intake.contact_phone, decision_days=intake.decision_days
    )


def _add_alternatives(result: Eligibility, family: Family) -> None:
    result.route, result.services = alternatives(family)


def alternatives(family: Family) -> tuple[str, list[Service]]:
    """What the navigator would suggest for this family instead (its route, in words) and
    the directory's services for it; nothing when no rules are published."""
    answers = Answers(
        asker=family.asker,
        pregnant=family.unborn,
        expected_delivery_date=family.expected_delivery_date,
        child_date_of_birth=family.child_date_of_birth,
        concerns=frozenset(family.concerns),
        impact=family.impact or None,
        immediate_risk=False,
        practitioner_involved=family.asker == "practitioner",
        on_date=family.on,
    )
    try:
        _version, decision = pathway.decision_now(answers, family.postcode)
    except pathway.NoPublishedRules:
        return "", []
    return route_label(decision.route), pathway.services_for(answers, family.postcode, decision)
