from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from littleminds.accounts.models import Organisation
from littleminds.directory.models import (
    Area,
    AreaCoverage,
    ImportedDocument,
    Location,
    NeedTerm,
    Ring,
    Service,
    ServiceLink,
)
from littleminds.directory.openreferral import standard
from littleminds.directory.openreferral.importer import import_document
from littleminds.directory.selectors import map_state
from littleminds.directory.services import LocationFields
from littleminds.directory.tests.factories import AreaFactory
from littleminds.directory.tests.openreferral import assert_valid, make_service, rich_service

pytestmark = pytest.mark.django_db


def _export() -> dict[str, Any]:
    out = StringIO()
    call_command("directory", "export", stdout=out)
    document: dict[str, Any] = json.loads(out.getvalue())
    return document


@pytest.fixture
def directory() -> None:
    """A small directory with everything the export carries, in every status."""
    district = AreaFactory.create(
        key="bradford-district",
        name="Bradford district",
        description="Postcode districts BD1 to BD22, and LS29.",
        prefixes=[("BD7", date(2020, 4, 1), None)],
    )
    ward = AreaFactory.create(key="old-ward", name="Old ward", prefixes=["BD3 9"])
    rich_service("Little Steps", areas=[district])
    rich_service(
        "Bumps and Babies",
        areas=[district, ward],
        min_age_months=None,
        max_age_months=13,
        needs=["baby_regulation"],
        languages=[],
        access=[],
        locations=[LocationFields(name="Hall", address="Church Lane", postcode="BD3 9AA")],
        status=Service.Status.TEMPORARILY_CLOSED,
        wait_weeks=None,
        phone="",
        email="",
        url="",
    )
    make_service(
        "Money Matters",
        ring=Ring.RISK_FACTORS,
        min_age_months=None,
        max_age_months=None,
        needs=["money"],
        in_person=False,
        telephone=True,
    )
    make_service("Closed Clinic", status=Service.Status.DECOMMISSIONED, min_age_months=3)


@pytest.mark.usefixtures("directory")
def test_it_exports_every_service_as_one_page(tmp_path: Path) -> None:
    target = tmp_path / "directory.json"
    out = StringIO()

    call_command("directory", "export", "--output", str(target), stdout=out)

    document = json.loads(target.read_text(encoding="utf-8"))
    assert out.getvalue() == f"Exported 4 services to {target}.\n"
    assert_valid(standard.page_validator(standard.SERVICE), document)
    assert_valid(standard.page_validator(standard.SERVICE_LIST), document)
    assert [s["name"] for s in document["contents"]] == [
        "Bumps and Babies",
        "Closed Clinic",
        "Little Steps",
        "Money Matters",
    ]
    assert {key: document[key] for key in standard.PAGE_FIELDS} == {
        "total_items": 4,
        "total_pages": 1,
        "page_number": 1,
        "size": 4,
        "first_page": True,
        "last_page": True,
        "empty": False,
    }
    for service in document["contents"]:
        assert_valid(standard.validator(standard.SERVICE), service)


@pytest.mark.usefixtures("directory")
def test_it_exports_to_standard_output_in_full() -> None:
    document = _export()

    statuses = {s["name"]: s["status"] for s in document["contents"]}
    assert statuses["Closed Clinic"] == "defunct"
    assert statuses["Bumps and Babies"] == "temporarily closed"
    steps = next(s for s in document["contents"] if s["name"] == "Little Steps")
    assert steps["littleminds"]["minimum_age_months"] == 6
    assert len(steps["service_at_locations"]) == 2


def test_it_exports_an_empty_directory() -> None:
    document = _export()

    assert document["contents"] == []
    assert_valid(standard.page_validator(standard.SERVICE), document)


def _state() -> dict[str, dict[str, Any]]:
    return {entry["code"]: entry for entry in map_state()["services"]}


def _empty_the_directory() -> None:
    """Everything an export holds, gone, as on a new instance (the seeded needs too)."""
    ServiceLink.objects.all().delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    Area.objects.all().delete()
    NeedTerm.objects.all().delete()
    Organisation.objects.all().delete()


def _coverage() -> set[tuple[str, str, Any, Any]]:
    return set(AreaCoverage.objects.values_list("area__name", "prefix", "valid_from", "valid_to"))


def _without_dates(document: dict[str, Any]) -> dict[str, Any]:
    for service in document["contents"]:
        service.pop("last_modified")
    return document


@pytest.mark.usefixtures("directory")
def test_it_keeps_everything_through_export_and_import() -> None:
    before = _state()
    coverage_before = _coverage()
    exported = _export()
    _empty_the_directory()

    result = import_document(json.loads(json.dumps(exported)), source="export.json")

    assert len(result.added) == 4
    assert _state() == before
    steps = next(s for s in before.values() if s["name"] == "Little Steps")
    assert (steps["min_age_months"], steps["max_age_months"], steps["pregnancy"]) == (6, 18, True)
    assert steps["locations"][0]["address"] == "1 Test Street\r\nTest Town"
    assert len(steps["access"]) == 4
    # The areas come back with their postcodes and dates.
    assert result.warnings == []
    assert _coverage() == coverage_before
    assert _without_dates(_export()) == _without_dates(exported)


@pytest.mark.usefixtures("directory")
def test_it_finds_the_areas_again_when_they_are_still_there() -> None:
    before = _state()
    exported = _export()
    Service.objects.all().delete()
    district = Area.objects.get(key="bradford-district")

    result = import_document(exported, source="export.json")

    assert result.warnings == []
    assert _state() == before
    assert Area.objects.count() == 2
    assert set(Service.objects.get(name="Little Steps").areas.all()) == {district}


@pytest.mark.usefixtures("directory")
def test_it_changes_nothing_when_the_export_is_imported_again() -> None:
    before = _state()
    revisions = {code: Service.objects.get(code=code).revisions.count() for code in before}

    result = import_document(_export(), source="export.json")

    assert (len(result.added), len(result.updated)) == (0, 4)
    assert _state() == before
    assert {code: Service.objects.get(code=code).revisions.count() for code in before} == revisions
    assert ImportedDocument.objects.get().updated == 4
