"""Writes of this part of casework: the secret of a clinician's private calendar feed, made
or reset (only its hash is kept; the secret is shown once, in the link); the family's
people and babies, added and changed; and a case opened without a referral."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.casework.models import Allocation, Baby, Case, CasePerson
from littleminds.casework.models_week import CalendarFeed
from littleminds.casework.services import NotAllowed, _check_edits, _event, is_team_clinician
from littleminds.pathway.validation import birth_date_problem, delivery_date_problem


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def calendar_feed_reset(*, by: User) -> str:
    """Make `by`'s calendar feed secret, or a new one in place of the old (whose link stops
    working at once). Returns the secret: it is kept nowhere but in the link."""
    if not by.is_active or not by.teams_with(Permission.CASES_VIEW):
        raise NotAllowed("only the teams' clinicians and managers have a calendar feed")
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed, made = CalendarFeed.objects.select_for_update().get_or_create(
            user=by, defaults={"secret_hash": secret_hash(secret)}
        )
        if not made:
            feed.secret_hash = secret_hash(secret)
            feed.made_at = timezone.now()
            feed.full_clean()
            feed.save(update_fields=["secret_hash", "made_at"])
        audit_record(
            by=by,
            action="casework.calendar_feed_made" if made else "casework.calendar_feed_reset",
            target=by,
        )
    return secret


# The family's people and babies --------------------------------------------------------

PERSON_FIELDS = (
    "name",
    "relationship",
    "language",
    "interpreter",
    "phone",
    "email",
    "may_call",
    "may_text",
    "may_leave_message",
    "contact_times",
)


def _is_english(language: str) -> bool:
    return language.strip().lower() in {"english", "en"}


def _person_checked(person: CasePerson) -> None:
    """The model's own checks, and the rules a form states in words: no interpreter for
    English, the team's own language."""
    person.full_clean()
    if person.interpreter and _is_english(person.language):
        raise ValidationError(
            {"interpreter": "An interpreter is for a language other than English"}
        )


def person_add(*, by: User, case: Case, **values: Any) -> CasePerson:
    """Add a parent or carer, or another person important to the baby, to the case."""
    with transaction.atomic():
        _check_edits(by, case)
        person = CasePerson(case=case, **{f: values[f] for f in PERSON_FIELDS if f in values})
        _person_checked(person)
        person.save()
        _event(case, "person_added", by=by, detail=person.get_relationship_display())
        audit_record(
            by=by,
            action="case.person_added",
            target=case,
            team=case.team,
            detail={"person": str(person.code)},
        )
    return person


def person_change(*, by: User, person: CasePerson, **values: Any) -> CasePerson:
    """Change a person's details; the audit event names the fields changed (not their
    values, which are personal)."""
    with transaction.atomic():
        locked = (
            CasePerson.objects.select_for_update().select_related("case__team").get(pk=person.pk)
        )
        _check_edits(by, locked.case)
        changed = [f for f in PERSON_FIELDS if f in values and getattr(locked, f) != values[f]]
        for name in changed:
            setattr(locked, name, values[name])
        _person_checked(locked)
        if changed:
            locked.save(update_fields=changed)
            _event(locked.case, "person_changed", by=by, detail=locked.get_relationship_display())
            audit_record(
                by=by,
                action="case.person_changed",
                target=locked.case,
                team=locked.case.team,
                detail={"person": str(locked.code), "fields": changed},
            )
    return locked


def baby_add(
    *,
    by: User,
    case: Case,
    name: str = "",
    nhs_number: str = "",
    unborn: bool = False,
    due_date: date | None = None,
    date_of_birth: date | None = None,
) -> Baby:
    """Another baby on the case (a twin, or a baby born while the case is open)."""
    with transaction.atomic():
        _check_edits(by, case)
        if not case.is_open:
            raise NotAllowed("the case is closed")
        if nhs_number and case.babies.filter(nhs_number=nhs_number).exists():
            raise ValidationError({"nhs_number": "That baby is already on the case"})
        baby = _baby(
            case=case,
            name=name,
            nhs_number=nhs_number,
            unborn=unborn,
            due_date=due_date,
            date_of_birth=date_of_birth,
        )
        _event(case, "baby_added", by=by)
        audit_record(
            by=by,
            action="case.baby_added",
            target=case,
            team=case.team,
            detail={"baby": str(baby.code)},
        )
    return baby


def _baby(
    *,
    case: Case,
    name: str,
    nhs_number: str,
    unborn: bool,
    due_date: date | None,
    date_of_birth: date | None,
    as_of: date | None = None,
) -> Baby:
    # The bounds the referral forms use: born from 1900 to today, due from 2 weeks ago to
    # 42 weeks ahead. (A case opened from a referral copies the referral's dates instead.)
    today = as_of or timezone.localdate()
    if not unborn and date_of_birth is not None:
        problem = birth_date_problem(date_of_birth, today)
        if problem:
            raise ValidationError({"date_of_birth": problem})
    if unborn and due_date is not None:
        problem = delivery_date_problem(due_date, today)
        if problem:
            raise ValidationError({"due_date": problem})
    baby = Baby(
        case=case,
        name=name.strip(),
        nhs_number=nhs_number,
        unborn=unborn,
        due_date=due_date if unborn else None,
        date_of_birth=None if unborn else date_of_birth,
    )
    baby.full_clean()
    baby.save()
    return baby


# A case without a referral ---------------------------------------------------------------


def case_open_without_referral(
    *,
    by: User,
    team: Team,
    lead: User,
    baby: dict[str, Any],
    parent: dict[str, Any],
    postcode: str,
    worries: list[str],
    worries_detail: str = "",
    as_of: date | None = None,
) -> Case:
    """Open a case for a family the team met without a referral (at a group, say). The
    page has checked eligibility and offered the family's open case first; here only who
    may do it is checked, and the family is saved. The baby's dates are bounded from the
    day the family was met, `as_of` (today unless the history is being loaded)."""
    with transaction.atomic():
        if team not in by.teams_with(Permission.CASES_EDIT):
            raise NotAllowed("not a member of the team")
        if not is_team_clinician(lead, team.pk):
            raise NotAllowed("the lead must be one of the team's clinicians")
        case = Case(
            team=team,
            opened_by=by,
            worries=list(worries),
            worries_detail=worries_detail.strip(),
            postcode=postcode,
        )
        case.full_clean()
        case.save()
        _baby(case=case, as_of=as_of, **baby)
        person = CasePerson(case=case, **{f: parent[f] for f in PERSON_FIELDS if f in parent})
        _person_checked(person)
        person.save()
        Allocation.objects.create(case=case, clinician=lead, is_lead=True)
        _event(case, "opened_without_referral", by=by)
        _event(case, "lead_allocated", by=by, detail=lead.full_name)
        audit_record(
            by=by,
            action="case.opened",
            target=case,
            team=case.team,
            detail={"referral": None, "lead": str(lead.code)},
        )
    return case
