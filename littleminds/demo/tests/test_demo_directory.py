"""The demonstration directory: an Open Referral UK document loaded through the directory's
own import, giving the same directory as the Python data it replaced (the counts and
fields below are those of that data), with its two time points and its conflict."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from littleminds.accounts.models import Organisation
from littleminds.audit.models import AuditEvent
from littleminds.demo import data
from littleminds.demo.directory import DOCUMENT, TIME_1, as_at_time_1, document, service_code
from littleminds.directory.models import (
    Area,
    ImportedDocument,
    MapSnapshot,
    OverlapReview,
    Service,
    ServiceAccess,
    ServiceLink,
    ServiceRevision,
)
from littleminds.directory.openreferral import standard
from littleminds.directory.openreferral.importer import check_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    data.load()


def test_its_document_is_open_referral_uk_that_imports_without_a_warning() -> None:
    now = document()

    assert list(standard.page_validator(standard.SERVICE).iter_errors(now)) == []
    for then_or_now in (as_at_time_1(now), now):
        _shape, reader = check_document(then_or_now)
        assert reader.warnings == []


def test_its_first_time_point_names_only_services_of_the_document() -> None:
    ids = {item["id"] for item in document()["contents"]}

    named = {*TIME_1["absent"], *TIME_1["changes"]}

    assert {key for key in named if str(service_code(key)) not in ids} == set()
    assert len(as_at_time_1(document())["contents"]) == len(ids) - len(TIME_1["absent"])


@pytest.mark.usefixtures("loaded")
def test_it_loads_the_directory_through_the_open_referral_import() -> None:
    imports = ImportedDocument.objects.order_by("received_at", "pk")

    assert [(i.source, i.shape, i.created, i.updated) for i in imports] == [
        (f"{DOCUMENT.name}, as it was at Time 1, summer 2022", "service_list", 45, 0),
        (DOCUMENT.name, "service_list", 4, 45),
    ]
    assert AuditEvent.objects.filter(action="directory.imported").count() == 2


@pytest.mark.usefixtures("loaded")
def test_it_builds_the_same_directory_as_the_data_it_replaced() -> None:
    assert Service.objects.count() == 49
    assert Counter(Service.objects.values_list("status", flat=True)) == {
        "active": 47,
        "temporarily_closed": 1,
        "decommissioned": 1,
    }
    assert Counter(Service.objects.values_list("ring", flat=True)) == {
        "core": 19,
        "universal": 19,
        "risk_factors": 11,
    }
    # The 14 organisations of the demonstration instance and 14 that only the directory has.
    assert Organisation.objects.count() == 28
    assert Organisation.objects.filter(services__isnull=True).count() == 2
    coverage = {area.key: area.coverage.count() for area in Area.objects.all()}
    assert coverage == {
        "better-start-wards": 8,
        "brackendale-district": 23,
        "craven": 2,
        "kestrel-row-catchment": 3,
        "leeds": 17,
        "lmm-clinical": 31,
        "moorside-catchment": 3,
    }
    assert ServiceLink.objects.count() == 42
    assert ServiceAccess.objects.count() == 84
    assert ServiceRevision.objects.count() == 57


@pytest.mark.usefixtures("loaded")
def test_it_keeps_each_field_of_the_parent_infant_service() -> None:
    lmm = Service.objects.get(code=service_code("lmm-parent-infant"))

    assert lmm.name == "Little Minds Matter – parent–infant relationship service"
    assert lmm.organisation.name == data.TRUST
    assert (lmm.min_age_months, lmm.max_age_months, lmm.pregnancy) == (0, 24, True)
    assert (lmm.ring, lmm.wait_weeks, lmm.phone) == ("core", 6, "0113 496 0100")
    assert lmm.remit.startswith("Families living in the district, from pregnancy")
    assert lmm.boundaries.startswith("Not an emergency service")
    assert [area.key for area in lmm.areas.all()] == ["lmm-clinical"]
    assert set(lmm.needs.values_list("term", flat=True)) == {
        "bonding",
        "baby_regulation",
        "trauma_loss",
        "parenting_confidence",
    }
    assert set(lmm.access.values_list("method", flat=True)) == {
        "practitioner_referral",
        "self_referral",
        "consultation",
    }
    assert list(lmm.locations.values_list("postcode", "latitude", "longitude")) == [
        ("BD3 9HW", 53.8008, -1.7262)
    ]
    assert lmm.languages == ["en", "ur", "pa", "pl"]
    clinical = Area.objects.get(key="lmm-clinical")
    assert set(clinical.coverage.values_list("valid_from", "valid_to")) == {
        (date(2018, 4, 1), date(2020, 3, 31)),
        (date(2020, 4, 1), None),
    }


@pytest.mark.usefixtures("loaded")
def test_it_keeps_the_system_as_it_was_at_the_first_time_point() -> None:
    time_1, time_2 = MapSnapshot.objects.order_by("taken_on")
    then = {entry["code"]: entry for entry in time_1.data["services"]}

    assert (time_1.taken_on, len(time_1.data["services"]), len(time_1.data["links"])) == (
        date(2022, 7, 15),
        45,
        36,
    )
    assert (time_2.taken_on, len(time_2.data["services"]), len(time_2.data["links"])) == (
        date(2023, 12, 1),
        49,
        42,
    )
    assert str(service_code("baby-bonds")) not in then
    hub = then[str(service_code("family-hub-central"))]
    assert hub["name"] == "Central Brackendale Children's Centre"
    assert then[str(service_code("perinatal-mh-community"))]["max_age_months"] == 12
    assert then[str(service_code("talking-therapies"))]["ring"] == "risk_factors"
    assert then[str(service_code("chatter-steps"))]["areas"] == ["Better Beginnings wards"]
    assert then[str(service_code("doula"))]["status"] == "active"
    history = ServiceRevision.objects.filter(service__code=service_code("family-hub-central"))
    assert [(r.number, "name" in r.changed) for r in history.order_by("number")] == [
        (1, False),
        (2, True),
    ]


@pytest.mark.usefixtures("loaded")
def test_it_records_the_conflict_its_links_name() -> None:
    review = OverlapReview.objects.get()

    pair = {review.first.code, review.second.code}
    assert pair == {service_code("baby-bonds"), service_code("lmm-parent-infant")}
    assert review.verdict == OverlapReview.Verdict.CONFLICT
    assert review.note.startswith("Commissioned in 2023 for the same families")
