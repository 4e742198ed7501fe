"""Writes to cases. Each is one transaction that checks who is acting, validates with
`full_clean()`, keeps the case's history (`CaseEvent`) and writes its audit event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission, Role
from littleminds.audit.services import audit_record
from littleminds.casework.models import (
    Allocation,
    Baby,
    Case,
    CaseEvent,
    CasePerson,
    CaseReferral,
    Contact,
    Note,
)
from littleminds.directory.models import LANGUAGE_NAMES
from littleminds.pathway.validation import birth_date_problem
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Referral


class NotAllowed(Exception):
    """The person may not do this to this case (or the case is not in a state for it)."""


def _check_edits(by: User, case: Case) -> None:
    if case.team not in by.teams_with(Permission.CASES_EDIT):
        raise NotAllowed("not a member of the case's team")


def is_team_clinician(user: User, team_id: int) -> bool:
    return user.is_active and any(
        a.role == Role.CLINICIAN and a.team_id == team_id for a in user.role_assignments()
    )


def _event(case: Case, action: str, *, by: User | None, detail: str = "") -> None:
    CaseEvent.objects.create(case=case, action=action, by=by, detail=detail[:300])


def _family_from(referral: Referral, case: Case) -> None:
    """The referral's family becomes the case's baby and people."""
    baby = Baby(
        case=case,
        name=referral.baby_name,
        nhs_number=referral.nhs_number,
        unborn=referral.unborn,
        due_date=referral.expected_delivery_date if referral.unborn else None,
        date_of_birth=None if referral.unborn else referral.child_date_of_birth,
    )
    baby.full_clean()
    baby.save()
    if referral.parent_name:
        person = CasePerson(
            case=case,
            name=referral.parent_name,
            relationship=CasePerson.Relationship.PARENT,
            language=referral.other_language
            or str(LANGUAGE_NAMES.get(referral.language, referral.language)),
            interpreter=referral.interpreter,
            phone=referral.phone,
            email=referral.email,
            may_call=referral.may_call,
            may_text=referral.may_text,
            may_leave_message=referral.may_leave_message,
        )
        person.full_clean()
        person.save()


def _check_referral(by: User, referral: Referral) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != Status.ACCEPTED:
        raise NotAllowed("only an accepted referral opens or joins a case")
    if locked.team is None or locked.team not in by.teams_with(Permission.CASES_EDIT):
        raise NotAllowed("not a member of the referral's team")
    if CaseReferral.objects.filter(referral=locked).exists():
        raise NotAllowed("the referral already belongs to a case")
    return locked


def case_open_from_referral(*, by: User, referral: Referral, lead: User) -> Case:
    """Open a case for the accepted referral's family, with `lead` (one of the team's
    clinicians) as its lead clinician."""
    with transaction.atomic():
        locked = _check_referral(by, referral)
        assert locked.team is not None
        if not is_team_clinician(lead, locked.team.pk):
            raise NotAllowed("the lead must be one of the team's clinicians")
        case = Case(
            team=locked.team,
            opened_by=by,
            worries=list(locked.concerns or []),
            worries_detail=locked.concern_details,
            postcode=locked.postcode,
        )
        case.full_clean()
        case.save()
        CaseReferral.objects.create(case=case, referral=locked, opened_case=True)
        _family_from(locked, case)
        Allocation.objects.create(case=case, clinician=lead, is_lead=True)
        _event(case, "opened", by=by, detail=locked.reference or "")
        _event(case, "lead_allocated", by=by, detail=lead.full_name)
        audit_record(
            by=by,
            action="case.opened",
            target=case,
            team=case.team,
            detail={"referral": str(locked.code), "lead": str(lead.code)},
        )
    return case


def case_join_referral(*, by: User, referral: Referral, case: Case) -> Case:
    """Add an accepted referral to the family's open case (the clinician confirmed that it
    is the same family): its worries join the case's."""
    with transaction.atomic():
        locked = _check_referral(by, referral)
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.team_id != locked.team_id or not case.is_open:
            raise NotAllowed("a referral joins only an open case of its own team")
        CaseReferral.objects.create(case=case, referral=locked, opened_case=False)
        case.worries = [*case.worries, *(w for w in locked.concerns or [] if w not in case.worries)]
        case.save(update_fields=["worries"])
        _event(case, "referral_joined", by=by, detail=locked.reference or "")
        audit_record(
            by=by,
            action="case.referral_joined",
            target=case,
            team=case.team,
            detail={"referral": str(locked.code)},
        )
    return case


