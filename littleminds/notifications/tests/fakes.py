"""Stand-ins for the outside world: a backend that fails until told to recover, and a GOV.UK
Notify client that records the calls it gets instead of making them."""

from __future__ import annotations

from typing import Any, ClassVar

from littleminds.notifications.backends import Outgoing

# The dotted path that puts `FlakyBackend` in place through settings.NOTIFICATIONS_BACKEND.
FLAKY = "littleminds.notifications.tests.fakes.FlakyBackend"


class FlakyBackend:
    """Fails while `down` is true (as a provider does during an outage), then sends."""

    down: ClassVar[bool] = True
    sent: ClassVar[list[Outgoing]] = []

    def send(self, message: Outgoing) -> None:
        if FlakyBackend.down:
            raise ConnectionError("the provider did not answer")
        FlakyBackend.sent.append(message)


class FakeNotifyClient:
    """Records each call as (method, keyword arguments); raises `error` if given one."""

    def __init__(self, error: Exception | None = None) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.error = error

    def send_email_notification(
        self,
        email_address: str,
        template_id: str,
        personalisation: Any = None,
        reference: Any = None,
    ) -> dict[str, Any]:
        return self._record(
            "send_email_notification",
            email_address=email_address,
            template_id=template_id,
            personalisation=personalisation,
            reference=reference,
        )

    def send_sms_notification(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Any = None,
        reference: Any = None,
    ) -> dict[str, Any]:
        return self._record(
            "send_sms_notification",
            phone_number=phone_number,
            template_id=template_id,
            personalisation=personalisation,
            reference=reference,
        )

    def _record(self, method: str, **kwargs: Any) -> dict[str, Any]:
        self.calls.append((method, kwargs))
        if self.error is not None:
            raise self.error
        return {"id": f"fake-{len(self.calls)}"}


class FakeResponse:
    """Enough of a `requests` response for Notify's `HTTPError` to read."""

    def __init__(self, status_code: int, message: str) -> None:
        self.status_code = status_code
        self._message = message

    def json(self) -> dict[str, Any]:
        return {"errors": [{"error": "BadRequestError", "message": self._message}]}
