"""The headers every answer carries (ADR 0019).

- A Content-Security-Policy that lets pages run only our own static script and style, with
  no inline script or style and nothing from elsewhere (the browser sweep in
  `tests/browser/test_accessibility.py` checks that no page breaks it)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from littleminds.accounts.models import User

pytestmark = pytest.mark.django_db

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


def test_only_the_api_documentation_may_show_data_images(anonymous: Client) -> None:
    """Swagger UI draws its icons as data: images; nothing else changes for its page."""
    assert policy(anonymous.get("/api/docs")) == {**POLICY, "img-src": "'self' data:"}
