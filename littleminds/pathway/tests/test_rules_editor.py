"""The rule editor and its test bench: drafts, publishing only through a passing bench,
immutable published versions, rollback by republishing, scenarios, and their pages."""

from __future__ import annotations

import copy
import json
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent
from littleminds.pathway import selectors, services
from littleminds.pathway.engine import InvalidRules, Route
from littleminds.pathway.labels import ROUTE_LABELS
from littleminds.pathway.models import (
    PublishedRuleSetImmutable,
    Recommendation,
    RuleSetVersion,
    Scenario,
)
from littleminds.pathway.rules import DEFAULT_RULES, DEFAULT_SCENARIOS, DEFAULT_SERVICE_AREA
from littleminds.pathway.rules_forms import RuleForm, SecondaryRuleForm
from littleminds.pathway.tests.factories import default_rules, default_scenarios, service_area

pytestmark = pytest.mark.django_db

AGE_RULE = 2  # "child aged two or over"
EXACTLY_TWO = "Child aged exactly 24 months: signposted"
OUTSIDE = "BD23 is outside the area: signposted"


@pytest.fixture
def version1() -> RuleSetVersion:
    default_scenarios()
    return default_rules()


@pytest.fixture
def area(version1: RuleSetVersion):
    return service_area()


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


def _age_rule_gives(route: str) -> dict[str, Any]:
    rule = copy.deepcopy(DEFAULT_RULES["rules"][AGE_RULE - 1])
    rule["route"] = route
    return rule


# The bench and its scenarios ---------------------------------------------------------------


class TestBench:
    def test_it_seeds_every_default_scenario_once(self, version1: RuleSetVersion) -> None:
        names = list(Scenario.objects.values_list("name", flat=True))

        assert sorted(names) == sorted(s["name"] for s in DEFAULT_SCENARIOS)
        assert len(set(names)) == len(names)

    def test_every_default_rule_decides_a_scenario_and_all_pass(
        self, version1: RuleSetVersion, area
    ) -> None:
        run = selectors.bench_run(version1)

        assert run.passed, [r.scenario.name for r in run.failed]
        decided = {result.decision.rule for result in run.results}
        assert decided == {rule["name"] for rule in DEFAULT_RULES["rules"]}
        secondary = DEFAULT_RULES["secondary"][0]["reason"]
        assert any(secondary in result.decision.reasons for result in run.results)

    def test_it_takes_the_area_from_the_directory_as_the_api_does(
        self, version1: RuleSetVersion
    ) -> None:
        """Without the service's area no postcode is outside it: the scenario that needs
        the area fails, and says why in its note; every other scenario still passes."""
        run = selectors.bench_run(version1)

        assert run.area is None
        assert [result.scenario.name for result in run.failed] == [OUTSIDE]
        assert "Needs the directory's area lmm-clinical" in run.failed[0].scenario.note

    def test_it_checks_the_other_routes_only_when_asked(
        self, version1: RuleSetVersion, area
    ) -> None:
        scenario = Scenario.objects.get(
            name="Relationship and other worries: referral, and signposting too"
        )
        scenario.expected_also = []
        scenario.save()
        result = next(r for r in selectors.bench_run(version1).results if r.scenario == scenario)
        assert (result.route_ok, result.also_ok, result.passed) == (True, False, False)

        scenario.expected_also = None
        scenario.save()
        result = next(r for r in selectors.bench_run(version1).results if r.scenario == scenario)
        assert result.passed

    def test_it_runs_only_active_scenarios(self, version1: RuleSetVersion, manager: User) -> None:
        outside = Scenario.objects.get(name=OUTSIDE)
        services.scenario_set_active(by=manager, scenario=outside, active=False)

        run = selectors.bench_run(version1)

        assert run.passed
        assert outside not in [result.scenario for result in run.results]

    def test_decision_for_answers_as_the_api_does(
        self, version1: RuleSetVersion, area, anonymous: Client
    ) -> None:
        for scenario in Scenario.objects.all():
            decision = selectors.decision_for(
                scenario.answers(), scenario.parsed_postcode(), version1
            )
            body = {
                "asker": scenario.asker,
                "pregnant": scenario.pregnant,
                "expected_delivery_date": scenario.expected_delivery_date,
                "child_date_of_birth": scenario.child_date_of_birth,
                "postcode": scenario.postcode,
                "concerns": scenario.concerns,
                "impact": scenario.impact or None,
                "immediate_risk": scenario.immediate_risk,
                "practitioner_involved": scenario.practitioner_involved,
                "on_date": scenario.on_date,
            }
            answer = anonymous.post(
                "/api/pathway/recommend",
                json.dumps(body, default=str),
                content_type="application/json",
            ).json()
            assert (answer["route"], answer["also"], answer["reasons"]) == (
                decision.route.value,
                [r.value for r in decision.also],
                list(decision.reasons),
            ), scenario.name


