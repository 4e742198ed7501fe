"""The rule editor and its test bench, for service managers: versions, a draft edited one
rule at a time, scenarios, publishing through the bench, and republishing (rollback)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.pathway import selectors, services
from littleminds.pathway.engine import InvalidRules
from littleminds.pathway.labels import conditions_text, route_label
from littleminds.pathway.models import RuleSetVersion
from littleminds.pathway.rules_forms import (
    ActiveForm,
    MoveForm,
    RuleForm,
    ScenarioForm,
    SecondaryRuleForm,
)

MANAGE = Permission.PATHWAY_MANAGE


def _manager(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _routes(routes: Any) -> list[str]:
    return [route_label(route) for route in routes or []]


def readable_rules(rules: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """A rule set as a manager reads it: "When the child is aged two or over → Other
    services that can help", with the reason."""
    count = len(rules.get("rules") or [])
    main = [
        {
            "position": n,
            "name": rule.get("name", ""),
            "when": conditions_text(rule.get("conditions") or []),
            "route": route_label(rule["route"]),
            "also": _routes(rule.get("also")),
            "reason": rule.get("reason", ""),
            # The last rule applies to every family and must stay last, so it moves neither
            # way, and the one before it cannot move down into its place.
            "can_move_up": 1 < n < count,
            "can_move_down": n < count - 1,
        }
        for n, rule in enumerate(rules.get("rules") or [], start=1)
    ]
    secondary = [
        {
            "position": n,
            "name": rule.get("name", ""),
            "when": conditions_text(rule.get("conditions") or []),
            "with_routes": _routes(rule.get("with_routes")),
            "also": _routes(rule.get("also")),
            "reason": rule.get("reason", ""),
        }
        for n, rule in enumerate(rules.get("secondary") or [], start=1)
    ]
    return {"rules": main, "secondary": secondary}


@dataclass(frozen=True)
class Moved:
    """A rule kept in both that comes in another place among the others: from its position
    in the version in force to its position in the draft."""

    rule: dict[str, Any]
    before: int
    after: int


@dataclass(frozen=True)
class Changes:
    """What a draft changes against the version in force, rule by rule, told apart by their
    names: rules added, removed, changed (each as it is now, and as it would be), and moved
    (the first that applies wins, so the order is a change too)."""

    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    changed: list[tuple[dict[str, Any], dict[str, Any]]]
    moved: list[Moved]

    @property
    def reordered(self) -> bool:
        return bool(self.moved)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.moved)


def _kept_in_place(order: list[int]) -> set[int]:
    """The longest run of `order` that stays increasing: the rules that kept their place
    among each other. The rest are the fewest that moved (a rule added or removed shifts
    the numbers of the others, which is not a move)."""
    if not order:
        return set()
    # Patience sorting: tails[k] holds the index in `order` ending the best run of k + 1.
    tails: list[int] = []
    before: list[int | None] = [None] * len(order)
    for i, value in enumerate(order):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if order[tails[middle]] < value:
                low = middle + 1
            else:
                high = middle
        before[i] = tails[low - 1] if low else None
        if low == len(tails):
            tails.append(i)
        else:
            tails[low] = i
    kept: set[int] = set()
    at: int | None = tails[-1]
    while at is not None:
        kept.add(order[at])
        at = before[at]
    return kept


# What a readable rule says about its place rather than about itself.
PLACE = frozenset({"position", "can_move_up", "can_move_down"})


def _compared(now: list[dict[str, Any]], then: list[dict[str, Any]]) -> Changes:
    def same(rule: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in rule.items() if key not in PLACE}

    before = {rule["name"]: rule for rule in now}
    after = {rule["name"]: rule for rule in then}
    kept_after = [name for name in after if name in before]
    # Each kept rule's position in force, in the draft's order.
    in_place = _kept_in_place([before[name]["position"] for name in kept_after])
    return Changes(
        added=[rule for name, rule in after.items() if name not in before],
        removed=[rule for name, rule in before.items() if name not in after],
        changed=[
            (before[name], after[name])
            for name in kept_after
            if same(before[name]) != same(after[name])
        ],
        moved=[
            Moved(after[name], before[name]["position"], after[name]["position"])
            for name in kept_after
            if before[name]["position"] not in in_place
        ],
    )


