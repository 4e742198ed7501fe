from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from littleminds.accounts.models import Team
from littleminds.notifications.tests.fakes import FLAKY, FlakyBackend
from littleminds.referrals import services as referral_services
from littleminds.referrals.models import Intake, Referral
from littleminds.referrals.tests.factories import details, intake_for


@pytest.fixture
def intake(team: Team, db: None) -> Intake:
    """The team takes referrals for the area (see the referral factories)."""
    return intake_for(team)


@pytest.fixture
def flaky(settings: Any) -> Iterator[type[FlakyBackend]]:
    """A provider that is down until the test sets `flaky.down = False`."""
    settings.NOTIFICATIONS_BACKEND = FLAKY
    FlakyBackend.down = True
    FlakyBackend.sent = []
    yield FlakyBackend
    FlakyBackend.down = True
    FlakyBackend.sent = []


@pytest.fixture
def self_referral(intake: Intake) -> Callable[..., Referral]:
    """A family's own referral, sent, with the family's answers changed as given."""

    def make(**changes: Any) -> Referral:
        values: dict[str, Any] = {"impact": "", "consent": False, "confirm_by": "text"}
        values.update(changes)
        referral, _new = referral_services.referral_create(
            kind=Referral.Kind.SELF, details=details(**values)
        )
        return referral

    return make
