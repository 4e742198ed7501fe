"""How notifications leave the platform: printed (development and tests), by e-mail through
Django's e-mail settings, or through GOV.UK Notify. `LITTLEMINDS_NOTIFICATIONS_BACKEND`
chooses one (`settings.NOTIFICATIONS_BACKEND`).

A backend raises on failure. `PermanentFailure` says that trying again cannot help (an
address the service refuses, a channel the backend does not have); anything else is taken
as passing trouble and tried again later.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger(__name__)


class PermanentFailure(Exception):
    """Sending this notification again would fail the same way."""


@dataclass(frozen=True)
class Outgoing:
    """One message to send: what the backend needs, and nothing of the referral."""

    channel: str  # "email" or "text"
    to: str
    subject: str
    body: str
    # Our own identifier of the notification, for matching the provider's records to ours.
    reference: str


class Backend(Protocol):
    def send(self, message: Outgoing) -> None: ...


class ConsoleBackend:
    """Prints each message, for development and tests: nothing leaves the machine."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def send(self, message: Outgoing) -> None:
        stream = self.stream or sys.stdout
        kind = "Email" if message.channel == "email" else "Text message"
        lines = [f"{kind} to {message.to}"]
        if message.subject:
            lines.append(f"Subject: {message.subject}")
        lines += ["", message.body, "-" * 72, ""]
        stream.write("\n".join(lines))
        stream.flush()


class EmailBackend:
    """E-mail through Django's own e-mail backend (`LITTLEMINDS_EMAIL_*`). It cannot send
    text messages: those fail, visibly, until the instance uses GOV.UK Notify."""

    def send(self, message: Outgoing) -> None:
        if message.channel != "email":
            raise PermanentFailure(
                "This instance sends e-mail only: set LITTLEMINDS_NOTIFICATIONS_BACKEND=notify "
                "to send text messages."
            )
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={"X-Little-Minds-Notification": message.reference},
        ).send(fail_silently=False)


class NotifyClient(Protocol):
    """The part of `notifications_python_client.NotificationsAPIClient` we use."""

    def send_email_notification(
        self, email_address: str, template_id: str, personalisation: Any = ..., reference: Any = ...
    ) -> Any: ...

    def send_sms_notification(
        self, phone_number: str, template_id: str, personalisation: Any = ..., reference: Any = ...
    ) -> Any: ...


# How long to wait for GOV.UK Notify: a notification is sent while the person who made the
# change waits for the next page, so it must not hang for the client's default 30 seconds.
NOTIFY_TIMEOUT_SECONDS = 10


def notify_client() -> NotifyClient:
    client: NotifyClient = NotificationsAPIClient(
        settings.NOTIFY_API_KEY, timeout=NOTIFY_TIMEOUT_SECONDS
    )
    return client


class NotifyBackend:
    """GOV.UK Notify, through one generic e-mail template (personalisation `subject` and
    `body`) and one generic text message template (`body`), whose ids are configured."""

    def __init__(self, client: NotifyClient | None = None) -> None:
        self._client = client

    @property
    def client(self) -> NotifyClient:
        if self._client is None:
            self._client = notify_client()
        return self._client

    def send(self, message: Outgoing) -> None:
        try:
            if message.channel == "email":
                self.client.send_email_notification(
                    email_address=message.to,
                    template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                    personalisation={"subject": message.subject, "body": message.body},
                    reference=message.reference,
                )
            else:
                self.client.send_sms_notification(
                    phone_number=message.to,
                    template_id=settings.NOTIFY_TEXT_TEMPLATE_ID,
                    personalisation={"body": message.body},
                    reference=message.reference,
                )
        except Exception as error:
            # Notify answers 400 for what it will never send (an address it refuses, a
            # missing personalisation); rate limits, its own errors and the network pass.
            if getattr(error, "status_code", None) == 400:
                raise PermanentFailure(str(error)) from error
            raise


BACKENDS: dict[str, type[Backend]] = {
    "console": ConsoleBackend,
    "email": EmailBackend,
    "notify": NotifyBackend,
}


def get_backend() -> Backend:
    """The configured backend: one of `BACKENDS` by name, or a class by dotted path (which
    the tests use to put a failing backend in place)."""
    name = settings.NOTIFICATIONS_BACKEND
    backend_class = BACKENDS.get(name) or import_string(name)
    backend: Backend = backend_class()
    return backend


def send_direct(message: Outgoing, *, what: str) -> bool:
    """Send `message` once, straight to the backend and not through the outbox (for a
    message that must not be stored, such as one carrying a link's token). Whether it went
    is returned; the trouble is logged as `what` and the error's kind, never the message."""
    try:
        get_backend().send(message)
    except Exception as error:
        logger.warning("%s could not be sent: %s", what, type(error).__name__)
        return False
    return True