def rule_changes(in_force: dict[str, Any], draft: dict[str, Any]) -> dict[str, Changes]:
    """The changes of `draft`'s rules against `in_force`'s: for the rules that give the
    route, and for the rules that offer routes beside it."""
    now, then = readable_rules(in_force), readable_rules(draft)
    return {kind: _compared(now[kind], then[kind]) for kind in ("rules", "secondary")}


def bench_rows(run: selectors.BenchRun) -> list[dict[str, Any]]:
    rows = []
    for result in run.results:
        scenario, decision = result.scenario, result.decision
        rows.append(
            {
                "scenario": scenario,
                "expected": route_label(scenario.expected_route),
                "expected_also": (
                    None if scenario.expected_also is None else _routes(scenario.expected_also)
                ),
                "route": route_label(decision.route),
                "also": _routes(decision.also),
                "rule": decision.rule,
                "outside_area": result.facts["outside_area"],
                "passed": result.passed,
            }
        )
    return rows


def _bench_context(version: RuleSetVersion) -> dict[str, Any]:
    try:
        run = selectors.bench_run(version)
    except InvalidRules as error:
        return {"bench_problems": error.problems}
    return {"run": run, "rows": bench_rows(run)}


def _add_problems(form: Any, error: InvalidRules | ValidationError) -> None:
    problems = error.problems if isinstance(error, InvalidRules) else error.messages
    for problem in problems:
        form.add_error(None, problem)


# Versions ----------------------------------------------------------------------------------


@permission_required(MANAGE)
@require_GET
def versions(request: HttpRequest) -> HttpResponse:
    published = list(selectors.versions_published())
    return render(
        request,
        "pathway/rules/versions.html",
        {
            "published": published,
            "in_force": published[0] if published else None,
            "draft": selectors.draft_current(),
        },
    )


@permission_required(MANAGE)
@require_GET
def version(request: HttpRequest, code: UUID) -> HttpResponse:
    version = selectors.version_get(code=code)
    published = selectors.versions_published().values_list("number", flat=True).first()
    return render(
        request,
        "pathway/rules/version.html",
        {
            "version": version,
            "in_force": version.number == published and not version.is_draft,
            **readable_rules(version.rules),
            **_bench_context(version),
        },
    )


