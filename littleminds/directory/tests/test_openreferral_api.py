from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from openapi_spec_validator import validate

from littleminds.directory.models import Location, NeedTerm, Service
from littleminds.directory.openreferral import serialise, standard
from littleminds.directory.services import LocationFields
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory
from littleminds.directory.tests.openreferral import assert_valid, make_service, rich_service

pytestmark = pytest.mark.django_db


def _get(client: Client, path: str, **params: Any) -> Any:
    response = client.get(f"/openreferral/{path}", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def _names(page: dict[str, Any]) -> list[str]:
    return [
        item["name"] if "name" in item else item["service"]["name"] for item in page["contents"]
    ]


def _errors(client: Client, path: str, **params: Any) -> dict[str, str]:
    response = client.get(f"/openreferral/{path}", params)
    assert response.status_code == 400, response.content
    errors: dict[str, str] = response.json()["errors"]
    return errors


# The API itself ---------------------------------------------------------------------------


def test_it_says_what_it_is(anonymous: Client) -> None:
    root = _get(anonymous, "")

    assert root == {
        "version": "3.0",
        "profile": "https://github.com/openreferral/uk-profile",
        "openapi_url": "http://testserver/openreferral/openapi.json",
    }


def test_it_serves_a_valid_api_description(anonymous: Client) -> None:
    served = _get(anonymous, "openapi.json")

    # The standard's own file uses "type": "time", and 3.1's jsonSchemaDialect in a 3.0
    # document; what is served is the standard's paths with those put right, and with
    # what this API answers besides (ADR 0021).
    validate(served)
    assert (
        served["paths"].keys() == json.loads(standard.schema_text(standard.OPENAPI))["paths"].keys()
    )
    assert served["servers"] == [{"url": "/openreferral"}]
    # Every schema is in the document itself, so a client needs nothing else to read it.
    assert "raw.githubusercontent.com" not in json.dumps(served)


def test_it_describes_every_refusal_in_its_one_shape(anonymous: Client) -> None:
    served = _get(anonymous, "openapi.json")

    for path, item in served["paths"].items():
        responses = item["get"]["responses"]
        expected = {"200", "503"} | (
            {"404"} if "{id}" in path else {"400"} if path != "/" else set()
        )
        assert set(responses) == expected, path
        for status in expected - {"200"}:
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Errors"}


def test_it_describes_the_paging_it_accepts(anonymous: Client) -> None:
    parameters = _get(anonymous, "openapi.json")["components"]["parameters"]

    assert parameters["page"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 1_000_000_000,
        "default": 1,
    }
    assert parameters["per_page"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 200,
        "default": 50,
    }


@pytest.mark.parametrize(
    "path", ["", "openapi.json", "services", "service_at_locations", "taxonomies", "taxonomy_terms"]
)
def test_it_answers_only_get(anonymous: Client, path: str) -> None:
    assert anonymous.post(f"/openreferral/{path}").status_code == 405
    assert anonymous.delete(f"/openreferral/{path}").status_code == 405


def test_it_answers_signed_in_people_as_it_answers_visitors(as_persona: Any) -> None:
    ServiceFactory.create(name="Open Door")

    page = _get(as_persona("clinician"), "services")

    assert _names(page) == ["Open Door"]


# Services -------------------------------------------------------------------------------


def test_it_lists_live_services_as_the_schema_says(anonymous: Client) -> None:
    rich_service("Little Steps")
    ServiceFactory.create(name="Closed For Now", status=Service.Status.TEMPORARILY_CLOSED)
    ServiceFactory.create(name="Long Gone", status=Service.Status.DECOMMISSIONED)

    page = _get(anonymous, "services")

    assert_valid(standard.page_validator(standard.SERVICE_LIST), page)
    assert _names(page) == ["Closed For Now", "Little Steps"]
    assert page["contents"][0]["status"] == "temporarily closed"
    assert page["contents"][0]["alert"]
    steps = page["contents"][1]
    assert steps["minimum_age"] == 0  # 6 months: from the birthday before
    assert steps["maximum_age"] == 2  # 18 months: until the birthday after
    assert steps["organization"]["id"] == steps["organization_id"]


def test_it_lists_services_in_a_bounded_number_of_queries(
    anonymous: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        ServiceFactory.create(name=f"Service {n:02}")

    # The directory's generation (ADR 0046), then the page with its total, however many
    # services there are (ADR 0058).
    with django_assert_max_num_queries(2):
        page = _get(anonymous, "services", per_page=10)

    assert page["size"] == 10


def test_it_serves_a_service_in_full(anonymous: Client, django_assert_max_num_queries: Any) -> None:
    area = AreaFactory.create(key="bradford", name="Bradford district", prefixes=["BD7"])
    service = rich_service(areas=[area])

    # The service, and one query each for areas, their postcodes, needs, ways in, places and
    # links to other services.
    with django_assert_max_num_queries(7):
        full = _get(anonymous, f"services/{service.code}")

    assert_valid(standard.validator(standard.SERVICE), full)
    assert full["id"] == str(service.code)
    assert (
        full["description"]
        == "Little Steps in a sentence.\n\nHome visits and groups.\nAlso online."
    )
    assert (full["minimum_age"], full["maximum_age"]) == (0, 2)
    assert full["eligibility_description"] == "Pregnancy, and 6 months to 18 months"
    assert full["littleminds"]["minimum_age_months"] == 6
    assert full["littleminds"]["maximum_age_months"] == 18
    assert full["littleminds"]["pregnancy"] is True
    assert full["service_areas"] == [
        {
            "id": str(area.code),
            "service_id": str(service.code),
            "name": "Bradford district",
            "service_area": "Bradford district",
            "uri": "urn:littleminds:area:bradford",
            "littleminds": {
                "coverage": [
                    {"prefix": "BD7", "valid_from": "2000-01-01", "valid_to": None, "ons_code": ""}
                ]
            },
        }
    ]
    centre = next(
        sal["location"] for sal in full["service_at_locations"] if sal["location"]["addresses"]
    )
    assert centre["addresses"][0]["postal_code"] == "BD7 1DP"
    assert centre["addresses"][0]["address_1"] == "1 Test Street"
    assert centre["addresses"][0]["city"] == "Test Town"
    assert (centre["latitude"], centre["longitude"]) == (53.79, -1.78)
    assert [(lang["code"], lang["name"]) for lang in full["languages"]] == [
        ("en", "English"),
        ("ur", "Urdu"),
        ("pl", "Polish"),
    ]
    assert len(full["contacts"]) == 4
    self_referral = next(
        c for c in full["contacts"] if c["name"] == "Families can refer themselves"
    )
    assert self_referral["phones"][0]["number"] == "01632 960001"


def test_it_publishes_needs_and_eligibility_as_attributes(anonymous: Client) -> None:
    service = rich_service()
    bonding = NeedTerm.objects.get(term="bonding")

    attributes = _get(anonymous, f"services/{service.code}")["attributes"]

    needs = [a for a in attributes if a["link_type"] == "need"]
    assert {a["taxonomy_term"]["term"] for a in needs} == {"bonding", "parent_mental_health"}
    bonding_attribute = next(a for a in needs if a["taxonomy_term_id"] == str(bonding.code))
    assert bonding_attribute["taxonomy_term"]["taxonomy_id"] == str(bonding.taxonomy.code)
    eligibility = {
        a["taxonomy_term"]["term"]: a["value"]
        for a in attributes
        if a["link_type"] == "eligibility"
    }
    assert eligibility == {
        "pregnancy": "true",
        "minimum_age_months": "6",
        "maximum_age_months": "18",
    }
    assert all(
        a["taxonomy_term"]["taxonomy_id"] == str(serialise.ELIGIBILITY_TAXONOMY_ID)
        for a in attributes
        if a["link_type"] == "eligibility"
    )


def test_it_gives_the_same_ids_every_time(anonymous: Client) -> None:
    service = rich_service()

    first = _get(anonymous, f"services/{service.code}")
    second = _get(anonymous, f"services/{service.code}")

    assert first == second


def test_it_serves_a_decommissioned_service_as_defunct(anonymous: Client) -> None:
    service = ServiceFactory.create(status=Service.Status.DECOMMISSIONED)

    full = _get(anonymous, f"services/{service.code}")

    assert full["status"] == "defunct"
    assert_valid(standard.validator(standard.SERVICE), full)


@pytest.mark.parametrize(
    "path",
    [
        "services/7d0c5a3e-0000-4000-8000-000000000000",
        "services/not-a-uuid",
        "taxonomies/7d0c5a3e-0000-4000-8000-000000000000",
        "taxonomies/not-a-uuid",
        "taxonomy_terms/7d0c5a3e-0000-4000-8000-000000000000",
        "taxonomy_terms/42",
        "service_at_locations/7d0c5a3e-0000-4000-8000-000000000000",
        "service_at_locations/not-a-uuid",
    ],
)
def test_it_answers_unknown_ids_with_json(anonymous: Client, path: str) -> None:
    response = anonymous.get(f"/openreferral/{path}")

    assert response.status_code == 404
    assert "id" in response.json()["errors"]


# Filters --------------------------------------------------------------------------------


def test_it_searches_words(anonymous: Client) -> None:
    ServiceFactory.create(name="Baby Massage Group", summary="Gentle touch for babies.")
    ServiceFactory.create(name="Debt Advice")

    assert _names(_get(anonymous, "services", search="massage")) == ["Baby Massage Group"]
    assert _names(_get(anonymous, "services", search="GENTLE touch")) == ["Baby Massage Group"]
    assert _names(_get(anonymous, "services", search="massage debt")) == []


def test_it_filters_by_a_need(anonymous: Client) -> None:
    ServiceFactory.create(name="Bonding Group", needs=["bonding"])
    ServiceFactory.create(name="Housing Help", needs=["housing"])
    bonding = NeedTerm.objects.get(term="bonding")

    page = _get(anonymous, "services", taxonomy_term_id=str(bonding.code))

    assert _names(page) == ["Bonding Group"]


def test_it_filters_by_the_eligibility_terms(anonymous: Client) -> None:
    ServiceFactory.create(name="Antenatal", pregnancy=True)
    ServiceFactory.create(name="Toddlers")

    page = _get(anonymous, "services", taxonomy_term_id=str(serialise.PREGNANCY.code))

    assert _names(page) == ["Antenatal"]


def test_it_answers_a_term_nobody_uses_with_no_services(anonymous: Client) -> None:
    ServiceFactory.create()

    page = _get(anonymous, "services", taxonomy_term_id="7d0c5a3e-0000-4000-8000-000000000000")

    assert page["empty"] is True
    assert page["total_items"] == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Babies", "Little Ones", "Preschool", "Twelve To Eighteen Months"]),
        ({"minimum_age": 2}, ["Little Ones", "Preschool"]),
        ({"maximum_age": 1}, ["Babies", "Little Ones"]),
        (
            {"minimum_age": 1, "maximum_age": 2},
            ["Babies", "Little Ones", "Twelve To Eighteen Months"],
        ),
        ({"minimum_age": 5}, ["Little Ones"]),
    ],
)
def test_it_filters_by_age_in_years(
    anonymous: Client, params: dict[str, int], expected: list[str]
) -> None:
    ServiceFactory.create(name="Babies", min_age_months=0, max_age_months=24)
    ServiceFactory.create(name="Twelve To Eighteen Months", min_age_months=12, max_age_months=18)
    ServiceFactory.create(name="Preschool", min_age_months=24, max_age_months=60)
    ServiceFactory.create(name="Little Ones", min_age_months=None, max_age_months=None)

    assert _names(_get(anonymous, "services", **params)) == expected