class TestScenarios:
    def _fields(self, **changes: Any) -> services.ScenarioFields:
        values: dict[str, Any] = {
            "name": "Twins, moderate bonding worry",
            "asker": "practitioner",
            "postcode": "bd7 1dp",
            "on_date": date(2026, 11, 28),
            "expected_route": "lmm_referral",
            "child_date_of_birth": date(2026, 6, 1),
            "concerns": ["bonding"],
            "impact": "moderate",
        }
        values.update(changes)
        return services.ScenarioFields(**values)

    def test_it_adds_changes_and_retires_a_scenario_with_audit(self, manager: User) -> None:
        scenario = services.scenario_create(by=manager, fields=self._fields())
        assert (scenario.postcode, scenario.created_by, scenario.active) == (
            "BD7 1DP",
            manager,
            True,
        )

        services.scenario_update(
            by=manager, scenario=scenario, fields=self._fields(name="Twins", impact="severe")
        )
        services.scenario_set_active(by=manager, scenario=scenario, active=False)
        services.scenario_set_active(by=manager, scenario=scenario, active=True)

        scenario.refresh_from_db()
        assert (scenario.name, scenario.impact, scenario.active) == ("Twins", "severe", True)
        events = AuditEvent.objects.filter(target_code=str(scenario.code)).order_by("sequence")
        assert [e.action for e in events] == [
            "pathway.scenario_created",
            "pathway.scenario_changed",
            "pathway.scenario_retired",
            "pathway.scenario_restored",
        ]
        assert events[0].actor_code == manager.code
        assert events[1].detail["impact"] == "severe"

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"child_date_of_birth": None}, "child_date_of_birth", "or say that the family"),
            (
                {"child_date_of_birth": date(2026, 12, 1)},
                "child_date_of_birth",
                "on or before the day of the scenario",
            ),
            ({"pregnant": True}, "expected_delivery_date", "Give the expected date of delivery"),
            (
                {"pregnant": True, "expected_delivery_date": date(2027, 12, 1)},
                "expected_delivery_date",
                "no more than 42 weeks",
            ),
            ({"impact": ""}, "impact", "Say how much it affects the family"),
            ({"concerns": ["ghosts"]}, "concerns", "Choose the worries from the list"),
            ({"postcode": "QQ1 1QQ"}, "postcode", "Enter a real UK postcode"),
            ({"expected_also": ["elsewhere"]}, "expected_also", "Choose the other routes"),
        ],
    )
    def test_it_checks_the_answers_as_the_navigator_does(
        self, manager: User, changes: dict[str, Any], field: str, message: str
    ) -> None:
        before = Scenario.objects.count()
        with pytest.raises(ValidationError) as raised:
            services.scenario_create(by=manager, fields=self._fields(**changes))

        assert message in " ".join(raised.value.message_dict[field])
        assert Scenario.objects.count() == before
        assert "pathway.scenario_created" not in _actions()


# Drafts, publishing and rollback -----------------------------------------------------------