@permission_required(MANAGE)
@require_GET
def version_export(request: HttpRequest, code: UUID) -> HttpResponse:
    version = selectors.version_get(code=code)
    response = HttpResponse(
        json.dumps(version.rules, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    name = "draft" if version.is_draft else f"version-{version.number}"
    response["Content-Disposition"] = f'attachment; filename="navigator-rules-{name}.json"'
    return response


@permission_required(MANAGE)
@require_POST
def draft_new(request: HttpRequest, code: UUID) -> HttpResponse:
    source = selectors.version_get(code=code)
    try:
        draft = services.draft_create(by=_manager(request), from_version=source)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("pathway:rules")
    messages.success(
        request,
        _("The draft starts with the rules of version %(number)s.") % {"number": source.number},
    )
    return redirect("pathway:rules-version", code=draft.code)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def draft_discard(request: HttpRequest, code: UUID) -> HttpResponse:
    draft = selectors.draft_get(code=code)
    if request.method == "POST":
        services.draft_discard(by=_manager(request), draft=draft)
        messages.success(request, _("The draft is thrown away."))
        return redirect("pathway:rules")
    return render(request, "pathway/rules/discard.html", {"draft": draft})


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, code: UUID) -> HttpResponse:
    """Publishing asks first: what the draft changes against the version in force, and how
    the test bench fares with it; then the button (shown only while every scenario passes)."""
    draft = selectors.draft_get(code=code)
    if request.method == "GET":
        in_force = selectors.versions_published().first()
        bench = _bench_context(draft)
        run = bench.get("run")
        return render(
            request,
            "pathway/rules/publish.html",
            {
                "draft": draft,
                "version": draft,
                "in_force": in_force,
                "changes": rule_changes(in_force.rules if in_force else {}, draft.rules),
                "can_publish": run is not None and run.passed,
                "publish_errors": _publish_errors(run) if run is not None else [],
                **bench,
            },
        )
    try:
        published = services.draft_publish(by=_manager(request), draft=draft)
    except services.BenchFailed as failed:
        return _bench_page(request, draft, refused=failed.run)
    messages.success(
        request,
        _("Version %(number)s is published: the navigator answers with it from now on.")
        % {"number": published.number},
    )
    return redirect("pathway:rules-version", code=published.code)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def republish(request: HttpRequest, code: UUID) -> HttpResponse:
    version = selectors.version_get(code=code)
    if version.is_draft:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            again = services.version_republish(by=_manager(request), version=version)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(
                request,
                _("Version %(number)s is published, with the rules of version %(source)s.")
                % {"number": again.number, "source": version.number},
            )
            return redirect("pathway:rules-version", code=again.code)
    in_force = selectors.versions_published().first()
    return render(
        request,
        "pathway/rules/republish.html",
        {
            "version": version,
            "in_force": in_force,
            "error": error,
            "error_list": [("", error)] if error else [],
            **_bench_context(version),
        },
    )


# One rule at a time ------------------------------------------------------------------------


def _rule_at(draft: RuleSetVersion, kind: str, position: int) -> dict[str, Any]:
    items = draft.rules.get(kind) or []
    if not 1 <= position <= len(items):
        raise Http404
    rule: dict[str, Any] = items[position - 1]
    return rule


def _rule_page(
    request: HttpRequest,
    draft: RuleSetVersion,
    form: RuleForm | SecondaryRuleForm,
    *,
    secondary: bool,
    position: int | None,
) -> HttpResponse:
    return render(
        request,
        "pathway/rules/rule_form.html",
        {"draft": draft, "form": form, "secondary": secondary, "position": position},
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, code: UUID, position: int) -> HttpResponse:
    draft = selectors.draft_get(code=code)
    rule = _rule_at(draft, "rules", position)
    last = position == len(draft.rules["rules"])
    form = RuleForm(request.POST or None, initial=RuleForm.initial_from(rule), last=last)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_rule_save(
                by=_manager(request), draft=draft, rule=form.to_rule(), position=position
            )
        except (InvalidRules, ValidationError) as error:
            _add_problems(form, error)
        else:
            messages.success(request, _("Rule %(position)s is saved.") % {"position": position})
            return redirect("pathway:rules-version", code=draft.code)
    return _rule_page(request, draft, form, secondary=False, position=position)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def rule_new(request: HttpRequest, code: UUID) -> HttpResponse:
    draft = selectors.draft_get(code=code)
    rules = draft.rules.get("rules") or []
    before = [
        (
            str(n),
            _("Before rule %(position)s: %(name)s") % {"position": n, "name": rule.get("name")},
        )
        for n, rule in enumerate(rules, start=1)
    ]
    form = RuleForm(request.POST or None, initial={"before": str(len(rules))}, before=before)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_rule_save(
                by=_manager(request),
                draft=draft,
                rule=form.to_rule(),
                before=int(form.cleaned_data["before"]),
            )
        except (InvalidRules, ValidationError) as error:
            _add_problems(form, error)
        else:
            messages.success(request, _("The rule is added."))
            return redirect("pathway:rules-version", code=draft.code)
    return _rule_page(request, draft, form, secondary=False, position=None)


@permission_required(MANAGE)
@require_POST
def rule_move(request: HttpRequest, code: UUID, position: int) -> HttpResponse:
    draft = selectors.draft_get(code=code)
    _rule_at(draft, "rules", position)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.draft_rule_move(
                by=_manager(request),
                draft=draft,
                position=position,
                up=form.cleaned_data["direction"] == "up",
            )
        except InvalidRules as error:
            messages.error(
                request,
                _("The rule cannot move there: %(problems)s")
                % {"problems": "; ".join(error.problems)},
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The rule is moved."))
    return redirect("pathway:rules-version", code=draft.code)


@permission_required(MANAGE)
@require_POST
def rule_remove(request: HttpRequest, code: UUID, position: int) -> HttpResponse:
    draft = selectors.draft_get(code=code)
    rule = _rule_at(draft, "rules", position)
    try:
        services.draft_rule_remove(by=_manager(request), draft=draft, position=position)
    except InvalidRules as error:
        messages.error(
            request,
            _("The rule cannot be removed: %(problems)s") % {"problems": "; ".join(error.problems)},
        )
    else:
        messages.success(request, _("“%(name)s” is removed.") % {"name": rule.get("name")})
    return redirect("pathway:rules-version", code=draft.code)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def secondary_edit(request: HttpRequest, code: UUID, position: int) -> HttpResponse:
    draft = selectors.draft_get(code=code)
    rule = _rule_at(draft, "secondary", position)
    form = SecondaryRuleForm(request.POST or None, initial=SecondaryRuleForm.initial_from(rule))
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_secondary_save(
                by=_manager(request), draft=draft, rule=form.to_rule(), position=position
            )
        except (InvalidRules, ValidationError) as error:
            _add_problems(form, error)
        else:
            messages.success(request, _("The secondary rule is saved."))
            return redirect("pathway:rules-version", code=draft.code)
    return _rule_page(request, draft, form, secondary=True, position=position)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def secondary_new(request: HttpRequest, code: UUID) -> HttpResponse:
    draft = selectors.draft_get(code=code)
    form = SecondaryRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_secondary_save(by=_manager(request), draft=draft, rule=form.to_rule())
        except (InvalidRules, ValidationError) as error:
            _add_problems(form, error)
        else:
            messages.success(request, _("The secondary rule is added."))
            return redirect("pathway:rules-version", code=draft.code)
    return _rule_page(request, draft, form, secondary=True, position=None)


@permission_required(MANAGE)
@require_POST
def secondary_remove(request: HttpRequest, code: UUID, position: int) -> HttpResponse:
    draft = selectors.draft_get(code=code)
    rule = _rule_at(draft, "secondary", position)
    services.draft_secondary_remove(by=_manager(request), draft=draft, position=position)
    messages.success(request, _("“%(name)s” is removed.") % {"name": rule.get("name")})
    return redirect("pathway:rules-version", code=draft.code)


# The test bench ----------------------------------------------------------------------------


def _publish_errors(run: selectors.BenchRun) -> list[tuple[str, str]]:
    """Why the bench holds a draft back, for the error summary: each failing scenario,
    linked to its row of the bench's table."""
    errors: list[tuple[str, str]] = []
    if not run.results:
        errors.append(("", _("The test bench has no scenarios: add one before publishing")))
    for result in run.failed:
        errors.append(
            (
                f"#scenario-{result.scenario.code}",
                _("“%(name)s” gives %(route)s, not %(expected)s")
                % {
                    "name": result.scenario.name,
                    "route": route_label(result.decision.route),
                    "expected": route_label(result.scenario.expected_route),
                }
                if not result.route_ok
                else _("“%(name)s” offers other routes than expected")
                % {"name": result.scenario.name},
            )
        )
    return errors


def _bench_page(
    request: HttpRequest,
    draft: RuleSetVersion | None,
    *,
    refused: selectors.BenchRun | None = None,
) -> HttpResponse:
    version = draft or selectors.versions_published().first()
    errors = _publish_errors(refused) if refused is not None else []
    context: dict[str, Any] = {
        "draft": draft,
        "version": version,
        "publish_errors": errors,
        "retired": selectors.scenarios_all(active=False),
        "publish_refused": refused is not None,
    }
    if version is not None:
        context.update(_bench_context(version))
    return render(request, "pathway/rules/bench.html", context)


@permission_required(MANAGE)
@require_GET
def bench(request: HttpRequest) -> HttpResponse:
    return _bench_page(request, selectors.draft_current())


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def scenario_new(request: HttpRequest) -> HttpResponse:
    form = ScenarioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services.scenario_create(by=_manager(request), fields=form.to_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("“%(name)s” is on the test bench.") % {"name": scenario.name}
            )
            return redirect("pathway:rules-bench")
    return render(request, "pathway/rules/scenario_form.html", {"form": form, "scenario": None})


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def scenario_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    scenario = selectors.scenario_get(code=code)
    form = ScenarioForm(request.POST or None, instance=scenario)
    if request.method == "POST" and form.is_valid():
        try:
            services.scenario_update(
                by=_manager(request), scenario=scenario, fields=form.to_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The scenario is saved."))
            return redirect("pathway:rules-bench")
    return render(request, "pathway/rules/scenario_form.html", {"form": form, "scenario": scenario})


@permission_required(MANAGE)
@require_POST
def scenario_active(request: HttpRequest, code: UUID) -> HttpResponse:
    scenario = selectors.scenario_get(code=code)
    form = ActiveForm(request.POST)
    if form.is_valid():
        active = form.cleaned_data["active"] == "yes"
        services.scenario_set_active(by=_manager(request), scenario=scenario, active=active)
        if active:
            message = _("“%(name)s” is back on the test bench.")
        else:
            message = _("“%(name)s” is retired from the test bench.")
        messages.success(request, message % {"name": scenario.name})
    return redirect("pathway:rules-bench")
