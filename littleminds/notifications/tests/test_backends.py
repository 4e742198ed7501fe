from __future__ import annotations

import io
import socket
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from littleminds.notifications import backends
from littleminds.notifications.backends import (
    ConsoleBackend,
    EmailBackend,
    NotifyBackend,
    Outgoing,
    PermanentFailure,
)
from littleminds.notifications.models import Notification
from littleminds.notifications.tests.fakes import FakeNotifyClient, FakeResponse
from littleminds.referrals.models import Referral

EMAIL = Outgoing(
    channel="email",
    to="pip@test.example",
    subject="Referral received",
    body="Hello",
    reference="n1",
)
TEXT = Outgoing(channel="text", to="+447700900123", subject="", body="Hi", reference="n2")


@pytest.fixture
def notify_settings(settings: Any) -> Any:
    settings.NOTIFICATIONS_BACKEND = "notify"
    settings.NOTIFY_API_KEY = f"littleminds-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "email-template"
    settings.NOTIFY_TEXT_TEMPLATE_ID = "text-template"
    return settings


def test_notify_sends_an_email_through_the_generic_template(notify_settings: Any) -> None:
    client = FakeNotifyClient()

    NotifyBackend(client=client).send(EMAIL)

    assert client.calls == [
        (
            "send_email_notification",
            {
                "email_address": "pip@test.example",
                "template_id": "email-template",
                "personalisation": {"subject": "Referral received", "body": "Hello"},
                "reference": "n1",
            },
        )
    ]


def test_notify_sends_a_text_through_the_generic_template(notify_settings: Any) -> None:
    client = FakeNotifyClient()

    NotifyBackend(client=client).send(TEXT)

    assert client.calls == [
        (
            "send_sms_notification",
            {
                "phone_number": "+447700900123",
                "template_id": "text-template",
                "personalisation": {"body": "Hi"},
                "reference": "n2",
            },
        )
    ]


def test_notify_refusing_a_message_is_a_permanent_failure(notify_settings: Any) -> None:
    refused = HTTPError(FakeResponse(400, "Not a UK mobile number"))  # type: ignore[arg-type]
    backend = NotifyBackend(client=FakeNotifyClient(error=refused))

    with pytest.raises(PermanentFailure, match="Not a UK mobile number"):
        backend.send(TEXT)


@pytest.mark.parametrize("status", [429, 500, 503])
def test_notify_trouble_on_its_side_is_tried_again(notify_settings: Any, status: int) -> None:
    trouble = HTTPError(FakeResponse(status, "Try later"))  # type: ignore[arg-type]
    backend = NotifyBackend(client=FakeNotifyClient(error=trouble))

    with pytest.raises(HTTPError) as raised:
        backend.send(EMAIL)
    assert not isinstance(raised.value, PermanentFailure)


def test_the_notify_backend_uses_the_real_client_with_a_short_timeout(
    notify_settings: Any,
) -> None:
    backend = backends.get_backend()

    assert isinstance(backend, NotifyBackend)
    client = backend.client
    assert isinstance(client, NotificationsAPIClient)
    assert client.timeout == backends.NOTIFY_TIMEOUT_SECONDS
    assert client.api_key == notify_settings.NOTIFY_API_KEY[-36:]


@pytest.mark.django_db
def test_a_self_referral_goes_through_notify_as_the_family_asked(
    notify_settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    self_referral: Callable[..., Referral],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = FakeNotifyClient()
    monkeypatch.setattr(backends, "notify_client", lambda: client)

    with django_capture_on_commit_callbacks(execute=True):
        referral = self_referral(confirm_by="text", may_text=True)

    notification = referral.notifications.get()
    assert notification.status == Notification.Status.SENT
    [(method, call)] = client.calls
    assert method == "send_sms_notification"
    assert call["phone_number"] == "+447700900123"
    assert call["template_id"] == "text-template"
    assert call["reference"] == str(notification.code)
    assert referral.reference in call["personalisation"]["body"]


def test_the_email_backend_sends_through_django(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "Little Minds <noreply@test.example>"

    EmailBackend().send(EMAIL)

    [message] = mail.outbox
    assert (message.to, message.subject, message.body) == (
        ["pip@test.example"],
        "Referral received",
        "Hello",
    )
    assert message.from_email == "Little Minds <noreply@test.example>"


def test_the_email_backend_cannot_send_texts() -> None:
    with pytest.raises(PermanentFailure):
        EmailBackend().send(TEXT)


def test_the_console_backend_prints() -> None:
    stream = io.StringIO()

    ConsoleBackend(stream).send(EMAIL)
    ConsoleBackend(stream).send(TEXT)

    printed = stream.getvalue()
    assert "Email to pip@test.example\nSubject: Referral received\n\nHello\n" in printed
    assert "Text message to +447700900123\n\nHi\n" in printed


@pytest.mark.parametrize(("name", "kind"), [("console", ConsoleBackend), ("email", EmailBackend)])
def test_it_chooses_the_backend_the_settings_name(settings: Any, name: str, kind: type) -> None:
    settings.NOTIFICATIONS_BACKEND = name

    assert isinstance(backends.get_backend(), kind)


def test_the_email_backend_gives_up_on_a_mail_server_that_never_answers(settings: Any) -> None:
    """A server that takes the connection and says nothing: the send fails after
    `EMAIL_TIMEOUT` (tried again later) instead of holding the request for ever."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = silent.getsockname()
        settings.EMAIL_TIMEOUT = 1
        started = time.monotonic()
        # smtplib reports the time-out as the server having disconnected (an OSError).
        with pytest.raises(OSError, match="timed out"):
            EmailBackend().send(EMAIL)
        assert time.monotonic() - started < 5


def test_the_mail_server_is_given_ten_seconds_by_default() -> None:
    from django.conf import settings

    assert settings.EMAIL_TIMEOUT == 10