class TestPublishing:
    def test_it_starts_one_draft_at_a_time_from_any_version(
        self, version1: RuleSetVersion, manager: User
    ) -> None:
        draft = services.draft_create(by=manager, from_version=version1)

        assert (draft.status, draft.number, draft.based_on) == ("draft", 2, version1)
        assert draft.rules == version1.rules
        assert draft.rules is not version1.rules
        with pytest.raises(ValidationError, match="already a draft"):
            services.draft_create(by=manager, from_version=version1)
        assert RuleSetVersion.objects.filter(status="draft").count() == 1

    def test_it_refuses_to_publish_while_a_scenario_fails_and_changes_nothing(
        self, version1: RuleSetVersion, area, manager: User
    ) -> None:
        draft = services.draft_create(by=manager, from_version=version1)
        services.draft_rule_save(
            by=manager, draft=draft, rule=_age_rule_gives("lmm_referral"), position=AGE_RULE
        )
        stored = RuleSetVersion.objects.get(pk=draft.pk)
        events = AuditEvent.objects.count()

        with pytest.raises(services.BenchFailed) as refused:
            services.draft_publish(by=manager, draft=draft)

        assert [r.scenario.name for r in refused.value.run.failed] == [EXACTLY_TWO]
        after = RuleSetVersion.objects.get(pk=draft.pk)
        assert (after.status, after.number, after.published_at, after.rules) == (
            "draft",
            stored.number,
            None,
            stored.rules,
        )
        assert selectors.rule_set_current()[0] == version1
        assert AuditEvent.objects.count() == events

    def test_it_publishes_when_every_scenario_passes(
        self, version1: RuleSetVersion, area, manager: User
    ) -> None:
        draft = services.draft_create(by=manager, from_version=version1)
        services.draft_rule_save(
            by=manager, draft=draft, rule=_age_rule_gives("lmm_referral"), position=AGE_RULE
        )
        services.draft_rule_save(
            by=manager, draft=draft, rule=_age_rule_gives("signpost"), position=AGE_RULE
        )

        published = services.draft_publish(by=manager, draft=draft)

        assert (published.status, published.number, published.published_by) == (
            "published",
            2,
            manager,
        )
        assert published.published_at is not None
        assert selectors.rule_set_current()[0] == published
        assert _actions()[-1] == "pathway.rules_published"

    def test_it_refuses_to_publish_with_no_scenarios(
        self, version1: RuleSetVersion, area, manager: User
    ) -> None:
        Scenario.objects.update(active=False)
        draft = services.draft_create(by=manager, from_version=version1)

        with pytest.raises(services.BenchFailed):
            services.draft_publish(by=manager, draft=draft)
        assert RuleSetVersion.objects.get(pk=draft.pk).status == "draft"

    def test_published_versions_never_change(self, version1: RuleSetVersion, manager: User) -> None:
        original = copy.deepcopy(version1.rules)
        version1.rules = {"rules": []}
        with pytest.raises(PublishedRuleSetImmutable):
            version1.save()
        with pytest.raises(PublishedRuleSetImmutable):
            version1.delete()
        with pytest.raises(PublishedRuleSetImmutable):
            RuleSetVersion.objects.filter(pk=version1.pk).update(rules={})
        with pytest.raises(PublishedRuleSetImmutable):
            RuleSetVersion.objects.filter(pk=version1.pk).delete()
        with pytest.raises(ValidationError, match="never change"):
            services.draft_update(by=manager, draft=version1, rules_data=DEFAULT_RULES)

        assert RuleSetVersion.objects.get(pk=version1.pk).rules == original

    def test_a_draft_can_change_and_be_thrown_away(
        self, version1: RuleSetVersion, manager: User
    ) -> None:
        draft = services.draft_create(by=manager, from_version=version1)
        draft.rules = {"rules": [], "secondary": []}
        draft.save()

        services.draft_discard(by=manager, draft=draft)

        assert not RuleSetVersion.objects.filter(status="draft").exists()
        assert _actions()[-1] == "pathway.draft_discarded"

    def test_republishing_rolls_back_with_a_new_number_and_the_same_rules(
        self, version1: RuleSetVersion, area, manager: User
    ) -> None:
        draft = services.draft_create(by=manager, from_version=version1)
        rule = copy.deepcopy(DEFAULT_RULES["rules"][3])
        rule["reason"] = "A new way of putting it."
        services.draft_rule_save(by=manager, draft=draft, rule=rule, position=4)
        version2 = services.draft_publish(by=manager, draft=draft)

        version3 = services.version_republish(by=manager, version=version1)

        assert (version3.number, version3.status, version3.republished_from) == (
            3,
            "published",
            version1,
        )
        assert version3.rules == version1.rules == DEFAULT_RULES
        assert RuleSetVersion.objects.get(pk=version2.pk).rules["rules"][3]["reason"] == (
            "A new way of putting it."
        )
        assert selectors.rule_set_current()[0] == version3
        assert _actions()[-1] == "pathway.rules_republished"
        with pytest.raises(ValidationError, match="already the one in force"):
            services.version_republish(by=manager, version=version3)

    def test_republishing_moves_the_draft_on_to_the_next_number(
        self, version1: RuleSetVersion, area, manager: User
    ) -> None:
        draft = services.draft_create(by=manager, from_version=version1)
        version2 = services.draft_publish(by=manager, draft=draft)
        draft = services.draft_create(by=manager, from_version=version2)
        assert draft.number == 3

        assert services.version_republish(by=manager, version=version1).number == 3
        draft.refresh_from_db()
        assert (draft.status, draft.number) == ("draft", 4)
        assert services.draft_publish(by=manager, draft=draft).number == 4

    def test_a_recommendation_records_the_version_in_force(
        self, version1: RuleSetVersion, area, manager: User, anonymous: Client
    ) -> None:
        body = {
            "asker": "practitioner",
            "child_date_of_birth": "2026-05-01",
            "postcode": "BD7 1DP",
            "concerns": ["bonding"],
            "impact": "moderate",
            "on_date": "2026-11-28",
        }

        def ask() -> dict[str, Any]:
            response = anonymous.post(
                "/api/pathway/recommend", json.dumps(body), content_type="application/json"
            )
            assert response.status_code == 200
            data: dict[str, Any] = response.json()
            return data

        assert ask()["rule_set_version"] == 1
        draft = services.draft_create(by=manager, from_version=version1)
        rule = copy.deepcopy(DEFAULT_RULES["rules"][3])
        rule["reason"] = "Refer the family: the worry is more than mild."
        services.draft_rule_save(by=manager, draft=draft, rule=rule, position=4)
        services.draft_publish(by=manager, draft=draft)

        answer = ask()

        assert (answer["rule_set_version"], answer["reasons"]) == (
            2,
            ["Refer the family: the worry is more than mild."],
        )
        counted = Recommendation.objects.order_by("pk").values_list("rule_set__number", flat=True)
        assert list(counted) == [1, 2]