def lead_change(*, by: User, case: Case, clinician: User) -> Allocation:
    """Make `clinician` the case's lead from today; the lead before stays allocated, no
    longer as lead."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _check_edits(by, case)
        if not case.is_open:
            raise NotAllowed("the case is closed")
        if not is_team_clinician(clinician, case.team_id):
            raise NotAllowed("the lead must be one of the team's clinicians")
        today = timezone.localdate()
        current = case.allocations.filter(end__isnull=True)
        previous = current.filter(is_lead=True).select_related("clinician").first()
        if previous is not None and previous.clinician_id == clinician.pk:
            return previous
        # The new lead's other allocation ends, the old lead's lead allocation ends, and
        # the old lead carries on beside the new one.
        current.filter(clinician=clinician).update(end=today)
        if previous is not None:
            current.filter(pk=previous.pk).update(end=today)
            Allocation.objects.create(case=case, clinician=previous.clinician, start=today)
        allocation = Allocation.objects.create(
            case=case, clinician=clinician, is_lead=True, start=today
        )
        _event(case, "lead_allocated", by=by, detail=clinician.full_name)
        audit_record(
            by=by,
            action="case.lead_changed",
            target=case,
            team=case.team,
            detail={"lead": str(clinician.code)},
        )
    return allocation


def allocation_add(*, by: User, case: Case, clinician: User) -> Allocation:
    """Allocate another clinician of the team to the case (not as lead)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _check_edits(by, case)
        if not case.is_open:
            raise NotAllowed("the case is closed")
        if not is_team_clinician(clinician, case.team_id):
            raise NotAllowed("only the team's clinicians are allocated")
        if case.allocations.filter(end__isnull=True, clinician=clinician).exists():
            raise NotAllowed("already allocated")
        allocation = Allocation.objects.create(case=case, clinician=clinician)
        _event(case, "allocated", by=by, detail=clinician.full_name)
        audit_record(
            by=by,
            action="case.allocated",
            target=case,
            team=case.team,
            detail={"clinician": str(clinician.code)},
        )
    return allocation


def allocation_end(*, by: User, allocation: Allocation) -> Allocation:
    """End an allocation that is not the lead's (a case always has its lead)."""
    with transaction.atomic():
        locked = (
            Allocation.objects.select_for_update()
            .select_related("case", "clinician")
            .get(pk=allocation.pk)
        )
        _check_edits(by, locked.case)
        if locked.is_lead or locked.end is not None:
            raise NotAllowed("the lead's allocation ends only when another lead is chosen")
        locked.end = timezone.localdate()
        locked.save(update_fields=["end"])
        _event(locked.case, "allocation_ended", by=by, detail=locked.clinician.full_name)
        audit_record(
            by=by,
            action="case.allocation_ended",
            target=locked.case,
            team=locked.case.team,
            detail={"clinician": str(locked.clinician.code)},
        )
    return locked


def baby_born(*, by: User, baby: Baby, date_of_birth: date) -> Baby:
    """An unborn baby is born: the same record gets its date of birth."""
    with transaction.atomic():
        locked = Baby.objects.select_for_update().select_related("case").get(pk=baby.pk)
        _check_edits(by, locked.case)
        if not locked.unborn:
            raise NotAllowed("the baby is already born")
        problem = birth_date_problem(date_of_birth, timezone.localdate())
        if problem:
            raise ValidationError({"date_of_birth": problem})
        locked.unborn = False
        locked.due_date = None
        locked.date_of_birth = date_of_birth
        locked.full_clean()
        locked.save()
        _event(locked.case, "baby_born", by=by)
        audit_record(by=by, action="case.baby_born", target=locked.case, team=locked.case.team)
    return locked


def _people_of(case: Case, people: Iterable[CasePerson]) -> list[CasePerson]:
    chosen = list(people)
    if any(person.case_id != case.pk for person in chosen):
        raise NotAllowed("only the case's own people")
    return chosen


def contact_plan(
    *,
    by: User,
    case: Case,
    clinician: User,
    starts_at: datetime,
    minutes: int,
    place: str,
    invited: Iterable[CasePerson] = (),
) -> Contact:
    with transaction.atomic():
        _check_edits(by, case)
        if not case.is_open:
            raise NotAllowed("the case is closed")
        if not is_team_clinician(clinician, case.team_id) and clinician.pk != by.pk:
            raise NotAllowed("a contact is held by one of the team's clinicians")
        people = _people_of(case, invited)
        contact = Contact(
            case=case,
            clinician=clinician,
            starts_at=starts_at,
            minutes=minutes,
            place=place,
            planned_by=by,
        )
        contact.full_clean()
        contact.save()
        contact.invited.set(people)
        _event(case, "contact_planned", by=by)
        audit_record(
            by=by,
            action="case.contact_planned",
            target=case,
            team=case.team,
            detail={"contact": str(contact.code)},
        )
    return contact


