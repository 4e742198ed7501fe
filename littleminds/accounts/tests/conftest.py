from __future__ import annotations

from typing import Any

import pytest

from littleminds.notifications import services as notification_services


@pytest.fixture
def account_emails_at_once(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Account e-mails go to `django.core.mail.outbox`, sent after the commit in the test's
    own thread rather than one of their own (which could not see a test's uncommitted rows)."""
    settings.NOTIFICATIONS_BACKEND = "email"
    monkeypatch.setattr(
        notification_services, "_start_sender", notification_services.notification_send_claimed
    )