@pytest.fixture
def by_area() -> None:
    """The district from 1 April 2020, a ward that left the service before that, and a
    service open to everyone."""
    district = AreaFactory.create(
        name="Bradford district", prefixes=[("BD7", date(2020, 4, 1), None)]
    )
    ward = AreaFactory.create(
        name="Old ward", prefixes=[("BD3 9", date(2018, 4, 1), date(2020, 3, 31))]
    )
    ServiceFactory.create(name="District Service", areas=[district])
    ServiceFactory.create(name="Ward Service", areas=[ward])
    ServiceFactory.create(name="National Line")


@pytest.mark.usefixtures("by_area")
@pytest.mark.parametrize(
    ("postcode", "expected"),
    [
        ("BD7 1DP", ["District Service", "National Line"]),
        ("bd71dp", ["District Service", "National Line"]),
        ("BD7", ["District Service", "National Line"]),
        ("BD3 9AA", ["National Line"]),
        ("LS1 1AA", ["National Line"]),
        ("ZZ99 3VZ", ["District Service", "National Line", "Ward Service"]),
    ],
)
def test_it_filters_by_postcode_with_the_areas_dates(
    anonymous: Client, postcode: str, expected: list[str]
) -> None:
    assert _names(_get(anonymous, "services", postcode=postcode)) == expected


