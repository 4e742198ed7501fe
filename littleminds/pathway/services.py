"""Writes of the navigator: counting recommendations, and the rule editor (drafts,
publishing through the test bench, republishing, scenarios)."""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import Organisation, User
from littleminds.audit.services import audit_record
from littleminds.core.db import count_write
from littleminds.core.postcodes import Postcode
from littleminds.pathway import selectors
from littleminds.pathway.engine import Answers, Decision, rule_set_from_data
from littleminds.pathway.models import Recommendation, RuleSetVersion, Scenario


def recommendation_record(
    *,
    answers: Answers,
    decision: Decision,
    rule_set: RuleSetVersion,
    postcode: Postcode | None,
    organisation: Organisation | None = None,
) -> Recommendation:
    """Count one recommendation: the day, who asked, the route, the rule set, the postcode
    district, and the organisation of the signed-in practitioner (or API token) who asked.
    It holds nothing about a person and has no actor, so it is not an audit event: the
    count itself is the record (the insights' `navigator` tallies read it).

    One transaction for the row and the insights' mark of its day (their receiver), whose
    commit does not wait for the disk on PostgreSQL (`count_write`, ADR 0048): these were
    two commits, each waiting for the disk."""
    with count_write():
        return Recommendation.objects.create(
            made_on=answers.on_date,
            asker=answers.asker,
            route=decision.route.value,
            rule_set=rule_set,
            postcode_district=postcode.district if postcode is not None else "",
            organisation=organisation,
        )


# The rule editor ---------------------------------------------------------------------------


class BenchFailed(Exception):
    """Publishing was refused: a scenario of the test bench does not give its expected
    route (or the bench has no scenarios). Nothing was changed."""

    def __init__(self, run: selectors.BenchRun) -> None:
        super().__init__(", ".join(result.scenario.name for result in run.failed))
        self.run = run


def _published_top() -> int:
    top = RuleSetVersion.objects.filter(status=RuleSetVersion.Status.PUBLISHED).aggregate(
        top=Max("number")
    )["top"]
    return top or 0


def _locked(version: RuleSetVersion) -> RuleSetVersion:
    """The version as stored now, locked until the transaction ends, so that two managers
    editing the one draft do not undo each other's changes."""
    return RuleSetVersion.objects.select_for_update().get(pk=version.pk)


def _locked_draft(draft: RuleSetVersion) -> RuleSetVersion:
    fresh = _locked(draft)
    if not fresh.is_draft:
        raise ValidationError(_("This version is published, and published versions never change."))
    return fresh


def draft_create(*, by: User, from_version: RuleSetVersion) -> RuleSetVersion:
    """Start a draft with a copy of `from_version`'s rules. There is one draft at a time."""
    with transaction.atomic():
        if (
            RuleSetVersion.objects.select_for_update()
            .filter(status=RuleSetVersion.Status.DRAFT)
            .exists()
        ):
            raise ValidationError(
                _("There is already a draft. Publish it or throw it away before starting another.")
            )
        draft = RuleSetVersion(
            number=_published_top() + 1,
            status=RuleSetVersion.Status.DRAFT,
            rules=copy.deepcopy(from_version.rules),
            service_area=from_version.service_area,
            created_by=by,
            based_on=from_version,
        )
        draft.full_clean()
        draft.save()
        audit_record(
            by=by,
            action="pathway.draft_created",
            target=draft,
            detail={"from_version": from_version.number},
        )
    return draft


def draft_update(
    *, by: User, draft: RuleSetVersion, rules_data: dict[str, Any], what: str = ""
) -> RuleSetVersion:
    """Replace the draft's rules. The engine reads them first: `engine.InvalidRules` (with
    every problem) is raised, and nothing saved, if it could not run them."""
    rule_set_from_data(rules_data)
    with transaction.atomic():
        fresh = _locked_draft(draft)
        fresh.rules = copy.deepcopy(rules_data)
        fresh.full_clean()
        fresh.save(update_fields=["rules"])
        audit_record(
            by=by,
            action="pathway.draft_changed",
            target=fresh,
            detail={"what": what, "rules": rules_data},
        )
    draft.rules = fresh.rules
    return fresh


