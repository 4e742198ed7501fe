"""The referrals API: partner systems and families send referrals, held to the same rules as
the forms (a message per field, nothing stored on any problem), once per idempotency key;
only the receiving team and the referring organisation read a referral back."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from littleminds.accounts.api_tokens import api_token_create, api_token_revoke
from littleminds.accounts.models import ApiToken, Organisation, Team, User
from littleminds.audit.models import AuditEvent
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import intake_for, sent_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("intake")]

TODAY = date(2026, 11, 28)
REFERRALS = "/api/referrals"
SELF_REFERRALS = "/api/self-referrals"


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


def family(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "parent_name": "Sam Example",
        "baby_name": "Robin",
        "child_date_of_birth": "2026-05-28",
        "postcode": "bd71dp",
        "phone": "07700 900123",
        "may_call": True,
        "language": "ur",
        "interpreter": True,
        "concerns": ["bonding", "parent_mental_health"],
        "concern_details": "  Sam finds it hard to feel close to Robin.  ",
        "impact": "moderate",
    }
    body.update(changes)
    return body


def practitioner_body(**changes: Any) -> dict[str, Any]:
    body = family(
        nhs_number="943 476 5919",
        tried="Listening visits.",
        others_involved="GP",
        consent=True,
        referrer_name="Amira Ashdown",
        referrer_role="Health visitor",
        referrer_email="amira@hv.example",
    )
    body.update(changes)
    return body


def send(
    path: str,
    body: dict[str, Any],
    *,
    secret: str = "",
    key: str = "",
    client: Client | None = None,
) -> Any:
    headers = {}
    if secret:
        headers["Authorization"] = f"Bearer {secret}"
    if key:
        headers["Idempotency-Key"] = key
    return (client or Client()).post(path, body, content_type="application/json", headers=headers)


# Partner systems ------------------------------------------------------------------------------


def test_it_takes_a_partner_systems_referral_for_its_organisation(
    secret: str, health_visiting: Organisation, team: Team
) -> None:
    response = send(REFERRALS, practitioner_body(), secret=secret)

    assert response.status_code == 201, response.json()
    answer = response.json()
    referral = Referral.objects.get()
    assert answer == {
        "reference": referral.reference,
        "status": "submitted",
        "id": str(referral.code),
    }
    assert (referral.kind, referral.source) == ("practitioner", "api")
    assert referral.referrer is None
    assert referral.referrer_organisation == health_visiting
    assert (referral.referrer_name, referral.referrer_role, referral.referrer_email) == (
        "Amira Ashdown",
        "Health visitor",
        "amira@hv.example",
    )
    assert referral.team == team
    # Checked and normalised as the forms do.
    assert referral.postcode == "BD7 1DP"
    assert referral.phone == "+447700900123"
    assert referral.nhs_number == "9434765919"
    assert referral.concern_details == "Sam finds it hard to feel close to Robin."
    assert ApiToken.objects.get().last_used_at is not None


BAD_INPUT = [
    ({"postcode": "BD7"}, "postcode"),
    ({"postcode": "not a postcode"}, "postcode"),
    ({"phone": "12345"}, "phone"),
    ({"phone": "+33 1 23 45 67 89"}, "phone"),
    ({"email": "sam.example"}, "email"),
    # Valid to Django's check (up to 320 characters) but longer than any address mail
    # reaches, or the database keeps.
    ({"email": "s" * 60 + "@" + ".".join(["d" * 60] * 4) + ".uk"}, "email"),
    ({"referrer_email": "a" * 60 + "@" + ".".join(["h" * 60] * 4) + ".uk"}, "referrer_email"),
    ({"nhs_number": "943 476 5918"}, "nhs_number"),  # fails Modulus 11
    ({"nhs_number": "12345"}, "nhs_number"),
    ({"child_date_of_birth": "2026-11-29"}, "child_date_of_birth"),  # tomorrow
    ({"child_date_of_birth": "28/05/2026"}, "child_date_of_birth"),  # not a date
    (
        {"unborn": True, "child_date_of_birth": None, "expected_delivery_date": "2027-09-20"},
        "expected_delivery_date",  # more than 42 weeks ahead
    ),
    (
        {"unborn": True, "child_date_of_birth": None, "expected_delivery_date": "2026-11-13"},
        "expected_delivery_date",  # due 15 days ago: the baby has been born
    ),
    ({"concerns": ["bonding", "astrology"]}, "concerns"),
    ({"impact": "huge"}, "impact"),
    ({"language": "English, please"}, "language"),
    ({"parent_name": "S" * 121}, "parent_name"),
    ({"concern_details": "x" * 2001}, "concern_details"),
    ({"tried": "x" * 2001}, "tried"),
    ({"referrer_email": "amira"}, "referrer_email"),
    ({"referrer_email": ""}, "referrer_email"),
    ({"referrer_name": "  "}, "referrer_name"),
    # Required answers not given.
    ({"parent_name": ""}, "parent_name"),
    ({"child_date_of_birth": None}, "child_date_of_birth"),
    ({"unborn": True, "child_date_of_birth": None}, "expected_delivery_date"),
    ({"postcode": ""}, "postcode"),
    ({"phone": ""}, "phone"),
    ({"concerns": []}, "concerns"),
    ({"impact": ""}, "impact"),
    ({"consent": False}, "consent"),
    ({"may_call": "perhaps"}, "may_call"),
]


@pytest.mark.parametrize(("changes", "field"), BAD_INPUT)
def test_it_answers_each_bad_answer_with_a_message_for_its_field_and_keeps_nothing(
    secret: str, changes: dict[str, Any], field: str
) -> None:
    events = AuditEvent.objects.count()
    response = send(REFERRALS, practitioner_body(**changes), secret=secret)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors, errors
    assert errors[field]
    assert not Referral.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("path", [REFERRALS, SELF_REFERRALS])
def test_a_body_that_is_not_json_gets_the_same_shape_of_answer(secret: str, path: str) -> None:
    response = Client().post(
        path,
        "postcode=BD7 1DP",
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["body"]
    assert "JSON" in response.json()["errors"]["body"]
    assert not Referral.objects.exists()


def test_it_reports_every_bad_answer_at_once(secret: str) -> None:
    response = send(
        REFERRALS,
        practitioner_body(postcode="nowhere", phone="1", email="x", referrer_email=""),
        secret=secret,
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"postcode", "phone", "email", "referrer_email"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"child_date_of_birth": "2024-11-28"}, "child_date_of_birth"),  # two today
        ({"postcode": "BD23 1AA"}, "postcode"),  # outside the area
    ],
)
def test_it_refuses_a_family_that_cannot_be_referred_with_the_alternatives(
    secret: str, changes: dict[str, Any], field: str
) -> None:
    response = send(REFERRALS, practitioner_body(**changes), secret=secret)

    assert response.status_code == 422
    answer = response.json()
    assert list(answer["errors"]) == [field]
    assert answer["alternatives"]["route"]
    assert isinstance(answer["alternatives"]["services"], list)
    assert not Referral.objects.exists()


def test_a_baby_overdue_by_two_weeks_can_be_referred(secret: str) -> None:
    """A baby may come up to two weeks after its due date: the family is still expecting."""
    overdue = {"unborn": True, "child_date_of_birth": None, "expected_delivery_date": "2026-11-14"}
    response = send(REFERRALS, practitioner_body(**overdue), secret=secret)
    assert response.status_code == 201, response.json()


def test_a_family_of_23_months_and_one_with_no_fixed_abode_can_be_referred(secret: str) -> None:
    assert (
        send(
            REFERRALS, practitioner_body(child_date_of_birth="2024-11-29"), secret=secret
        ).status_code
        == 201
    )
    assert send(REFERRALS, practitioner_body(postcode="ZZ99 3VZ"), secret=secret).status_code == 201


@pytest.mark.parametrize("authorization", [None, "Bearer lm_wrong", "Bearer ", "Basic abc"])
def test_it_refuses_a_partner_without_a_working_token(authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = Client().post(
        REFERRALS, practitioner_body(), content_type="application/json", headers=headers
    )
    assert response.status_code == 401
    assert "API token" in response.json()["errors"]["__all__"]
    assert not Referral.objects.exists()


def test_a_revoked_token_stops_working(secret: str) -> None:
    api_token_revoke(by=None, token=ApiToken.objects.get())
    assert send(REFERRALS, practitioner_body(), secret=secret).status_code == 401
    assert AuditEvent.objects.filter(action="accounts.api_token_revoked").count() == 1


def test_a_signed_in_person_cannot_send_through_the_partner_api(
    as_persona: Any,
) -> None:
    client = as_persona("practitioner")
    assert send(REFERRALS, practitioner_body(), client=client).status_code == 401


def test_the_same_idempotency_key_gives_the_same_referral(secret: str) -> None:
    first = send(REFERRALS, practitioner_body(), secret=secret, key="a1b2c3")
    again = send(REFERRALS, practitioner_body(), secret=secret, key="a1b2c3")
    other = send(REFERRALS, practitioner_body(), secret=secret, key="d4e5f6")

    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert again.json() == first.json()
    assert other.json()["reference"] != first.json()["reference"]
    assert Referral.objects.count() == 2


@pytest.mark.parametrize("path", [SELF_REFERRALS, REFERRALS])
def test_a_key_sent_again_with_other_answers_is_refused_and_shows_nothing_of_the_first(
    secret: str, path: str
) -> None:
    """Families and partners choose their own keys, so two may choose the same: the second
    must never be told the first family's reference."""
    token = secret if path == REFERRALS else ""
    body = practitioner_body() if path == REFERRALS else family(impact="")
    first = send(path, body, key="1", secret=token)
    other_family = {**body, "parent_name": "Jo Other", "postcode": "BD8 7AA"}
    second = send(path, other_family, key="1", secret=token)

    assert first.status_code == 201
    assert second.status_code == 400
    assert "Idempotency-Key" in second.json()["errors"]
    assert first.json()["reference"] not in second.content.decode()
    assert first.json()["id"] not in second.content.decode()
    assert Referral.objects.count() == 1
    # The first sender's own repeat still gets its referral.
    again = send(path, body, key="1", secret=token)
    assert (again.status_code, again.json()) == (200, first.json())


