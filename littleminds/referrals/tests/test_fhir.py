"""Referrals as FHIR R4 ServiceRequests, valid by `fhir.resources`, and back: a Bundle makes a
referral under the same checks and eligibility as the JSON API, and a referral read out and
sent back makes the same referral again."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.servicerequest import ServiceRequest

from littleminds.accounts.api_tokens import api_token_create
from littleminds.accounts.models import Organisation, Team, User
from littleminds.referrals import fhir, services
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import details, intake_for, sent_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("intake")]

TODAY = date(2026, 11, 28)
IMPORT = "/api/fhir/ServiceRequest"


@pytest.fixture(autouse=True)
def today() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def intake(team: Team) -> Any:
    return intake_for(team)


@pytest.fixture
def secret(health_visiting: Organisation) -> str:
    return api_token_create(by=None, organisation=health_visiting, name="HV records").secret


def contained(resource: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    wanted = reference["reference"].removeprefix("#")
    return next(r for r in resource["contained"] if r["id"] == wanted)


def extension(resource: dict[str, Any], url: str) -> dict[str, Any]:
    return next(e for e in resource["extension"] if e["url"] == url)


def send(bundle: Any, secret: str, key: str = "") -> Any:
    headers = {"Authorization": f"Bearer {secret}"}
    if key:
        headers["Idempotency-Key"] = key
    return Client().post(IMPORT, bundle, content_type="application/fhir+json", headers=headers)


# Out -----------------------------------------------------------------------------------------


def test_a_practitioners_referral_is_a_valid_uk_core_style_service_request(
    practitioner: User, team: Team
) -> None:
    referral = sent_referral(
        practitioner,
        nhs_number="9434765919",
        concerns=["bonding", "housing"],
        tried="Listening visits.",
        others_involved="GP",
        email="sam@example.com",
    )
    resource = fhir.service_request_of(referral)

    ServiceRequest.model_validate(resource)  # raises if not valid R4(B)
    assert resource["id"] == str(referral.code)
    assert resource["meta"]["profile"] == [fhir.UK_CORE_SERVICE_REQUEST]
    assert resource["identifier"] == [
        {"system": fhir.reference_system(), "value": referral.reference}
    ]
    assert (resource["status"], resource["intent"]) == ("active", "order")
    assert resource["category"][0]["coding"][0]["code"] == "3457005"
    source = extension(resource, fhir.UK_CORE_SOURCE)["valueCodeableConcept"]
    assert source["coding"][0]["code"] == fhir.FROM_PRACTITIONER

    baby = contained(resource, resource["subject"])
    assert baby["resourceType"] == "Patient"
    assert baby["identifier"] == [{"system": fhir.NHS_NUMBER, "value": "9434765919"}]
    assert baby["birthDate"] == str(referral.child_date_of_birth)
    assert baby["address"][0]["postalCode"] == "BD7 1DP"

    role = contained(resource, resource["requester"])
    assert role["resourceType"] == "PractitionerRole"
    person = contained(resource, role["practitioner"])
    assert person["name"] == [{"text": practitioner.full_name}]
    assert person["telecom"] == [{"system": "email", "value": practitioner.email}]
    assert contained(resource, role["organization"])["name"] == "Test Health Visiting Service"

    performer = contained(resource, resource["performer"][0])
    assert performer["name"] == team.organisation.name
    assert [r["coding"][0]["code"] for r in resource["reasonCode"]] == ["bonding", "housing"]
    assert {r["coding"][0]["system"] for r in resource["reasonCode"]} == {fhir.concern_system()}
    assert {n["id"]: n["text"] for n in resource["note"]} == {
        "concern_details": referral.concern_details,
        "tried": "Listening visits.",
        "others_involved": "GP",
    }
    assert resource["authoredOn"].startswith("2026-11-28")


def test_a_self_referral_carries_the_self_referral_method_and_the_parent_as_requester(
    team: Team,
) -> None:
    referral, _new = services.referral_create(
        kind=Referral.Kind.SELF,
        details=details(impact="", consent=True, confirm_by="text"),
        source=Referral.Source.API,
    )
    resource = fhir.service_request_of(referral)

    ServiceRequest.model_validate(resource)
    source = extension(resource, fhir.UK_CORE_SOURCE)["valueCodeableConcept"]
    assert source["coding"] == [
        {"system": fhir.SNOMED, "code": "310434002", "display": "Self-referral to service"},
        {"system": fhir.source_system(), "code": "self-referral", "display": "Self-referral"},
    ]
    parent = contained(resource, resource["requester"])
    assert parent["resourceType"] == "RelatedPerson"
    assert parent["name"] == [{"text": "Sam Example"}]
    assert contained(resource, parent["patient"])["resourceType"] == "Patient"
    assert not any(r["resourceType"] == "Practitioner" for r in resource["contained"])


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("Health Visitor", "1052681000000105"),
        ("Specialist health visitor (perinatal)", "1052681000000105"),
        ("Community midwife", "185363009"),
        ("Social Worker", "185365002"),
        ("GP", "108161000000109"),
        ("Community mental health nurse", "1077201000000101"),
        ("Nurse", "185362004"),
        ("Nursery nurse", None),  # not a registered nurse
        ("Family support worker", None),
        ("", None),
    ],
)
def test_a_referrers_profession_is_coded_where_uk_core_has_a_code_for_it(
    role: str, code: str | None
) -> None:
    found = fhir.referred_by(role)
    assert (found["code"] if found else None) == code


def test_a_practitioners_referral_carries_the_snomed_code_of_their_profession(
    practitioner: User,
) -> None:
    practitioner.job_title = "Health visitor"
    practitioner.save()
    resource = fhir.service_request_of(sent_referral(practitioner))

    ServiceRequest.model_validate(resource)
    codings = extension(resource, fhir.UK_CORE_SOURCE)["valueCodeableConcept"]["coding"]
    assert [(c["system"], c["code"]) for c in codings] == [
        (fhir.SNOMED, "1052681000000105"),
        (fhir.source_system(), "practitioner"),
    ]


def test_an_unborn_baby_has_its_due_date_and_no_birth_date(practitioner: User) -> None:
    referral = sent_referral(
        practitioner, unborn=True, child_date_of_birth=None, expected_delivery_date=date(2027, 3, 1)
    )
    resource = fhir.service_request_of(referral)
    baby = contained(resource, resource["subject"])
    assert "birthDate" not in baby
    assert baby["extension"] == [
        {"url": fhir.extension_url("expected-delivery-date"), "valueDate": "2027-03-01"}
    ]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("submitted", "active"),
        ("more_info", "on-hold"),
        ("accepted", "active"),
        ("declined", "revoked"),
        ("withdrawn", "revoked"),
    ],
)
def test_our_life_cycle_maps_to_service_request_statuses(
    practitioner: User, status: str, expected: str
) -> None:
    referral = sent_referral(practitioner)
    Referral.objects.filter(pk=referral.pk).update(status=status)
    referral.refresh_from_db()
    resource = fhir.service_request_of(referral)
    assert resource["status"] == expected
    assert extension(resource, fhir.extension_url("referral-status"))["valueCode"] == status


def test_bundle_of_lifts_contained_resources_into_entries(practitioner: User) -> None:
    bundle = fhir.bundle_of(fhir.service_request_of(sent_referral(practitioner)))
    Bundle.model_validate(bundle)
    types = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert types[0] == "ServiceRequest"
    assert {"Patient", "RelatedPerson", "PractitionerRole", "Practitioner"} <= set(types)
    request = bundle["entry"][0]["resource"]
    assert "contained" not in request
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    assert request["subject"]["reference"] in urls


# In ------------------------------------------------------------------------------------------


def test_a_referral_read_out_and_sent_back_makes_an_equivalent_referral(
    as_persona: Any, practitioner: User, secret: str, health_visiting: Organisation
) -> None:
    original = sent_referral(
        practitioner,
        nhs_number="9434765919",
        email="sam@example.com",
        may_leave_message=True,
        interpreter=True,
        language="ur",
        concerns=["bonding", "parent_mental_health"],
        tried="Listening visits.",
        others_involved="GP",
    )
    read = as_persona("clinician").get(f"/api/referrals/{original.code}/fhir")
    assert read.status_code == 200

    response = send(fhir.bundle_of(read.json()), secret)

    assert response.status_code == 201, response.json()
    copy_ = Referral.objects.get(code=response.json()["id"])
    assert copy_.pk != original.pk
    assert (copy_.kind, copy_.source, copy_.status) == ("practitioner", "fhir", "submitted")
    assert copy_.referrer_organisation == health_visiting
    for name in services.DETAIL_FIELDS:
        assert getattr(copy_, name) == getattr(original, name), name
    assert (copy_.referrer_name, copy_.referrer_email) == (
        practitioner.full_name,
        practitioner.email,
    )
    assert copy_.team == original.team


def test_a_service_request_with_contained_resources_is_accepted_too(
    practitioner: User, secret: str
) -> None:
    resource = fhir.service_request_of(sent_referral(practitioner))
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": resource}]}
    assert send(bundle, secret).status_code == 201


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ("not json", "Bundle"),
        ({"resourceType": "Patient"}, "resourceType"),
        (
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [
                    {
                        "resource": {
                            "resourceType": "ServiceRequest",
                            "intent": "order",
                            "status": "active",
                        }
                    }
                ],
            },
            "Bundle.entry.0.resource.subject",
        ),
        ({"resourceType": "Bundle", "type": "collection", "entry": []}, "Bundle.entry"),
    ],
)
def test_invalid_fhir_is_a_400_with_the_problems(secret: str, payload: Any, path: str) -> None:
    response = (
        send(payload, secret)
        if not isinstance(payload, str)
        else Client().post(
            IMPORT,
            payload,
            content_type="application/fhir+json",
            headers={"Authorization": f"Bearer {secret}"},
        )
    )
    assert response.status_code == 400
    assert path in response.json()["errors"], response.json()
    assert not Referral.objects.exists()


def _exported(practitioner: User) -> dict[str, Any]:
    """A Bundle for a fresh family, made from a referral that is then removed."""
    resource = fhir.service_request_of(sent_referral(practitioner))
    Referral.objects.all().delete()
    return fhir.bundle_of(resource)


def _entry(bundle: dict[str, Any], resource_type: str) -> dict[str, Any]:
    return next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type
    )


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (
            lambda b: _entry(b, "Patient")["address"][0].update(postalCode="BD7"),
            "Patient.address.postalCode",
        ),
        (lambda b: _entry(b, "Patient").update(birthDate="2026-12-25"), "Patient.birthDate"),
        (
            lambda b: _entry(b, "Patient").update(
                identifier=[{"system": fhir.NHS_NUMBER, "value": "9434765918"}]
            ),
            "Patient.identifier(nhs-number)",
        ),
        (
            lambda b: _entry(b, "RelatedPerson").update(
                telecom=[{"system": "phone", "value": "123"}]
            ),
            "RelatedPerson.telecom(phone)",
        ),
        (lambda b: _entry(b, "ServiceRequest").update(reasonCode=[]), "ServiceRequest.reasonCode"),
        (
            lambda b: _entry(b, "ServiceRequest").update(reasonCode=[{"coding": []}]),
            "ServiceRequest.reasonCode",
        ),
        (
            lambda b: _entry(b, "ServiceRequest")["extension"].clear(),
            "ServiceRequest.extension(family-consent)",
        ),
        (lambda b: _entry(b, "Practitioner").pop("telecom"), "Practitioner.telecom(email)"),
    ],
)
def test_an_imported_referral_is_checked_like_any_other(
    practitioner: User, secret: str, change: Any, path: str
) -> None:
    bundle = _exported(practitioner)
    change(bundle)
    response = send(bundle, secret)
    assert response.status_code == 400
    assert path in response.json()["errors"], response.json()
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("birth_date", "postcode", "path"),
    [
        ("2024-11-28", "BD7 1DP", "Patient.birthDate"),
        ("2026-05-28", "BD23 1AA", "Patient.address.postalCode"),
    ],
)
def test_an_imported_referral_for_a_family_that_cannot_be_referred_is_refused(
    practitioner: User, secret: str, birth_date: str, postcode: str, path: str
) -> None:
    bundle = _exported(practitioner)
    baby = _entry(bundle, "Patient")
    baby["birthDate"] = birth_date
    baby["address"] = [{"postalCode": postcode}]
    response = send(bundle, secret)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [path]
    assert "alternatives" in response.json()
    assert not Referral.objects.exists()


def test_another_language_the_family_named_goes_out_as_text_not_a_code(team: Team) -> None:
    referral, _new = services.referral_create(
        kind=Referral.Kind.SELF,
        details=details(
            impact="", consent=True, language="other", other_language="Tigrinya", interpreter=True
        ),
    )
    resource = fhir.service_request_of(referral)

    ServiceRequest.model_validate(resource)
    parent = contained(resource, resource["requester"])
    assert parent["communication"] == [{"language": {"text": "Tigrinya"}, "preferred": True}]


@pytest.mark.parametrize("kept", ["both", "snomed", "ours"])
def test_a_self_referral_cannot_come_in_as_fhir(secret: str, team: Team, kept: str) -> None:
    """Whichever of the two codes a partner system sends."""
    referral, _new = services.referral_create(
        kind=Referral.Kind.SELF, details=details(impact="", consent=True)
    )
    bundle = fhir.bundle_of(fhir.service_request_of(referral))
    source = next(
        e for e in _entry(bundle, "ServiceRequest")["extension"] if e["url"] == fhir.UK_CORE_SOURCE
    )
    codings = source["valueCodeableConcept"]["coding"]
    if kept != "both":
        wanted = fhir.SNOMED if kept == "snomed" else fhir.source_system()
        codings[:] = [c for c in codings if c["system"] == wanted]
    assert len(codings) == (2 if kept == "both" else 1)
    response = send(bundle, secret)
    assert response.status_code == 400
    assert "ServiceRequest.extension(SourceOfServiceRequest)" in response.json()["errors"]


def test_the_import_needs_a_token_and_honours_the_idempotency_key(
    practitioner: User, secret: str
) -> None:
    bundle = _exported(practitioner)
    assert Client().post(IMPORT, bundle, content_type="application/fhir+json").status_code == 401
    first = send(copy.deepcopy(bundle), secret, key="bundle-1")
    again = send(copy.deepcopy(bundle), secret, key="bundle-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert Referral.objects.count() == 1