def test_it_pages_through_services(anonymous: Client) -> None:
    for name in "ABCDE":
        ServiceFactory.create(name=f"Service {name}")

    pages = [_get(anonymous, "services", per_page=2, page=n) for n in (1, 2, 3, 4)]

    assert [_names(p) for p in pages] == [
        ["Service A", "Service B"],
        ["Service C", "Service D"],
        ["Service E"],
        [],
    ]
    assert [(p["first_page"], p["last_page"], p["empty"], p["size"]) for p in pages] == [
        (True, False, False, 2),
        (False, False, False, 2),
        (False, True, False, 1),
        (False, True, True, 0),
    ]
    assert {(p["total_items"], p["total_pages"]) for p in pages} == {(5, 3)}
    assert _get(anonymous, "services", per_page=200)["size"] == 5
    assert _get(anonymous, "services")["size"] == 5


def test_it_describes_an_empty_directory(anonymous: Client) -> None:
    page = _get(anonymous, "services")

    assert page == {
        "total_items": 0,
        "total_pages": 1,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "201"}, "per_page"),
        ({"minimum_age": "three"}, "minimum_age"),
        ({"minimum_age": "-1"}, "minimum_age"),
        ({"minimum_age": "1.5"}, "minimum_age"),
        ({"maximum_age": "0"}, "maximum_age"),
        ({"minimum_age": "2", "maximum_age": "2"}, "maximum_age"),
        ({"postcode": "NOT A POSTCODE"}, "postcode"),
        ({"taxonomy_term_id": "bonding"}, "taxonomy_term_id"),
    ],
)
def test_it_refuses_bad_parameters(anonymous: Client, params: dict[str, str], field: str) -> None:
    errors = _errors(anonymous, "services", **params)

    assert list(errors) == [field]
    assert errors[field].endswith(".")


