from __future__ import annotations

import copy
import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from littleminds.accounts.models import Organisation
from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.audit.models import AuditEvent
from littleminds.directory.models import (
    Area,
    ImportedDocument,
    Location,
    NeedTerm,
    Ring,
    Service,
    ServiceLink,
)
from littleminds.directory.openreferral import importer, serialise, standard
from littleminds.directory.openreferral.importer import (
    NOT_GIVEN,
    InvalidDocument,
    import_document,
)
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory, needs_taxonomy
from littleminds.directory.tests.openreferral import assert_valid

pytestmark = pytest.mark.django_db

SERVICE_ID = "0c7e1b5e-7a0e-4d5c-9a43-5d2f1b0c6a01"
SECOND_ID = "0c7e1b5e-7a0e-4d5c-9a43-5d2f1b0c6a02"
ORGANISATION_ID = "6f1d8a2c-3b4e-4f5a-8b6c-7d8e9f0a1b2c"
LOCATION_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


def uk_service(**changes: Any) -> dict[str, Any]:
    """A service as a UK council's directory might publish it: no extension of ours."""
    service: dict[str, Any] = {
        "id": SERVICE_ID,
        "organization_id": ORGANISATION_ID,
        "name": "Stay and Play",
        "description": "Play sessions for babies and toddlers with their parents.\n\n"
        "Run by volunteers in church halls.",
        "status": "active",
        "url": "https://play.test.example/",
        "email": "play@test.example",
        "minimum_age": 0,
        "maximum_age": 2,
        "organization": {
            "id": ORGANISATION_ID,
            "name": "Test Family Hubs",
            "description": "Family hubs in the test district.",
            "website": "https://hubs.test.example/",
        },
        "service_areas": [{"id": "4c1f0e2a-9b8d-4e7f-a6c5-b4d3e2f1a0b9", "name": "Test Area 1"}],
        "service_at_locations": [
            {
                "id": "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091",
                "location": {
                    "id": LOCATION_ID,
                    "location_type": "physical",
                    "name": "St Test's Hall",
                    "latitude": 53.79,
                    "longitude": -1.78,
                    "addresses": [
                        {
                            "id": "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918",
                            "address_1": "Church Lane",
                            "city": "Test Town",
                            "state_province": "West Yorkshire",
                            "postal_code": "bd7 1dp",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "attributes": [],
    }
    service.update(changes)
    return service


def hsds_service() -> dict[str, Any]:
    """The same kind of record from an international HSDS 3.0 publisher, with the fields the
    UK profile leaves out."""
    service = uk_service(id=SECOND_ID, name="Parent Café")
    del service["minimum_age"], service["maximum_age"]
    service.update(
        alternate_name="The Café",
        eligibility_description="Parents-to-be and parents of babies under one.",
        wait_time="About 2 weeks",
        phones=[{"id": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "number": "01632 960123"}],
        languages=[
            {"id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "name": "Urdu", "code": "ur"},
            {"id": "2a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "name": "Polish", "code": "pl-PL"},
            {"id": "3a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "name": "Bengali"},
            {"id": "4a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "name": "Klingon", "code": "tlh"},
        ],
        attributes=[
            {
                "id": "6a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "link_type": "eligibility",
                "taxonomy_term_id": str(serialise.PREGNANCY.code),
                "value": "true",
            },
            {
                "id": "7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "link_type": "eligibility",
                "taxonomy_term_id": str(serialise.MAXIMUM_MONTHS.code),
                "value": "12",
            },
        ],
    )
    return service


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Service, Organisation, Area, NeedTerm, Location, ImportedDocument, AuditEvent)
    }


# Each shape -------------------------------------------------------------------------------


def test_it_imports_a_uk_service() -> None:
    AreaFactory.create(name="Test Area 1", prefixes=["BD7"])
    bonding = NeedTerm.objects.get(term="bonding")
    data = uk_service(
        attributes=[
            {
                "id": "8a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "link_type": "need",
                "taxonomy_term_id": str(bonding.code),
            }
        ]
    )

    result = import_document(data, source="https://council.test.example/services/1")

    service = Service.objects.get(code=SERVICE_ID)
    assert result.added == [service]
    assert (result.shape, result.profile, result.warnings) == ("service", "uk-profile", [])
    assert service.name == "Stay and Play"
    assert service.summary == "Play sessions for babies and toddlers with their parents."
    assert service.description == "Run by volunteers in church halls."
    assert service.remit == data["description"]
    assert service.boundaries == NOT_GIVEN == "Not given in the imported record."
    assert service.ring == Ring.UNIVERSAL
    assert (service.min_age_months, service.max_age_months, service.pregnancy) == (0, 24, False)
    assert service.organisation.code.hex == ORGANISATION_ID.replace("-", "")
    assert service.organisation.website == "https://hubs.test.example/"
    assert [area.name for area in service.areas.all()] == ["Test Area 1"]
    assert list(service.needs.all()) == [bonding]
    place = service.locations.get()
    assert (str(place.code), place.name, place.postcode) == (
        LOCATION_ID,
        "St Test's Hall",
        "BD7 1DP",
    )
    assert place.address == "Church Lane\nTest Town"
    kept = ImportedDocument.objects.get()
    assert (kept.source, kept.shape, kept.document, kept.created, kept.updated) == (
        "https://council.test.example/services/1",
        "service",
        data,
        1,
        0,
    )
    assert AuditEvent.objects.filter(action="directory.imported").count() == 1


def test_it_imports_an_international_hsds_service() -> None:
    result = import_document(hsds_service(), source="hsds.json")

    service = Service.objects.get(code=SECOND_ID)
    assert result.profile == "hsds-3.0"
    assert service.languages == ["ur", "pl", "bn"]
    assert service.phone == "01632 960123"
    assert service.wait_weeks == 2
    assert service.remit.endswith("\n\nParents-to-be and parents of babies under one.")
    # The eligibility attributes give what the years could not.
    assert (service.min_age_months, service.max_age_months, service.pregnancy) == (None, 12, True)
    assert ("$.languages[3]", "The directory does not list tlh, so it was left out.") in (
        result.warnings
    )


def test_it_imports_a_page_of_services() -> None:
    page = serialise.page([uk_service(), hsds_service()], 2, 1, 2)

    result = import_document(page, source="page.json")

    assert result.shape == "service_list"
    assert result.profile == "mixed"
    assert sorted(s.name for s in result.added) == ["Parent Café", "Stay and Play"]
    # Both services name the same organisation: it is made once.
    assert Organisation.objects.filter(name="Test Family Hubs").count() == 1


def test_it_imports_an_organisation_with_its_services() -> None:
    first = uk_service()
    second = uk_service(id=SECOND_ID, name="Baby Signing", service_at_locations=[])
    for service in (first, second):
        del service["organization"], service["organization_id"]
    data = {
        "id": ORGANISATION_ID,
        "name": "Test Family Hubs",
        "description": "Family hubs in the test district.",
        "services": [first, second],
    }

    result = import_document(data, source="organisation.json")

    organisation = Organisation.objects.get(code=ORGANISATION_ID)
    assert result.shape == "organization"
    assert sorted(organisation.services.values_list("name", flat=True)) == [
        "Baby Signing",
        "Stay and Play",
    ]


def test_it_updates_a_service_found_by_its_id() -> None:
    import_document(uk_service(), source="first.json")

    result = import_document(uk_service(name="Stay, Play and Sing"), source="second.json")

    service = Service.objects.get()
    assert result.updated == [service]
    assert result.added == []
    assert service.name == "Stay, Play and Sing"
    assert Organisation.objects.filter(name="Test Family Hubs").count() == 1
    assert Location.objects.count() == 1
    assert ImportedDocument.objects.count() == 2
    assert service.revisions.order_by("-number").values_list("changed", flat=True)[0] == ["name"]


def test_it_uses_an_organisation_it_knows_by_name() -> None:
    known = OrganisationFactory.create(name="Test Family Hubs")

    result = import_document(uk_service(), source="feed.json")

    assert Service.objects.get().organisation == known
    assert result.warnings[0][0] == "$.organization.id"


def test_it_adds_an_area_it_does_not_know_with_a_warning() -> None:
    data = uk_service(
        service_areas=[{"id": "4c1f0e2a-9b8d-4e7f-a6c5-b4d3e2f1a0b9", "name": "Keighley"}]
    )

    result = import_document(data, source="feed.json")

    area = Area.objects.get(name="Keighley")
    assert str(area.code) == "4c1f0e2a-9b8d-4e7f-a6c5-b4d3e2f1a0b9"
    assert not area.coverage.exists()
    assert [path for path, _message in result.warnings] == ["$.service_areas[0]"]
    assert "reaches no postcode" in result.warnings[0][1]


def test_it_matches_an_area_by_its_uri() -> None:
    area = AreaFactory.create(key="bradford", name="Bradford district")
    data = uk_service(service_areas=[{"id": SECOND_ID, "uri": "urn:littleminds:area:bradford"}])

    import_document(data, source="feed.json")

    assert list(Service.objects.get().areas.all()) == [area]


def test_it_finds_a_need_by_its_term_and_adds_one_it_is_given() -> None:
    data = uk_service(
        attributes=[
            {
                "id": "8a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "link_type": "need",
                "taxonomy_term_id": "9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "taxonomy_term": {
                    "id": "9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                    "name": "Housing",
                    "description": "Somewhere to live.",
                    "term": "housing",
                },
            },
            {
                "id": "8b2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "link_type": "need",
                "taxonomy_term_id": "9b2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "taxonomy_term": {
                    "id": "9b2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                    "name": "Sleep & crying",
                    "description": "Nights are hard.",
                },
            },
            {
                "id": "8c2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "link_type": "accessibility",
                "taxonomy_term_id": "9c2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
            },
        ]
    )
    seeded = NeedTerm.objects.count()

    result = import_document(data, source="feed.json")

    terms = sorted(need.term for need in Service.objects.get().needs.all())
    assert terms == ["housing", "sleep_crying"]
    assert NeedTerm.objects.count() == seeded + 1
    added = NeedTerm.objects.get(term="sleep_crying")
    assert str(added.code) == "9b2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
    assert added.taxonomy == needs_taxonomy()
    assert [path for path, _message in result.warnings if "attributes" in path] == [
        "$.attributes[2]"
    ]


# Invalid documents ---------------------------------------------------------------------


def _broken(change: Callable[[dict[str, Any]], None], *, listed: bool = False) -> Any:
    data = uk_service()
    change(data)
    if listed:
        return serialise.page([uk_service(id=SECOND_ID), data], 2, 1, 2)
    return data


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _remove(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.pop(key)


@pytest.mark.parametrize(
    ("change", "listed", "path", "message"),
    [
        (_set(["minimum_age"], "three"), False, "$.minimum_age", 'a number, not "three"'),
        (_set(["minimum_age"], "three"), True, "$.contents[1].minimum_age", "a number"),
        (_remove("id"), True, "$.contents[1].id", "This is required."),
        (_set(["id"], "service-1"), False, "$.id", "must be a UUID"),
        (_set(["status"], "closed"), False, "$.status", "one of"),
        (_set(["name"], "  "), False, "$.name", "Give the service a name."),
        (_set(["email"], "not an email"), False, "$.email", "an email address"),
        (_remove("organization"), False, "$.organization_id", "No organisation has this id"),
        (
            _set(["littleminds"], {"ring": "middle"}),
            False,
            "$.littleminds.ring",
            "core, universal, risk_factors",
        ),
        (
            _set(
                ["attributes"],
                [{"id": SECOND_ID, "link_type": "need", "taxonomy_term_id": ORGANISATION_ID}],
            ),
            False,
            "$.attributes[0].taxonomy_term_id",
            "no need with this id",
        ),
    ],
)
def test_it_rejects_a_bad_document_whole_with_paths(
    change: Callable[[dict[str, Any]], None], listed: bool, path: str, message: str
) -> None:
    ServiceFactory.create(name="Already Here")
    before = _counts()

    with pytest.raises(InvalidDocument) as raised:
        import_document(_broken(change, listed=listed), source="bad.json")

    assert path in dict(raised.value.errors), raised.value.errors
    assert message in dict(raised.value.errors)[path]
    assert _counts() == before


def test_it_reports_every_problem_at_once() -> None:
    first = uk_service(minimum_age="three")
    second = uk_service(id=SECOND_ID, maximum_age=-3, email="nope")
    third = uk_service(id=SECOND_ID)

    with pytest.raises(InvalidDocument) as raised:
        import_document(serialise.page([first, second, third], 3, 1, 3), source="bad.json")

    assert [path for path, _message in raised.value.errors] == [
        "$.contents[0].minimum_age",
        "$.contents[1].email",
        "$.contents[2].id",
    ]


def test_it_rejects_what_is_not_open_referral() -> None:
    rejected: list[Any] = [[], "service", {"colour": "green"}]
    for data in rejected:
        with pytest.raises(InvalidDocument) as raised:
            import_document(data, source="bad.json")
        assert raised.value.errors[0][0] == "$"


def test_it_keeps_nothing_when_the_directory_refuses_a_service(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = _counts()
    real = importer.service_create

    def refuse_the_second(**kwargs: Any) -> Service:
        if kwargs["fields"].name == "Refused":
            raise ValidationError("The directory refused it.")
        return real(**kwargs)

    monkeypatch.setattr(importer, "service_create", refuse_the_second)
    page = serialise.page([uk_service(), uk_service(id=SECOND_ID, name="Refused")], 2, 1, 2)

    with pytest.raises(InvalidDocument) as raised:
        import_document(page, source="page.json")

    assert raised.value.errors == [("$.contents[1]", "The directory refused it.")]
    assert _counts() == before


# The command ------------------------------------------------------------------------------


def _write(tmp_path: Path, data: Any) -> Path:
    target = tmp_path / "feed.json"
    target.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return target


def test_it_imports_a_file_and_says_what_it_did(tmp_path: Path) -> None:
    feed = _write(tmp_path, serialise.page([uk_service(), hsds_service()], 2, 1, 2))
    out, err = StringIO(), StringIO()

    call_command("directory", "import", str(feed), stdout=out, stderr=err)
    call_command("directory", "import", str(feed), stdout=out, stderr=err)

    assert out.getvalue().splitlines() == [
        f"Imported {feed}: 2 services added, 0 updated, 2 warnings.",
        f"Imported {feed}: 0 services added, 2 updated, 1 warning.",
    ]
    assert "Warning: $.contents[1].languages[3]" in err.getvalue()
    assert Service.objects.count() == 2


def test_it_lists_the_problems_of_a_file_and_changes_nothing(tmp_path: Path) -> None:
    bad = copy.deepcopy(uk_service(minimum_age="three"))
    feed = _write(tmp_path, bad)
    before = _counts()

    with pytest.raises(CommandError) as raised:
        call_command("directory", "import", str(feed), stdout=StringIO())

    assert "nothing changed" in str(raised.value)
    assert '$.minimum_age: This must be a number, not "three".' in str(raised.value)
    assert _counts() == before


def test_it_says_where_json_is_broken(tmp_path: Path) -> None:
    feed = _write(tmp_path, '{\n  "id": "x",\n  "name": oops\n}')
    before = _counts()

    with pytest.raises(CommandError) as raised:
        call_command("directory", "import", str(feed), stdout=StringIO())

    assert "is not valid JSON: Expecting value at line 3, column 11" in str(raised.value)
    assert _counts() == before


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("NaN", "NaN is not a number JSON allows"),
        ("-Infinity", "-Infinity is not a number JSON allows"),
        ("1e400", "1e400 is too large a number"),
    ],
)
def test_it_refuses_numbers_no_database_can_keep(tmp_path: Path, number: str, message: str) -> None:
    # Before: Python's decoder took them, and storing the document was a traceback.
    text = json.dumps(uk_service()).replace('"minimum_age": 0', f'"minimum_age": {number}')
    assert number in text
    feed = _write(tmp_path, text)
    before = _counts()

    with pytest.raises(CommandError) as raised:
        call_command("directory", "import", str(feed), stdout=StringIO())

    assert message in str(raised.value)
    assert "Nothing was imported" in str(raised.value)
    assert _counts() == before


def test_it_refuses_a_file_nested_too_deeply(tmp_path: Path) -> None:
    feed = _write(tmp_path, "[" * 100_000 + "]" * 100_000)

    with pytest.raises(CommandError) as raised:
        call_command("directory", "import", str(feed), stdout=StringIO())

    assert "nested too deeply" in str(raised.value)


def test_it_says_when_the_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("directory", "import", str(tmp_path / "nowhere.json"))


def test_it_rejects_a_link_to_a_service_nobody_has_and_keeps_nothing() -> None:
    a, b = ServiceFactory.create(name="A"), ServiceFactory.create(name="B")
    ServiceLink.objects.create(source=a, target=b, kind="refers_to", note="Often")
    out = StringIO()
    call_command("directory", "export", stdout=out)
    document = json.loads(out.getvalue())
    linked = next(s for s in document["contents"] if s["name"] == "A")
    linked["littleminds"]["links"][0]["target"] = "0b8d6f7e-9a3c-4a1e-8f4e-2d3c4b5a6978"
    ServiceLink.objects.all().delete()
    Service.objects.all().delete()
    before = _counts()

    with pytest.raises(InvalidDocument) as caught:
        import_document(document, source="links.json")

    assert [path for path, _message in caught.value.errors] == [
        "$.contents[0].littleminds.links[0]"
    ]
    assert _counts() == before


def test_it_makes_the_links_between_the_services_it_imports() -> None:
    a, b = ServiceFactory.create(name="A"), ServiceFactory.create(name="B")
    ServiceLink.objects.create(source=a, target=b, kind="delivers_jointly_with", note="Together")
    out = StringIO()
    call_command("directory", "export", stdout=out)
    document = json.loads(out.getvalue())
    ServiceLink.objects.all().delete()
    Service.objects.all().delete()

    import_document(document, source="links.json")
    import_document(document, source="links.json")  # a second import adds no second link

    link = ServiceLink.objects.select_related("source", "target").get()
    assert (link.source.name, link.kind, link.target.name, link.note) == (
        "A",
        "delivers_jointly_with",
        "B",
        "Together",
    )


# What the schema allows but the world does not --------------------------------------------


def example_of(schema: dict[str, Any]) -> Any:
    """An object made of the standard's own examples (each property's `example`, written
    in the schema as text, given the property's type), with every property it describes."""
    kind = schema.get("type")
    if kind == "object":
        return {name: example_of(part) for name, part in schema.get("properties", {}).items()}
    if kind == "array":
        return [example_of(schema["items"])]
    value = schema.get("example")
    if kind == "number":
        return float(value) if value is not None else 0.0
    if kind == "integer":
        return int(value) if value is not None else 0
    if kind == "boolean":
        return str(value).lower() == "true"
    return "" if value is None else str(value)


def test_it_imports_the_standards_own_example_and_leaves_out_its_impossible_latitude(
    tmp_path: Path,
) -> None:
    example = example_of(standard.schema(standard.SERVICE))
    place = example["service_at_locations"][0]["location"]
    assert (place["latitude"], place["longitude"]) == (100.0, 101.0)
    assert_valid(standard.validator(standard.SERVICE), example)
    out, err = StringIO(), StringIO()

    call_command("directory", "import", str(_write(tmp_path, example)), stdout=out, stderr=err)

    service = Service.objects.get(code=example["id"])
    assert service.name == example["name"]
    location = Location.objects.get(code=place["id"])
    assert (location.latitude, location.longitude) == (None, None)
    assert (
        "Warning: $.service_at_locations[0].location.latitude: The latitude 100 is not on "
        "Earth (a latitude is between -90 and 90), so the location was imported without "
        "its coordinates." in err.getvalue()
    )
    assert out.getvalue().endswith(f", {len(err.getvalue().splitlines())} warnings.\n")


def test_it_leaves_out_a_postcode_that_is_not_british() -> None:
    service = uk_service()
    service["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "BD7 QQQ"

    result = import_document(service, source="feed.json")

    kept = Location.objects.get(code=LOCATION_ID)
    assert (kept.name, kept.postcode, kept.latitude) == ("St Test's Hall", "", 53.79)
    assert (
        "$.service_at_locations[0].location.addresses[0].postal_code",
        '"BD7 QQQ" is not a UK postcode (Enter a real UK postcode, like BD7 1DP), so the '
        "location was imported without it.",
    ) in result.warnings


@pytest.mark.parametrize(
    ("place", "path", "words"),
    [
        ({"latitude": 123.0}, "latitude", "The latitude 123 is not on Earth"),
        ({"longitude": -181.5}, "longitude", "The longitude -181.5 is not on Earth"),
        ({"longitude": None}, "latitude", "A latitude without a longitude"),
        ({"latitude": None}, "longitude", "A longitude without a latitude"),
    ],
)
def test_it_leaves_out_only_the_impossible_coordinates(
    place: dict[str, Any], path: str, words: str
) -> None:
    service = uk_service()
    location = service["service_at_locations"][0]["location"]
    for key, value in place.items():
        if value is None:
            del location[key]
        else:
            location[key] = value

    result = import_document(service, source="feed.json")

    kept = Location.objects.get(code=LOCATION_ID)
    assert (kept.name, kept.postcode) == ("St Test's Hall", "BD7 1DP")
    assert (kept.latitude, kept.longitude) == (None, None)
    assert Service.objects.get(code=SERVICE_ID).name == "Stay and Play"
    (warning,) = [w for w in result.warnings if "location" in w[0]]
    assert warning[0] == f"$.service_at_locations[0].location.{path}"
    assert words in warning[1]


def test_the_command_says_when_there_were_no_warnings(tmp_path: Path) -> None:
    AreaFactory.create(name="Test Area 1", prefixes=["BD7"])
    out = StringIO()

    call_command("directory", "import", str(_write(tmp_path, uk_service())), stdout=out)

    assert out.getvalue() == (
        f"Imported {tmp_path / 'feed.json'}: 1 services added, 0 updated, 0 warnings.\n"
    )


@pytest.mark.parametrize(
    ("text", "what"), [("Stay\u0000Play", "NUL character"), ("Stay \ud83d Play", "lone surrogate")]
)
def test_it_refuses_characters_no_text_may_hold_and_names_their_path(
    tmp_path: Path, text: str, what: str
) -> None:
    feed = _write(tmp_path, json.dumps(uk_service(description=text)))
    before = _counts()

    with pytest.raises(CommandError) as raised:
        call_command("directory", "import", str(feed), stdout=StringIO())

    assert "$.description:" in str(raised.value)
    assert what in str(raised.value)
    assert _counts() == before


def test_it_refuses_such_characters_in_a_key_too() -> None:
    service = uk_service()
    service["organization"]["x-ne\ud800ws"] = "yes"

    with pytest.raises(InvalidDocument) as raised:
        import_document(service, source="feed.json")

    assert [path for path, _message in raised.value.errors] == ["$.organization"]
    assert "lone surrogate (\\ud800)" in raised.value.errors[0][1]


@pytest.mark.parametrize(
    ("changes", "path", "words", "kept"),
    [
        (
            {"minimum_age": -1},
            "$.minimum_age",
            "The age -1 is not one a service can have (from 0 to 150 years), so it was left out.",
            {"min_age_months": None, "max_age_months": 24},
        ),
        (
            {"maximum_age": 1e300},
            "$.maximum_age",
            "The age 1e+300 is not one a service can have",
            {"min_age_months": 0, "max_age_months": None},
        ),
        (
            {"minimum_age": 5},
            "$.maximum_age",
            "The maximum age 2 is not more than the minimum age 5, so it was left out.",
            {"min_age_months": 60, "max_age_months": None},
        ),
        (
            {"url": "not a web address"},
            "$.url",
            '"not a web address" is not a web address, so it was left out.',
            {"url": ""},
        ),
    ],
)
def test_it_leaves_out_an_impossible_value_of_a_service(
    changes: dict[str, Any], path: str, words: str, kept: dict[str, Any]
) -> None:
    result = import_document(uk_service(**changes), source="feed.json")

    service = Service.objects.get(code=SERVICE_ID)
    assert {name: getattr(service, name) for name in kept} == kept
    assert (service.name, service.email) == ("Stay and Play", "play@test.example")
    messages = dict(result.warnings)
    assert words in messages[path], result.warnings


def test_it_leaves_out_an_organisations_impossible_website() -> None:
    service = uk_service()
    service["organization"]["website"] = "hubs dot example"

    result = import_document(service, source="feed.json")

    organisation = Organisation.objects.get(name="Test Family Hubs")
    assert organisation.website == ""
    assert dict(result.warnings)["$.organization.website"] == (
        '"hubs dot example" is not a web address, so it was left out.'
    )
