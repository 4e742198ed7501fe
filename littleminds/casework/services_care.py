"""Writes for care on a case (interventions, goals, safeguarding) and for the two lists
service managers keep (the interventions catalogue, the kinds of safeguarding flag). Each
is one transaction that checks who is acting, validates with `full_clean()`, keeps the
case's history and writes its audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.casework import bounds
from littleminds.casework.models import Case
from littleminds.casework.models_care import (
    GOALS_AT_ONCE,
    CaseIntervention,
    CatalogueEntry,
    ChronologyEntry,
    FlagKind,
    Goal,
    GoalRating,
    Intervention,
    SafeguardingFlag,
)
from littleminds.casework.selectors_care import LISTS
from littleminds.casework.services import NotAllowed, _check_edits, _event


def _check_lists(by: User) -> None:
    if not by.has_perm(Permission.CARE_LISTS_MANAGE):
        raise NotAllowed("only service managers keep the lists")


def _check_open(case: Case) -> None:
    if not case.is_open:
        raise NotAllowed("the case is closed")


def _not_future(field: str, day: date, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})


# The lists -----------------------------------------------------------------------------------


def catalogue_add(*, by: User, kind: str, name: str) -> CatalogueEntry:
    with transaction.atomic():
        _check_lists(by)
        entry = LISTS[kind](name=name.strip())
        entry.full_clean()
        entry.save()
        audit_record(by=by, action="care_list.added", target=entry, detail={"name": name})
    return entry


def catalogue_rename(*, by: User, entry: CatalogueEntry, name: str) -> CatalogueEntry:
    with transaction.atomic():
        _check_lists(by)
        locked = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
        before = locked.name
        locked.name = name.strip()
        locked.full_clean()
        locked.save(update_fields=["name"])
        audit_record(
            by=by,
            action="care_list.renamed",
            target=locked,
            detail={"from": before, "to": locked.name},
        )
    return locked


def catalogue_retire(*, by: User, entry: CatalogueEntry, retired: bool) -> CatalogueEntry:
    """Retire an entry (no longer offered for new cases; cases keep theirs), or bring it
    back."""
    with transaction.atomic():
        _check_lists(by)
        locked = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
        locked.retired_on = timezone.localdate() if retired else None
        locked.save(update_fields=["retired_on"])
        audit_record(
            by=by,
            action="care_list.retired" if retired else "care_list.restored",
            target=locked,
        )
    return locked


# Interventions -------------------------------------------------------------------------------


def _refuse(field: str, message: str | None) -> None:
    if message is not None:
        raise ValidationError({field: message})


def _check_span(case: Case, start: date, end: date | None) -> None:
    """An intervention starts from the day the case opened to today; it may end on a day
    still ahead (its planned end), at most 2 years from today."""
    _not_future("start", start, "Start date")
    _refuse("start", bounds.before_opened(start, case.opened_on, gettext("Start date")))
    if end is not None:
        if end < start:
            raise ValidationError({"end": "End date must be on or after the start date"})
        _refuse("end", bounds.too_far_ahead(end, gettext("End date")))


def intervention_add(
    *,
    by: User,
    case: Case,
    intervention: Intervention,
    start: date,
    end: date | None = None,
    sessions: int = 0,
) -> CaseIntervention:
    with transaction.atomic():
        _check_edits(by, case)
        _check_open(case)
        if not Intervention.objects.filter(pk=intervention.pk, retired_on__isnull=True).exists():
            raise NotAllowed("the intervention is retired")
        _check_span(case, start, end)
        item = CaseIntervention(
            case=case,
            intervention=intervention,
            start=start,
            end=end,
            sessions=sessions,
            added_by=by,
        )
        item.full_clean()
        item.save()
        _event(case, "intervention_added", by=by, detail=intervention.name)
        audit_record(
            by=by,
            action="case.intervention_added",
            target=case,
            team=case.team,
            detail={"intervention": str(item.code)},
        )
    return item


def intervention_update(
    *, by: User, item: CaseIntervention, start: date, end: date | None, sessions: int
) -> CaseIntervention:
    """Change an intervention's dates and number of sessions (as it goes on, and when it
    ends)."""
    with transaction.atomic():
        locked = (
            CaseIntervention.objects.select_for_update()
            .select_related("case__team", "intervention")
            .get(pk=item.pk)
        )
        _check_edits(by, locked.case)
        _check_span(locked.case, start, end)
        locked.start, locked.end, locked.sessions = start, end, sessions
        locked.full_clean()
        locked.save(update_fields=["start", "end", "sessions"])
        _event(locked.case, "intervention_updated", by=by, detail=locked.intervention.name)
        audit_record(
            by=by,
            action="case.intervention_updated",
            target=locked.case,
            team=locked.case.team,
            detail={"intervention": str(locked.code), "sessions": sessions},
        )
    return locked


# Goals ---------------------------------------------------------------------------------------


class TooManyGoals(NotAllowed):
    """The case already has three open goals."""


def goal_add(*, by: User, case: Case, text: str, agreed_on: date, rating: int) -> Goal:
    """A goal agreed with the family and its first rating. Refused when the case already
    has three open goals (the database refuses it too: an open goal holds one of three
    slots)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("team").get(pk=case.pk)
        _check_edits(by, case)
        _check_open(case)
        _not_future("agreed_on", agreed_on, "Date agreed")
        _refuse(
            "agreed_on", bounds.before_opened(agreed_on, case.opened_on, gettext("Date agreed"))
        )
        taken = set(
            Goal.objects.filter(case=case, closed_on__isnull=True).values_list("slot", flat=True)
        )
        free = [slot for slot in range(1, GOALS_AT_ONCE + 1) if slot not in taken]
        if not free:
            raise TooManyGoals("a case has three open goals at most")
        goal = Goal(case=case, text=text.strip(), agreed_on=agreed_on, slot=free[0], added_by=by)
        goal.full_clean()
        goal.save()
        first = GoalRating(goal=goal, rated_on=agreed_on, score=rating, by=by)
        first.full_clean()
        first.save()
        _event(case, "goal_agreed", by=by)
        audit_record(
            by=by,
            action="case.goal_agreed",
            target=case,
            team=case.team,
            detail={"goal": str(goal.code)},
        )
    return goal