def test_it_names_every_bad_parameter(anonymous: Client) -> None:
    errors = _errors(anonymous, "services", page="x", per_page="x", postcode="x")

    assert sorted(errors) == ["page", "per_page", "postcode"]
    assert errors["per_page"] == "Enter a whole number from 1 to 200."


# Services at locations --------------------------------------------------------------------


@pytest.fixture
def places() -> None:
    """Two places in BD7 a street apart, one in BD3 about five kilometres away, and one
    with no coordinates. A third place in BD7, used by no service, pulls the middle of the
    district towards Near One."""
    Location.objects.create(name="Depot", postcode="BD7 1AA", latitude=53.7900, longitude=-1.7800)
    make_service(
        "Near Service",
        locations=[
            LocationFields(
                name="Near One", postcode="BD7 1DP", latitude=53.7900, longitude=-1.7800
            ),
            LocationFields(
                name="Near Two", postcode="BD7 2AB", latitude=53.7920, longitude=-1.7820
            ),
        ],
    )
    make_service(
        "Far Service",
        locations=[
            LocationFields(name="Far", postcode="BD3 9AA", latitude=53.8000, longitude=-1.7000),
            LocationFields(name="Unmapped", postcode="BD3 9AB"),
        ],
    )


@pytest.mark.usefixtures("places")
def test_it_lists_services_at_locations_as_the_schema_says(
    anonymous: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(2):
        page = _get(anonymous, "service_at_locations")

    assert_valid(standard.page_validator(standard.SERVICE_AT_LOCATION_LIST), page)
    assert [item["location"]["name"] for item in page["contents"]] == [
        "Far",
        "Unmapped",
        "Near One",
        "Near Two",
    ]
    assert page["contents"][0]["service"]["name"] == "Far Service"


@pytest.mark.usefixtures("places")
def test_it_serves_a_service_at_a_location_in_full(
    anonymous: Client, django_assert_max_num_queries: Any
) -> None:
    listed = _get(anonymous, "service_at_locations", search="near")["contents"][0]

    with django_assert_max_num_queries(10):
        place = _get(anonymous, f"service_at_locations/{listed['id']}")

    assert_valid(standard.validator(standard.SERVICE_AT_LOCATION), place)
    assert (place["id"], place["service_id"], place["location_id"]) == (
        listed["id"],
        listed["service_id"],
        listed["location_id"],
    )
    assert place["location"]["name"] == "Near One"
    assert place["location"]["addresses"][0]["postal_code"] == "BD7 1DP"
    assert place["service"]["name"] == "Near Service"
    assert place["service"]["organization"]["id"]


@pytest.mark.usefixtures("places")
@pytest.mark.parametrize(
    ("metres", "expected"),
    [(1000, ["Near One", "Near Two"]), (10000, ["Near One", "Near Two", "Far"]), (10, [])],
)
def test_it_finds_places_near_a_postcode(
    anonymous: Client, metres: int, expected: list[str], django_assert_max_num_queries: Any
) -> None:
    # The centre, the places in the box around it, the areas, and the page.
    with django_assert_max_num_queries(4):
        page = _get(anonymous, "service_at_locations", postcode="BD7 1DP", proximity=metres)

    # Nearest first, from the middle of our places in BD7.
    assert [item["location"]["name"] for item in page["contents"]] == expected
    assert page["total_items"] == len(expected)


@pytest.mark.usefixtures("places")
def test_it_pages_places_near_a_postcode(anonymous: Client) -> None:
    params = {"postcode": "BD7", "proximity": 10000, "per_page": 2}

    first = _get(anonymous, "service_at_locations", page=1, **params)
    second = _get(anonymous, "service_at_locations", page=2, **params)

    assert [i["location"]["name"] for i in first["contents"] + second["contents"]] == [
        "Near One",
        "Near Two",
        "Far",
    ]
    assert (second["total_pages"], second["last_page"]) == (2, True)


@pytest.mark.usefixtures("places")
def test_it_filters_places_like_services(anonymous: Client) -> None:
    page = _get(anonymous, "service_at_locations", search="far")

    assert [item["location"]["name"] for item in page["contents"]] == ["Far", "Unmapped"]


@pytest.mark.usefixtures("places")
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"proximity": "1000"}, "proximity needs a postcode."),
        ({"proximity": "1000", "postcode": "ZZ99 3VZ"}, "ZZ99 3VZ is not a place"),
        ({"proximity": "1000", "postcode": "LS29 1AA"}, "no place in LS29"),
        ({"proximity": "0", "postcode": "BD7 1DP"}, "whole metres"),
        ({"proximity": "far", "postcode": "BD7 1DP"}, "whole metres"),
        ({"proximity": "100001", "postcode": "BD7 1DP"}, "whole metres"),
    ],
)
def test_it_refuses_a_proximity_it_cannot_measure(
    anonymous: Client, params: dict[str, str], message: str
) -> None:
    errors = _errors(anonymous, "service_at_locations", **params)

    assert message in errors["proximity"]


