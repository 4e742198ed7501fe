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
from dataclasses import dataclass

from littleminds.core.postcodes import Postcode
from littleminds.directory.models import Service
from littleminds.pathway.engine import Answers


@dataclass(frozen=True)
class Receiving:
    """Who would receive the family's referral, and what the family is told about it: the
    team's number and its usual time to a decision, as its intake says (the one source of
    what families are told, also on the self-referral's pages and its messages)."""

    service: Service
    phone: str = ""  # international format; "" when the intake gives none
    decision_days: int | None = None


Receiver = Callable[[Answers, Postcode | None], Receiving | None]

_receiver: Receiver | None = None


def register(receiver: Receiver) -> None:
    """Say how to find the receiving service and its intake (once, when the referrals app
    starts)."""
    global _receiver
    _receiver = receiver


def receiving(answers: Answers, postcode: Postcode | None) -> Receiving | None:
    """The service that a referral for this family made today through the platform would go
    to, with its intake's number and time to a decision; None when the platform would not
    take it (outside every intake's area, too old)."""
    return _receiver(answers, postcode) if _receiver is not None else None
