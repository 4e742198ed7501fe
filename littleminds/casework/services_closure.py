"""Closing a case, reopening it, and destroying its records after their retention date.

Each write is one transaction that checks who is acting, keeps the case's history
(`CaseEvent`) and writes its audit event. Nothing here runs by itself: destruction is only
ever the act of a service manager (`case_destroy`), confirmed twice on the pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.casework.models import Baby, Case, CaseEvent, Contact
from littleminds.casework.models_care import SafeguardingFlag
from littleminds.casework.models_closure import ClosingLetter, Closure, DestroyedCase
from littleminds.casework.models_records import Task
from littleminds.casework.services import NotAllowed, _check_edits, _event
from littleminds.referrals.selectors import team_contact_phone

# A closed case may be reopened for this long after it closed; after that, a new case starts.
REOPEN_WITHIN = relativedelta(months=3)
# DOMAIN.md §9: a child's record is kept until the 25th birthday (the 26th if the child was
# 17 when the case closed); mental-health records 20 years after the case closed.
CHILD_UNTIL_AGE = 25
CHILD_AT_17_UNTIL_AGE = 26
YEARS_AFTER_CLOSURE = 20


def anniversary(day: date, years: int) -> date:
    """`day` moved on `years` years. 29 February falls on 1 March in a year without one: the
    later of the two possible days, so a record is never destroyed a day early."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def age_in_years(born: date, on: date) -> int:
    years = on.year - born.year
    if anniversary(born, years) > on:
        years -= 1
    return years


def keep_until_for(babies: Iterable[Baby], closed_on: date) -> date:
    """The day until which a case closed on `closed_on` is kept: the later of 20 years after
    closure and each baby's 25th birthday (26th if 17 at closure). A baby not born yet
    counts from its due date; with twins or more, the latest date of any of them wins."""
    dates = [anniversary(closed_on, YEARS_AFTER_CLOSURE)]
    for baby in babies:
        born = baby.due_date if baby.unborn else baby.date_of_birth
        if born is None:
            continue
        age = CHILD_AT_17_UNTIL_AGE if age_in_years(born, closed_on) == 17 else CHILD_UNTIL_AGE
        dates.append(anniversary(born, age))
    return max(dates)


def reopen_until(closure: Closure) -> date:
    return closure.closed_on + REOPEN_WITHIN


def may_reopen(closure: Closure, today: date | None = None) -> bool:
    return (today or timezone.localdate()) <= reopen_until(closure)


def _baby_in_words(baby: Baby) -> str:
    name = baby.name or gettext("Baby not named yet")
    if baby.date_of_birth and not baby.unborn:
        return gettext("%(name)s, born %(day)s") % {
            "name": name,
            "day": formats.date_format(baby.date_of_birth, "j F Y"),
        }
    if baby.due_date:
        return gettext("%(name)s, due %(day)s") % {
            "name": name,
            "day": formats.date_format(baby.due_date, "j F Y"),
        }
    return name


def _letters(closure: Closure, *, by: User) -> list[ClosingLetter]:
    """A letter to each referrer of the case (a practitioner, or the partner system's
    named referrer; a family that referred itself gets none) and to the GP or health visitor
    where known."""
    case = closure.case
    babies = "; ".join(_baby_in_words(b) for b in case.babies.all())
    phones = [
        link.referral.intake.contact_phone
        for link in case.referral_links.select_related("referral__intake")
        if link.referral.intake and link.referral.intake.contact_phone
    ]
    # A case opened without a referral (or whose referrals' intakes had no number) takes
    # the team's number from its intake settings.
    team_phone = phones[0] if phones else team_contact_phone(case.team)
    letters = []
    for link in case.referral_links.select_related(
        "referral__referrer", "referral__referrer_organisation"
    ):
        referral = link.referral
        name = referral.referrer.full_name if referral.referrer else referral.referrer_name
        if not name:
            continue
        place = referral.referrer_organisation.name if referral.referrer_organisation else ""
        role = referral.referrer_role
        letters.append(
            ClosingLetter(
                closure=closure,
                to=ClosingLetter.To.REFERRER,
                referral=referral,
                referrer=referral.referrer,
                recipient_name=f"{name}, {role}" if role else name,
                recipient_address=place,
                baby=babies,
                team_phone=team_phone,
                signed_as=by.full_name,
            )
        )
    if closure.gp_name:
        letters.append(
            ClosingLetter(
                closure=closure,
                to=ClosingLetter.To.GP,
                recipient_name=closure.gp_name,
                recipient_address=closure.gp_address,
                baby=babies,
                team_phone=team_phone,
                signed_as=by.full_name,
            )
        )
    for letter in letters:
        letter.full_clean()
        letter.save()
    return letters