# Taxonomies -----------------------------------------------------------------------------


def test_it_lists_taxonomies_with_the_eligibility_one(anonymous: Client) -> None:
    page = _get(anonymous, "taxonomies")

    assert_valid(standard.page_validator(standard.TAXONOMY), page)
    assert _names(page) == ["Little Minds needs", "Little Minds eligibility"]


def test_it_serves_a_taxonomy_with_its_terms(anonymous: Client) -> None:
    needs = NeedTerm.objects.get(term="bonding").taxonomy

    full = _get(anonymous, f"taxonomies/{needs.code}")
    eligibility = _get(anonymous, f"taxonomies/{serialise.ELIGIBILITY_TAXONOMY_ID}")

    assert_valid(standard.validator(standard.TAXONOMY), full)
    assert_valid(standard.validator(standard.TAXONOMY), eligibility)
    assert "bonding" in {term["term"] for term in full["taxonomy_terms"]}
    assert [term["term"] for term in eligibility["taxonomy_terms"]] == [
        "pregnancy",
        "minimum_age_months",
        "maximum_age_months",
    ]


def test_it_pages_taxonomy_terms_across_both_taxonomies(
    anonymous: Client, django_assert_max_num_queries: Any
) -> None:
    stored = NeedTerm.objects.count()
    total = stored + len(serialise.ELIGIBILITY_TERMS)

    with django_assert_max_num_queries(2):
        everything = _get(anonymous, "taxonomy_terms", per_page=200)
    pages = [_get(anonymous, "taxonomy_terms", per_page=4, page=n) for n in range(1, 6)]

    assert_valid(standard.page_validator(standard.TAXONOMY_TERM), everything)
    assert everything["total_items"] == total
    ids = [term["id"] for term in everything["contents"]]
    assert len(set(ids)) == total
    assert [term["id"] for p in pages for term in p["contents"]] == ids
    assert ids[-3:] == [str(term.code) for term in serialise.ELIGIBILITY_TERMS]