def test_another_organisations_key_is_its_own(secret: str, trust: Organisation) -> None:
    theirs = api_token_create(by=None, organisation=trust, name="Trust EPR").secret
    mine = send(REFERRALS, practitioner_body(), secret=secret, key="same-key")
    their = send(REFERRALS, practitioner_body(), secret=theirs, key="same-key")
    assert (mine.status_code, their.status_code) == (201, 201)
    assert mine.json()["id"] != their.json()["id"]


def test_it_refuses_an_idempotency_key_that_is_too_long(secret: str) -> None:
    response = send(REFERRALS, practitioner_body(), secret=secret, key="k" * 81)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]


# Families -------------------------------------------------------------------------------------


def test_it_takes_a_familys_own_referral_without_an_account(team: Team) -> None:
    response = send(SELF_REFERRALS, family(nhs_number="9434765919", impact="", confirm_by="text"))

    assert response.status_code == 201, response.json()
    referral = Referral.objects.get()
    assert response.json()["reference"] == referral.reference
    assert (referral.kind, referral.source, referral.team) == ("self", "api", team)
    assert referral.referrer is None
    assert referral.referrer_organisation is None
    assert referral.nhs_number == ""  # never asked of a family
    assert referral.consent is True
    assert referral.confirm_by == "text"