@dataclass(frozen=True)
class LooseEnds:
    """What is still open on a case when it is about to close. A risk task stops the
    closing: it is closed first, with the action taken. The rest the clinician confirms
    they have dealt with; the contacts still planned are then cancelled by the service and
    the open tasks closed with the case. An open safeguarding flag stays open (closing one
    is the clinician's act, with its own date): the confirmation says they have seen it."""

    risk_tasks: list[Task] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    flags: list[SafeguardingFlag] = field(default_factory=list)
    contacts_ahead: list[Contact] = field(default_factory=list)
    # Past contacts nobody recorded: they can still be recorded after the case closes.
    not_recorded: list[Contact] = field(default_factory=list)
    # Questionnaire links still waiting for the family: withdrawn as the case closes.
    links: list[Any] = field(default_factory=list)

    @property
    def to_confirm(self) -> bool:
        return bool(
            self.tasks or self.flags or self.contacts_ahead or self.not_recorded or self.links
        )

    @property
    def any(self) -> bool:
        return bool(self.risk_tasks) or self.to_confirm


def loose_ends(case: Case) -> LooseEnds:
    """The case's open tasks (risk tasks apart), open safeguarding flags, the contacts
    planned from now on, the past contacts not recorded and the questionnaire links waiting
    for the family. Five queries."""
    from littleminds.casework.models_link import QuestionnaireLink

    now = timezone.now()
    tasks = list(
        case.tasks.filter(done_at__isnull=True).select_related("assigned_to").order_by("due_on")
    )
    unrecorded = list(case.contacts.filter(outcome="").order_by("starts_at"))
    return LooseEnds(
        risk_tasks=[t for t in tasks if t.kind == Task.Kind.RISK],
        tasks=[t for t in tasks if t.kind != Task.Kind.RISK],
        flags=list(
            case.flags.filter(closed_on__isnull=True).select_related("kind").order_by("raised_on")
        ),
        contacts_ahead=[c for c in unrecorded if c.starts_at >= now],
        not_recorded=[c for c in unrecorded if c.starts_at < now],
        links=list(
            QuestionnaireLink.objects.filter(
                case=case, used_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=now
            ).select_related("answerer")
        ),
    )


def measures_at_closing(case: Case, *, by: User) -> list[dict[str, Any]]:
    """Each measure recorded on the case (the administrations that count, none replaced):
    its first and latest totals and days, the latest band and the change between them, as
    the closure keeps them. Totals and words only: no answers."""
    from littleminds.casework.selectors_records import records_section

    kept = []
    for shown in records_section(case, by=by).measures:
        first, latest = shown.first, shown.latest
        kept.append(
            {
                "code": shown.measure.code,
                "name": shown.measure.name,
                "count": len(shown.administrations),
                "first_on": first.on.isoformat(),
                "first_total": first.total,
                "latest_on": latest.on.isoformat(),
                "latest_total": latest.total,
                "band": latest.band,
                "change": shown.change.classification.value if shown.change else "",
                "recovered": bool(shown.change and shown.change.recovered),
            }
        )
    return kept


def _withdraw_links(links: list[Any], *, by: User) -> None:
    """The family's waiting questionnaire links stop working when the case closes."""
    from littleminds.casework.services_link import link_withdraw

    for link in links:
        link_withdraw(by=by, link=link)


def _cancel_contacts(contacts: list[Contact], *, by: User) -> None:
    """The contacts still planned, cancelled by the service. None of them was attended, so
    the case's last contact (`Case.last_contact_at`) stays as it was."""
    now = timezone.now()
    for contact in contacts:
        contact.outcome = Contact.Outcome.CANCELLED_BY_SERVICE
        contact.note = gettext("Cancelled by the service: the case closed.")
        contact.recorded_by = by
        contact.recorded_at = now
        contact.full_clean()
        contact.save(update_fields=["outcome", "note", "recorded_by", "recorded_at"])


