"""Referrals as FHIR R4 resources, UK Core style, and back (docs/architecture.md,
"Referrals through the API and in FHIR").

Out: `service_request_of(referral)` gives one `ServiceRequest` with the people it speaks of
*contained* in it: the baby as a `Patient` (subject), the parent or carer as a
`RelatedPerson`, the referrer as a `PractitionerRole` with its `Practitioner` and
`Organization` (or, for a family's own referral, the `RelatedPerson`), and the receiving
team's `Organization` (performer). They are contained because none of them is a record of its
own here: a baby exists in Little Minds only as part of a referral, so there is no
`Patient/{id}` to point at.

In: `answers_from_bundle(data)` reads a `Bundle` holding a `ServiceRequest` and the
resources it refers to, as separate entries (found by `fullUrl` or `Type/id`) or contained
in the ServiceRequest, and gives back our answers by field name, for the same checks as the
JSON API. `bundle_of(service_request)` turns a ServiceRequest with contained resources into
such a Bundle (what a partner system would send).

The models of `fhir.resources` validate both directions. Its `R4B` package is used: R4B
(4.3) changed nothing in the resources used here from R4 (4.0.1), and the releases of
`fhir.resources` with R4 itself need pydantic 1.

Where FHIR R4 and UK Core have no element for an answer, a small extension of our own
carries it, under `<site>/fhir/StructureDefinition/…`; our concern codes are a CodeSystem
of our own under `<site>/fhir/CodeSystem/concern`. How the referral came (self-referral or
from a practitioner) is UK Core's `Extension-UKCore-SourceOfServiceRequest`, coded twice:
in SNOMED CT from the extension's value set `UKCore-SourceOfServiceRequest` (descendants of
306098008 |Self-referral| and of 309013001 |Referred by person|), and in our CodeSystem
`<site>/fhir/CodeSystem/referral-source` (`self-referral`, `practitioner`).
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from django.conf import settings
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.servicerequest import ServiceRequest
from pydantic import ValidationError

from littleminds.pathway.labels import CONCERN_LABELS
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Referral

NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
SNOMED = "http://snomed.info/sct"
BCP47 = "urn:ietf:bcp:47"
UK_CORE_SERVICE_REQUEST = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest"
UK_CORE_SOURCE = (
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-SourceOfServiceRequest"
)
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
# SNOMED CT 3457005 |Patient referral|: what kind of request this is.
PATIENT_REFERRAL = {"system": SNOMED, "code": "3457005", "display": "Patient referral"}

SELF_REFERRAL = "self-referral"
FROM_PRACTITIONER = "practitioner"

# SNOMED CT codes of UK Core's value set UKCore-SourceOfServiceRequest (HL7 UK, 1.2.0).
SELF_REFERRAL_SNOMED = {"code": "310434002", "display": "Self-referral to service"}
# Codes that say a family referred itself, whichever a partner system chose.
SELF_REFERRAL_CODES = {"310434002", "1991000124105", "183687002"}
# A practitioner's referral: the value set's code for their profession, where their job
# title names one the value set has (the first that matches decides; otherwise our own
# code alone).
REFERRED_BY: list[tuple[str, dict[str, str] | None]] = [
    ("nursery nurse", None),  # an early-years worker, not a registered nurse
    ("health visitor", {"code": "1052681000000105", "display": "Referred by health visitor"}),
    ("midwife", {"code": "185363009", "display": "Referred by midwife"}),
    ("social worker", {"code": "185365002", "display": "Referred by social worker"}),
    (
        "general practitioner",
        {"code": "108161000000109", "display": "Referred by general practitioner"},
    ),
    ("gp", {"code": "108161000000109", "display": "Referred by general practitioner"}),
    (
        "mental health nurse",
        {"code": "1077201000000101", "display": "Referred by community mental health nurse"},
    ),
    ("school nurse", {"code": "1065401000000101", "display": "Referred by school nurse"}),
    ("nurse", {"code": "185362004", "display": "Referred by nurse"}),
    ("doctor", {"code": "309014007", "display": "Referred by doctor"}),
]

# Our life cycle in ServiceRequest's statuses (draft | active | on-hold | revoked |
# completed | entered-in-error | unknown). Accepted stays active: the work it asks for has
# not been done yet. Every way of not going ahead is "revoked"; our own status is in the
# `referral-status` extension beside it.
STATUS = {
    Status.DRAFT: "draft",
    Status.SUBMITTED: "active",
    Status.IN_TRIAGE: "active",
    Status.MORE_INFO: "on-hold",
    Status.ACCEPTED: "active",
    Status.DECLINED: "revoked",
    Status.REDIRECTED: "revoked",
    Status.DUPLICATE: "revoked",
    Status.WITHDRAWN: "revoked",
}

# Where each of our answers is in the Bundle, so that a problem with an imported referral
# names the element to correct.
FIELD_PATHS = {
    "parent_name": "RelatedPerson.name",
    "baby_name": "Patient.name",
    "unborn": "Patient.extension(expected-delivery-date)",
    "expected_delivery_date": "Patient.extension(expected-delivery-date)",
    "child_date_of_birth": "Patient.birthDate",
    "nhs_number": "Patient.identifier(nhs-number)",
    "postcode": "Patient.address.postalCode",
    "phone": "RelatedPerson.telecom(phone)",
    "email": "RelatedPerson.telecom(email)",
    "language": "RelatedPerson.communication.language",
    "concerns": "ServiceRequest.reasonCode",
    "concern_details": "ServiceRequest.note(concern_details)",
    "tried": "ServiceRequest.note(tried)",
    "others_involved": "ServiceRequest.note(others_involved)",
    "impact": "ServiceRequest.extension(impact)",
    "consent": "ServiceRequest.extension(family-consent)",
    "referrer_name": "Practitioner.name",
    "referrer_role": "PractitionerRole.code",
    "referrer_email": "Practitioner.telecom(email)",
}


class InvalidFhir(ValueError):
    """The payload is not FHIR we can read; `problems` by FHIR path."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def base() -> str:
    return f"{settings.SITE_URL}/fhir"


