"""The demonstration's case opened without a referral: twins whose mother Casey Clinician met
at a baby group, with their grandmother as another important person, and contacts through
this week and next, so that "Your week" and the calendar feed have something to show.

Every family here is invented. Loading again adds nothing: the case is found by its history.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.casework import services, services_week
from littleminds.casework.models import Allocation, Case, CaseEvent, Contact
from littleminds.demo.referrals import CLINICIAN

# Ofcom's drama numbers: never anyone's.
MOTHER_PHONE = "+447700900671"
GRANDMOTHER_PHONE = "+447700900672"


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def load() -> dict[str, int]:
    clinician = User.objects.filter(email=CLINICIAN).first()
    if clinician is None:
        return {"cases_without_referral": 0}
    teams = clinician.teams_with(Permission.CASES_EDIT)
    if not teams:
        return {"cases_without_referral": 0}
    team = teams[0]
    if CaseEvent.objects.filter(case__team=team, action="opened_without_referral").exists():
        return {"cases_without_referral": 0}
    born = timezone.localdate() - timedelta(days=70)
    case = services_week.case_open_without_referral(
        by=clinician,
        team=team,
        lead=clinician,
        baby={
            "name": "Ivy",
            "nhs_number": "",
            "unborn": False,
            "due_date": None,
            "date_of_birth": born,
        },
        parent={
            "name": "Dana Whitlock",
            "relationship": "mother",
            "language": "Polish",
            "interpreter": True,
            "phone": MOTHER_PHONE,
            "may_call": True,
            "may_text": True,
            "contact_times": "Weekday mornings",
        },
        postcode="BD7 2AB",
        worries=["bonding"],
        worries_detail="Met at the Thursday baby group: finding it hard to feel close to "
        "both twins at once.",
    )
    # Demo data only: the case opened a few weeks ago (as `cases.py` backdates its cases).
    opened = born + timedelta(days=20)
    Case.objects.filter(pk=case.pk).update(opened_on=opened)
    Allocation.objects.filter(case=case).update(start=opened)
    case.refresh_from_db()
    services_week.baby_add(by=clinician, case=case, name="Jasper", date_of_birth=born)
    services_week.person_add(
        by=clinician,
        case=case,
        name="Halina Whitlock",
        relationship="grandparent",
        language="Polish",
        interpreter=True,
        phone=GRANDMOTHER_PHONE,
        may_call=True,
        may_leave_message=True,
    )
    # This week's Monday, then through next week.
    monday = -timezone.localdate().weekday()
    for days, hour, place in (
        (monday + 1, 10, Contact.Place.HOME),
        (monday + 3, 14, Contact.Place.COMMUNITY),
        (monday + 8, 11, Contact.Place.VIDEO),
    ):
        services.contact_plan(
            by=clinician,
            case=case,
            clinician=clinician,
            starts_at=_at(days, hour),
            minutes=60,
            place=place,
            invited=list(case.people.all()),
        )
    return {"cases_without_referral": 1}