# The queries of one family's referral through the API, and of one whose family asked for
# a text (stored in the transaction, sent after it), counted for bench/self_referral_load.py:
# on PostgreSQL the audit chain's lock is a query of its own (SQLite's IMMEDIATE transaction
# holds the database already), and the rate limit's counter is one more; the mark of the
# day sent for the insights' tallies (insights/signals.py) is one more too.
SELF_REFERRAL_QUERIES = {"postgresql": (11, 18), "sqlite": (10, 16)}


@pytest.mark.parametrize("confirm_by", ["", "text"])
def test_a_familys_referral_takes_a_fixed_number_of_queries(
    team: Team, confirm_by: str, django_capture_on_commit_callbacks: Any
) -> None:
    send(SELF_REFERRALS, family(impact="", parent_name="Warm Up"), key="warm")  # as when live
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = send(
            SELF_REFERRALS, family(impact="", confirm_by=confirm_by, may_text=True), key="counted"
        )
    assert response.status_code == 201, response.json()
    quiet, telling = SELF_REFERRAL_QUERIES[connection.vendor]
    assert len(queries) == (telling if confirm_by else quiet), [
        q["sql"][:60] for q in queries.captured_queries
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"confirm_by": "email"}, "email"),
        ({"confirm_by": "pigeon"}, "confirm_by"),
        ({"heard_from": "billboard"}, "heard_from"),
        ({"postcode": "BD7"}, "postcode"),
        ({"phone": ""}, "phone"),
        ({"may_call": False}, "may_call"),
        ({"child_date_of_birth": "2027-01-01"}, "child_date_of_birth"),
    ],
)
def test_a_familys_bad_answer_gets_a_message_for_its_field(
    changes: dict[str, Any], field: str
) -> None:
    response = send(SELF_REFERRALS, family(**changes))
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Referral.objects.exists()


