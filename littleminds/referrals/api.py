"""The referrals API: partner systems and families send referrals as JSON or FHIR, and the
receiving team (or the referring organisation) reads a referral as FHIR.

- `POST /api/referrals`: a practitioner's referral from a partner system, with its
  organisation's API token (`Authorization: Bearer lm_…`).
- `POST /api/self-referrals`: a family's own referral; no token, rate-limited per address
  (`LITTLEMINDS_RATE_LIMIT_SELF_REFERRAL`).
- `GET /api/referrals/{code}/fhir`: the referral as a FHIR R4 ServiceRequest (`fhir.py`),
  for the receiving team (signed in) and the referring organisation's token; 404 for anyone
  else. Each read is audited.
- `POST /api/fhir/ServiceRequest`: a practitioner's referral as a FHIR Bundle.

Every way in is held to the same rules as the web forms (`validation.py`, the postcode and
date checks, `services.missing_answers`, eligibility): bad input is a 400 with one message
per field, and nothing is stored. A family that cannot be referred (too old, outside the
area) is a 422 with the reasons by field and what would help instead: the request was
understood and correct, so it is not "bad input", and a partner system can show the
alternatives rather than ask someone to correct the answers. A repeat with the same
`Idempotency-Key` gives back the referral the key made, with 200 instead of 201.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Router, Schema, Status
from ninja.security import django_auth
from pydantic import ConfigDict, Field

from littleminds.accounts.api_auth import OrganisationToken
from littleminds.accounts.models import ApiToken, User
from littleminds.core.api import InvalidInput, described
from littleminds.core.json_input import load_json
from littleminds.core.postcodes import InvalidPostcode, parse_postcode
from littleminds.core.ratelimit import count_request
from littleminds.pathway.engine import IMPACTS, OTHER_CONCERNS, RELATIONSHIP_CONCERNS
from littleminds.pathway.validation import birth_date_problem, delivery_date_problem
from littleminds.referrals import fhir, selectors, services
from littleminds.referrals.models import HeardFrom, Referral
from littleminds.referrals.validation import (
    NAME_LIMIT,
    TEXT_LIMIT,
    Invalid,
    email_address,
    nhs_number_checked,
    phone_number,
    trimmed,
)

router = Router(tags=["referrals"])

CONCERNS = RELATIONSHIP_CONCERNS | OTHER_CONCERNS
KEY_LIMIT = 80  # Referral.idempotency_key
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,4})?$")

# The API's description is in English, as the rest of it is.
_HEARD_FROM_WORDS = {
    HeardFrom.EVENT.value: "at an event",
    HeardFrom.LEAFLET.value: "from a leaflet or poster",
    HeardFrom.SOCIAL_MEDIA.value: "on social media",
    HeardFrom.PROFESSIONAL.value: "from a professional, such as a health visitor",
    HeardFrom.FRIEND_OR_RELATIVE.value: "from a friend or relative",
    HeardFrom.OTHER.value: "another way",
}

_FAMILY_EXAMPLE: dict[str, Any] = {
    "parent_name": "Sam Example",
    "baby_name": "Robin",
    "child_date_of_birth": "2026-05-28",
    "postcode": "BD7 1DP",
    "phone": "07700 900123",
    "may_call": True,
    "may_text": True,
    "language": "en",
    "concerns": ["bonding"],
    "concern_details": "Sam finds it hard to feel close to Robin since a difficult birth.",
}


class _Answers(Schema):
    """What both kinds of referral ask. Every answer may be left out: what is missing is
    reported with the rest, by field."""

    parent_name: str = ""
    baby_name: str = ""
    unborn: bool = False
    expected_delivery_date: date | None = None
    child_date_of_birth: date | None = None
    postcode: str = ""
    phone: str = ""
    email: str = ""
    may_call: bool = False
    may_text: bool = False
    may_leave_message: bool = False
    language: str = ""
    interpreter: bool = False
    concerns: list[str] = []
    concern_details: str = ""
    impact: str = ""


class PractitionerReferralIn(_Answers):
    nhs_number: str = ""
    tried: str = ""
    others_involved: str = ""
    consent: bool = False
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_email: str = ""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_FAMILY_EXAMPLE,
                    "nhs_number": "943 476 5919",
                    "impact": "moderate",
                    "tried": "Baby massage group; health visitor's listening visits.",
                    "others_involved": "Health visitor; GP.",
                    "consent": True,
                    "referrer_name": "Amira Ashdown",
                    "referrer_role": "Health visitor",
                    "referrer_email": "amira.ashdown@hv.example",
                }
            ]
        }
    )


_HEARD_FROM_DESCRIPTION = (
    "How the family heard about the service (optional; leave it out, or send an empty "
    "string, if they did not say): "
    + "; ".join(f"`{value}`: {label}" for value, label in _HEARD_FROM_WORDS.items())
    + "."
)


class SelfReferralIn(_Answers):
    # How the family wants to hear what happens next: "", "email" or "text".
    confirm_by: str = ""
    heard_from: str = Field(
        "",
        description=_HEARD_FROM_DESCRIPTION,
        json_schema_extra={
            "enum": ["", *HeardFrom.values],
            "x-enum-descriptions": ["Did not say", *_HEARD_FROM_WORDS.values()],
        },
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{**_FAMILY_EXAMPLE, "confirm_by": "text", "heard_from": "event"}]
        }
    )


class ReferralOut(Schema):
    reference: str
    status: str
    id: str


class ServiceOut(Schema):
    id: str
    name: str
    url: str


class AlternativesOut(Schema):
    route: str
    services: list[ServiceOut]


class RefusalOut(Schema):
    """The family cannot be referred: why, by field, and what would help instead."""

    errors: dict[str, str]
    alternatives: AlternativesOut


def checked(values: dict[str, Any], *, kind: str) -> tuple[services.Details, dict[str, str]]:
    """Each answer checked as the web forms check it: the answers and the referrer's
    contact, or every problem by field (`InvalidInput`, a 400). Required answers not
    given are left to `services.missing_answers`, which `referral_create` applies."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    practitioner = kind == Referral.Kind.PRACTITIONER

    def text(name: str, limit: int, what: str) -> str:
        try:
            return trimmed(values.get(name), limit=limit, what=what)
        except Invalid as error:
            errors[name] = str(error)
            return ""

    parent_name = text("parent_name", NAME_LIMIT, _("The parent or carer's name"))
    baby_name = text("baby_name", NAME_LIMIT, _("The baby's name"))
    concern_details = text("concern_details", TEXT_LIMIT, _("What worries you"))
    tried = text("tried", TEXT_LIMIT, _("What has been tried"))
    others_involved = text("others_involved", TEXT_LIMIT, _("Who else is involved"))

    unborn = bool(values.get("unborn"))
    due: date | None = values.get("expected_delivery_date")
    born: date | None = values.get("child_date_of_birth")
    if unborn and due and (problem := delivery_date_problem(due, today)):
        errors["expected_delivery_date"] = problem
    if born and (problem := birth_date_problem(born, today)):
        errors["child_date_of_birth"] = problem

    postcode = ""
    if (values.get("postcode") or "").strip():
        try:
            postcode = str(parse_postcode(values["postcode"]))
        except InvalidPostcode as error:
            errors["postcode"] = str(error)

    phone = ""
    if (values.get("phone") or "").strip():
        try:
            phone = phone_number(values["phone"])
        except Invalid as error:
            errors["phone"] = str(error)

    email = ""
    try:
        email = email_address(values.get("email"))
    except Invalid as error:
        errors["email"] = str(error)

    nhs_number = ""
    try:
        nhs_number = nhs_number_checked(values.get("nhs_number") or "")
    except Invalid as error:
        errors["nhs_number"] = str(error)

    language = (values.get("language") or "").strip()
    if language and not _LANGUAGE.match(language):
        errors["language"] = _("Give the language as a code, like en, ur, pl or ro")

    concerns = list(dict.fromkeys(values.get("concerns") or []))
    unknown = sorted(set(concerns) - CONCERNS)
    if unknown:
        errors["concerns"] = _("These are not worries the service knows: %(codes)s") % {
            "codes": ", ".join(unknown)
        }

    impact = (values.get("impact") or "").strip()
    if impact and impact not in IMPACTS:
        errors["impact"] = _("Say how much it affects the family: mild, moderate or severe")

    confirm_by = (values.get("confirm_by") or "").strip()
    if confirm_by not in ("", "email", "text"):
        errors["confirm_by"] = _("Choose how to hear what happens next: email or text")
    elif confirm_by == "email" and not email and "email" not in errors:
        errors["email"] = _("Enter an email address, so that we can tell you what happens next")

    heard_from = ""
    if not practitioner:
        heard_from = (values.get("heard_from") or "").strip()
        if heard_from not in ("", *HeardFrom.values):
            errors["heard_from"] = _(
                "Say how the family heard about us: %(values)s, or leave it out"
            ) % {"values": ", ".join(HeardFrom.values)}

    contact: dict[str, str] = {}
    if practitioner:
        contact = {
            "referrer_name": text("referrer_name", NAME_LIMIT, _("The referrer's name")),
            "referrer_role": text("referrer_role", NAME_LIMIT, _("The referrer's role")),
            "referrer_email": "",
        }
        try:
            contact["referrer_email"] = email_address(values.get("referrer_email"))
        except Invalid as error:
            errors["referrer_email"] = str(error)
        if not contact["referrer_name"] and "referrer_name" not in errors:
            errors["referrer_name"] = _("Enter the name of the practitioner who is referring")
        if not contact["referrer_email"] and "referrer_email" not in errors:
            errors["referrer_email"] = _(
                "Enter the email address of the practitioner who is referring"
            )

    if errors:
        raise InvalidInput(errors)
    details = services.Details(
        parent_name=parent_name,
        baby_name=baby_name,
        unborn=unborn,
        expected_delivery_date=due if unborn else None,
        child_date_of_birth=born,
        nhs_number=nhs_number if practitioner else "",
        postcode=postcode,
        phone=phone,
        email=email,
        may_call=bool(values.get("may_call")),
        may_text=bool(values.get("may_text")),
        may_leave_message=bool(values.get("may_leave_message")),
        confirm_by=confirm_by if not practitioner else "",
        language=language,
        interpreter=bool(values.get("interpreter")),
        concerns=concerns,
        concern_details=concern_details,
        impact=impact,
        tried=tried,
        others_involved=others_involved,
        # A family referring itself has agreed to it.
        consent=bool(values.get("consent")) if practitioner else True,
        heard_from=heard_from,
    )
    return details, contact


