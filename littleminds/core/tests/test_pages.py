from __future__ import annotations

import json
from unittest import mock

import pytest
from django.contrib.staticfiles import finders
from django.db import OperationalError
from django.templatetags.static import static
from django.test import Client
from django.urls import path
from pytest_django.asserts import assertTemplateUsed

from littleminds.accounts.models import User

pytestmark = pytest.mark.django_db


def test_it_tells_a_visitor_what_the_service_is(anonymous: Client) -> None:
    response = anonymous.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "from pregnancy until the baby's second birthday" in body
    assert "If you or your baby are in danger now" in body
    assert 'href="/sign-in/"' in body
    assert '<html lang="en-gb" dir="ltr">' in body
    assert 'class="nhsuk-skip-link"' in body


def test_it_sends_a_signed_in_person_to_their_work(as_persona, practitioner: User) -> None:
    assert as_persona("practitioner").get("/")["Location"] == "/work/"


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
        ("/cookies/", "Cookies"),
    ],
)
def test_it_serves_the_footer_pages(anonymous: Client, url: str, heading: str) -> None:
    response = anonymous.get(url)

    assert response.status_code == 200
    assert f"<h1>{heading}" in response.content.decode()
    assert f'href="{url}"' in response.content.decode()  # linked from the footer


def test_it_refuses_to_post_to_a_page(anonymous: Client) -> None:
    assert anonymous.post("/").status_code == 405


def test_it_reports_the_database_as_healthy(anonymous: Client) -> None:
    response = anonymous.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_reports_503_when_the_database_cannot_be_reached(anonymous: Client) -> None:
    with mock.patch(
        "littleminds.core.views.connection.cursor", side_effect=OperationalError("down")
    ):
        response = anonymous.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert response["Retry-After"] == "60"  # as every other answer during an outage


def test_it_shows_a_designed_404_without_debug_detail(anonymous: Client, settings) -> None:
    settings.DEBUG = False

    response = anonymous.get("/no/such/page/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body
    assert "nhsuk-header" in body
    assert "Traceback" not in body
    assert "URLconf" not in body


def _boom(request):  # pragma: no cover - the view exists only to raise
    raise RuntimeError("secret detail that must not leak")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.urls(__name__)
def test_it_shows_a_designed_500_without_a_stack_trace(settings) -> None:
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    body = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body
    assert "secret detail" not in body
    assert "Traceback" not in body


@pytest.mark.parametrize("status", [400, 403, 404, 500, 503])
def test_it_has_an_error_page_for_each_status(status: int) -> None:
    from django.template.loader import get_template

    html = get_template(f"{status}.html").render({})

    assert "Little Minds" in html
    assert "<h1>" in html


def test_it_answers_503_in_maintenance_but_keeps_the_health_check(
    anonymous: Client, settings
) -> None:
    settings.MAINTENANCE_MODE = True

    page = anonymous.get("/")
    health = anonymous.get("/healthz")

    assert page.status_code == 503
    assert page["Retry-After"] == "600"
    assert "Sorry, the service is unavailable" in page.content.decode()
    assert health.status_code == 200


def test_it_gives_every_response_a_request_id(anonymous: Client) -> None:
    generated = anonymous.get("/")
    forwarded = anonymous.get("/", HTTP_X_REQUEST_ID="upstream-abc-123")
    rejected = anonymous.get("/", HTTP_X_REQUEST_ID="bad id with spaces")

    assert len(generated["X-Request-ID"]) == 32
    assert forwarded["X-Request-ID"] == "upstream-abc-123"
    assert rejected["X-Request-ID"] != "bad id with spaces"


def test_it_shows_the_demonstration_banner_only_on_a_demo(anonymous: Client, settings) -> None:
    settings.DEMO_MODE = False
    assert (
        "Everyone and everything on this site is fictional"
        not in anonymous.get("/").content.decode()
    )

    settings.DEMO_MODE = True
    settings.REQUIRE_2FA = False
    body = anonymous.get("/").content.decode()
    assert "Everyone and everything on this site is fictional" in body
    assert "Two-factor sign-in is turned off" in body


def test_it_describes_the_api_in_openapi(anonymous: Client) -> None:
    schema = anonymous.get("/api/openapi.json").json()

    assert schema["info"]["title"] == "Little Minds API"
    assert "/api/accounts/me" in schema["paths"]
    assert json.dumps(schema)  # the description is valid JSON


def test_it_offers_families_a_way_to_refer_themselves(anonymous: Client) -> None:
    body = anonymous.get("/").content.decode()
    assert 'href="/self-referral/"' in body
    assert "Refer yourself" in body


@pytest.mark.parametrize("url", ["/", "/self-referral/"])
def test_it_shows_families_where_to_check_a_request_already_made(
    anonymous: Client, url: str
) -> None:
    body = anonymous.get(url).content.decode()
    assert '<a href="/self-referral/where-is-my-request/">Check where your request is</a>' in body


@pytest.mark.parametrize("code", ["ur", "pl", "ro"])
def test_the_way_to_refer_yourself_is_in_each_language_of_the_public_pages(
    anonymous: Client, code: str
) -> None:
    from django.conf import settings
    from django.utils import translation

    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    # The locale middleware leaves the language it chose active: put it back after.
    with translation.override("en-gb"):
        body = anonymous.get("/").content.decode()
    assert 'href="/self-referral/"' in body
    assert "Refer yourself" not in body
    assert "If you are a parent or carer, you can ask for help yourself" not in body


def test_it_shows_the_api_description_as_a_page(anonymous: Client) -> None:
    """Every operation and schema of the description, drawn on the server (no script)."""
    schema = anonymous.get("/api/openapi.json").json()

    docs = anonymous.get("/api/docs")

    assert docs.status_code == 200
    assertTemplateUsed(docs, "core/api_docs.html")
    body = docs.content.decode()
    assert "/static/ninja/" not in body  # no renderer in the browser
    operations = [
        (method.upper(), path) for path, methods in schema["paths"].items() for method in methods
    ]
    assert operations
    for method, address in operations:
        assert f"{method} {address}</a>" in body, (method, address)
    for name in schema["components"]["schemas"]:
        assert f'id="schema-{name}"' in body, name
    assert "The body was not sent as JSON: send it with Content-Type: application/json" in body


def test_the_favicon_is_found_where_browsers_look_for_it(anonymous: Client) -> None:
    icon = static("littleminds/favicon.svg")

    response = anonymous.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == icon
    assert "max-age=86400" in response["Cache-Control"]
    assert finders.find("littleminds/favicon.svg")
    page = anonymous.get("/accessibility/").content.decode()
    assert f'<link rel="icon" href="{icon}" type="image/svg+xml">' in page