def test_a_family_choosing_email_need_not_give_a_phone_number() -> None:
    response = send(SELF_REFERRALS, family(phone="", confirm_by="email", email="sam@example.com"))
    assert response.status_code == 201, response.json()


def test_a_family_with_a_phone_must_say_one_safe_way_to_use_it() -> None:
    # The web form's rule, from the same definition (services.missing_answers).
    response = send(SELF_REFERRALS, family(may_call=False, email="sam@example.com"))
    assert response.status_code == 400
    assert response.json()["errors"]["may_call"] == (
        "Select at least one way that is safe for us to contact you"
    )
    assert not Referral.objects.exists()


def test_an_interpreter_for_english_is_refused_as_on_the_forms(secret: str) -> None:
    for response in (
        send(SELF_REFERRALS, family(language="en", interpreter=True)),
        send(REFERRALS, practitioner_body(language="en", interpreter=True), secret=secret),
    ):
        assert response.status_code == 400
        assert "interpreter" in response.json()["errors"]
    assert not Referral.objects.exists()


def test_a_family_repeating_a_request_gets_the_same_referral() -> None:
    first = send(SELF_REFERRALS, family(), key="8d4c2f0e-family")
    again = send(SELF_REFERRALS, family(), key="8d4c2f0e-family")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Referral.objects.count() == 1


def test_self_referrals_are_rate_limited(settings: Any) -> None:
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "self_referral": (2, 3600)}
    statuses = [send(SELF_REFERRALS, family(), key=f"k{n}").status_code for n in range(3)]
    assert statuses == [201, 201, 429]
    assert Referral.objects.count() == 2


def test_both_ways_in_are_described_with_examples() -> None:
    spec = Client().get("/api/openapi.json").json()
    for path in (REFERRALS, SELF_REFERRALS, "/api/fhir/ServiceRequest"):
        operation = spec["paths"][path]["post"]
        assert {"201", "200", "400", "422"} <= set(operation["responses"])
        assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"])
    schemas = spec["components"]["schemas"]
    assert schemas["PractitionerReferralIn"]["examples"]
    assert schemas["SelfReferralIn"]["examples"]
    assert "OrganisationToken" in spec["components"]["securitySchemes"]


@pytest.mark.parametrize("heard_from", ["event", "friend_or_relative", ""])
def test_a_family_may_say_how_they_heard_about_us(heard_from: str) -> None:
    response = send(SELF_REFERRALS, family(heard_from=heard_from))
    assert response.status_code == 201, response.json()
    assert Referral.objects.get().heard_from == heard_from


def test_how_they_heard_may_be_left_out() -> None:
    assert send(SELF_REFERRALS, family()).status_code == 201
    assert Referral.objects.get().heard_from == ""


def test_a_way_of_hearing_not_on_the_list_is_a_400_for_its_field() -> None:
    response = send(SELF_REFERRALS, family(heard_from="billboard"))
    assert response.status_code == 400
    message = response.json()["errors"]["heard_from"]
    assert "event, leaflet, social_media, professional, friend_or_relative, other" in message
    assert not Referral.objects.exists()


def test_a_practitioners_referral_never_says_how_a_family_heard(secret: str) -> None:
    response = send(REFERRALS, practitioner_body(heard_from="event"), secret=secret)
    assert response.status_code == 201, response.json()
    assert Referral.objects.get().heard_from == ""