def _key(idempotency_key: str | None) -> str:
    key = (idempotency_key or "").strip()
    if len(key) > KEY_LIMIT or not key.isprintable():
        raise InvalidInput(
            {"Idempotency-Key": _("Send a key of up to 80 characters, such as a UUID")}
        )
    return key


def _created(
    request: HttpRequest,
    *,
    kind: str,
    details: services.Details,
    key: str,
    source: str,
    organisation: Any = None,
    contact: dict[str, str] | None = None,
    paths: dict[str, str] | None = None,
) -> Status[Any]:
    """Make and send the referral, or say why not."""
    paths = paths or {}
    try:
        referral, is_new = services.referral_create(
            kind=kind,
            details=details,
            organisation=organisation,
            idempotency_key=key,
            source=source,
            referrer_contact=contact,
        )
    except services.KeyReused:
        # Never the other referral's reference: it may be another family's.
        raise InvalidInput(
            {
                "Idempotency-Key": _(
                    "This key was sent before with different answers. Send each new "
                    "referral with a key of its own, such as a new UUID"
                )
            }
        ) from None
    except services.Incomplete as missing:
        raise InvalidInput(
            {paths.get(name, name): message for name, message in missing.problems.items()}
        ) from None
    except services.NotEligible as refused:
        result = refused.result
        return Status(
            422,
            RefusalOut(
                errors={
                    paths.get(name, name): message for name, message in result.problems.items()
                },
                alternatives=AlternativesOut(
                    route=result.route,
                    services=[
                        ServiceOut(
                            id=str(service.code),
                            name=service.name,
                            url=request.build_absolute_uri(
                                reverse("directory:service", kwargs={"code": service.code})
                            ),
                        )
                        for service in result.services
                    ],
                ),
            ),
        )
    return Status(
        201 if is_new else 200,
        ReferralOut(
            reference=referral.reference or "", status=referral.status, id=str(referral.code)
        ),
    )