def _by_fact(rule: dict[str, Any]) -> dict[str, Any]:
    """The rule with its conditions in one order (the form lists facts in FACTS' order)."""
    return {**rule, "conditions": sorted(rule["conditions"], key=lambda c: c["fact"])}


class TestEditingRules:
    def test_it_refuses_rules_the_engine_cannot_run_with_each_problem(
        self, version1: RuleSetVersion, manager: User
    ) -> None:
        draft = services.draft_create(by=manager, from_version=version1)
        bad = copy.deepcopy(DEFAULT_RULES)
        bad["rules"][0]["conditions"] = [{"fact": "star_sign", "values": ["leo"]}]
        bad["rules"][1]["route"] = "elsewhere"
        bad["rules"][-1]["conditions"] = [{"fact": "pregnant", "values": [True]}]

        with pytest.raises(InvalidRules) as refused:
            services.draft_update(by=manager, draft=draft, rules_data=bad)

        problems = refused.value.problems
        assert (
            "rule 1 (risk of harm now): condition 1 tests an unknown fact 'star_sign'" in problems
        )
        assert "rule 2 (child aged two or over): 'elsewhere' is not a route" in problems
        assert any("last rule must have no conditions" in p for p in problems)
        assert RuleSetVersion.objects.get(pk=draft.pk).rules == DEFAULT_RULES
        assert "pathway.draft_changed" not in _actions()

    def test_it_adds_moves_and_removes_rules(self, version1: RuleSetVersion, manager: User) -> None:
        draft = services.draft_create(by=manager, from_version=version1)
        new = {
            "name": "expecting a baby",
            "conditions": [{"fact": "pregnant", "values": [True]}],
            "route": "lmm_referral",
            "reason": "Expecting a baby: the service works from pregnancy.",
        }

        services.draft_rule_save(by=manager, draft=draft, rule=new, before=2)
        services.draft_rule_move(by=manager, draft=draft, position=2, up=False)
        names = [r["name"] for r in RuleSetVersion.objects.get(pk=draft.pk).rules["rules"]]
        assert names[:4] == [
            "risk of harm now",
            "child aged two or over",
            "expecting a baby",
            "outside the area",
        ]

        services.draft_rule_remove(by=manager, draft=draft, position=3)
        assert RuleSetVersion.objects.get(pk=draft.pk).rules == DEFAULT_RULES
        # The catch-all cannot move up: the last rule would then have conditions.
        with pytest.raises(InvalidRules):
            services.draft_rule_move(by=manager, draft=draft, position=8, up=True)
        changes = [e for e in _actions() if e == "pathway.draft_changed"]
        assert len(changes) == 3

    @pytest.mark.parametrize("rule", DEFAULT_RULES["rules"], ids=lambda r: r["name"])
    def test_the_rule_form_keeps_a_rule_as_it_is(self, rule: dict[str, Any]) -> None:
        last = rule is DEFAULT_RULES["rules"][-1]
        initial = RuleForm.initial_from(rule)
        form = RuleForm(data=initial, last=last)

        assert form.is_valid(), form.errors
        assert _by_fact(form.to_rule()) == _by_fact(rule)

    def test_the_secondary_rule_form_keeps_a_rule_as_it_is(self) -> None:
        rule = DEFAULT_RULES["secondary"][0]
        form = SecondaryRuleForm(data=SecondaryRuleForm.initial_from(rule))

        assert form.is_valid(), form.errors
        assert form.to_rule() == rule


# The pages ---------------------------------------------------------------------------------


@pytest.fixture
def as_manager(manager: User, sign_in) -> Client:
    return sign_in(Client(), manager)


@pytest.fixture
def draft(version1: RuleSetVersion, manager: User) -> RuleSetVersion:
    return services.draft_create(by=manager, from_version=version1)