def reference_system() -> str:
    return f"{base()}/Id/referral-reference"


def concern_system() -> str:
    return f"{base()}/CodeSystem/concern"


def source_system() -> str:
    return f"{base()}/CodeSystem/referral-source"


def extension_url(name: str) -> str:
    return f"{base()}/StructureDefinition/{name}"


# Out ------------------------------------------------------------------------------------------


def service_request_of(referral: Referral) -> dict[str, Any]:
    """The referral as a validated ServiceRequest, in JSON."""
    contained: list[dict[str, Any]] = [_baby(referral), _parent(referral)]
    if referral.kind == Referral.Kind.SELF:
        requester = {"reference": "#parent", "display": referral.parent_name or None}
        source = {"code": SELF_REFERRAL, "display": "Self-referral"}
        snomed: dict[str, str] | None = SELF_REFERRAL_SNOMED
    else:
        contained += _referrer(referral)
        requester = {"reference": "#referrer", "display": _referrer_name(referral) or None}
        source = {"code": FROM_PRACTITIONER, "display": "Referral from a practitioner"}
        snomed = referred_by(_referrer_role(referral))
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": str(referral.code),
        "meta": {"profile": [UK_CORE_SERVICE_REQUEST]},
        "contained": contained,
        "extension": [
            {
                "url": UK_CORE_SOURCE,
                "valueCodeableConcept": {
                    "coding": [
                        *([{"system": SNOMED, **snomed}] if snomed else []),
                        {"system": source_system(), **source},
                    ],
                    "text": source["display"],
                },
            },
            {"url": extension_url("referral-status"), "valueCode": referral.status},
            {"url": extension_url("family-consent"), "valueBoolean": referral.consent},
        ],
        "status": STATUS[Status(referral.status)],
        "intent": "order",
        "category": [{"coding": [PATIENT_REFERRAL]}],
        "subject": {"reference": "#baby", "display": referral.baby_name or None},
        "requester": requester,
        "reasonCode": [
            {
                "coding": [
                    {
                        "system": concern_system(),
                        "code": code,
                        "display": str(CONCERN_LABELS.get(code, code)),
                    }
                ]
            }
            for code in referral.concerns or ()
        ],
    }
    if referral.impact:
        resource["extension"].append({"url": extension_url("impact"), "valueCode": referral.impact})
    if referral.reference:
        resource["identifier"] = [{"system": reference_system(), "value": referral.reference}]
    if referral.team is not None:
        contained.append(
            {
                "resourceType": "Organization",
                "id": "performer",
                "name": referral.team.organisation.name,
                "alias": [referral.team.name],
            }
        )
        resource["performer"] = [{"reference": "#performer", "display": referral.team.name}]
    if referral.intake is not None:
        resource["code"] = {"text": referral.intake.service.name}
    notes = [
        {"id": name, "text": getattr(referral, name)}
        for name in ("concern_details", "tried", "others_involved")
        if getattr(referral, name)
    ]
    if notes:
        resource["note"] = notes
    if referral.submitted_at:
        resource["authoredOn"] = referral.submitted_at.isoformat()
    return _validated(ServiceRequest, _pruned(resource))