_SENT = {200: ReferralOut, 201: ReferralOut, 422: RefusalOut}
_KEY_DESCRIPTION = (
    "A key of your own (a UUID, say) for this referral. Sending again with the same key, "
    "after a time-out for example, gives back the referral it made (200) instead of a "
    "second one."
)


@router.post(
    "/referrals",
    auth=OrganisationToken(),
    response=described(_SENT, 400, 401, body=True),
    url_name="referrals-create",
    summary="Send a practitioner's referral from a partner system",
)
def referral_create(
    request: HttpRequest,
    payload: PractitionerReferralIn,
    idempotency_key: str | None = Header(
        None, alias="Idempotency-Key", description=_KEY_DESCRIPTION
    ),
) -> Status[Any]:
    """Sends a referral to the parent–infant service on behalf of the token's organisation.
    The referring practitioner is named in `referrer_name`, `referrer_role` and
    `referrer_email`; the team writes to them about the referral. 201 with the reference;
    400 with a message per field; 422 when the family cannot be referred, with the reasons
    and what would help instead."""
    token = getattr(request, "auth", None)
    assert isinstance(token, ApiToken)
    key = _key(idempotency_key)
    details, contact = checked(payload.model_dump(), kind=Referral.Kind.PRACTITIONER)
    return _created(
        request,
        kind=Referral.Kind.PRACTITIONER,
        details=details,
        key=key,
        source=Referral.Source.API,
        organisation=token.organisation,
        contact=contact,
    )


