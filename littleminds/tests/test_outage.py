"""When the database cannot be reached, every page and call answers 503 with Retry-After (the
API and Open Referral in their JSON shape, pages with the service-unavailable page), so a
partner system can tell an outage from a fault; and nothing is stored by halves (ADR 0020).

The database is made really unreachable: the connection is pointed at a closed port
(PostgreSQL) or a file that cannot be opened (SQLite) and closed, so the next query has to
connect again and fails as it would in an outage."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import OperationalError, connection
from django.test import Client

from littleminds.accounts.models import Team
from littleminds.audit.models import AuditEvent
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.notifications.models import Notification
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import intake_for
from littleminds.referrals.tests.test_api import family

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGE = "The service cannot reach its records just now. Try again in a minute."


@contextmanager
def unreachable_database() -> Iterator[None]:
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/littleminds/unreachable.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def _client() -> Client:
    return Client(raise_request_exception=False)


@pytest.fixture
def quiet_logs(caplog: pytest.LogCaptureFixture) -> None:
    """The outage is logged as an error, as it should be; the test need not show it."""
    caplog.set_level("CRITICAL", logger="django.request")


def test_the_database_really_is_unreachable() -> None:
    with unreachable_database(), pytest.raises(OperationalError):
        Team.objects.exists()
    assert not Team.objects.exists()  # and back afterwards


@pytest.mark.usefixtures("quiet_logs")
@pytest.mark.parametrize(
    ("path", "call"),
    [
        (
            "/api/pathway/recommend",
            lambda client: client.post(
                "/api/pathway/recommend",
                json.dumps({"asker": "parent", "postcode": "BD7 1DP", "pregnant": True}),
                content_type="application/json",
            ),
        ),
        ("/openreferral/services", lambda client: client.get("/openreferral/services")),
    ],
)
def test_an_api_call_is_a_503_in_the_apis_shape(
    settings, path: str, call: Callable[[Client], Any]
) -> None:
    settings.DEBUG = False
    client = _client()

    with unreachable_database():
        response = call(client)

    assert response.status_code == 503, path
    assert response["Retry-After"] == "60"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"errors": {"__all__": MESSAGE}}


@pytest.mark.usefixtures("quiet_logs")
def test_a_public_page_is_the_service_unavailable_page(settings) -> None:
    settings.DEBUG = False
    ServiceFactory.create()

    with unreachable_database():
        response = _client().get("/directory/", {"words": "bonding"})

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Content-Type"].startswith("text/html")
    assert "Sorry, the service is unavailable" in response.content.decode()


@pytest.mark.usefixtures("quiet_logs")
def test_a_signed_in_page_is_the_service_unavailable_page(settings, as_persona) -> None:
    settings.DEBUG = False
    client = as_persona("manager")
    client.raise_request_exception = False

    with unreachable_database():
        response = client.get("/work/")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Sorry, the service is unavailable" in response.content.decode()


def test_a_fault_that_is_not_an_outage_is_still_a_500(settings) -> None:
    """A constraint broken by a bug is no outage: the partner system should not retry."""
    from django.db import IntegrityError

    from littleminds.core.views import server_error

    try:
        raise IntegrityError("duplicate key")
    except IntegrityError:
        response = server_error(Client().get("/").wsgi_request)

    assert response.status_code == 500
    assert not response.has_header("Retry-After")


@pytest.mark.usefixtures("quiet_logs")
def test_a_referral_cut_off_half_way_is_not_stored_at_all(settings, team: Team) -> None:
    """The connection is lost after the referral's row is written, before its audit event
    and notifications: the transaction is rolled back, and a retry makes the referral."""
    settings.DEBUG = False
    intake_for(team)
    written: list[str] = []

    def cut_after_the_referral(execute: Any, sql: str, params: Any, many: bool, context: Any):
        if written and sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise OperationalError("server closed the connection unexpectedly")
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("INSERT") and "referrals_referral" in sql:
            written.append(sql)
        return result

    with time_machine.travel(date(2026, 11, 28), tick=False):
        with connection.execute_wrapper(cut_after_the_referral):
            response = _client().post(
                "/api/self-referrals", family(), content_type="application/json"
            )

        assert written, "the referral's row was written before the cut"
        assert response.status_code == 503
        assert response.json() == {"errors": {"__all__": MESSAGE}}
        assert not Referral.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="referral").exists()
        assert not Notification.objects.exists()

        retry = _client().post("/api/self-referrals", family(), content_type="application/json")
        assert retry.status_code == 201
        assert Referral.objects.count() == 1