def _baby(referral: Referral) -> dict[str, Any]:
    baby: dict[str, Any] = {"resourceType": "Patient", "id": "baby"}
    if referral.nhs_number:
        baby["identifier"] = [{"system": NHS_NUMBER, "value": referral.nhs_number}]
    if referral.baby_name:
        baby["name"] = [{"text": referral.baby_name}]
    if referral.child_date_of_birth and not referral.unborn:
        baby["birthDate"] = referral.child_date_of_birth.isoformat()
    if referral.unborn and referral.expected_delivery_date:
        baby["extension"] = [
            {
                "url": extension_url("expected-delivery-date"),
                "valueDate": referral.expected_delivery_date.isoformat(),
            }
        ]
    if referral.postcode:
        baby["address"] = [{"use": "home", "postalCode": referral.postcode}]
    return baby


def _parent(referral: Referral) -> dict[str, Any]:
    parent: dict[str, Any] = {
        "resourceType": "RelatedPerson",
        "id": "parent",
        "patient": {"reference": "#baby"},
        "relationship": [{"coding": [{"system": ROLE_CODE, "code": "PRN", "display": "parent"}]}],
        "extension": [
            {
                "url": extension_url("contact-preferences"),
                "extension": [
                    {"url": "mayCall", "valueBoolean": referral.may_call},
                    {"url": "mayText", "valueBoolean": referral.may_text},
                    {"url": "mayLeaveMessage", "valueBoolean": referral.may_leave_message},
                    *(
                        [{"url": "confirmBy", "valueCode": referral.confirm_by}]
                        if referral.confirm_by
                        else []
                    ),
                ],
            },
            {"url": extension_url("interpreter-required"), "valueBoolean": referral.interpreter},
        ],
    }
    if referral.parent_name:
        parent["name"] = [{"text": referral.parent_name}]
    telecom = []
    if referral.phone:
        telecom.append({"system": "phone", "value": referral.phone})
    if referral.email:
        telecom.append({"system": "email", "value": referral.email})
    if telecom:
        parent["telecom"] = telecom
    if referral.postcode:
        parent["address"] = [{"use": "home", "postalCode": referral.postcode}]
    if referral.other_language:
        # "Another language", named in the family's words: it has no code.
        parent["communication"] = [
            {"language": {"text": referral.other_language}, "preferred": True}
        ]
    elif referral.language:
        parent["communication"] = [
            {
                "language": {"coding": [{"system": BCP47, "code": referral.language}]},
                "preferred": True,
            }
        ]
    return parent


def _referrer_name(referral: Referral) -> str:
    return referral.referrer.full_name if referral.referrer else referral.referrer_name


def _referrer_role(referral: Referral) -> str:
    user = referral.referrer
    return (user.job_title if user else referral.referrer_role) or ""


def referred_by(role: str) -> dict[str, str] | None:
    """The SNOMED CT code of UK Core's value set for a referrer with this job title, if
    the title names a profession the value set has ("Health Visitor" → Referred by health
    visitor)."""
    words = f" {' '.join(role.lower().replace('-', ' ').split())} "
    return next((code for name, code in REFERRED_BY if f" {name} " in words), None)


def _referrer(referral: Referral) -> list[dict[str, Any]]:
    """The practitioner, their organisation, and their role in it."""
    user = referral.referrer
    name = _referrer_name(referral)
    email = user.email if user else referral.referrer_email
    role = _referrer_role(referral)
    practitioner: dict[str, Any] = {"resourceType": "Practitioner", "id": "practitioner"}
    if name:
        practitioner["name"] = [{"text": name}]
    if email:
        practitioner["telecom"] = [{"system": "email", "value": email}]
    practitioner_role: dict[str, Any] = {
        "resourceType": "PractitionerRole",
        "id": "referrer",
        "practitioner": {"reference": "#practitioner", "display": name or None},
    }
    if role:
        practitioner_role["code"] = [{"text": role}]
    resources = [practitioner_role, practitioner]
    if referral.referrer_organisation is not None:
        resources.append(
            {
                "resourceType": "Organization",
                "id": "referrer-organisation",
                "name": referral.referrer_organisation.name,
            }
        )
        practitioner_role["organization"] = {
            "reference": "#referrer-organisation",
            "display": referral.referrer_organisation.name,
        }
    return resources


