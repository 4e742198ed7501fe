"""The headers every answer carries (ADR 0019).

- A Content-Security-Policy that lets pages run only our own static script and style, with
  no inline script or style and nothing from elsewhere (the browser sweep in
  `tests/browser/test_accessibility.py` checks that no page breaks it).
- Nothing personal stays in the browser's cache after sign-out: every answer to a
  signed-in session, every API answer, and the public pages that carry a family's answers
  (the self-referral and the navigator) say `Cache-Control: no-store`. Public pages of the
  service and static files may be kept."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from littleminds.accounts.models import Team, User
from littleminds.referrals.tests.factories import intake_for, sent_referral

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/accessibility/", "/privacy/", "/cookies/", "/directory/"]
FAMILY_PAGES = [
    "/self-referral/",
    "/self-referral/name/",
    "/self-referral/check-your-answers/",
    "/navigator/",
    "/navigator/check-your-answers/",
]


POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response: object) -> dict[str, str]:
    header = getattr(response, "headers", {}).get("Content-Security-Policy", "")
    directives = (part.strip().partition(" ") for part in header.split(";") if part.strip())
    return {name: value for name, _space, value in directives}


@pytest.mark.parametrize("path", ["/", "/sign-in/", "/self-referral/", "/no-such-page/"])
def test_every_page_has_the_policy(anonymous: Client, path: str) -> None:
    assert policy(anonymous.get(path)) == POLICY


def test_a_signed_in_persons_pages_have_the_policy(
    clinician: User, sign_in: Callable[[Client, User], Client]
) -> None:
    assert policy(sign_in(Client(), clinician).get("/work/")) == POLICY


def test_the_api_documentation_has_the_policy_of_every_page(anonymous: Client) -> None:
    """Drawn on the server (core/api_docs.py), it needs no exception, as Swagger UI did."""
    assert policy(anonymous.get("/api/docs")) == POLICY


def stored(response: object) -> bool:
    """Whether the browser may keep the answer."""
    cache_control = getattr(response, "headers", {}).get("Cache-Control", "")
    return "no-store" not in cache_control


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_may_be_kept_for_a_visitor(anonymous: Client, path: str) -> None:
    response = anonymous.get(path)
    assert response.status_code == 200
    assert stored(response)


def test_static_files_may_be_kept(anonymous: Client, clinician: User, sign_in: Callable) -> None:
    for client in (anonymous, sign_in(Client(), clinician)):
        response = client.get("/static/littleminds/littleminds.css")
        assert response.status_code == 200
        assert stored(response)


@pytest.mark.parametrize(
    "path", ["/work/", "/account/", "/referrals/", "/triage/", "/no-such-page/", *PUBLIC_PAGES]
)
def test_nothing_is_kept_from_a_signed_in_session(
    clinician: User, sign_in: Callable[[Client, User], Client], path: str
) -> None:
    response = sign_in(Client(), clinician).get(path)
    assert response.status_code in {200, 302, 404}
    assert not stored(response), (path, response.headers.get("Cache-Control"))
    assert "private" in response.headers["Cache-Control"]


def test_nothing_is_kept_before_the_second_factor(client: Client, clinician: User) -> None:
    client.force_login(clinician, backend="littleminds.accounts.backends.EmailBackend")
    response = client.get("/work/")
    assert response.status_code == 302
    assert not stored(response)


@pytest.mark.parametrize("path", FAMILY_PAGES)
def test_the_pages_carrying_a_familys_answers_are_not_kept(anonymous: Client, path: str) -> None:
    response = anonymous.get(path)
    assert response.status_code in {200, 302}, response.status_code
    assert not stored(response), path


def test_api_answers_are_not_kept(
    anonymous: Client,
    team: Team,
    practitioner: User,
    clinician: User,
    sign_in: Callable[[Client, User], Client],
) -> None:
    intake_for(team)
    referral = sent_referral(practitioner)
    body = {
        "parent_name": "Sam Example",
        "baby_name": "Robin",
        "child_date_of_birth": "2026-05-28",
        "postcode": "BD7 1DP",
        "phone": "07700 900123",
        "may_call": True,
        "concerns": ["bonding"],
        "concern_details": "Sam finds it hard to feel close to Robin.",
    }
    signed_in = sign_in(Client(), clinician)
    answers = [
        anonymous.post("/api/self-referrals", json.dumps(body), content_type="application/json"),
        anonymous.post("/api/self-referrals", "{}", content_type="application/json"),
        signed_in.get(f"/api/referrals/{referral.code}/fhir"),
        signed_in.get("/api/accounts/me"),
        anonymous.get("/api/accounts/me"),
    ]
    assert [answer.status_code for answer in answers] == [201, 400, 200, 200, 401]
    for answer in answers:
        assert not stored(answer), answer.content