def test_it_serves_a_taxonomy_term(anonymous: Client) -> None:
    bonding = NeedTerm.objects.get(term="bonding")

    term = _get(anonymous, f"taxonomy_terms/{bonding.code}")
    pregnancy = _get(anonymous, f"taxonomy_terms/{serialise.PREGNANCY.code}")

    assert_valid(standard.validator(standard.TAXONOMY_TERM), term)
    assert_valid(standard.validator(standard.TAXONOMY_TERM), pregnancy)
    assert (term["name"], term["term"]) == ("Bonding and attachment", "bonding")
    assert pregnancy["name"] == "Works with families in pregnancy"


@pytest.mark.parametrize("path", ["services", "service_at_locations", "taxonomies"])
@pytest.mark.parametrize("value", ["1.0", " 1", "+1", "1e2", "１", "0x1", ""])
@pytest.mark.parametrize("name", ["page", "per_page"])
def test_it_takes_paging_only_as_whole_numbers(
    anonymous: Client, path: str, name: str, value: str
) -> None:
    # The description says "integer": a number written any other way is refused, as is
    # an empty one (leave the parameter out instead).
    assert name in _errors(anonymous, path, **{name: value})


@pytest.mark.parametrize(("name", "value"), [("page", "1000000000"), ("per_page", "200")])
def test_it_takes_the_largest_paging_it_describes(anonymous: Client, name: str, value: str) -> None:
    assert _get(anonymous, "services", **{name: value})["contents"] == []


def test_it_refuses_bad_paging_of_taxonomies(anonymous: Client) -> None:
    assert "per_page" in _errors(anonymous, "taxonomies", per_page="1000")
    assert "page" in _errors(anonymous, "taxonomy_terms", page="-1")
