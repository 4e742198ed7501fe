"""Which service would receive a referral made through the platform's own forms for a
family: the one the navigator's button to those forms must name, and list.

Where a referral goes is the referrals app's to say (its intakes route a referral by the
family's area on the day to a team and its service, and turn away a baby past the intake's
age limit). `referrals` imports `pathway`, so `pathway` cannot import it back: `referrals`
registers its answer here when it starts (`ReferralsConfig.ready`), as `notifications`
connects to the referrals' signals. Until something is registered, no service receives
referrals through the platform, and the navigator offers only the services' own ways in.
"""

from __future__ import annotations

from collections.abc import Callable

from littleminds.core.postcodes import Postcode
from littleminds.directory.models import Service
from littleminds.pathway.engine import Answers

Receiver = Callable[[Answers, Postcode | None], Service | None]

_receiver: Receiver | None = None


def register(receiver: Receiver) -> None:
    """Say how to find the receiving service (once, when the referrals app starts)."""
    global _receiver
    _receiver = receiver


def receiving_service(answers: Answers, postcode: Postcode | None) -> Service | None:
    """The service that a referral for this family made today through the platform would go
    to; None when the platform would not take it (outside every intake's area, too old)."""
    return _receiver(answers, postcode) if _receiver is not None else None