def _pruned(value: Any) -> Any:
    """Without empty displays: FHIR allows no null or empty values."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def _validated(model: Any, data: dict[str, Any]) -> dict[str, Any]:
    parsed = model.model_validate(data)
    result: dict[str, Any] = json.loads(parsed.model_dump_json())
    return result


def bundle_of(service_request: dict[str, Any]) -> dict[str, Any]:
    """A Bundle of the ServiceRequest and, as entries of their own, the resources it had
    contained, with each reference pointed at its entry (`urn:uuid:…`)."""
    resource = json.loads(json.dumps(service_request))
    contained = resource.pop("contained", [])
    urls = {f"#{item['id']}": f"urn:uuid:{uuid.uuid4()}" for item in contained}

    def point(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: (urls.get(v, v) if k == "reference" and isinstance(v, str) else point(v))
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [point(v) for v in value]
        return value

    entries = [{"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": point(resource)}]
    entries += [{"fullUrl": urls[f"#{item['id']}"], "resource": point(item)} for item in contained]
    return _validated(Bundle, {"resourceType": "Bundle", "type": "collection", "entry": entries})


# In -------------------------------------------------------------------------------------------


def parse_bundle(data: Any) -> dict[str, Any]:
    """Check `data` is a FHIR R4 Bundle; the problems by FHIR path otherwise."""
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise InvalidFhir({"resourceType": "Send a FHIR Bundle (resourceType Bundle)"})
    try:
        Bundle.model_validate(data)
    except ValidationError as error:
        problems: dict[str, str] = {}
        for problem in error.errors():
            path = ".".join(str(part) for part in problem.get("loc", ())) or "Bundle"
            problems.setdefault(f"Bundle.{path}", str(problem.get("msg", "")))
        raise InvalidFhir(problems) from None
    except (TypeError, ValueError) as error:
        raise InvalidFhir({"Bundle": str(error)}) from None
    return data


class _Resolver:
    """Finds what a reference points at: a contained resource (`#id`), or an entry by its
    `fullUrl` or by `Type/id`."""

    def __init__(self, entries: list[dict[str, Any]], contained: list[dict[str, Any]]) -> None:
        self.by_url: dict[str, dict[str, Any]] = {}
        for entry in entries:
            resource = entry.get("resource") or {}
            if entry.get("fullUrl"):
                self.by_url[entry["fullUrl"]] = resource
            if resource.get("id"):
                self.by_url[f"{resource['resourceType']}/{resource['id']}"] = resource
        for resource in contained:
            self.by_url[f"#{resource.get('id')}"] = resource

    def get(self, reference: dict[str, Any] | None, *types: str) -> dict[str, Any] | None:
        if not reference or not reference.get("reference"):
            return None
        target = self.by_url.get(reference["reference"])
        if target is None:
            # A relative reference may name an entry whose fullUrl is absolute.
            target = next(
                (r for url, r in self.by_url.items() if url.endswith("/" + reference["reference"])),
                None,
            )
        if target is not None and (not types or target.get("resourceType") in types):
            return target
        return None

    def all(self, resource_type: str) -> list[dict[str, Any]]:
        seen: dict[int, dict[str, Any]] = {}
        for resource in self.by_url.values():
            if resource.get("resourceType") == resource_type:
                seen.setdefault(id(resource), resource)
        return list(seen.values())


def _extension(resource: dict[str, Any], name: str) -> dict[str, Any] | None:
    url = extension_url(name)
    return next((e for e in resource.get("extension", []) if e.get("url") == url), None)


def _name(resource: dict[str, Any] | None) -> str:
    for name in (resource or {}).get("name", []):
        if name.get("text"):
            return str(name["text"])
        parts = [*name.get("prefix", []), *name.get("given", []), name.get("family", "")]
        joined = " ".join(part for part in parts if part)
        if joined:
            return joined
    return ""


def _telecom(resource: dict[str, Any] | None, system: str) -> str:
    return next(
        (
            str(t.get("value", ""))
            for t in (resource or {}).get("telecom", [])
            if t.get("system") == system
        ),
        "",
    )


def _date(text: str | None, path: str, problems: dict[str, str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems[path] = "Give a full date, as YYYY-MM-DD"
        return None


def answers_from_bundle(data: dict[str, Any]) -> dict[str, Any]:
    """Our answers (by the JSON API's field names) from a validated Bundle. Whatever the
    Bundle does not say is left out, for the usual checks to ask for."""
    entries = data.get("entry") or []
    requests = [
        e["resource"]
        for e in entries
        if (e.get("resource") or {}).get("resourceType") == "ServiceRequest"
    ]
    if len(requests) != 1:
        raise InvalidFhir({"Bundle.entry": "The Bundle must hold exactly one ServiceRequest"})
    request = requests[0]
    refs = _Resolver(entries, request.get("contained") or [])
    problems: dict[str, str] = {}

    source = next((e for e in request.get("extension", []) if e.get("url") == UK_CORE_SOURCE), None)
    codings = ((source or {}).get("valueCodeableConcept") or {}).get("coding", [])
    said_self = any(
        (c.get("system"), c.get("code")) == (source_system(), SELF_REFERRAL)
        or (c.get("system") == SNOMED and c.get("code") in SELF_REFERRAL_CODES)
        for c in codings
    )
    if said_self:
        problems["ServiceRequest.extension(SourceOfServiceRequest)"] = (
            "A partner system sends referrals from practitioners: a family refers itself at "
            "/self-referral/ or with POST /api/self-referrals"
        )

    baby = refs.get(request.get("subject"), "Patient")
    if baby is None:
        problems["ServiceRequest.subject"] = "Refer to the baby's Patient resource in the Bundle"
        baby = {}
    parent = refs.get(request.get("requester"), "RelatedPerson") or next(
        (p for p in refs.all("RelatedPerson") if refs.get(p.get("patient"), "Patient") is baby),
        None,
    )
    answers: dict[str, Any] = {
        "baby_name": _name(baby),
        "parent_name": _name(parent),
        "phone": _telecom(parent, "phone"),
        "email": _telecom(parent, "email"),
    }
    due_extension = _extension(baby, "expected-delivery-date")
    answers["unborn"] = due_extension is not None
    answers["expected_delivery_date"] = _date(
        (due_extension or {}).get("valueDate"), FIELD_PATHS["expected_delivery_date"], problems
    )
    answers["child_date_of_birth"] = _date(
        baby.get("birthDate"), FIELD_PATHS["child_date_of_birth"], problems
    )
    answers["nhs_number"] = next(
        (
            str(i.get("value", ""))
            for i in baby.get("identifier", [])
            if i.get("system") == NHS_NUMBER
        ),
        "",
    )
    answers["postcode"] = next(
        (
            str(a["postalCode"])
            for holder in (baby, parent or {})
            for a in holder.get("address", [])
            if a.get("postalCode")
        ),
        "",
    )
    if parent:
        preferences = _extension(parent, "contact-preferences") or {}
        flags = {e.get("url"): e for e in preferences.get("extension", [])}
        answers["may_call"] = bool((flags.get("mayCall") or {}).get("valueBoolean"))
        answers["may_text"] = bool((flags.get("mayText") or {}).get("valueBoolean"))
        answers["may_leave_message"] = bool(
            (flags.get("mayLeaveMessage") or {}).get("valueBoolean")
        )
        interpreter = _extension(parent, "interpreter-required") or {}
        answers["interpreter"] = bool(interpreter.get("valueBoolean"))
        answers["language"] = next(
            (
                str(c.get("code", ""))
                for comm in parent.get("communication", [])
                for c in (comm.get("language") or {}).get("coding", [])
                if c.get("system") in (BCP47, None)
            ),
            "",
        )
    answers["concerns"] = [
        str(c.get("code"))
        for reason in request.get("reasonCode", [])
        for c in reason.get("coding", [])
        if c.get("system") == concern_system()
    ]
    unknown_reasons = [
        reason.get("text") or next((c.get("display", "") for c in reason.get("coding", [])), "")
        for reason in request.get("reasonCode", [])
        if not any(c.get("system") == concern_system() for c in reason.get("coding", []))
    ]
    notes: dict[str, list[str]] = {"concern_details": [], "tried": [], "others_involved": []}
    for note in request.get("note", []):
        notes.get(note.get("id", ""), notes["concern_details"]).append(str(note.get("text", "")))
    if unknown_reasons:
        notes["concern_details"].append("; ".join(r for r in unknown_reasons if r))
    for name, texts in notes.items():
        answers[name] = "\n\n".join(t for t in texts if t)
    impact = _extension(request, "impact")
    answers["impact"] = (impact or {}).get("valueCode") or None
    consent = _extension(request, "family-consent")
    answers["consent"] = bool((consent or {}).get("valueBoolean"))

    role = refs.get(request.get("requester"), "PractitionerRole")
    practitioner = refs.get((role or {}).get("practitioner"), "Practitioner") or refs.get(
        request.get("requester"), "Practitioner"
    )
    answers["referrer_name"] = _name(practitioner)
    answers["referrer_email"] = _telecom(practitioner, "email") or _telecom(role, "email")
    answers["referrer_role"] = next(
        (
            str(code.get("text") or (code.get("coding") or [{}])[0].get("display", ""))
            for code in (role or {}).get("code", [])
        ),
        "",
    )
    if problems:
        raise InvalidFhir(problems)
    return answers
