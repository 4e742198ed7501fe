"""The JSON API keeps its contract: every refusal is `{"errors": {field: message}}`, and
every status an operation can answer is in `/api/openapi.json`."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from littleminds.accounts.api_tokens import api_token_create
from littleminds.accounts.models import Organisation, User

pytestmark = pytest.mark.django_db


def assert_errors(response: Any, status: int) -> dict[str, str]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"errors"}, body
    assert body["errors"]
    assert all(isinstance(value, str) and value for value in body["errors"].values())
    errors: dict[str, str] = body["errors"]
    return errors


def test_an_unknown_referral_is_a_404_in_the_api_shape(health_visiting: Organisation) -> None:
    secret = api_token_create(by=None, organisation=health_visiting, name="HV").secret

    response = Client().get(
        f"/api/referrals/{uuid.uuid4()}/fhir", headers={"Authorization": f"Bearer {secret}"}
    )

    assert_errors(response, 404)


@pytest.mark.parametrize(
    "path",
    [
        "/api/referrals/not-a-uuid/fhir",
        "/api/referrals/1/fhir",
        "/api/no-such-thing",
        "/openreferral/no-such-thing",
    ],
)
def test_an_address_the_api_does_not_have_is_a_json_404(path: str) -> None:
    assert_errors(Client().get(path), 404)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_address_the_api_does_not_have_is_a_json_404_for_any_method(method: str) -> None:
    client = Client(enforce_csrf_checks=True)

    assert_errors(getattr(client, method)("/api/no-such-thing"), 404)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("get", "/api/self-referrals", "POST"),
        ("delete", "/api/pathway/recommend", "POST"),
        ("post", "/api/accounts/me", "GET"),
        ("get", "/api/measures/phq9/score", "POST"),
        ("delete", "/api/measures", "GET"),
    ],
)
def test_a_method_an_address_does_not_take_is_a_405_in_the_api_shape(
    method: str, path: str, allowed: str
) -> None:
    response = getattr(Client(enforce_csrf_checks=True), method)(path)

    errors = assert_errors(response, 405)
    assert response["Allow"] == allowed
    assert allowed in errors["__all__"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/openapi.json",
        "/api/docs",
        "/openreferral/",
        "/openreferral/openapi.json",
        "/openreferral/services",
        # A fixed id, so that every test worker collects the same tests (pytest-xdist).
        "/openreferral/services/8d105415-48e0-4d6b-952e-0c45f6970a06",
        "/openreferral/taxonomy_terms",
    ],
)
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_page_for_reading_refuses_other_methods_in_the_api_shape(method: str, path: str) -> None:
    # Before: Django's CSRF check answered first, with its HTML 403 page.
    response = getattr(Client(enforce_csrf_checks=True), method)(path)

    assert_errors(response, 405)
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", ["/api/", "/api"])
def test_the_api_root_is_a_json_404(path: str) -> None:
    assert_errors(Client().get(path, follow=True), 404)


def test_a_visitor_asking_who_they_are_gets_a_401_in_the_api_shape() -> None:
    assert_errors(Client().get("/api/accounts/me"), 401)


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/accounts/me"), ("post", "/api/pathway/recommend")],
)
def test_the_second_factor_refusal_is_in_the_api_shape(
    settings: Any, clinician: User, method: str, path: str
) -> None:
    settings.REQUIRE_2FA = True
    client = Client()
    client.force_login(clinician)

    assert_errors(getattr(client, method)(path), 401)


def test_every_status_an_operation_answers_is_described() -> None:
    schema = Client().get("/api/openapi.json").json()

    def statuses(path: str, method: str) -> set[str]:
        return set(schema["paths"][path][method]["responses"])

    assert {"200", "401"} <= statuses("/api/accounts/me", "get")
    assert {"200", "400", "429"} <= statuses("/api/pathway/recommend", "post")
    assert {"200", "201", "400", "401", "422"} <= statuses("/api/referrals", "post")
    assert {"200", "201", "400", "422", "429"} <= statuses("/api/self-referrals", "post")
    assert {"200", "401", "404"} <= statuses("/api/referrals/{code}/fhir", "get")
    assert {"200", "201", "400", "401", "422"} <= statuses("/api/fhir/ServiceRequest", "post")
    assert {"200", "429"} <= statuses("/api/measures", "get")
    assert {"200", "400", "404", "429"} <= statuses("/api/measures/{code}/score", "post")
    assert {"200", "400", "404", "429"} <= statuses("/api/measures/{code}/change", "post")
    assert {"200", "400", "401", "404"} <= statuses("/api/consultations/slots", "get")
    assert {"201", "400", "401", "403", "404", "409"} <= statuses(
        "/api/consultations/bookings", "post"
    )
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            # Anyone may be told the service is down for maintenance, or that they must
            # use their second factor first; a body may be too large or of a type the
            # operation does not read.
            assert {"401", "503"} <= set(responses), (path, method)
            if method == "post":
                assert {"413", "415"} <= set(responses), (path, method)
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    content = response["content"]["application/json"]["schema"]
                    assert content["$ref"] in (
                        "#/components/schemas/FieldErrors",
                        "#/components/schemas/RefusalOut",
                    ), (path, method, status)
