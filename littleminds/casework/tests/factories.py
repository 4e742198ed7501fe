"""Cases made as a team would make them: a practitioner's referral, accepted in triage,
opens the case through the services."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.casework import services
from littleminds.casework.models import Case, Contact
from littleminds.referrals import services as referral_services
from littleminds.referrals.models import Intake, Referral
from littleminds.referrals.tests.factories import intake_for, sent_referral


def ensure_intake(team: Team) -> None:
    if not Intake.objects.filter(team=team).exists():
        intake_for(team, default=not Intake.objects.filter(is_default=True).exists())


def accepted_referral(*, referrer: User, clinician: User, **changes: Any) -> Referral:
    ensure_intake(clinician.teams()[0])
    referral = sent_referral(referrer, **changes)
    return referral_services.referral_accept(by=clinician, referral=referral)


def open_case(*, referrer: User, clinician: User, lead: User | None = None, **changes: Any) -> Case:
    referral = accepted_referral(referrer=referrer, clinician=clinician, **changes)
    return services.case_open_from_referral(by=clinician, referral=referral, lead=lead or clinician)


def at(days: int, hour: int = 10) -> datetime:
    """A moment `days` from today (negative: in the past) at `hour` o'clock."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def planned(case: Case, by: User, days: int, **changes: Any) -> Contact:
    values: dict[str, Any] = {"minutes": 60, "place": Contact.Place.HOME, "clinician": by}
    values.update(changes)
    return services.contact_plan(by=by, case=case, starts_at=at(days), **values)