@router.post(
    "/self-referrals",
    auth=None,
    response=described(_SENT, 400, 429, body=True),
    url_name="self-referrals-create",
    summary="Send a family's own referral",
)
def self_referral_create(
    request: HttpRequest,
    payload: SelfReferralIn,
    idempotency_key: str | None = Header(
        None, alias="Idempotency-Key", description=_KEY_DESCRIPTION
    ),
) -> Status[Any]:
    """A family refers itself (no account, no NHS number). 201 with the reference to quote;
    400 with a message per field; 422 when the family cannot be referred, with what would
    help instead; 429 when one address sends too many."""
    count_request(request, "self_referral")
    key = _key(idempotency_key)
    details, _contact = checked(payload.model_dump(), kind=Referral.Kind.SELF)
    return _created(
        request, kind=Referral.Kind.SELF, details=details, key=key, source=Referral.Source.API
    )


@router.get(
    "/referrals/{uuid:code}/fhir",
    auth=[OrganisationToken(), django_auth],
    response=described({200: dict[str, Any]}, 401, 404),
    url_name="referral-fhir",
    summary="A referral as a FHIR R4 ServiceRequest",
    # What it answers is FHIR's own JSON.
    openapi_extra={
        "responses": {
            200: {
                "description": "The ServiceRequest",
                "content": {"application/fhir+json": {"schema": {"type": "object"}}},
            }
        }
    },
)
def referral_fhir(request: HttpRequest, code: UUID) -> HttpResponse:
    """The referral as a FHIR R4 `ServiceRequest` (UK Core style), with the baby (Patient),
    the parent or carer (RelatedPerson), the referrer and the receiving team contained in
    it. For the receiving team, signed in, and for the token of the organisation that
    referred; 404 for anyone else. Each read is audited."""
    who = getattr(request, "auth", None)
    if isinstance(who, ApiToken):
        referral = selectors.referral_for_organisation(token=who, code=code)
    else:
        assert isinstance(who, User)
        referral = selectors.referral_for_team(by=who, code=code)
    return JsonResponse(fhir.service_request_of(referral), content_type="application/fhir+json")


@router.post(
    "/fhir/ServiceRequest",
    auth=OrganisationToken(),
    response=described(_SENT, 400, 401, body=True),
    url_name="fhir-service-request-create",
    summary="Send a practitioner's referral as a FHIR Bundle",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/fhir+json": {
                    "schema": {"type": "object"},
                    "example": {
                        "resourceType": "Bundle",
                        "type": "collection",
                        "entry": [
                            {
                                "fullUrl": "urn:uuid:6f1c0a52-0000-4000-8000-000000000001",
                                "resource": {
                                    "resourceType": "ServiceRequest",
                                    "status": "active",
                                    "intent": "order",
                                    "subject": {
                                        "reference": "urn:uuid:6f1c0a52-0000-4000-8000-000000000002"
                                    },
                                    "reasonCode": [
                                        {
                                            "coding": [
                                                {
                                                    "system": "…/fhir/CodeSystem/concern",
                                                    "code": "bonding",
                                                }
                                            ]
                                        }
                                    ],
                                },
                            },
                            {
                                "fullUrl": "urn:uuid:6f1c0a52-0000-4000-8000-000000000002",
                                "resource": {"resourceType": "Patient", "birthDate": "2026-05-28"},
                            },
                        ],
                    },
                }
            },
        }
    },
)
def fhir_service_request_create(
    request: HttpRequest,
    idempotency_key: str | None = Header(
        None, alias="Idempotency-Key", description=_KEY_DESCRIPTION
    ),
) -> Status[Any]:
    """A `Bundle` holding a `ServiceRequest` and the resources it refers to (the baby's
    `Patient`, the parent's `RelatedPerson`, the referrer's `Practitioner` or
    `PractitionerRole`), as entries or contained, shaped as `GET /api/referrals/{code}/fhir`
    gives them. Invalid FHIR is a 400 with the problems by FHIR path; the answers are then
    checked as for `POST /api/referrals` (problems by FHIR path too), and the same
    eligibility applies (422)."""
    token = getattr(request, "auth", None)
    assert isinstance(token, ApiToken)
    key = _key(idempotency_key)
    try:
        data = load_json(request.body or b"null")
    except ValueError:
        raise InvalidInput({"Bundle": _("Send the Bundle as JSON")}) from None
    try:
        answers = fhir.answers_from_bundle(fhir.parse_bundle(data))
    except fhir.InvalidFhir as invalid:
        raise InvalidInput(invalid.problems) from None
    try:
        details, contact = checked(answers, kind=Referral.Kind.PRACTITIONER)
    except InvalidInput as invalid:
        raise InvalidInput(
            {fhir.FIELD_PATHS.get(name, name): message for name, message in invalid.errors.items()}
        ) from None
    return _created(
        request,
        kind=Referral.Kind.PRACTITIONER,
        details=details,
        key=key,
        source=Referral.Source.FHIR,
        organisation=token.organisation,
        contact=contact,
        paths=fhir.FIELD_PATHS,
    )
