"""Writes of outcome measures and tasks on a case. Totals, bands, caseness and risk come
from `measures.scoring`, never from the person recording. A risk item above zero opens a
risk task for the lead clinician at once, in the same transaction, and e-mails them (the
notifications layer) once it commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.casework.models import Allocation, Case, CaseEvent, CasePerson
from littleminds.casework.models_records import Administration, Task
from littleminds.casework.services import NotAllowed, _check_edits
from littleminds.measures.definitions import Answerer, measure_of
from littleminds.measures.scoring import score
from littleminds.notifications.models import Notification
from littleminds.notifications.services import staff_notify


def _event(case: Case, action: str, *, by: User | None, detail: str = "") -> None:
    CaseEvent.objects.create(case=case, action=action, by=by, detail=detail[:300])


def _lead(case: Case) -> User | None:
    allocation = (
        Allocation.objects.filter(case=case, is_lead=True, end__isnull=True)
        .select_related("clinician")
        .first()
    )
    return allocation.clinician if allocation else None


def _english(words: object) -> str:
    """Words as written in the code, whatever language the request speaks (a family's
    answers arrive in theirs): what is stored reads the same for everyone."""
    with translation.override(None):
        return str(words)


def administration_record(
    *,
    by: User,
    case: Case,
    measure: str,
    on: date,
    items: Sequence[int],
    answered_by: CasePerson | None = None,
    replaces: Administration | None = None,
    reason: str = "",
    by_family: bool = False,
) -> Administration:
    """Record one administration of `measure` on an open case, scored here. Raises
    `measures.scoring.InvalidAnswers` for answers that cannot be scored, `NotAllowed` for
    someone outside the team, a closed case, or an administration already replaced.

    `by_family`: the family answered through a questionnaire link (`services_link`), which
    has checked the link; `by` is the clinician who made it, who is recorded as responsible,
    and the audit trail names no one, since no one signed in."""
    definition = measure_of(measure)
    result = score(measure, list(items))
    with transaction.atomic():
        if not by_family:
            _check_edits(by, case)
        if not case.is_open:
            raise NotAllowed("the case is closed")
        if definition.answered_by == Answerer.PARENT:
            if answered_by is None or answered_by.case_id != case.pk:
                raise NotAllowed("a parent or carer of the case answers this measure")
        else:
            answered_by = None
        if replaces is not None:
            replaces = Administration.objects.select_for_update().get(pk=replaces.pk)
            if (
                replaces.case_id != case.pk
                or replaces.measure != measure
                or Administration.objects.filter(replaces=replaces).exists()
            ):
                raise NotAllowed("only a current administration of this measure is replaced")
        administration = Administration(
            case=case,
            measure=measure,
            on=on,
            answered_by=answered_by,
            items=list(items),
            total=result.total,
            band=_english(result.band.label) if result.band else "",
            caseness=result.caseness,
            risk=list(result.risk),
            replaces=replaces,
            reason=reason,
            recorded_by=by,
        )
        administration.full_clean(exclude=["replaces"] if replaces else None)
        administration.save()
        _event(
            case,
            "measure_by_family"
            if by_family
            else ("measure_replaced" if replaces else "measure_recorded"),
            # The family answered: the clinician who made the link did not.
            by=None if by_family else by,
            detail=definition.name,
        )
        audit_record(
            by=None if by_family else by,
            action="administration.replaced" if replaces else "administration.recorded",
            target=case,
            team=case.team,
            detail={
                "administration": str(administration.code),
                "measure": measure,
                **({"replaces": str(replaces.code)} if replaces else {}),
                **({"through": "questionnaire link"} if by_family else {}),
            },
        )
        if result.risk:
            _risk_task_open(
                by=by, case=case, administration=administration, audit_by=None if by_family else by
            )
    return administration


def _risk_task_open(
    *, by: User, case: Case, administration: Administration, audit_by: User | None
) -> Task:
    """The risk task for the lead clinician (or whoever recorded it, when the case has no
    lead), due today, and an e-mail to them that names no family."""
    lead = _lead(case) or by
    name = measure_of(administration.measure).name
    items = ", ".join(str(n) for n in administration.risk)
    task = Task(
        case=case,
        kind=Task.Kind.RISK,
        assigned_to=lead,
        due_on=timezone.localdate(),
        description=f"{name}: item {items} answered above zero. Follow up the risk today."[:500],
        administration=administration,
        created_by=by,
    )
    task.full_clean()
    task.save()
    _event(case, "risk_task_opened", by=audit_by, detail=name)
    audit_record(
        by=audit_by,
        action="task.risk_opened",
        target=case,
        team=case.team,
        detail={"task": str(task.code), "assigned_to": str(lead.code)},
    )
    link = (
        settings.SITE_URL.rstrip("/")
        + reverse("casework:case", kwargs={"code": case.code})
        + f"#{task.anchor}"
    )
    staff_notify(
        user=lead,
        template=Notification.Template.RISK_TASK,
        subject=f"Risk task to follow up today: {name}, item {items} above zero",
        body=(
            f"A risk item of {name} was answered above zero on a case you lead, so a risk "
            f"task is open for you, due today:\n\n{task.description}\n\n"
            f"Open the risk task to follow it up (sign-in needed):\n{link}\n"
        ),
    )
    return task


def task_add(*, by: User, case: Case, assigned_to: User, due_on: date, description: str) -> Task:
    with transaction.atomic():
        _check_edits(by, case)
        if not case.is_open:
            raise NotAllowed("the case is closed")
        if case.team not in assigned_to.teams():
            raise NotAllowed("a task goes to a member of the case's team")
        task = Task(
            case=case,
            assigned_to=assigned_to,
            due_on=due_on,
            description=description,
            created_by=by,
        )
        task.full_clean()
        task.save()
        _event(case, "task_added", by=by, detail=assigned_to.full_name)
        audit_record(
            by=by,
            action="task.added",
            target=case,
            team=case.team,
            detail={"task": str(task.code), "assigned_to": str(assigned_to.code)},
        )
    return task


def task_complete(*, by: User, task: Task, note: str) -> Task:
    """Mark a task done with what was done. A risk task needs the action taken."""
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("case__team").get(pk=task.pk)
        _check_edits(by, task.case)
        if task.is_done:
            raise NotAllowed("the task is done already")
        if task.kind == Task.Kind.RISK and not note.strip():
            raise ValidationError({"done_note": "Say what action was taken on the risk"})
        task.done_at = timezone.now()
        task.done_by = by
        task.done_note = note.strip()
        task.full_clean()
        task.save(update_fields=["done_at", "done_by", "done_note"])
        _event(task.case, "task_done", by=by, detail=task.get_kind_display())
        audit_record(
            by=by,
            action="task.done",
            target=task.case,
            team=task.case.team,
            detail={"task": str(task.code), "kind": task.kind},
        )
    return task
