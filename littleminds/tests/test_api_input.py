"""What the JSON API refuses before any app sees it (ADR 0020): text with a lone surrogate or
a NUL character, and JSON nested too deep, each a 400 naming the field, on every way in, with
nothing stored (a NUL is a 500 on PostgreSQL if it reaches the database; a lone surrogate
cannot be encoded as UTF-8 at all)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from littleminds.accounts.api_tokens import api_token_create
from littleminds.accounts.models import Organisation, Team, User
from littleminds.pathway.models import Recommendation, RuleSetVersion
from littleminds.pathway.rules import seed_default_rule_set
from littleminds.referrals import fhir
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import intake_for, sent_referral
from littleminds.referrals.tests.test_api import family, practitioner_body

pytestmark = pytest.mark.django_db

SURROGATE = "\ud800"
NUL = "\x00"
SURROGATE_MESSAGE = "a broken character"
NUL_MESSAGE = "a NUL character"


@pytest.fixture(autouse=True)
def today() -> Any:
    with time_machine.travel(date(2026, 11, 28), tick=False):
        yield


@pytest.fixture
def secret(team: Team, health_visiting: Organisation) -> str:
    intake_for(team)
    return api_token_create(by=None, organisation=health_visiting, name="HV records").secret


def _post(path: str, body: Any, secret: str = "", content_type: str = "application/json") -> Any:
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    text = body if isinstance(body, str) else json.dumps(body)
    return Client().post(path, text, content_type=content_type, headers=headers)


def _recommend(**changes: Any) -> dict[str, Any]:
    body = {
        "asker": "parent",
        "child_date_of_birth": "2026-05-01",
        "postcode": "BD7 1DP",
        "concerns": ["bonding"],
        "impact": "mild",
    }
    body.update(changes)
    return body


def _bundle(practitioner: User) -> dict[str, Any]:
    resource = fhir.service_request_of(sent_referral(practitioner))
    Referral.objects.all().delete()
    return fhir.bundle_of(resource)


def _patient(bundle: dict[str, Any]) -> dict[str, Any]:
    return next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )


@pytest.mark.parametrize(("bad", "message"), [(SURROGATE, SURROGATE_MESSAGE), (NUL, NUL_MESSAGE)])
class TestBadCharacters:
    def test_the_navigator_refuses_them(self, bad: str, message: str) -> None:
        seed_default_rule_set(RuleSetVersion)

        response = _post("/api/pathway/recommend", _recommend(postcode=f"BD7 {bad}1DP"))

        assert response.status_code == 400
        assert message in response.json()["errors"]["postcode"]
        assert not Recommendation.objects.exists()

    @pytest.mark.parametrize("field", ["parent_name", "concern_details", "referrer_name"])
    def test_a_partner_systems_referral_refuses_them(
        self, secret: str, bad: str, message: str, field: str
    ) -> None:
        body = practitioner_body(**{field: f"Sam {bad}Example"})

        response = _post("/api/referrals", body, secret)

        assert response.status_code == 400
        assert response.json() == {"errors": {field: response.json()["errors"][field]}}
        assert message in response.json()["errors"][field]
        assert not Referral.objects.exists()

    def test_a_self_referral_refuses_them(self, secret: str, bad: str, message: str) -> None:
        response = _post("/api/self-referrals", family(baby_name=f"Ro{bad}bin"))

        assert response.status_code == 400
        assert message in response.json()["errors"]["baby_name"]
        assert not Referral.objects.exists()

    def test_they_are_refused_in_a_list_and_in_a_name(
        self, secret: str, bad: str, message: str
    ) -> None:
        body = practitioner_body(concerns=["bonding", f"x{bad}"])
        body[f"extra{bad}"] = "?"

        errors = _post("/api/referrals", body, secret).json()["errors"]

        assert message in errors["concerns.1"]
        assert message in errors["extra\ufffd"]

    def test_a_fhir_bundle_refuses_them(
        self, practitioner: User, secret: str, bad: str, message: str
    ) -> None:
        bundle = _bundle(practitioner)
        patient = _patient(bundle)
        patient["name"][0]["text"] = f"Ro{bad}bin"
        where = bundle["entry"].index(next(e for e in bundle["entry"] if e["resource"] is patient))

        response = _post(
            "/api/fhir/ServiceRequest", bundle, secret, content_type="application/fhir+json"
        )

        assert response.status_code == 400
        path = f"entry.{where}.resource.name.0.text"
        assert message in response.json()["errors"][path], response.json()
        assert not Referral.objects.exists()


class TestDeepNesting:
    DEEP = "[" * 100_000 + "]" * 100_000

    def test_a_fhir_bundle_nested_too_deep_is_refused_before_it_is_read(self, secret: str) -> None:
        response = _post(
            "/api/fhir/ServiceRequest", self.DEEP, secret, content_type="application/fhir+json"
        )

        assert response.status_code == 400
        assert response.json() == {
            "errors": {"body": "The JSON is nested too deeply: send no more than 32 levels"}
        }

    def test_any_call_nested_too_deep_is_refused(self) -> None:
        body = json.dumps(_recommend()).replace('"mild"', '{"a": ' * 33 + "1" + "}" * 33)

        response = _post("/api/pathway/recommend", body)

        assert response.status_code == 400
        assert "nested too deeply" in response.json()["errors"]["body"]

    def test_brackets_inside_text_do_not_count(self, secret: str) -> None:
        body = practitioner_body(concern_details="[[[[" * 150 + '\\"{{{{' * 150)

        response = _post("/api/referrals", body, secret)

        assert response.status_code == 201, response.json()


@pytest.mark.parametrize("debug", [False, True])
class TestTooLarge:
    BODY = json.dumps({"postcode": "x" * 3_000_000})

    def test_the_api_answers_413_with_the_limit(self, settings, debug: bool) -> None:
        settings.DEBUG = debug

        response = Client(raise_request_exception=False).post(
            "/api/pathway/recommend", self.BODY, content_type="application/json"
        )

        assert response.status_code == 413
        assert response.json() == {
            "errors": {"body": "The request is too large: send no more than 2.5 MB"}
        }

    def test_a_fhir_bundle_too_large_is_a_413(self, settings, secret: str, debug: bool) -> None:
        settings.DEBUG = debug

        response = _post(
            "/api/fhir/ServiceRequest", self.BODY, secret, content_type="application/fhir+json"
        )

        assert response.status_code == 413
        assert "2.5 MB" in response.json()["errors"]["body"]

    def test_a_page_answers_with_its_400_page(self, settings, debug: bool) -> None:
        settings.DEBUG = debug

        response = Client(raise_request_exception=False).post(
            "/navigator/questions/who/", {"asker": "x" * 3_000_000}
        )

        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