def _close_tasks(tasks: list[Task], *, by: User) -> None:
    """The open tasks (never a risk task: those stop the closing) the clinician confirmed
    they had dealt with: done, by them, with the case, so no one's work still counts them."""
    now = timezone.now()
    for task in tasks:
        task.done_at = now
        task.done_by = by
        task.done_note = gettext("Closed with the case: the case closed.")
        task.full_clean()
        task.save(update_fields=["done_at", "done_by", "done_note"])


def case_close(
    *,
    by: User,
    case: Case,
    reason: str,
    summary: str,
    reason_note: str = "",
    gp_name: str = "",
    gp_address: str = "",
    dealt_with: bool = False,
) -> Closure:
    """Close an open case with its reason and summary, work out how long its records are
    kept, and write the closing letters. Refused while a risk task is open; open tasks,
    open flags and contacts still planned need `dealt_with` (the clinician confirmed they
    have dealt with them), and the contacts still planned are cancelled by the service."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _check_edits(by, case)
        if not case.is_open:
            raise NotAllowed("the case is already closed")
        open_ends = loose_ends(case)
        if open_ends.risk_tasks:
            raise NotAllowed("a risk task is open: close it with the action taken first")
        if open_ends.to_confirm and not dealt_with:
            raise ValidationError(
                {"dealt_with": "Confirm that you have dealt with what is still open"}
            )
        today = timezone.localdate()
        if reason == Closure.Reason.OTHER and not reason_note.strip():
            raise ValidationError({"reason_note": "Say why the case is closing"})
        closure = Closure(
            case=case,
            closed_on=today,
            closed_by=by,
            reason=reason,
            reason_note=reason_note.strip() if reason == Closure.Reason.OTHER else "",
            summary=summary.strip(),
            measures=measures_at_closing(case, by=by),
            gp_name=gp_name.strip(),
            gp_address=gp_address.strip(),
            keep_until=keep_until_for(case.babies.all(), today),
        )
        closure.full_clean()
        closure.save()
        case.status = Case.Status.CLOSED
        case.closed_on = today
        case.full_clean()
        case.save(update_fields=["status", "closed_on"])
        letters = _letters(closure, by=by)
        _cancel_contacts(open_ends.contacts_ahead, by=by)
        _withdraw_links(open_ends.links, by=by)
        _close_tasks(open_ends.tasks, by=by)
        if open_ends.contacts_ahead:
            _event(
                case,
                "contacts_cancelled",
                by=by,
                detail=str(len(open_ends.contacts_ahead)),
            )
        _event(case, "closed", by=by, detail=closure.reason_in_words)
        audit_record(
            by=by,
            action="case.closed",
            target=case,
            team=case.team,
            detail={
                "reason": reason,
                "keep_until": closure.keep_until.isoformat(),
                "letters": [str(letter.code) for letter in letters],
                "contacts_cancelled": [str(c.code) for c in open_ends.contacts_ahead],
                "tasks_closed": [str(t.code) for t in open_ends.tasks],
                "links_withdrawn": [str(link.code) for link in open_ends.links],
                # Left open: a flag is closed by the clinician, with its own date.
                "flags_open": [str(f.code) for f in open_ends.flags],
            },
        )
    return closure


def current_closure(case: Case) -> Closure | None:
    return case.closures.filter(reopened_on__isnull=True).order_by("-closed_on", "-pk").first()


def case_reopen(*, by: User, case: Case, reason: str) -> Case:
    """Reopen a case closed 3 months ago or less (after that, a new case starts)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _check_edits(by, case)
        closure = current_closure(case)
        if case.is_open or closure is None:
            raise NotAllowed("the case is open")
        if not may_reopen(closure):
            raise NotAllowed("closed more than 3 months ago: a new case starts")
        if not reason.strip():
            raise ValidationError({"reason": "Say why the case is reopened"})
        closure.reopened_on = timezone.localdate()
        closure.reopened_by = by
        closure.reopen_reason = reason.strip()
        closure.full_clean()
        closure.save(update_fields=["reopened_on", "reopened_by", "reopen_reason"])
        case.status = Case.Status.OPEN
        case.closed_on = None
        case.save(update_fields=["status", "closed_on"])
        _event(case, "reopened", by=by, detail=closure.reopen_reason)
        audit_record(
            by=by,
            action="case.reopened",
            target=case,
            team=case.team,
            detail={"closure": str(closure.code)},
        )
    return case


