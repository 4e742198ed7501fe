"""factory_boy factories for the directory. Every service here is invented."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.directory.models import (
    AccessMethod,
    Area,
    AreaCoverage,
    NeedTerm,
    Ring,
    Service,
    ServiceAccess,
    Taxonomy,
)
from littleminds.directory.seed import seed_needs
from littleminds.directory.services import directory_changed


def needs_taxonomy() -> Taxonomy:
    """The seeded needs taxonomy (flushed by browser tests, so seeded again when missing)."""
    taxonomy: Taxonomy = seed_needs(Taxonomy, NeedTerm)
    return taxonomy


class AreaFactory(factory.django.DjangoModelFactory[Area]):
    class Meta:
        model = Area
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Test Area {n}")

    @factory.post_generation
    def prefixes(obj: Area, create: bool, extracted: list[Any] | None, **_: Any) -> None:
        """`prefixes=["BD1", ("BD3 9", date(2018, 4, 1), date(2020, 3, 31))]`."""
        for item in extracted or []:
            prefix, start, end = item if isinstance(item, tuple) else (item, date(2000, 1, 1), None)
            AreaCoverage.objects.create(area=obj, prefix=prefix, valid_from=start, valid_to=end)

    @factory.post_generation
    def searched_afresh(obj: Area, create: bool, extracted: Any, **_: Any) -> None:
        """The factory writes the tables itself, so it changes the directory's generation
        as the services layer does (ADR 0046)."""
        if create:
            directory_changed()


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    """An active core service for babies under two, with no area limit and no needs.

    `areas=[area]`, `needs=["bonding"]` and `access=["self_referral"]` add the rest."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Test Service {n}")
    summary = "A test service."
    description = "Works with families in the test district."
    remit = "Supports parents and babies."
    boundaries = "Does not offer crisis support."
    ring = Ring.CORE
    min_age_months = 0
    max_age_months = 24
    pregnancy = False
    search_text = factory.LazyAttribute(
        lambda s: f"{s.name} {s.summary} {s.description} {s.remit} {s.organisation.name}".lower()
    )

    @factory.post_generation
    def areas(obj: Service, create: bool, extracted: list[Area] | None, **_: Any) -> None:
        if extracted:
            obj.areas.set(extracted)
            obj.open_everywhere = False
            obj.save(update_fields=["open_everywhere"])

    @factory.post_generation
    def needs(obj: Service, create: bool, extracted: list[str] | None, **_: Any) -> None:
        if extracted:
            needs_taxonomy()
            obj.needs.set(NeedTerm.objects.filter(term__in=extracted))

    @factory.post_generation
    def access(obj: Service, create: bool, extracted: list[str] | None, **_: Any) -> None:
        for method in extracted or []:
            ServiceAccess.objects.create(
                service=obj,
                method=AccessMethod(method),
                phone="01632 960001",
                instructions="Call us.",
            )

    @factory.post_generation
    def searched_afresh(obj: Service, create: bool, extracted: Any, **_: Any) -> None:
        """As for areas: searches cached before this service was made are not served."""
        if create:
            directory_changed()