def contact_record(
    *,
    by: User,
    contact: Contact,
    outcome: str,
    came: Iterable[CasePerson] = (),
    note: str = "",
) -> Contact:
    """Record what happened at a planned contact, once it has begun."""
    with transaction.atomic():
        locked = Contact.objects.select_for_update().select_related("case").get(pk=contact.pk)
        _check_edits(by, locked.case)
        if locked.is_recorded:
            raise NotAllowed("the contact is already recorded")
        if timezone.localdate(locked.starts_at) > timezone.localdate():
            raise NotAllowed("a contact is recorded on or after its day")
        people = _people_of(locked.case, came)
        if outcome != Contact.Outcome.ATTENDED:
            people = []
        locked.outcome = outcome
        locked.note = note.strip()
        locked.recorded_by = by
        locked.recorded_at = timezone.now()
        locked.full_clean()
        locked.save()
        if outcome == Contact.Outcome.ATTENDED:
            _last_contact_at_least(locked)
        locked.came.set(people)
        _event(locked.case, "contact_recorded", by=by, detail=locked.get_outcome_display())
        audit_record(
            by=by,
            action="case.contact_recorded",
            target=locked.case,
            team=locked.case.team,
            detail={"contact": str(locked.code), "outcome": outcome},
        )
    return locked


def _last_contact_at_least(contact: Contact) -> None:
    """The case's last attended contact (`Case.last_contact_at`, ADR 0062) once `contact`,
    attended, is recorded: the later of the two. One UPDATE whose condition PostgreSQL tests
    again on the row as another transaction left it, so two contacts recorded at once on
    the same case both count (a recount in a subquery would not see the other's).

    No service yet takes an attended outcome back, moves a recorded contact or removes one
    (a recorded contact is the record of a visit). One that does must lock the case's row
    first and then work the column out again from the case's attended contacts, so that a
    contact recorded at the same time waits and then counts (ADR 0062)."""
    Case.objects.filter(pk=contact.case_id).filter(
        Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=contact.starts_at)
    ).update(last_contact_at=contact.starts_at)


# The whole table at once, for a loader that writes contacts in bulk rather than through
# the services (`bench/casework.py`); migration 0011 ran the same.
LAST_CONTACT_BACKFILL = """
    UPDATE casework_case SET last_contact_at = attended.last_at
    FROM (
        SELECT case_id, max(starts_at) AS last_at FROM casework_contact
        WHERE outcome = %s GROUP BY case_id
    ) AS attended
    WHERE casework_case.id = attended.case_id
"""


def cases_last_contact_backfill() -> None:
    """Every case's `last_contact_at` from its attended contacts, in one UPDATE (a case
    with none keeps NULL: the loader's cases start with none)."""
    with connection.cursor() as cursor:
        cursor.execute(LAST_CONTACT_BACKFILL, [Contact.Outcome.ATTENDED.value])


def _sign(*, by: User, case: Case, text: str, addendum_to: Note | None) -> Note:
    note = Note(
        case=case, text=text.strip(), author=by, signed_as=by.full_name, addendum_to=addendum_to
    )
    note.full_clean()
    note.save()
    return note


def note_add(*, by: User, case: Case, text: str) -> Note:
    """A note, signed by its author as it is saved. It never changes after."""
    with transaction.atomic():
        _check_edits(by, case)
        note = _sign(by=by, case=case, text=text, addendum_to=None)
        audit_record(
            by=by,
            action="case.note_signed",
            target=case,
            team=case.team,
            detail={"note": str(note.code)},
        )
    return note


def addendum_add(*, by: User, note: Note, text: str) -> Note:
    """A correction or addition to a note: a signed note of its own, linked to it."""
    with transaction.atomic():
        case = note.case
        _check_edits(by, case)
        if note.addendum_to_id is not None:
            raise NotAllowed("an addendum is added to the note itself")
        addendum = _sign(by=by, case=case, text=text, addendum_to=note)
        audit_record(
            by=by,
            action="case.addendum_signed",
            target=case,
            team=case.team,
            detail={"note": str(note.code), "addendum": str(addendum.code)},
        )
    return addendum