def goal_rate(
    *, by: User, goal: Goal, rated_on: date, rating: int, close: bool = False
) -> GoalRating:
    """A review's rating of the goal; `close` ends the goal with it (its slot is freed)."""
    with transaction.atomic():
        locked = Goal.objects.select_for_update().select_related("case__team").get(pk=goal.pk)
        _check_edits(by, locked.case)
        if not locked.is_open:
            raise NotAllowed("the goal is closed")
        _not_future("rated_on", rated_on, "Date of the rating")
        if rated_on < locked.agreed_on:
            raise ValidationError(
                {"rated_on": "Date of the rating must be on or after the day the goal was agreed"}
            )
        rating_row = GoalRating(goal=locked, rated_on=rated_on, score=rating, by=by)
        rating_row.full_clean()
        rating_row.save()
        if close:
            locked.closed_on = rated_on
            locked.slot = None
            locked.full_clean()
            locked.save(update_fields=["closed_on", "slot"])
        _event(locked.case, "goal_closed" if close else "goal_rated", by=by)
        audit_record(
            by=by,
            action="case.goal_rated",
            target=locked.case,
            team=locked.case.team,
            detail={"goal": str(locked.code), "rating": rating, "closed": close},
        )
    return rating_row


# Safeguarding --------------------------------------------------------------------------------


def flag_raise(*, by: User, case: Case, kind: FlagKind, raised_on: date) -> SafeguardingFlag:
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("team").get(pk=case.pk)
        _check_edits(by, case)
        _check_open(case)
        if not FlagKind.objects.filter(pk=kind.pk, retired_on__isnull=True).exists():
            raise NotAllowed("the kind of flag is retired")
        if SafeguardingFlag.objects.filter(case=case, kind=kind, closed_on__isnull=True).exists():
            raise NotAllowed("the flag is already open")
        _not_future("raised_on", raised_on, "Date raised")
        _refuse(
            "raised_on", bounds.before_opened(raised_on, case.opened_on, gettext("Date raised"))
        )
        flag = SafeguardingFlag(case=case, kind=kind, raised_on=raised_on, raised_by=by)
        flag.full_clean()
        flag.save()
        _event(case, "flag_raised", by=by, detail=kind.name)
        audit_record(
            by=by,
            action="case.flag_raised",
            target=case,
            team=case.team,
            detail={"flag": str(flag.code), "kind": kind.name},
        )
    return flag


def flag_close(*, by: User, flag: SafeguardingFlag, closed_on: date) -> SafeguardingFlag:
    with transaction.atomic():
        locked = (
            SafeguardingFlag.objects.select_for_update()
            .select_related("case__team", "kind")
            .get(pk=flag.pk)
        )
        _check_edits(by, locked.case)
        if not locked.is_open:
            raise NotAllowed("the flag is already closed")
        _not_future("closed_on", closed_on, "Date closed")
        if closed_on < locked.raised_on:
            raise ValidationError(
                {"closed_on": "Date closed must be on or after the day the flag was raised"}
            )
        locked.closed_on = closed_on
        locked.closed_by = by
        locked.full_clean()
        locked.save(update_fields=["closed_on", "closed_by"])
        _event(locked.case, "flag_closed", by=by, detail=locked.kind.name)
        audit_record(
            by=by,
            action="case.flag_closed",
            target=locked.case,
            team=locked.case.team,
            detail={"flag": str(locked.code), "kind": locked.kind.name},
        )
    return locked


def chronology_add(
    *,
    by: User,
    case: Case,
    happened_on: date,
    text: str,
    corrects: ChronologyEntry | None = None,
) -> ChronologyEntry:
    """A significant event, signed by its author as it is saved, never changed after. A
    correction is a new entry that names the entry it corrects."""
    with transaction.atomic():
        _check_edits(by, case)
        if corrects is not None and corrects.case_id != case.pk:
            raise NotAllowed("a correction is to an entry of the same case")
        _not_future("happened_on", happened_on, "Date it happened")
        _refuse(
            "happened_on",
            bounds.before_history(
                happened_on, bounds.earliest_history(case), gettext("Date it happened")
            ),
        )
        entry = ChronologyEntry(
            case=case,
            happened_on=happened_on,
            text=text.strip(),
            author=by,
            signed_as=by.full_name,
            corrects=corrects,
        )
        entry.full_clean()
        entry.save()
        audit_record(
            by=by,
            action="case.chronology_signed",
            target=case,
            team=case.team,
            detail={"entry": str(entry.code)}
            | ({"corrects": str(corrects.code)} if corrects else {}),
        )
    return entry
