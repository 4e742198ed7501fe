"""Reads for the navigator: the rule set in force, whether a postcode is in the service's
area, and the directory services that fit an answer. No personal data is read or kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import QuerySet, Subquery
from django.http import Http404, HttpRequest

from littleminds.accounts.api_tokens import api_token_for
from littleminds.accounts.models import Organisation
from littleminds.core import caching
from littleminds.core.api import InvalidInput
from littleminds.core.dates import age_in_months
from littleminds.core.models import CacheGeneration
from littleminds.core.postcodes import Postcode
from littleminds.directory.models import Area, Service
from littleminds.directory.selectors import (
    SEARCH_GENERATION,
    SearchQuery,
    areas_covering,
    holds,
    services_matching,
)
from littleminds.pathway import journey, receiving
from littleminds.pathway.answers import RecommendIn, check
from littleminds.pathway.engine import (
    Answers,
    Decision,
    Route,
    RuleSet,
    decide,
    facts_from,
    rule_set_from_data,
)
from littleminds.pathway.models import RuleSetVersion, Scenario

SERVICES_SHOWN = 5


class NoPublishedRules(Exception):
    """No rule set has been published: the instance is not set up (migrations seed one)."""


# Published rule sets never change, so each is parsed once per process. The key is the
# version's code, not its number: a number names another version in another database (or
# after a test's rollback).
_PUBLISHED_RULE_SETS: dict[UUID, RuleSet] = {}


def rule_set_of(version: RuleSetVersion) -> RuleSet:
    """The parsed rules of a version: a published one from the cache, a draft afresh."""
    if version.status != RuleSetVersion.Status.PUBLISHED:
        return rule_set_from_data(version.rules)
    rule_set = _PUBLISHED_RULE_SETS.get(version.code)
    if rule_set is None:
        rule_set = _PUBLISHED_RULE_SETS[version.code] = rule_set_from_data(version.rules)
    return rule_set


def rule_set_current() -> tuple[RuleSetVersion, RuleSet]:
    version = (
        RuleSetVersion.objects.filter(status=RuleSetVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise NoPublishedRules
    return version, rule_set_of(version)


def outside_area(postcode: Postcode | None, *, area_key: str, on: date) -> bool:
    """A real postcode outside the area on the day. A ZZ99 pseudo-postcode, or an area the
    directory does not have, never puts a family outside."""
    if postcode is None or postcode.is_pseudo:
        return False
    # One query: the area exists and does not cover the postcode on the day.
    return (
        Area.objects.filter(key=area_key)
        .exclude(pk__in=areas_covering(postcode, on).values("pk"))
        .exists()
    )


# The routes whose way in is the platform's own service: its referral, self-referral or
# consultation.
PLATFORM_ROUTES = frozenset({Route.LMM_REFERRAL, Route.LMM_CONSULTATION})


def receiving_for(
    answers: Answers, postcode: Postcode | None, decision: Decision
) -> receiving.Receiving | None:
    """The service a referral through the platform's forms would go to (with its intake's
    number and time to a decision), when the answer offers one (its route, or a route
    offered as well, is the platform's own service) and the family can be referred on the
    day: the one the next step's button names."""
    if not PLATFORM_ROUTES.intersection((decision.route, *decision.also)):
        return None
    return receiving.receiving(answers, postcode)


def services_for(
    answers: Answers,
    postcode: Postcode | None,
    decision: Decision,
    *,
    receiver: Service | None = None,
    generation: str | None = None,
) -> list[Service]:
    """The directory services that fit the family's age, area and worries, for the route:
    none for urgent help (the page gives the emergency numbers instead). The `receiver`
    (`receiving_for`), when there is one, comes first, whatever else fits: a button
    names it, so the family must be able to read its remit and boundaries.

    With the directory's search `generation` (`Decided.generation`), the list is cached
    under it, keyed by what chooses it: the day, the age, the pregnancy, the postcode's
    district and sector (what the directory's areas are drawn with), the worries and the
    receiving service. Every directory write that could change it replaces the generation
    (`directory.services.directory_changed`); the receiving service is read afresh each
    time, since intakes are the referrals' (ADR 0059)."""
    if decision.route is Route.URGENT:
        return []
    age = None
    if answers.child_date_of_birth is not None:
        age = age_in_months(answers.child_date_of_birth, answers.on_date)
    key = None
    if generation is not None:
        key = caching.cache_key(
            "pathway",
            "services",
            generation,
            day=answers.on_date,
            age=age,
            pregnant=answers.pregnant,
            place=_place(postcode),
            worries=sorted(answers.concerns),
            receiver=receiver.pk if receiver is not None else None,
        )
    return caching.cached(key, lambda: _services_chosen(answers, postcode, age, receiver))


def _place(postcode: Postcode | None) -> list[Any] | None:
    """What of a postcode the directory's areas are drawn with (`directory.selectors.covers`):
    its district and sector, or that it is a pseudo-postcode, which no area covers."""
    if postcode is None:
        return None
    if postcode.is_pseudo:
        return ["pseudo"]
    return [postcode.district, postcode.sector]


def _services_chosen(
    answers: Answers, postcode: Postcode | None, age: int | None, receiver: Service | None
) -> list[Service]:
    # The filters on age and area are the same for every worry: built once (the areas that
    # cover the postcode are read once), then one query of ids per worry, and one of the
    # services chosen.
    services, _covering = services_matching(
        SearchQuery(
            age_months=age, pregnant=answers.pregnant, postcode=postcode, on=answers.on_date
        )
    )
    services = services.filter(status=Service.Status.ACTIVE)
    chosen: list[int] = [receiver.pk] if receiver is not None else []
    for need in sorted(answers.concerns) or [""]:
        if len(chosen) >= SERVICES_SHOWN:
            # The list is full: a later worry's services would not be shown. Each worry's
            # query is the answer's dearest in a national directory (ADR 0048).
            break
        if need:
            fitting = services.filter(
                pk__in=Service.needs.through.objects.filter(needterm__term=need).values(
                    "service_id"
                )
            )
        else:
            fitting = services.filter(ring="universal")
        for pk in fitting.order_by("ring", "name").values_list("pk", flat=True)[:SERVICES_SHOWN]:
            if pk not in chosen:
                chosen.append(pk)
    found = list(
        Service.objects.filter(pk__in=chosen[:SERVICES_SHOWN])
        .select_related("organisation")
        .prefetch_related("access")
        .order_by("ring", "name")
    )
    # The receiving service first, the rest in the order of the directory's rings.
    if receiver is None:
        return found
    return sorted(found, key=lambda service: service.pk != receiver.pk)


# The navigator's answer for a version ------------------------------------------------------


def facts_for(
    answers: Answers, postcode: Postcode | None, version: RuleSetVersion
) -> dict[str, Any]:
    """The facts the rules of `version` test, with "outside the area" taken from the
    directory's area for that version on the day of the answers."""
    return facts_from(
        answers,
        outside_area=outside_area(postcode, area_key=version.service_area, on=answers.on_date),
    )


def decision_for(answers: Answers, postcode: Postcode | None, version: RuleSetVersion) -> Decision:
    """The navigator's answer with the rules of `version`: the one way to decide, shared by
    the API, the question pages and the test bench, so that they cannot disagree."""
    return decide(rule_set_of(version), facts_for(answers, postcode, version))


# The rule editor and its test bench ----------------------------------------------------------


def versions_published() -> QuerySet[RuleSetVersion]:
    return (
        RuleSetVersion.objects.filter(status=RuleSetVersion.Status.PUBLISHED)
        .select_related("published_by", "based_on", "republished_from")
        .order_by("-number")
    )


def draft_current() -> RuleSetVersion | None:
    return (
        RuleSetVersion.objects.filter(status=RuleSetVersion.Status.DRAFT)
        .select_related("created_by", "based_on")
        .first()
    )


def drafts_waiting() -> int:
    """How many drafts wait to be published (one at most, as the editor keeps one)."""
    return RuleSetVersion.objects.filter(status=RuleSetVersion.Status.DRAFT).count()


def version_get(*, code: UUID) -> RuleSetVersion:
    version = (
        RuleSetVersion.objects.select_related(
            "created_by", "published_by", "based_on", "republished_from"
        )
        .filter(code=code)
        .first()
    )
    if version is None:
        raise Http404
    return version


def draft_get(*, code: UUID) -> RuleSetVersion:
    """The draft with this code; a published version (or nothing) is not found here, so an
    editing page cannot reach a published version."""
    version = version_get(code=code)
    if not version.is_draft:
        raise Http404
    return version


def scenarios_all(*, active: bool | None = None) -> QuerySet[Scenario]:
    scenarios = Scenario.objects.select_related("created_by").order_by("created_at", "pk")
    if active is not None:
        scenarios = scenarios.filter(active=active)
    return scenarios


def scenario_get(*, code: UUID) -> Scenario:
    scenario = Scenario.objects.filter(code=code).first()
    if scenario is None:
        raise Http404
    return scenario


@dataclass(frozen=True)
class BenchResult:
    """One scenario run against a version: what was expected, what the rules gave, why."""

    scenario: Scenario
    decision: Decision
    facts: dict[str, Any]

    @property
    def route_ok(self) -> bool:
        return self.decision.route.value == self.scenario.expected_route

    @property
    def also_ok(self) -> bool:
        expected = self.scenario.expected_also
        return expected is None or [r.value for r in self.decision.also] == list(expected)

    @property
    def passed(self) -> bool:
        return self.route_ok and self.also_ok


@dataclass(frozen=True)
class BenchRun:
    version: RuleSetVersion
    results: list[BenchResult]
    # Whether the directory has the version's area: without it no postcode is outside it.
    area: Area | None

    @property
    def failed(self) -> list[BenchResult]:
        return [result for result in self.results if not result.passed]

    @property
    def passed(self) -> bool:
        return bool(self.results) and not self.failed


def bench_run(rule_set_version: RuleSetVersion) -> BenchRun:
    """Run every active scenario against the version, exactly as the navigator would answer
    that family on that day (`decision_for`'s facts, the directory's area included)."""
    rule_set = rule_set_from_data(rule_set_version.rules)
    results = []
    for scenario in scenarios_all(active=True):
        facts = facts_for(scenario.answers(), scenario.parsed_postcode(), rule_set_version)
        results.append(BenchResult(scenario, decide(rule_set, facts), facts))
    area = Area.objects.filter(key=rule_set_version.service_area).first()
    return BenchRun(rule_set_version, results, area)


@dataclass(frozen=True)
class Decided:
    """The navigator's answer with a published version, and the directory's search
    generation read in the same query (None before its first change: nothing is cached),
    for `services_for`'s cache."""

    version: RuleSetVersion
    decision: Decision
    generation: str | None


def _decided(
    versions: QuerySet[RuleSetVersion], answers: Answers, postcode: Postcode | None
) -> Decided | None:
    """The first of `versions` with its decision. The version and the directory's generation
    are one query; whether the postcode is outside the version's area (as `outside_area`)
    is then worked out from the area's postcodes, cached under that generation, and asked
    of the database only when there is no generation. These were three round trips, the
    area's the dearest for the ORM to compile (ADR 0059)."""
    generation = CacheGeneration.objects.filter(pk=SEARCH_GENERATION).values("token")[:1]
    version = versions.annotate(directory_generation=Subquery(generation)).first()
    if version is None:
        return None
    token: str | None = version.directory_generation
    on = answers.on_date
    if token is None:
        outside = outside_area(postcode, area_key=version.service_area, on=on)
    else:
        outside = _outside(_area_coverage(version.service_area, token), postcode, on)
    facts = facts_from(answers, outside_area=outside)
    return Decided(version, decide(rule_set_of(version), facts), token)


# An area's postcodes with their dates, as `directory.selectors.covers` reads them: prefix,
# valid from, valid to (None: still in force).
Coverage = list[tuple[str, date, date | None]]


def _area_coverage(area_key: str, generation: str) -> Coverage | None:
    """The postcodes of the area with this key (None when the directory has no such area),
    cached under the directory's generation, which every write of areas and their postcodes
    replaces (`directory.services.directory_changed`): one entry for every answer."""

    def read() -> tuple[Coverage | None]:
        # One query: no row, no area; one row of nulls, an area with no postcodes.
        rows = list(
            Area.objects.filter(key=area_key).values_list(
                "coverage__prefix", "coverage__valid_from", "coverage__valid_to"
            )
        )
        if not rows:
            return (None,)
        return ([row for row in rows if row[0] is not None],)

    key = caching.cache_key("pathway", "area", generation, area=area_key)
    # In a tuple, so that "no such area" is cached too (`cached` keeps nothing that is None).
    return caching.cached(key, read)[0]


def _outside(coverage: Coverage | None, postcode: Postcode | None, on: date) -> bool:
    """`outside_area` from the area's postcodes: a real postcode whose district or sector no
    postcode of the area in force on the day holds (`directory.selectors.holds`). An area
    the directory does not have never puts a family outside."""
    if coverage is None or postcode is None or postcode.is_pseudo:
        return False
    return not holds(coverage, postcode, on)


def decided_now(answers: Answers, postcode: Postcode | None) -> Decided:
    """The decision of the rule set in force, with its version (to record with it)."""
    decided = _decided(
        RuleSetVersion.objects.filter(status=RuleSetVersion.Status.PUBLISHED).order_by("-number"),
        answers,
        postcode,
    )
    if decided is None:
        raise NoPublishedRules
    return decided


def decision_now(answers: Answers, postcode: Postcode | None) -> tuple[RuleSetVersion, Decision]:
    """The decision of the rule set in force, and its version (to record with it)."""
    decided = decided_now(answers, postcode)
    return decided.version, decided.decision


def answer_again(
    journey_answers: dict[str, Any],
) -> tuple[Answers, Postcode, Decided] | None:
    """The navigator's answer that the person was given, worked out again from their answers
    (`journey.load`) with the rule set version and the day recorded when they sent them: the
    same answer on every visit. None when none was given, or it can no longer be read."""
    result = journey_answers.get("result")
    if not isinstance(result, dict):
        return None
    try:
        number = int(result.get("version") or 0)
        checked, postcode = check(
            RecommendIn(**journey.payload(journey_answers), on_date=result.get("on"))
        )
    except (InvalidInput, TypeError, ValueError):
        return None
    decided = _decided(
        RuleSetVersion.objects.filter(number=number, status=RuleSetVersion.Status.PUBLISHED),
        checked,
        postcode,
    )
    if decided is None:
        return None
    return checked, postcode, decided


def answer_given(
    journey_answers: dict[str, Any],
) -> tuple[Answers, Postcode, RuleSetVersion, Decision] | None:
    """`answer_again`'s answer, without the directory's generation."""
    again = answer_again(journey_answers)
    if again is None:
        return None
    checked, postcode, decided = again
    return checked, postcode, decided.version, decided.decision


def asking_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation a navigator answer is counted for: that of the signed-in person
    asking, or of the partner system whose API token came with the call (`Authorization:
    Bearer …`); None for anyone else. A token that does not work counts for nobody: the
    navigator answers everyone, so a bad token is not refused here."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.organisation_id is not None:
        return user.organisation
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and secret.strip():
        token = api_token_for(secret.strip())
        if token is not None:
            return token.organisation
    return None
