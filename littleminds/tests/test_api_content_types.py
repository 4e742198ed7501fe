"""Every JSON operation of the API takes its body as JSON only, so that no web page can send
one from its visitors' browsers without a CORS preflight (a form's or `text/plain` body is
a "simple" request the browser sends to any site); and no other site is allowed to read an
answer, as no `Access-Control-Allow-Origin` is ever sent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.views.decorators.cache import never_cache
from ninja import Router, Schema
from ninja.decorators import decorate_view

from littleminds.accounts.api_tokens import api_token_create
from littleminds.accounts.models import Organisation, Team
from littleminds.api import api
from littleminds.audit.models import AuditEvent
from littleminds.core.api import JsonOnlyApi
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import intake_for

pytestmark = pytest.mark.django_db

FAMILY = {
    "parent_name": "Sam Example",
    "baby_name": "Robin",
    "child_date_of_birth": "2026-05-28",
    "postcode": "BD7 1DP",
    "phone": "07700 900123",
    "may_call": True,
    "concerns": ["bonding"],
    "concern_details": "Sam finds it hard to feel close to Robin.",
}
# Each a content type a web page on another site can send without asking first.
REFUSED = [
    pytest.param("text/plain", id="text"),
    pytest.param("text/plain;charset=UTF-8", id="text-charset"),
    pytest.param("application/x-www-form-urlencoded", id="form"),
    pytest.param("multipart/form-data; boundary=lm", id="multipart"),
    pytest.param(None, id="none"),
    pytest.param("application/json-patch+json", id="other-json"),
    pytest.param("application/json; charset=iso-8859-1", id="json-latin1"),
]


def operations_with_a_body() -> list[tuple[str, str, list[str]]]:
    """Each (method, path, media types) of the API's description whose operation takes a
    body, so an operation added later is covered too."""
    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                found.append((method, path, list(operation["requestBody"]["content"])))
    return found


def post(path: str, body: str, content_type: str | None, **headers: str) -> Any:
    client = Client()
    if content_type is None:
        # Django's test client always sets a type; a request from elsewhere may not.
        return client.generic("POST", path, body.encode(), content_type="", headers=headers)
    return client.post(path, body, content_type=content_type, headers=headers)


@pytest.fixture
def secret(health_visiting: Organisation) -> str:
    return api_token_create(by=None, organisation=health_visiting, name="HV records").secret


def test_the_api_has_operations_taking_a_body() -> None:
    """The tests below go through this list; an empty one would prove nothing."""
    paths = {path for _method, path, _types in operations_with_a_body()}
    assert {
        "/api/self-referrals",
        "/api/referrals",
        "/api/fhir/ServiceRequest",
        "/api/pathway/recommend",
    } <= paths


@pytest.mark.parametrize("content_type", REFUSED)
def test_every_operation_taking_a_body_refuses_any_type_but_json(
    secret: str, team: Team, content_type: str | None
) -> None:
    intake_for(team)
    events = AuditEvent.objects.count()
    for method, path, media_types in operations_with_a_body():
        response = post(path, json.dumps(FAMILY), content_type, Authorization=f"Bearer {secret}")
        assert response.status_code == 415, (method, path, response.content)
        errors = response.json()["errors"]
        assert list(errors) == ["body"], errors
        assert media_types[0] in errors["body"], errors
    assert not Referral.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_cross_site_self_referral_sent_as_text_is_refused_and_stores_nothing(
    team: Team,
) -> None:
    intake_for(team)
    response = post(
        "/api/self-referrals", json.dumps(FAMILY), "text/plain", Origin="https://evil.example"
    )
    assert response.status_code == 415
    assert response.json() == {
        "errors": {"body": "Send the answers as JSON, with Content-Type: application/json"}
    }
    assert "Access-Control-Allow-Origin" not in response.headers
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON"]
)
def test_json_is_taken_with_or_without_a_charset(team: Team, content_type: str) -> None:
    intake_for(team)
    response = post("/api/self-referrals", json.dumps(FAMILY), content_type)
    assert response.status_code == 201, response.content
    assert Referral.objects.count() == 1


@pytest.mark.parametrize("content_type", ["application/fhir+json", "application/json"])
def test_the_fhir_endpoint_takes_fhir_json_and_json(secret: str, content_type: str) -> None:
    """Past the content type, the endpoint reads the body (here: not a Bundle, so 400)."""
    response = post(
        "/api/fhir/ServiceRequest", "{}", content_type, Authorization=f"Bearer {secret}"
    )
    assert response.status_code == 400, response.content


def test_an_operation_without_a_body_takes_any_content_type(client: Client) -> None:
    response = client.get("/api/accounts/me", content_type="text/plain")
    assert response.status_code == 401


def test_the_description_names_415_for_every_operation_taking_a_body() -> None:
    schema = api.get_openapi_schema()
    for method, path, _types in operations_with_a_body():
        responses = schema["paths"][path][method]["responses"]
        assert 415 in responses, (method, path)
        assert "Content-Type" in responses[415]["description"]
        assert responses[415]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/FieldErrors"
        }


@pytest.mark.parametrize(
    "path", ["/api/self-referrals", "/api/referrals", "/api/pathway/recommend"]
)
def test_a_preflight_from_another_site_is_not_allowed(path: str) -> None:
    response = Client().options(
        path,
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert not [name for name in response.headers if name.lower().startswith("access-control-")]


class Echo(Schema):
    a: str = ""


def test_an_operation_with_a_view_decorator_of_its_own_is_checked_too() -> None:
    """django-ninja's `decorate_view` wraps `run` before the API's check does."""
    router = Router()

    @router.post("/echo", response=Echo)
    @decorate_view(never_cache)
    def echo(request: HttpRequest, payload: Echo) -> Echo:
        return payload

    decorated = JsonOnlyApi(urls_namespace="decorated-api")
    decorated.add_router("", router)
    view = next(url for url in decorated.urls[0] if url.resolve("echo")).callback
    assert view is not None
    factory = RequestFactory()
    refused = view(factory.post("/echo", "{}", content_type="text/plain"))
    taken = view(factory.post("/echo", '{"a": "b"}', content_type="application/json"))
    assert refused.status_code == 415
    assert (taken.status_code, json.loads(taken.content)) == (200, {"a": "b"})
