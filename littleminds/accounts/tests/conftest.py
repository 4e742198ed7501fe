from __future__ import annotations

from typing import Any

import pytest

from littleminds.accounts import services as account_services
from littleminds.notifications import services as notification_services


@pytest.fixture
def account_emails_at_once(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Account e-mails go to `django.core.mail.outbox`, sent after the commit in the test's
    own thread rather than one of their own (which could not see a test's uncommitted rows),
    and a reset asked for on the page is looked up in the test's thread too."""
    settings.NOTIFICATIONS_BACKEND = "email"
    monkeypatch.setattr(account_services, "run_in_background", lambda what, work: work())
    monkeypatch.setattr(
        notification_services, "_start_sender", notification_services.notifications_send_claimed
    )
