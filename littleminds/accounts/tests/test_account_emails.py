"""Invitation and password e-mails leave through the notifications outbox (ADR 0017): the
page, its status and its timing are the same whatever the address, and a mail server that
is down never turns an invitation into an error page."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from littleminds.accounts import services as account_services
from littleminds.accounts.models import Team, User
from littleminds.core.background import wait_for_background
from littleminds.notifications.models import Notification

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def _closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _comparable(page: str, address: str) -> str:
    """A page without what differs on every request anyway (the CSRF token) or by design
    (the address the person typed, which the page repeats)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page).replace(address, "ADDRESS")


@pytest.fixture
def mail_down(settings: Any) -> Iterator[None]:
    """E-mail goes through SMTP to a server that is not there."""
    settings.NOTIFICATIONS_BACKEND = "email"
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_TIMEOUT = 2
    yield
    wait_for_background()  # nothing may outlive the test and write to the next one's database


# Real commits, so that whatever happens after the commit happens while the request runs.
@pytest.mark.django_db(transaction=True)
def test_a_reset_request_reads_the_same_for_a_known_and_an_unknown_address_with_mail_down(
    mail_down: None, clinician: User
) -> None:
    known = Client(raise_request_exception=False).post(
        "/password/forgotten/", {"email": "clinician@test.example"}
    )
    unknown = Client(raise_request_exception=False).post(
        "/password/forgotten/", {"email": "nobody00@test.example"}
    )

    assert (known.status_code, unknown.status_code) == (200, 200)
    page = _comparable(known.content.decode(), "clinician@test.example")
    assert page == _comparable(unknown.content.decode(), "nobody00@test.example")
    assert "Check your email" in page
    # The known address's e-mail waits in the outbox; the unknown one left nothing.
    wait_for_background()
    (queued,) = Notification.objects.all()
    assert (queued.to, queued.template) == ("clinician@test.example", "password_reset")
    assert queued.status == Notification.Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_an_invitation_with_mail_down_saves_the_account_and_shows_its_page(
    mail_down: None, manager: User, team: Team, sign_in: Callable[[Client, User], Client]
) -> None:
    client = sign_in(Client(raise_request_exception=False), manager)

    response = client.post(
        "/people/invite/",
        {
            "full_name": "Nia New",
            "email": "nia@test.example",
            "job_title": "Psychotherapist",
            "roles": [f"clinician:{team.code}"],
        },
    )

    person = User.objects.get(email="nia@test.example")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.code}/"
    assert client.get(response["Location"]).status_code == 200
    wait_for_background()
    (queued,) = Notification.objects.filter(user=person)
    assert queued.template == "invitation"
    assert queued.status == Notification.Status.FAILED


@pytest.mark.django_db
def test_a_reset_request_does_the_same_work_in_the_request_whatever_the_address(
    clinician: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the request itself does decides how long it takes: the same queries, and no
    # writes, for an address with an account and one without. The lookup is handed on.
    handed_on: list[str] = []
    monkeypatch.setattr(
        account_services, "run_in_background", lambda what, work: handed_on.append(what)
    )
    queries = []
    for address in ("clinician@test.example", "nobody00@test.example"):
        with CaptureQueriesContext(connection) as captured:
            response = Client().post("/password/forgotten/", {"email": address})
        assert response.status_code == 200
        queries.append([query["sql"] for query in captured.captured_queries])

    assert queries[0] == queries[1]
    assert handed_on == ["password reset", "password reset"]
    assert not Notification.objects.exists()