def _changed(*, by: User, draft: RuleSetVersion, change: Any, what: str) -> RuleSetVersion:
    """Apply `change` (a function of a copy of the draft's stored rules) and save it."""
    with transaction.atomic():
        data = copy.deepcopy(_locked_draft(draft).rules)
        data.setdefault("rules", [])
        data.setdefault("secondary", [])
        change(data)
        return draft_update(by=by, draft=draft, rules_data=data, what=what)


def _check_position(items: list[Any], position: int) -> None:
    if not 1 <= position <= len(items):
        raise ValidationError(_("There is no rule %(position)s.") % {"position": position})


def draft_rule_save(
    *,
    by: User,
    draft: RuleSetVersion,
    rule: dict[str, Any],
    position: int | None = None,
    before: int | None = None,
) -> RuleSetVersion:
    """Change rule `position` (from 1), or add `rule` before rule `before` (at the end when
    `before` is None)."""

    def change(data: dict[str, Any]) -> None:
        rules = data["rules"]
        if position is not None:
            _check_position(rules, position)
            rules[position - 1] = rule
        elif before is not None:
            _check_position(rules, before)
            rules.insert(before - 1, rule)
        else:
            rules.append(rule)

    what = f"rule {position} changed" if position is not None else "rule added"
    return _changed(by=by, draft=draft, change=change, what=what)


def draft_rule_move(*, by: User, draft: RuleSetVersion, position: int, up: bool) -> RuleSetVersion:
    def change(data: dict[str, Any]) -> None:
        rules = data["rules"]
        _check_position(rules, position)
        other = position - 1 if up else position + 1
        _check_position(rules, other)
        rules[position - 1], rules[other - 1] = rules[other - 1], rules[position - 1]

    return _changed(
        by=by, draft=draft, change=change, what=f"rule {position} moved {'up' if up else 'down'}"
    )


def draft_rule_remove(*, by: User, draft: RuleSetVersion, position: int) -> RuleSetVersion:
    def change(data: dict[str, Any]) -> None:
        _check_position(data["rules"], position)
        del data["rules"][position - 1]

    return _changed(by=by, draft=draft, change=change, what=f"rule {position} removed")


def draft_secondary_save(
    *, by: User, draft: RuleSetVersion, rule: dict[str, Any], position: int | None = None
) -> RuleSetVersion:
    def change(data: dict[str, Any]) -> None:
        if position is None:
            data["secondary"].append(rule)
        else:
            _check_position(data["secondary"], position)
            data["secondary"][position - 1] = rule

    what = f"secondary rule {position} changed" if position else "secondary rule added"
    return _changed(by=by, draft=draft, change=change, what=what)


def draft_secondary_remove(*, by: User, draft: RuleSetVersion, position: int) -> RuleSetVersion:
    def change(data: dict[str, Any]) -> None:
        _check_position(data["secondary"], position)
        del data["secondary"][position - 1]

    return _changed(by=by, draft=draft, change=change, what=f"secondary rule {position} removed")


def draft_discard(*, by: User, draft: RuleSetVersion) -> None:
    with transaction.atomic():
        fresh = _locked_draft(draft)
        audit_record(
            by=by,
            action="pathway.draft_discarded",
            target=fresh,
            detail={"rules": fresh.rules},
        )
        fresh.delete()


def draft_publish(*, by: User, draft: RuleSetVersion) -> RuleSetVersion:
    """Publish the draft: from now on the navigator answers with it. Refused, with nothing
    changed, unless every active scenario of the test bench gives its expected route."""
    with transaction.atomic():
        fresh = _locked_draft(draft)
        run = selectors.bench_run(fresh)
        if not run.passed:
            raise BenchFailed(run)
        fresh.number = _published_top() + 1
        fresh.status = RuleSetVersion.Status.PUBLISHED
        fresh.published_at = timezone.now()
        fresh.published_by = by
        fresh.full_clean()
        fresh.save()
        audit_record(
            by=by,
            action="pathway.rules_published",
            target=fresh,
            detail={"number": fresh.number, "scenarios_passed": len(run.results)},
        )
    return fresh


