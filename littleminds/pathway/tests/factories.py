"""What the navigator's tests set up: the default rules and scenarios, and the service's
area as the default scenarios need it."""

from __future__ import annotations

from datetime import date

from littleminds.accounts.tests.factories import TeamFactory
from littleminds.directory.models import Area, Service
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory
from littleminds.pathway.models import RuleSetVersion, Scenario
from littleminds.pathway.rules import (
    DEFAULT_SERVICE_AREA,
    seed_default_rule_set,
    seed_default_scenarios,
)
from littleminds.pathway.selectors import SERVICES_SHOWN
from littleminds.referrals.models import Intake

FROM = date(2020, 4, 1)


def default_rules() -> RuleSetVersion:
    """Version 1, the default rules (the migration publishes it; a flushed database, as in
    the browser tests, does not have it)."""
    version: RuleSetVersion = seed_default_rule_set(RuleSetVersion)
    return version


def default_scenarios() -> list[Scenario]:
    seed_default_scenarios(Scenario)
    return list(Scenario.objects.order_by("created_at", "pk"))


def service_area() -> Area:
    """The service's area as the default scenarios need it (their notes say so): BD7 and
    LS29 in it from April 2020, and BD23 not."""
    area: Area = AreaFactory.create(
        key=DEFAULT_SERVICE_AREA,
        name="Parent–infant service area",
        prefixes=[("BD7", FROM, None), ("LS29", FROM, None)],
    )
    return area


def navigator_directory() -> dict[str, Service]:
    """A directory as the question pages need it: the service's area as in the demonstration
    (BD1 to BD22 and LS29 from April 2020), the parent–infant service with its three ways
    in, and a housing service for other worries."""
    area = AreaFactory.create(
        key=DEFAULT_SERVICE_AREA,
        name="Parent–infant service area",
        prefixes=[(f"BD{n}", FROM, None) for n in range(1, 23)] + [("LS29", FROM, None)],
    )
    lmm = ServiceFactory.create(
        name="Little Minds Matter",
        areas=[area],
        needs=["bonding", "baby_regulation", "trauma_loss", "parenting_confidence"],
        access=["practitioner_referral", "self_referral", "consultation"],
        pregnancy=True,
    )
    housing = ServiceFactory.create(
        name="Housing options", ring="risk_factors", needs=["housing"], min_age_months=None
    )
    return {"lmm": lmm, "housing": housing}


def navigator_intake(service: Service) -> Intake:
    """A team that takes referrals for `service` over the service's area (and for families
    with no fixed address): where the platform's referral forms send a family's referral."""
    intake: Intake = Intake.objects.create(
        team=TeamFactory.create(name="Parent–infant team"),
        service=service,
        area=Area.objects.get(key=DEFAULT_SERVICE_AREA),
        is_default=True,
    )
    return intake


def rival_services() -> Service:
    """As in the demonstration: Baby Bonds, another provider's service for the same families
    and worries (recorded as in conflict with the parent–infant service), with ways in of
    its own, and enough other services for bonding, named earlier in the alphabet, to fill
    the list of services shown."""
    baby_bonds: Service = ServiceFactory.create(
        name="Baby Bonds",
        needs=["bonding", "baby_regulation", "trauma_loss", "parenting_confidence"],
        access=["practitioner_referral", "self_referral"],
        pregnancy=True,
    )
    baby_bonds.access.filter(method="self_referral").update(url="https://baby-bonds.example.org")
    for letter in "ACDEFG"[:SERVICES_SHOWN]:
        ServiceFactory.create(name=f"{letter} bonding group", needs=["bonding"])
    return baby_bonds
