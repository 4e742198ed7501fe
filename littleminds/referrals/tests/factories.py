"""What the referral tests set up: the receiving team's intake over the demonstration's
area, and referrals in any state, made through the services as a person would make them."""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory
from littleminds.referrals import services
from littleminds.referrals.models import Intake, Referral

FROM = date(2020, 4, 1)


def intake_for(team: Team, *, default: bool = True, prefixes: list[Any] | None = None) -> Intake:
    """`team` takes referrals for the parent–infant service, for BD1 to BD22 and LS29 from
    April 2020 (the demonstration's area; BD23 is outside), and for no fixed abode."""
    area = AreaFactory.create(
        prefixes=prefixes
        or [(f"BD{n}", FROM, None) for n in range(1, 23)] + [("LS29", FROM, None)],
    )
    service = ServiceFactory.create(
        name="Little Minds Matter",
        areas=[area],
        needs=["bonding", "baby_regulation", "trauma_loss", "parenting_confidence"],
        access=["practitioner_referral", "self_referral", "consultation"],
        pregnancy=True,
    )
    intake: Intake = Intake.objects.create(
        team=team, service=service, area=area, is_default=default
    )
    return intake


def details(**changes: Any) -> services.Details:
    """A family that can be referred: a baby of six months on the day (the real day, or the
    day a test travelled to) in BD7."""
    values: dict[str, Any] = {
        "parent_name": "Sam Example",
        "baby_name": "Robin",
        "child_date_of_birth": born_months_ago(6),
        "postcode": "BD7 1DP",
        "phone": "+447700900123",
        "may_call": True,
        "may_text": True,
        "language": "en",
        "concerns": ["bonding"],
        "concern_details": "Mum finds it hard to feel close to Robin.",
        "impact": "moderate",
        "consent": True,
    }
    values.update(changes)
    return services.Details(**values)


def born_months_ago(months: int) -> date:
    """A date of birth `months` whole months before today (the real day, or the day a test
    travelled to)."""
    return timezone.localdate() - relativedelta(months=months)


def sent_referral(by: User, **changes: Any) -> Referral:
    """A practitioner's referral, sent."""
    referral, _new = services.referral_create(
        kind=Referral.Kind.PRACTITIONER, details=details(**changes), by=by
    )
    return referral