# --- Destruction ---------------------------------------------------------------------------


def _plan(model: Any, pks: list[Any], plan: list[tuple[Any, list[Any]]]) -> None:
    """Every row that points at these rows, through any foreign key or many-to-many table
    of any app, children before parents: the case's records that other parts of casework
    add are found without naming them here."""
    if not pks:
        return
    relation: Any
    for relation in model._meta.related_objects:
        related: Any = relation.related_model
        if relation.many_to_many:
            field: Any = relation.field
            through: Any = field.remote_field.through
            column = field.m2m_reverse_field_name()
            rows = list(
                through._base_manager.filter(**{f"{column}__in": pks}).values_list("pk", flat=True)
            )
            plan.append((through, rows))
            continue
        found = related._base_manager.filter(**{f"{relation.field.name}__in": pks})
        if related is model:
            # A row pointing at a row of its own kind (a note's addendum): those already
            # planned are not planned again.
            found = found.exclude(pk__in=pks)
        rows = list(found.values_list("pk", flat=True))
        if not rows:
            continue
        for m2m in related._meta.many_to_many:
            through = m2m.remote_field.through
            column = m2m.m2m_field_name()
            plan.append(
                (
                    through,
                    list(
                        through._base_manager.filter(**{f"{column}__in": rows}).values_list(
                            "pk", flat=True
                        )
                    ),
                )
            )
        _plan(related, rows, plan)
        plan.append((related, rows))


def retention_due(today: date | None = None) -> models.QuerySet[Closure]:
    """The closed cases whose records are past their retention date (kept until a day
    before today)."""
    return (
        Closure.objects.filter(
            reopened_on__isnull=True,
            case__status=Case.Status.CLOSED,
            keep_until__lt=today or timezone.localdate(),
        )
        .select_related("case__team")
        .order_by("keep_until", "pk")
    )


def case_destroy(*, by: User, case: Case, confirm_code: str) -> DestroyedCase:
    """Destroy every record of a closed case past its retention date, leaving a
    `DestroyedCase` that says what was destroyed. A service manager of the case's team only,
    who typed the case's code to confirm it."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("team").get(pk=case.pk)
        if case.team not in by.teams_with(Permission.CASES_DESTROY):
            raise NotAllowed("only the team's service managers destroy a case")
        if confirm_code.strip().lower() != str(case.code).lower():
            raise NotAllowed("the code typed is not the case's")
        closure = current_closure(case)
        if case.is_open or closure is None or closure.keep_until >= timezone.localdate():
            raise NotAllowed("the case's records are not past their retention date")
        plan: list[tuple[Any, list[Any]]] = []
        _plan(Case, [case.pk], plan)
        # A row reached by two paths (a risk task, by its case and by its administration)
        # is planned twice and counted once.
        destroyed_rows: dict[str, set[Any]] = {}
        if connection.vendor == "postgresql":
            # The one path that may delete signed notes (ADR 0024): the trigger lets a
            # DELETE through only in a transaction that says this, and only for its length.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL littleminds.destroying_case = 'on'")
        for model, pks in plan:
            if not pks:
                continue
            # A raw delete: `Note`'s manager refuses deletes, and here it is meant.
            model._base_manager.filter(pk__in=pks)._raw_delete(model._base_manager.db)
            if not model._meta.auto_created:
                destroyed_rows.setdefault(str(model._meta.label_lower), set()).update(pks)
        Case.objects.filter(pk=case.pk)._raw_delete(Case._base_manager.db)
        counts = {key: len(rows) for key, rows in destroyed_rows.items()}
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL littleminds.destroying_case = 'off'")
        destroyed = DestroyedCase.objects.create(
            case_code=case.code,
            team=case.team,
            opened_on=case.opened_on,
            closed_on=closure.closed_on,
            keep_until=closure.keep_until,
            destroyed_by=by,
            counts=counts,
        )
        audit_record(
            by=by,
            action="case.destroyed",
            target=case,
            team=case.team,
            detail={"case": str(case.code), "counts": counts},
        )
    return destroyed


__all__ = [
    "CaseEvent",
    "case_close",
    "case_destroy",
    "case_reopen",
    "keep_until_for",
    "retention_due",
]
