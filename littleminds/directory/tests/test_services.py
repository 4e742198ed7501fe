from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from littleminds.accounts.models import User
from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.audit.models import AuditEvent
from littleminds.directory import services
from littleminds.directory.models import Service, ServiceRevision
from littleminds.directory.services import AccessFields, LocationFields, ServiceFields
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory, needs_taxonomy

pytestmark = pytest.mark.django_db


def _fields(**changes) -> ServiceFields:
    base = {
        "organisation": OrganisationFactory.create(name="Riverside Trust"),
        "name": "  Baby massage  ",
        "summary": "Gentle touch for parents and babies.",
        "remit": "Parents of babies under one.",
        "boundaries": "Not for babies over 12 months.",
        "ring": "core",
        "max_age_months": 12,
        "access": [AccessFields(method="self_referral", phone="01632 960123")],
        "locations": [LocationFields(name="Hub", postcode="bd7 1dp")],
    }
    return ServiceFields(**{**base, **changes})


def test_it_creates_a_service_with_its_history_and_audit(manager: User) -> None:
    service = services.service_create(by=manager, fields=_fields())

    assert service.name == "Baby massage"
    assert "riverside trust" in service.search_text
    assert service.locations.get().postcode == "BD7 1DP"
    assert service.access.get().phone == "01632 960123"
    revision = ServiceRevision.objects.get(service=service)
    assert (revision.number, revision.changed, revision.recorded_by) == (1, ["created"], manager)
    assert revision.data["name"] == "Baby massage"
    assert AuditEvent.objects.filter(action="service.created", target_code=str(service.code))


def test_it_records_what_changed(manager: User) -> None:
    needs_taxonomy()
    service = services.service_create(by=manager, fields=_fields())
    area = AreaFactory.create(name="District")

    changed = services.service_update(
        by=manager,
        service=service,
        fields=_fields(
            organisation=service.organisation,
            remit="Parents of babies under two.",
            max_age_months=24,
            areas=[area],
        ),
    )

    assert changed == ["areas", "max_age_months", "remit"]
    latest = service.revisions.order_by("-number").first()
    assert latest is not None
    assert (latest.number, latest.changed) == (2, ["areas", "max_age_months", "remit"])
    assert AuditEvent.objects.get(action="service.changed").detail == {"changed": changed}


def test_it_records_nothing_when_nothing_changed(manager: User) -> None:
    service = services.service_create(by=manager, fields=_fields())

    changed = services.service_update(
        by=manager, service=service, fields=_fields(organisation=service.organisation)
    )

    assert changed == []
    assert service.revisions.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"min_age_months": 12, "max_age_months": 6}, "service_ages_in_order"),
        ({"name": ""}, "This field cannot be blank"),
        ({"locations": [LocationFields(name="Hub", postcode="not a postcode")]}, "postcode"),
        (
            {
                "access": [
                    AccessFields(method="self_referral"),
                    AccessFields(method="self_referral"),
                ]
            },
            "each way into the service once",
        ),
        ({"ring": "middle"}, "is not a valid choice"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(manager: User, changes, message) -> None:
    with pytest.raises(ValidationError, match=message):
        services.service_create(by=manager, fields=_fields(**changes))

    assert not Service.objects.exists()
    assert not AuditEvent.objects.filter(action="service.created").exists()


def test_it_sets_status_and_confirms(manager: User) -> None:
    service = ServiceFactory.create()

    services.service_set_status(by=manager, service=service, status="decommissioned")
    services.service_confirm(by=manager, service=service)

    service.refresh_from_db()
    assert service.status == "decommissioned"
    assert service.confirmed_by == manager
    with pytest.raises(ValidationError):
        services.service_set_status(by=manager, service=service, status="vanished")


def test_it_links_services_once_and_never_to_themselves(manager: User) -> None:
    a, b = ServiceFactory.create(), ServiceFactory.create()

    services.link_add(by=manager, source=a, target=b, kind="refers_to", note=" HV refers ")

    assert a.links_out.get().note == "HV refers"
    with pytest.raises(ValidationError, match="already have this link"):
        services.link_add(by=manager, source=a, target=b, kind="refers_to")
    with pytest.raises(ValidationError, match="cannot be linked to itself"):
        services.link_add(by=manager, source=a, target=a, kind="overlaps_with")


@pytest.mark.parametrize("prefix", ["BD7", "bd7", "BD3 9", " bd3  9 "])
def test_it_adds_postcode_districts_and_sectors(manager: User, prefix: str) -> None:
    area = services.area_create(by=manager, key="district", name="District")

    cover = services.coverage_add(by=manager, area=area, prefix=prefix, valid_from=date(2020, 4, 1))

    assert cover.prefix in {"BD7", "BD3 9"}


@pytest.mark.parametrize("prefix", ["BD", "BD7 1DP", "QQ7", "BD7 X", ""])
def test_it_refuses_what_is_not_a_district_or_sector(manager: User, prefix: str) -> None:
    area = services.area_create(by=manager, key="district", name="District")

    with pytest.raises(ValidationError):
        services.coverage_add(by=manager, area=area, prefix=prefix, valid_from=date(2020, 4, 1))

    assert not area.coverage.exists()


def test_it_ends_coverage_but_not_before_it_began(manager: User) -> None:
    area = services.area_create(by=manager, key="district", name="District")
    cover = services.coverage_add(by=manager, area=area, prefix="BD7", valid_from=date(2020, 4, 1))

    with pytest.raises(ValidationError):
        services.coverage_end(by=manager, cover=cover, valid_to=date(2019, 1, 1))
    services.coverage_end(by=manager, cover=cover, valid_to=date(2024, 3, 31))

    cover.refresh_from_db()
    assert cover.valid_to == date(2024, 3, 31)


def test_it_adds_and_changes_needs(manager: User) -> None:
    taxonomy = needs_taxonomy()

    need = services.need_save(
        by=manager,
        taxonomy=taxonomy,
        term="feeding",
        name="Feeding",
        description="Feeding a baby.",
        group="relationship",
    )
    services.need_save(
        by=manager, need=need, term="ignored", name="Infant feeding", description="x", group="other"
    )

    need.refresh_from_db()
    assert (need.term, need.name, need.group) == ("feeding", "Infant feeding", "other")


def test_it_saves_a_snapshot_of_the_map(manager: User) -> None:
    ServiceFactory.create(name="Hub")

    snapshot = services.snapshot_take(by=manager, label="Time 1", taken_on=date(2022, 7, 15))

    assert [s["name"] for s in snapshot.data["services"]] == ["Hub"]
    assert AuditEvent.objects.filter(action="map.snapshot_taken").exists()
