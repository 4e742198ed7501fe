from typing import Any

import pytest

from littleminds.notifications import backends


class RecordingBackend:
    """A notifications backend that keeps what it is given (`recorded`)."""

    sent: list[backends.Outgoing] = []

    def send(self, message: backends.Outgoing) -> None:
        RecordingBackend.sent.append(message)


@pytest.fixture
def recorded(settings: Any) -> list[backends.Outgoing]:
    """The e-mails sent straight to the backend (those to people without an account)."""
    settings.NOTIFICATIONS_BACKEND = f"{__name__}.RecordingBackend"
    RecordingBackend.sent = []
    return RecordingBackend.sent


@pytest.fixture(autouse=True)
def _public_emails_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A public registrant's e-mail is sent in the request's own thread, so a test sees it."""
    from littleminds.training import services_places, services_questions

    monkeypatch.setattr(services_places, "run_in_background", lambda what, work: work())
    monkeypatch.setattr(services_questions, "run_in_background", lambda what, work: work())
