"""Reads for the navigator: the rule set in force, whether a postcode is in the service's
area, and the directory services that fit an answer. No personal data is read or kept."""

from __future__ import annotations

from datetime import date

from littleminds.core.dates import age_in_months
from littleminds.core.postcodes import Postcode
from littleminds.directory.models import Area, Service
from littleminds.directory.selectors import SearchQuery, areas_covering, services_matching
from littleminds.pathway.engine import Answers, Decision, Route, RuleSet, rule_set_from_data
from littleminds.pathway.models import RuleSetVersion

SERVICES_SHOWN = 5


class NoPublishedRules(Exception):
    """No rule set has been published: the instance is not set up (migrations seed one)."""


def rule_set_current() -> tuple[RuleSetVersion, RuleSet]:
    version = (
        RuleSetVersion.objects.filter(status=RuleSetVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise NoPublishedRules
    return version, rule_set_from_data(version.rules)


def outside_area(postcode: Postcode | None, *, area_key: str, on: date) -> bool:
    """A real postcode outside the area on the day. A ZZ99 pseudo-postcode, or an area the
    directory does not have, never puts a family outside."""
    if postcode is None or postcode.is_pseudo:
        return False
    area = Area.objects.filter(key=area_key).first()
    if area is None:
        return False
    return not areas_covering(postcode, on).filter(pk=area.pk).exists()


def services_for(answers: Answers, postcode: Postcode | None, decision: Decision) -> list[Service]:
    """The directory services that fit the family's age, area and worries, for the route:
    none for urgent help (the page gives the emergency numbers instead)."""
    if decision.route is Route.URGENT:
        return []
    age = None
    if answers.child_date_of_birth is not None:
        age = age_in_months(answers.child_date_of_birth, answers.on_date)
    found: dict[int, Service] = {}
    needs = sorted(answers.concerns) or [""]
    for need in needs:
        query = SearchQuery(
            age_months=age,
            pregnant=answers.pregnant,
            postcode=postcode,
            need=need,
            on=answers.on_date,
        )
        services, _covering = services_matching(query)
        if not need:
            services = services.filter(ring="universal")
        for service in services.filter(status=Service.Status.ACTIVE).order_by("ring", "name")[
            :SERVICES_SHOWN
        ]:
            found.setdefault(service.pk, service)
    chosen = list(found.values())[:SERVICES_SHOWN]
    return list(
        Service.objects.filter(pk__in=[s.pk for s in chosen])
        .select_related("organisation")
        .prefetch_related("access")
        .order_by("ring", "name")
    )
