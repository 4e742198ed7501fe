"""Helpers shared by the Open Referral tests: a service with everything filled in, made
through the directory's own service, and a schema check that prints every error."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from littleminds.accounts.models import Organisation
from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.directory.models import AccessMethod, Area, NeedTerm, Ring, Service
from littleminds.directory.services import (
    AccessFields,
    LocationFields,
    ServiceFields,
    service_create,
)
from littleminds.directory.tests.factories import needs_taxonomy


def assert_valid(validator: Any, data: Any) -> None:
    errors = sorted(validator.iter_errors(data), key=lambda error: error.json_path)
    assert not errors, "\n".join(f"{error.json_path}: {error.message}" for error in errors)


def make_service(
    name: str,
    *,
    organisation: Organisation | None = None,
    areas: Sequence[Area] = (),
    needs: Sequence[str] = (),
    access: Sequence[AccessFields] = (),
    locations: Sequence[LocationFields] = (),
    **values: Any,
) -> Service:
    """A service made as the directory's pages make one: `needs` are terms ("bonding")."""
    needs_taxonomy()
    fields = ServiceFields(
        organisation=organisation or OrganisationFactory.create(),
        name=name,
        summary=values.pop("summary", f"{name} in a sentence."),
        remit=values.pop("remit", "Supports parents and babies."),
        boundaries=values.pop("boundaries", "Does not offer crisis support."),
        ring=values.pop("ring", Ring.CORE),
        areas=list(areas),
        needs=list(NeedTerm.objects.filter(term__in=needs)),
        access=list(access),
        locations=list(locations),
        **values,
    )
    return service_create(by=None, fields=fields)


def rich_service(name: str = "Little Steps", **values: Any) -> Service:
    """A service with every field the export carries: months that are not whole years,
    pregnancy, two needs, all four ways in, languages, a location with coordinates."""
    defaults: dict[str, Any] = {
        "description": "Home visits and groups.\nAlso online.",
        "remit": "Parent–infant relationship work from pregnancy.",
        "boundaries": "Not for crisis care; no court reports.",
        "ring": Ring.CORE,
        "min_age_months": 6,
        "max_age_months": 18,
        "pregnancy": True,
        "needs": ["bonding", "parent_mental_health"],
        "online": True,
        "telephone": True,
        "languages": ["en", "ur", "pl"],
        "wait_weeks": 3,
        "email": "steps@test.example",
        "url": "https://steps.test.example/",
        "phone": "01632 960000",
        "access": [
            AccessFields(
                method=AccessMethod.SELF_REFERRAL,
                phone="01632 960001",
                email="families@test.example",
                instructions="Ring us, or fill in the form.",
            ),
            AccessFields(
                method=AccessMethod.PRACTITIONER_REFERRAL,
                url="https://steps.test.example/refer",
                instructions="Use the referral form.",
            ),
            AccessFields(method=AccessMethod.CONSULTATION, phone="01632 960002"),
            AccessFields(method=AccessMethod.DROP_IN, instructions="Tuesdays, 10 till 12."),
        ],
        "locations": [
            LocationFields(
                name="Little Steps Centre",
                address="1 Test Street\r\nTest Town",
                postcode="bd71dp",
                latitude=53.79,
                longitude=-1.78,
            ),
            LocationFields(name="Outreach base", address="", postcode=""),
        ],
    }
    defaults.update(values)
    return make_service(name, **defaults)