def version_republish(*, by: User, version: RuleSetVersion) -> RuleSetVersion:
    """Roll back: publish an earlier version's rules again, as a new version with the next
    number (the earlier one is kept as it was). This is the way back when published rules
    turn out wrong, so the bench does not gate it; the confirmation page shows its result."""
    with transaction.atomic():
        fresh = _locked(version)
        if fresh.is_draft:
            raise ValidationError(_("Only a published version can be published again."))
        number = _published_top() + 1
        if fresh.number == number - 1:
            raise ValidationError(_("This version is already the one in force."))
        draft = (
            RuleSetVersion.objects.select_for_update()
            .filter(status=RuleSetVersion.Status.DRAFT)
            .first()
        )
        if draft is not None and draft.number == number:
            # The draft keeps the number it will be published with: one more than this.
            draft.number = number + 1
            draft.save(update_fields=["number"])
        now = timezone.now()
        again = RuleSetVersion(
            number=number,
            status=RuleSetVersion.Status.PUBLISHED,
            rules=copy.deepcopy(fresh.rules),
            service_area=fresh.service_area,
            republished_from=fresh,
            created_at=now,
            created_by=by,
            published_at=now,
            published_by=by,
        )
        again.full_clean()
        again.save()
        audit_record(
            by=by,
            action="pathway.rules_republished",
            target=again,
            detail={"number": number, "from_version": fresh.number},
        )
    return again


# The test bench's scenarios ----------------------------------------------------------------


@dataclass
class ScenarioFields:
    """A scenario as the form gives it: a family's answers on a day, and what to expect."""

    name: str
    asker: str
    postcode: str
    on_date: date
    expected_route: str
    pregnant: bool = False
    expected_delivery_date: date | None = None
    child_date_of_birth: date | None = None
    concerns: list[str] = field(default_factory=list)
    impact: str = ""
    immediate_risk: bool = False
    practitioner_involved: bool = False
    expected_also: list[str] | None = None
    note: str = ""


def scenario_create(*, by: User, fields: ScenarioFields) -> Scenario:
    with transaction.atomic():
        scenario = Scenario(**asdict(fields), created_by=by)
        scenario.full_clean()
        scenario.save()
        audit_record(
            by=by,
            action="pathway.scenario_created",
            target=scenario,
            detail=_scenario_detail(scenario),
        )
    return scenario


def scenario_update(*, by: User, scenario: Scenario, fields: ScenarioFields) -> Scenario:
    with transaction.atomic():
        fresh = Scenario.objects.select_for_update().get(pk=scenario.pk)
        for name, value in asdict(fields).items():
            setattr(fresh, name, value)
        fresh.full_clean()
        fresh.save()
        audit_record(
            by=by, action="pathway.scenario_changed", target=fresh, detail=_scenario_detail(fresh)
        )
    return fresh


def scenario_set_active(*, by: User, scenario: Scenario, active: bool) -> None:
    """Retire a scenario from the bench (it is kept, and can be brought back), or bring it
    back."""
    with transaction.atomic():
        fresh = Scenario.objects.select_for_update().get(pk=scenario.pk)
        if fresh.active == active:
            return
        fresh.active = active
        fresh.save(update_fields=["active"])
        audit_record(
            by=by,
            action="pathway.scenario_restored" if active else "pathway.scenario_retired",
            target=fresh,
            detail={"name": fresh.name},
        )


def _scenario_detail(scenario: Scenario) -> dict[str, Any]:
    names = [f.name for f in Scenario._meta.concrete_fields]
    skip = {"id", "code", "created_at", "created_by"}
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name in names
        if name not in skip
        for value in [getattr(scenario, name)]
    }