def test_how_they_heard_is_described_as_an_enum() -> None:
    spec = Client().get("/api/openapi.json").json()
    field = spec["components"]["schemas"]["SelfReferralIn"]["properties"]["heard_from"]
    assert field["enum"] == [
        "",
        "event",
        "leaflet",
        "social_media",
        "professional",
        "friend_or_relative",
        "other",
    ]
    assert "`social_media`: on social media" in field["description"]
    assert len(field["x-enum-descriptions"]) == len(field["enum"])


# Reading a referral back as FHIR --------------------------------------------------------------


def fhir_url(referral: Referral) -> str:
    return f"/api/referrals/{referral.code}/fhir"


def test_the_receiving_team_reads_a_referral_as_fhir_and_each_read_is_audited(
    as_persona: Any, practitioner: User
) -> None:
    referral = sent_referral(practitioner)
    for persona in ("clinician", "manager"):
        response = as_persona(persona).get(fhir_url(referral))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/fhir+json"
        assert response.json()["id"] == str(referral.code)
    assert (
        AuditEvent.objects.filter(action="referral.viewed", target_code=str(referral.code)).count()
        == 2
    )


@pytest.mark.parametrize(
    "persona", ["other_clinician", "practitioner", "trainer", "analyst", "sysadmin"]
)
def test_anyone_outside_the_team_gets_404(
    as_persona: Any, practitioner: User, persona: str
) -> None:
    referral = sent_referral(practitioner)
    assert as_persona(persona).get(fhir_url(referral)).status_code == 404
    assert not AuditEvent.objects.filter(action="referral.viewed").exists()


def test_an_anonymous_visitor_gets_401(practitioner: User) -> None:
    assert Client().get(fhir_url(sent_referral(practitioner))).status_code == 401


def test_the_referring_organisations_token_reads_its_own_referrals_only(
    secret: str, trust: Organisation, practitioner: User
) -> None:
    sent = send(REFERRALS, practitioner_body(), secret=secret).json()
    own = Referral.objects.get(code=sent["id"])
    by_a_colleague = sent_referral(practitioner)  # same organisation, through the web
    theirs = api_token_create(by=None, organisation=trust, name="Trust EPR").secret
    elsewhere = send(REFERRALS, practitioner_body(), secret=theirs).json()

    auth = {"Authorization": f"Bearer {secret}"}
    assert Client().get(fhir_url(own), headers=auth).status_code == 200
    assert Client().get(fhir_url(by_a_colleague), headers=auth).status_code == 200
    other = Referral.objects.get(code=elsewhere["id"])
    assert Client().get(fhir_url(other), headers=auth).status_code == 404
    read = AuditEvent.objects.filter(action="referral.viewed", target_code=str(own.code)).get()
    assert read.detail["organisation"] == "Test Health Visiting Service"


def test_a_revoked_token_reads_nothing(secret: str) -> None:
    sent = send(REFERRALS, practitioner_body(), secret=secret).json()
    api_token_revoke(by=None, token=ApiToken.objects.get())
    response = Client().get(
        f"/api/referrals/{sent['id']}/fhir", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 401


# Tokens ---------------------------------------------------------------------------------------


def test_a_token_keeps_only_a_hash_of_its_secret(health_visiting: Organisation) -> None:
    made = api_token_create(by=None, organisation=health_visiting, name="HV records")
    token = ApiToken.objects.get()
    assert made.secret.startswith("lm_")
    assert made.secret not in token.token_hash
    assert len(token.token_hash) == 64
    assert AuditEvent.objects.filter(action="accounts.api_token_created").count() == 1


def test_the_command_prints_the_secret_once_and_revokes(
    health_visiting: Organisation, capsys: Any
) -> None:
    call_command("api-token", "create", "--organisation", health_visiting.name, "--name", "EPR")
    printed = capsys.readouterr().out
    secret = next(line for line in printed.splitlines() if line.startswith("lm_"))
    assert send(REFERRALS, practitioner_body(), secret=secret).status_code == 201

    call_command("api-token", "list")
    listed = capsys.readouterr().out
    assert secret not in listed
    code = str(ApiToken.objects.get().code)
    assert code in listed

    call_command("api-token", "revoke", code)
    assert "revoked" in capsys.readouterr().out
    assert send(REFERRALS, practitioner_body(), secret=secret).status_code == 401
