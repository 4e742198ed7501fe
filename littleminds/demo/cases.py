"""The demonstration's cases: each referral the clinical team accepted opens a case, led by
Casey Clinician, with contacts held, missed and planned, a past contact nobody recorded, and
signed notes (one with an addendum), so that the caseloads and a case page look like a real
team's.

Every family here is invented (see `referrals.py`). Loading again adds nothing twice: a
referral that already has its case is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.casework import selectors, services
from littleminds.casework.models import Allocation, Case, CaseEvent, Contact
from littleminds.demo import (
    caseload,
    cases_care,
    cases_closure,
    cases_link,
    cases_records,
    cases_week,
)
from littleminds.demo.referrals import CLINICIAN, KEY_PREFIX
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Referral


@dataclass(frozen=True)
class DemoContact:
    # When, as a share of the days since the case opened (0: the day it opened, 1: today),
    # or, when `ahead` is set, that many days from today.
    share: float
    outcome: str = ""
    place: str = Contact.Place.HOME
    note: str = ""
    ahead: int = 0


# The story of each case, in the order the accepted referrals were made.
STORIES: list[tuple[list[DemoContact], list[str], str]] = [
    (
        [
            DemoContact(0.3, "attended", note="First visit: mum and baby at home."),
            DemoContact(0.7, "attended", Contact.Place.CLINIC, "Video Interaction Guidance."),
            DemoContact(0, ahead=5),
        ],
        ["Mum says she feels closer to the baby since the last visit.", "Second visit."],
        "The second visit was at the clinic, not at home.",
    ),
    (
        [
            DemoContact(0.4, "attended", note="Talked about the crying in the evenings."),
            DemoContact(0.8, "did_not_attend"),
            DemoContact(0, ahead=2, place=Contact.Place.PHONE),
        ],
        ["Did not attend; a text sent offering another time."],
        "",
    ),
    (
        [
            DemoContact(0.5, "attended", Contact.Place.COMMUNITY, "Met at the family hub."),
            # Planned for yesterday, and nobody has recorded it yet.
            DemoContact(0, ahead=-1),
        ],
        ["Dad came too; both parents want to keep going."],
        "",
    ),
    ([DemoContact(0, ahead=7, place=Contact.Place.VIDEO)], [], ""),
    ([], [], ""),
]


def _moment(day_offset: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def load() -> dict[str, int]:
    clinician = User.objects.filter(email=CLINICIAN).first()
    if clinician is None:
        return {"cases": 0}
    accepted = Referral.objects.filter(
        idempotency_key__startswith=KEY_PREFIX, status=Status.ACCEPTED
    ).order_by("pk")
    created = 0
    for story, referral in zip(STORIES, accepted, strict=False):
        if selectors.case_of_referral(referral) is not None:
            continue
        _open(referral, clinician, story)
        created += 1
    cases_closure.load()
    loaded = {
        **cases_week.load(),
        **cases_care.load(),
        **cases_records.load(),
        **cases_link.load(),
        # Last: the cases above are the first ones (by pk) that `cases_care` and
        # `cases_records` build on.
        **caseload.load(),
    }
    made = created + loaded["cases_without_referral"] + loaded["caseload"]
    return {"cases": made, **loaded}


def _open(
    referral: Referral, clinician: User, story: tuple[list[DemoContact], list[str], str]
) -> Case:
    contacts, notes, addendum = story
    case = services.case_open_from_referral(by=clinician, referral=referral, lead=clinician)
    # Demo data only: the case opened the day the referral was accepted, not the day the
    # loader ran (as `referrals._backdate` does for the referrals themselves).
    opened = timezone.localdate(referral.decided_at or timezone.now())
    Case.objects.filter(pk=case.pk).update(opened_on=opened)
    Allocation.objects.filter(case=case).update(start=opened)
    CaseEvent.objects.filter(case=case).update(at=referral.decided_at or timezone.now())
    case.refresh_from_db()
    since = (timezone.localdate() - opened).days
    people = list(case.people.all())
    for number, spec in enumerate(contacts):
        offset = spec.ahead if spec.ahead else -since + max(1, round(since * spec.share))
        offset = min(offset, 0) if spec.outcome else offset
        contact = services.contact_plan(
            by=clinician,
            case=case,
            clinician=clinician,
            starts_at=_moment(offset, 10 + number % 5),
            minutes=60 if spec.place != Contact.Place.PHONE else 30,
            place=spec.place,
            invited=people,
        )
        if spec.outcome:
            services.contact_record(
                by=clinician,
                contact=contact,
                outcome=spec.outcome,
                came=people if spec.outcome == Contact.Outcome.ATTENDED else [],
                note=spec.note,
            )
    first = None
    for text in notes:
        note = services.note_add(by=clinician, case=case, text=text)
        first = first or note
    if addendum and first is not None:
        services.addendum_add(by=clinician, note=first, text=addendum)
    return case