def _rule_post(rule: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = RuleForm.initial_from(rule)
    data.update(changes)
    return data


class TestPages:
    def test_it_lists_the_versions_and_which_is_in_force(
        self, as_manager: Client, version1: RuleSetVersion
    ) -> None:
        body = as_manager.get("/navigator/rules/").content.decode()

        assert "Navigator rules" in body
        assert "Version 1" in body
        assert "In force" in body
        assert "Start a draft from version 1" in body

    def test_it_shows_a_version_readably_with_its_bench(
        self, as_manager: Client, version1: RuleSetVersion, area
    ) -> None:
        body = as_manager.get(f"/navigator/rules/{version1.code}/").content.decode()

        assert "When the child is aged two or over → Other services that can help" in body
        assert "In every other case → Universal support" in body
        assert "0 of 15 scenarios fail." in body
        assert "Move up" not in body

    @pytest.mark.parametrize("persona", ["clinician", "practitioner", "sysadmin"])
    def test_it_is_not_found_for_anyone_else(
        self, persona: str, as_persona, draft: RuleSetVersion
    ) -> None:
        client = as_persona(persona)
        for url in [
            "/navigator/rules/",
            f"/navigator/rules/{draft.code}/",
            f"/navigator/rules/{draft.code}/rules/1/",
            f"/navigator/rules/{draft.code}/publish/",
            "/navigator/rules/bench/",
        ]:
            assert client.get(url).status_code == 404, url
        assert client.post(f"/navigator/rules/{draft.code}/publish/").status_code == 404
        assert RuleSetVersion.objects.get(pk=draft.pk).status == "draft"

    def test_it_sends_a_visitor_to_sign_in(self, anonymous: Client) -> None:
        response = anonymous.get("/navigator/rules/")
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")

    def test_it_starts_a_draft_from_a_version(
        self, as_manager: Client, version1: RuleSetVersion
    ) -> None:
        response = as_manager.post(f"/navigator/rules/{version1.code}/draft/")

        draft = RuleSetVersion.objects.get(status="draft")
        assert response["Location"] == f"/navigator/rules/{draft.code}/"
        body = as_manager.get(response["Location"]).content.decode()
        assert "Draft of version 2" in body
        assert "Move up" in body

    def test_it_offers_only_the_moves_the_rules_allow(
        self, as_manager: Client, draft: RuleSetVersion
    ) -> None:
        body = unescape(as_manager.get(f"/navigator/rules/{draft.code}/").content.decode())
        count = len(DEFAULT_RULES["rules"])

        def offered(direction: str, position: int) -> bool:
            return (
                f'Move {direction}<span class="nhsuk-u-visually-hidden"> rule {position}</span>'
                in body
            )

        assert not offered("up", 1)
        assert offered("down", 1)
        assert offered("up", count - 1)
        # The last rule applies to every family and stays last: it moves neither way, and
        # the rule before it cannot move down into its place.
        assert not offered("down", count - 1)
        assert not offered("up", count)
        assert not offered("down", count)

    def test_it_edits_a_rule_and_shows_its_errors(
        self, as_manager: Client, draft: RuleSetVersion
    ) -> None:
        url = f"/navigator/rules/{draft.code}/rules/{AGE_RULE}/"
        rule = DEFAULT_RULES["rules"][AGE_RULE - 1]
        page = as_manager.get(url).content.decode()
        assert 'value="yes" checked' in page

        response = as_manager.post(url, _rule_post(rule, name="", reason=""))
        body = response.content.decode()
        assert "There is a problem" in body
        assert "Enter a name for the rule" in body
        assert "Enter the reason, in plain words" in body
        assert "<title>Error: " in body

        response = as_manager.post(url, _rule_post(rule, route="lmm_referral"))
        assert response.status_code == 302
        stored = RuleSetVersion.objects.get(pk=draft.pk).rules["rules"][AGE_RULE - 1]
        assert stored["route"] == "lmm_referral"

    def test_it_keeps_the_last_rule_for_every_family(
        self, as_manager: Client, draft: RuleSetVersion
    ) -> None:
        rule = DEFAULT_RULES["rules"][-1]
        response = as_manager.post(
            f"/navigator/rules/{draft.code}/rules/8/", _rule_post(rule, fact_pregnant=["yes"])
        )

        assert "The last rule must apply to every family" in response.content.decode()
        assert RuleSetVersion.objects.get(pk=draft.pk).rules == DEFAULT_RULES

    def test_it_adds_a_rule_before_another_and_moves_it(
        self, as_manager: Client, draft: RuleSetVersion
    ) -> None:
        response = as_manager.post(
            f"/navigator/rules/{draft.code}/rules/new/",
            {
                "name": "expecting",
                "fact_pregnant": ["yes"],
                "route": "lmm_referral",
                "reason": "From pregnancy.",
                "before": "3",
            },
        )
        assert response.status_code == 302
        as_manager.post(f"/navigator/rules/{draft.code}/rules/3/move/", {"direction": "up"})

        rules = RuleSetVersion.objects.get(pk=draft.pk).rules["rules"]
        assert [r["name"] for r in rules[:3]] == [
            "risk of harm now",
            "expecting",
            "child aged two or over",
        ]
        assert rules[1]["conditions"] == [{"fact": "pregnant", "values": [True]}]

    def test_published_versions_have_no_editing_pages(
        self, as_manager: Client, version1: RuleSetVersion
    ) -> None:
        assert as_manager.get(f"/navigator/rules/{version1.code}/rules/1/").status_code == 404
        response = as_manager.post(
            f"/navigator/rules/{version1.code}/rules/1/remove/", follow=False
        )
        assert response.status_code == 404
        assert RuleSetVersion.objects.get(pk=version1.pk).rules == DEFAULT_RULES

    def test_it_refuses_to_publish_naming_the_failing_scenarios(
        self, as_manager: Client, draft: RuleSetVersion, area, manager: User
    ) -> None:
        services.draft_rule_save(
            by=manager, draft=draft, rule=_age_rule_gives("lmm_referral"), position=AGE_RULE
        )

        response = as_manager.post(f"/navigator/rules/{draft.code}/publish/")

        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert "<title>Error: Test bench" in body
        failing = Scenario.objects.get(name=EXACTLY_TWO)
        expected = (
            f'<a href="#scenario-{failing.code}">“{EXACTLY_TWO}” gives '
            f"{ROUTE_LABELS[Route.LMM_REFERRAL]}, not {ROUTE_LABELS[Route.SIGNPOST]}</a>"
        )
        assert expected in body
        assert RuleSetVersion.objects.get(pk=draft.pk).status == "draft"

    def test_publishing_asks_to_confirm_showing_what_changes_against_the_version_in_force(
        self, as_manager: Client, draft: RuleSetVersion, area, manager: User
    ) -> None:
        changed = {**DEFAULT_RULES["rules"][AGE_RULE - 1], "reason": "Older children: elsewhere."}
        services.draft_rule_save(by=manager, draft=draft, rule=changed, position=AGE_RULE)
        services.draft_rule_remove(by=manager, draft=draft, position=3)  # "outside the area"
        added = {
            "name": "expecting",
            "conditions": [{"fact": "pregnant", "values": [True]}],
            "route": "lmm_referral",
            "reason": "From pregnancy.",
        }
        services.draft_rule_save(by=manager, draft=draft, rule=added, position=None, before=1)

        bench = as_manager.get("/navigator/rules/bench/").content.decode()
        url = f"/navigator/rules/{draft.code}/publish/"
        assert f'href="{url}"' in bench
        response = as_manager.get(url)

        assert response.status_code == 200
        body = unescape(response.content.decode())
        assert "Publish the draft as version 2" in body
        assert "Against version 1, the version in force" in body
        added_at = body.index("Rules added")
        removed_at = body.index("Rules removed")
        changed_at = body.index("Rules changed")
        assert body.index("expecting", added_at) < removed_at
        assert body.index("outside the area", removed_at) < changed_at
        assert "child aged two or over" in body[changed_at:]
        assert "Older children: elsewhere." in body[changed_at:]
        assert DEFAULT_RULES["rules"][AGE_RULE - 1]["reason"] in body[changed_at:]
        bench_at = body.index("<h2>The test bench</h2>")
        assert "risk of harm now" not in body[added_at:bench_at]  # unchanged: not listed
        assert "scenarios fail." in body
        assert RuleSetVersion.objects.get(pk=draft.pk).status == "draft"

    def test_the_confirmation_says_which_rules_moved_from_where_to_where(
        self, as_manager: Client, draft: RuleSetVersion, area, manager: User
    ) -> None:
        # "other concerns only" (7) goes up to 4; a rule added at the top shifts every
        # number, which is not a move; one removed neither.
        for position in (7, 6, 5):
            services.draft_rule_move(by=manager, draft=draft, position=position, up=True)
        services.draft_rule_remove(by=manager, draft=draft, position=3)  # "outside the area"
        added = {
            "name": "expecting",
            "conditions": [{"fact": "pregnant", "values": [True]}],
            "route": "lmm_referral",
            "reason": "From pregnancy.",
        }
        services.draft_rule_save(by=manager, draft=draft, rule=added, position=None, before=1)

        body = unescape(as_manager.get(f"/navigator/rules/{draft.code}/publish/").content.decode())

        moved_at = body.index("Rules moved")
        bench_at = body.index("<h2>The test bench</h2>")
        moves = body[moved_at:bench_at]
        assert "“other concerns only” moves from rule 7 to rule 4" in moves
        for name in ["risk of harm now", "child aged two or over", "no concern"]:
            assert name not in moves
        assert "relationship concern" not in moves
        assert "Rules changed" not in body
        assert body.index("Rules added") < body.index("Rules removed") < moved_at

    def test_the_confirmation_names_a_swap_of_two_rules(
        self, as_manager: Client, draft: RuleSetVersion, area, manager: User
    ) -> None:
        services.draft_rule_move(by=manager, draft=draft, position=3, up=True)

        body = unescape(as_manager.get(f"/navigator/rules/{draft.code}/publish/").content.decode())

        assert "Rules added" not in body
        assert "Rules removed" not in body
        # The rule that was moved is named, not the one that made way for it.
        assert "“outside the area” moves from rule 3 to rule 2" in body
        assert "“child aged two or over” moves" not in body

    def test_the_confirmation_offers_publish_when_the_bench_passes(
        self, as_manager: Client, draft: RuleSetVersion, area, manager: User
    ) -> None:
        changed = {**DEFAULT_RULES["rules"][AGE_RULE - 1], "reason": "Older children: elsewhere."}
        services.draft_rule_save(by=manager, draft=draft, rule=changed, position=AGE_RULE)

        body = unescape(as_manager.get(f"/navigator/rules/{draft.code}/publish/").content.decode())

        assert "0 of 15 scenarios fail." in body
        assert ">Publish version 2</button>" in body
        assert "Rules added" not in body
        assert "Rules changed" in body

    def test_the_confirmation_holds_back_publish_while_a_scenario_fails(
        self, as_manager: Client, draft: RuleSetVersion, area, manager: User
    ) -> None:
        services.draft_rule_save(
            by=manager, draft=draft, rule=_age_rule_gives("lmm_referral"), position=AGE_RULE
        )
        body = unescape(as_manager.get(f"/navigator/rules/{draft.code}/publish/").content.decode())
        assert "1 of 15 scenarios fail." in body
        assert "It cannot be published while a scenario fails" in body
        assert "<title>Error: Publish the draft as version 2" in body
        failing = Scenario.objects.get(name=EXACTLY_TWO)
        assert f'<a href="#scenario-{failing.code}">“{EXACTLY_TWO}” gives' in body
        assert ">Publish version 2</button>" not in body

    def test_the_confirmation_says_when_nothing_changes(
        self, as_manager: Client, draft: RuleSetVersion, area
    ) -> None:
        body = unescape(as_manager.get(f"/navigator/rules/{draft.code}/publish/").content.decode())
        assert "The draft's rules are the same as version 1's." in body

    def test_it_publishes_from_the_bench(
        self, as_manager: Client, draft: RuleSetVersion, area
    ) -> None:
        response = as_manager.post(f"/navigator/rules/{draft.code}/publish/")

        assert response.status_code == 302
        assert RuleSetVersion.objects.get(pk=draft.pk).status == "published"

    def test_it_republishes_after_a_confirmation(
        self, as_manager: Client, draft: RuleSetVersion, area, manager: User
    ) -> None:
        services.draft_publish(by=manager, draft=draft)
        version1 = RuleSetVersion.objects.get(number=1)
        page = as_manager.get(f"/navigator/rules/{version1.code}/republish/").content.decode()
        assert "Publish version 1 again" in page
        assert "0 of 15 scenarios fail." in page

        response = as_manager.post(f"/navigator/rules/{version1.code}/republish/")

        again = RuleSetVersion.objects.get(number=3)
        assert response["Location"] == f"/navigator/rules/{again.code}/"
        assert again.republished_from == version1

    def test_it_adds_a_scenario_and_explains_wrong_answers(
        self, as_manager: Client, version1: RuleSetVersion
    ) -> None:
        response = as_manager.post(
            "/navigator/rules/scenarios/new/",
            {"name": "", "asker": "parent", "postcode": "nowhere", "on_date": "2026-02-30"},
        )
        body = response.content.decode()
        assert "There is a problem" in body
        assert "Enter a name for the scenario" in body
        assert "Enter a real UK postcode" in body
        assert "Enter a real date, like 2026-11-28" in body
        assert "Choose the route the rules must give" in body

        response = as_manager.post(
            "/navigator/rules/scenarios/new/",
            {
                "name": "A parent with no date of birth",
                "asker": "parent",
                "postcode": "BD7 1DP",
                "on_date": "2026-11-28",
                "expected_route": "universal",
            },
        )
        body = response.content.decode()
        assert "Give the baby&#x27;s date of birth, or say that the family is expecting" in body

        response = as_manager.post(
            "/navigator/rules/scenarios/new/",
            {
                "name": "Twins, severe",
                "asker": "parent",
                "postcode": "bd7 1dp",
                "child_date_of_birth": "2026-10-01",
                "concerns": ["bonding", "money"],
                "impact": "severe",
                "on_date": "2026-11-28",
                "expected_route": "lmm_referral",
                "check_also": "on",
                "expected_also": ["signpost"],
            },
        )
        assert response.status_code == 302
        scenario = Scenario.objects.get(name="Twins, severe")
        assert (scenario.postcode, scenario.concerns, scenario.expected_also) == (
            "BD7 1DP",
            ["bonding", "money"],
            ["signpost"],
        )

    @pytest.mark.parametrize(
        ("name", "message"),
        [
            ("name", "Name of the rule must be 100 characters or fewer"),
            ("reason", "must be 1,000 characters or fewer"),
        ],
    )
    def test_a_long_paste_into_a_rule_is_too_long_and_changes_nothing(
        self, as_manager: Client, draft: RuleSetVersion, name: str, message: str
    ) -> None:
        rule = DEFAULT_RULES["rules"][AGE_RULE - 1]
        for url in [
            f"/navigator/rules/{draft.code}/rules/{AGE_RULE}/",
            f"/navigator/rules/{draft.code}/rules/new/",
        ]:
            response = as_manager.post(url, _rule_post(rule, **{name: "x" * 5000}))

            assert response.status_code == 200, url
            body = unescape(response.content.decode())
            assert "There is a problem" in body
            assert message in body
            assert "x" * 5000 in body
        assert RuleSetVersion.objects.get(pk=draft.pk).rules == DEFAULT_RULES

    def test_a_long_paste_into_a_route_beside_the_main_one_is_too_long(
        self, as_manager: Client, draft: RuleSetVersion
    ) -> None:
        rule = DEFAULT_RULES["secondary"][0]
        url = f"/navigator/rules/{draft.code}/secondary/1/"
        data = {**SecondaryRuleForm.initial_from(rule), "name": "x" * 5000, "reason": "x" * 5000}

        body = unescape(as_manager.post(url, data).content.decode())

        assert "Name of the rule must be 100 characters or fewer" in body
        assert "must be 1,000 characters or fewer" in body
        assert RuleSetVersion.objects.get(pk=draft.pk).rules == DEFAULT_RULES

    def test_a_long_paste_into_a_scenario_is_too_long(
        self, as_manager: Client, version1: RuleSetVersion
    ) -> None:
        response = as_manager.post(
            "/navigator/rules/scenarios/new/",
            {
                "name": "x" * 5000,
                "note": "x" * 5000,
                "asker": "parent",
                "postcode": "B" * 5000,
                "unborn": "on",
                "on_date": "2026-11-28",
                "expected_route": "universal",
            },
        )

        body = unescape(response.content.decode())
        assert response.status_code == 200
        assert "must be 200 characters or fewer" in body
        assert "must be 2,000 characters or fewer" in body
        assert "The family's home postcode must be 40 characters or fewer" in body
        assert "Enter a postcode" not in body
        assert not Scenario.objects.filter(name__startswith="xxx").exists()

    def test_it_retires_a_scenario_from_its_page(
        self, as_manager: Client, version1: RuleSetVersion
    ) -> None:
        scenario = Scenario.objects.get(name=OUTSIDE)
        page = as_manager.get(f"/navigator/rules/scenarios/{scenario.code}/").content.decode()
        assert 'value="BD23 1AA"' in page

        as_manager.post(f"/navigator/rules/scenarios/{scenario.code}/active/", {"active": "no"})

        scenario.refresh_from_db()
        assert not scenario.active
        assert "Retired scenarios" in as_manager.get("/navigator/rules/bench/").content.decode()

    def test_it_exports_a_version_as_json(
        self, as_manager: Client, version1: RuleSetVersion
    ) -> None:
        response = as_manager.get(f"/navigator/rules/{version1.code}/rules.json")

        assert json.loads(response.content) == DEFAULT_RULES
        assert "attachment" in response["Content-Disposition"]

    def test_the_bench_runs_a_fixed_number_of_queries_per_scenario(
        self, as_manager: Client, version1: RuleSetVersion, area, django_assert_max_num_queries
    ) -> None:
        # Each scenario asks the directory about its area (two queries); nothing else grows.
        with django_assert_max_num_queries(15 * 2 + 20):
            as_manager.get("/navigator/rules/bench/")


class TestWords:
    def test_it_names_the_area_for_outside_the_area_in_words(
        self, as_persona, manager: User, version1: RuleSetVersion, area
    ) -> None:
        body = as_persona("manager").get(f"/navigator/rules/{version1.code}/").content.decode()

        assert "Parent–infant service area" in body
        assert DEFAULT_SERVICE_AREA not in body.split("Area for", 1)[1].split("</dd>", 1)[0]
