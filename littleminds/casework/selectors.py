"""Reads of cases. A case is a family's record: only its team's clinicians and managers
reach it (anyone else gets 404), and every read of a case is in the audit trail. Caseloads
are one query however many cases they hold: the next contact, the lead and the baby are
annotations, not a query a row, and the last contact is a column of the case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import (
    Count,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission, Role
from littleminds.audit.services import audit_read, audit_record
from littleminds.casework import selectors_records as records
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
from littleminds.casework.sections import CaseSections, section_annotations, sections_of
from littleminds.casework.selectors_care import open_flag_exists
from littleminds.casework.selectors_records import records_annotations
from littleminds.core.dates import age_in_months
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Referral

# An open case is offered as the same baby's when the due date is this close.
DUE_DATE_WINDOW = timedelta(days=14)


def case_teams(by: User) -> list[Team]:
    return by.teams_with(Permission.CASES_VIEW)


def team_clinicians(team: Team | int) -> QuerySet[User]:
    """The team's clinicians (not its managers, unless they are clinicians too)."""
    return (
        User.objects.filter(roles__role=Role.CLINICIAN, roles__team=team, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


def _cases(by: User) -> QuerySet[Case]:
    return Case.objects.filter(team__in=case_teams(by))


def _case_of_team(*, by: User, code: UUID) -> Case:
    """A case of one of `by`'s teams, not yet audited; 404 otherwise."""
    case = _cases(by).select_related("team").filter(code=code).first()
    if case is None:
        raise Http404
    return case


def case_for_team(*, by: User, code: UUID) -> Case:
    """A case of one of `by`'s teams, opened (and audited); 404 otherwise."""
    case = _case_of_team(by=by, code=code)
    audit_read(by=by, target=case, team=case.team)
    return case


def case_for_page(*, by: User, code: UUID) -> tuple[Case, list[Note]]:
    """The case page's case, as `case_for_team` opens it, and its latest notes with their
    addenda (those `case_page` shows): both reads audited, the case's then the notes', in
    one transaction after both are read (ADR 0056: one commit instead of two, and the
    audit chain's lock held only while the two events are written)."""
    case = _case_of_team(by=by, code=code)
    notes = _latest_notes_with_addenda(case, CASE_PAGE_NOTES)
    # Without a savepoint, as `audit_record` writes: either both events are written or the
    # page fails.
    with transaction.atomic(savepoint=False):
        audit_read(by=by, target=case, team=case.team)
        _audit_notes_read(case, notes, by=by)
    return case, notes


def _current_lead() -> Subquery:
    return Subquery(
        Allocation.objects.filter(case=OuterRef("pk"), is_lead=True, end__isnull=True).values(
            "clinician__full_name"
        )[:1]
    )


def _first_baby(field: str) -> Subquery:
    return Subquery(Baby.objects.filter(case=OuterRef("pk")).order_by("pk").values(field)[:1])


def _first_person() -> Subquery:
    return Subquery(
        CasePerson.objects.filter(case=OuterRef("pk"))
        .exclude(relationship=CasePerson.Relationship.OTHER)
        .order_by("pk")
        .values("name")[:1]
    )


def _contact_at(order: str, **where: Any) -> Subquery:
    return Subquery(
        Contact.objects.filter(case=OuterRef("pk"), **where).order_by(order).values("starts_at")[:1]
    )


def with_summary(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case with its lead's name, its first baby and parent, its last contact that
    took place, its next planned contact, and how many past contacts are not recorded.

    The last contact is the case's own column (`Case.last_contact_at`, kept by the contact
    services), so the usual order is read from an index on the team and it, however many
    closed cases the team has (ADR 0062). The rest are each a subquery of one case (on the
    index of a case's contacts by time), not a join of every contact grouped by case: so
    the database works out for every case only the one the list is sorted by, if any (the
    next contact), and the rest only for the page of cases shown, and the page's count
    leaves them all out."""
    now = timezone.now()
    return cases.annotate(
        lead_name=_current_lead(),
        baby_name=_first_baby("name"),
        baby_born=_first_baby("date_of_birth"),
        baby_due=_first_baby("due_date"),
        parent_name=_first_person(),
        next_contact=_contact_at("starts_at", outcome="", starts_at__gte=now),
        not_recorded=records.count_of(
            Contact.objects.filter(case=OuterRef("pk"), outcome="", starts_at__lt=now)
        ),
        safeguarding_flagged=open_flag_exists(),
        **records_annotations(now),
    )


SORTS = {
    # Longest since the last contact first (none at all first).
    "": ("last_contact_at", "pk"),
    "next": ("next_contact", "pk"),
    "opened": ("-opened_on", "-pk"),
    "name": ("baby_name", "pk"),
}


def _sorted(cases: QuerySet[Case], sort: str) -> QuerySet[Case]:
    field, tie = SORTS.get(sort, SORTS[""])
    name = field.lstrip("-")
    if field.startswith("-"):
        expression = F(name).desc(nulls_last=True)
    elif name == "last_contact_at":
        # No contact at all is the longest wait of all.
        expression = F(name).asc(nulls_first=True)
    else:
        expression = F(name).asc(nulls_last=True)
    return cases.order_by(expression, tie)


def my_contacts(by: User, which: str) -> QuerySet[Contact]:
    """`by`'s own contacts not recorded yet: those of today ("today"), or those whose time
    has passed ("not_recorded")."""
    contacts = Contact.objects.filter(clinician=by, outcome="")
    if which == "today":
        start = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
        return contacts.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
    if which == "not_recorded":
        return contacts.filter(starts_at__lt=timezone.now())
    return contacts.none()


def my_cases(
    by: User,
    *,
    status: str = "open",
    contact: str = "",
    tasks: str = "",
    measures: str = "",
) -> QuerySet[Case]:
    """The cases `by` is allocated to now (as lead or not), with one of their own contacts
    of today or not recorded when `contact` says so, or a measure due (`measures="due"`).
    With `tasks="due"`, the cases of `by`'s teams with an open task given to `by` that is
    due today or overdue, allocated to them or not: a task given to them is their work.
    "Your work" counts these, with the same filters as the list it links to."""
    cases = _cases(by)
    if tasks == "due":
        cases = cases.filter(pk__in=records.tasks_due(by).values("case"))
    else:
        cases = cases.filter(
            pk__in=Allocation.objects.filter(clinician=by, end__isnull=True).values("case")
        )
    if status in {Case.Status.OPEN, Case.Status.CLOSED}:
        cases = cases.filter(status=status)
    if contact:
        cases = cases.filter(pk__in=my_contacts(by, contact).values("case"))
    if measures == "due":
        cases = cases.filter(pk__in=records.cases_with_measures_due())
    return cases


def my_contact_counts(by: User) -> dict[str, int]:
    """How many of `by`'s open cases `my_cases` gives for each contact filter, in one
    query ("Your work")."""
    return my_cases(by).aggregate(
        **{
            which: Count("pk", filter=Q(pk__in=my_contacts(by, which).values("case")))
            for which in ("today", "not_recorded")
        }
    )


def caseload_mine(
    by: User,
    *,
    status: str = "open",
    contact: str = "",
    tasks: str = "",
    measures: str = "",
    sort: str = "",
    **_filters: Any,
) -> QuerySet[Case]:
    """The cases `by` is allocated to now (as lead or not), filtered as `my_cases`."""
    cases = my_cases(by, status=status, contact=contact, tasks=tasks, measures=measures)
    return _sorted(with_summary(cases), sort)


def team_cases(
    by: User, *, status: str = "open", clinician: str = "", risk: str = ""
) -> QuerySet[Case]:
    """The cases of `by`'s teams, filtered by status, lead clinician and, with
    `risk="escalated"`, to those with a risk task open 2 working days or more in a team `by`
    manages. "Your work" counts these, with the same filters as the list it links to."""
    cases = _cases(by)
    if status in {Case.Status.OPEN, Case.Status.CLOSED}:
        cases = cases.filter(status=status)
    if clinician:
        cases = cases.filter(
            pk__in=Allocation.objects.filter(
                clinician__code=clinician, is_lead=True, end__isnull=True
            ).values("case")
        )
    if risk == "escalated":
        cases = cases.filter(pk__in=records.escalated_risk_tasks(by).values("case"))
    return cases


def caseload_team(
    by: User,
    *,
    status: str = "open",
    clinician: str = "",
    contact: str = "",
    risk: str = "",
    sort: str = "",
    **_filters: Any,
) -> QuerySet[Case]:
    """The cases of `by`'s teams, filtered as `team_cases` and by their contacts."""
    cases = with_summary(team_cases(by, status=status, clinician=clinician, risk=risk))
    # The annotations of `with_summary`, which django-stubs cannot see.
    if contact == "none_planned":
        cases = cases.filter(**{"next_contact__isnull": True})
    elif contact == "not_recorded":
        cases = cases.filter(**{"not_recorded__gt": 0})
    return _sorted(cases, sort)


@dataclass(frozen=True)
class Carrying:
    clinician: User
    lead: int
    other: int


def who_carries(by: User) -> list[Carrying]:
    """For each clinician of `by`'s teams: how many open cases they lead, and how many
    more they are allocated to. Two queries, whatever the size of the team."""
    teams = case_teams(by)
    counts: dict[int, dict[str, int]] = {
        row["clinician"]: {"lead": row["lead"], "other": row["other"]}
        for row in Allocation.objects.filter(
            case__team__in=teams, case__status=Case.Status.OPEN, end__isnull=True
        )
        .values("clinician")
        .annotate(
            lead=Count("pk", filter=Q(is_lead=True)), other=Count("pk", filter=Q(is_lead=False))
        )
    }
    # A union, not one filter with "or": across the join of roles, "or" made PostgreSQL
    # read every account and every role (100,000 of each at national size, 80 ms); each
    # half of the union reads its few rows through an index (1 ms).
    people = (
        User.objects.filter(roles__role=Role.CLINICIAN, roles__team__in=teams)
        .order_by()
        .union(User.objects.filter(pk__in=list(counts)).order_by())
        .order_by("full_name", "email")
    )
    return [
        Carrying(
            person,
            counts.get(person.pk, {}).get("lead", 0),
            counts.get(person.pk, {}).get("other", 0),
        )
        for person in people
    ]


def clinician_choices(by: User) -> QuerySet[User]:
    return (
        User.objects.filter(roles__role=Role.CLINICIAN, roles__team__in=case_teams(by))
        .distinct()
        .order_by("full_name", "email")
    )


# The case page shows the latest of each of these, with a link to all of them on their own
# page: a family seen weekly for three years has hundreds of contacts and notes, and the
# page's time and query count must not grow with them.
CASE_PAGE_CONTACTS = 20
CASE_PAGE_NOTES = 10
CASE_PAGE_EVENTS = 20
# How many a page of the full lists shows.
ALL_CONTACTS_PER_PAGE = 50
ALL_NOTES_PER_PAGE = 20
ALL_EVENTS_PER_PAGE = 50


@dataclass(frozen=True)
class ContactTotals:
    """What the summary says of all the case's contacts, from one aggregate."""

    count: int
    # The start of the last contact the family attended, and of the next one planned.
    last_at: datetime | None
    next_at: datetime | None
    # Past contacts nobody has recorded yet.
    not_recorded: int


@dataclass(frozen=True)
class CasePage:
    case: Case
    babies: list[Baby]
    people: list[CasePerson]
    allocations: list[Allocation]
    # The latest `CASE_PAGE_CONTACTS`, oldest first, and what the summary says of them all.
    contacts: list[Contact]
    contact_totals: ContactTotals
    # The latest `CASE_PAGE_NOTES` notes (not addenda) with their addenda, oldest first.
    notes: list[Note]
    note_count: int
    # The latest `CASE_PAGE_EVENTS` events, oldest first.
    events: list[CaseEvent]
    event_count: int
    referrals: list[CaseReferral]
    # Which of the page's other sections have any rows (those without are not read).
    sections: CaseSections

    @property
    def lead(self) -> Allocation | None:
        return next((a for a in self.allocations if a.is_lead and a.end is None), None)

    @property
    def current_allocations(self) -> list[Allocation]:
        return [a for a in self.allocations if a.end is None]

    @property
    def more_contacts(self) -> bool:
        return self.contact_totals.count > len(self.contacts)

    @property
    def more_notes(self) -> bool:
        return self.note_count > sum(1 for note in self.notes if note.addendum_to_id is None)

    @property
    def more_events(self) -> bool:
        return self.event_count > len(self.events)


def _contact_totals(now: datetime) -> dict[str, Any]:
    """How many contacts the case has, the last attended, the next planned and how many
    past ones are not recorded, as aggregates of its contacts."""
    return {
        "count": Count("pk"),
        "last_at": Max("starts_at", filter=Q(outcome=Contact.Outcome.ATTENDED)),
        "next_at": Min("starts_at", filter=Q(outcome="", starts_at__gte=now)),
        "not_recorded": Count("pk", filter=Q(outcome="", starts_at__lt=now)),
    }


def _count_of(rows: QuerySet[Any]) -> Coalesce:
    """How many of `rows` (filtered on the outer case) there are, as a subquery."""
    counted = rows.order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def _case_page_totals(case: Case) -> tuple[ContactTotals, int, int, CaseSections]:
    """The contact totals, how many notes (not addenda) and events the case has, and which
    of the page's sections have any rows: one query, each a subquery of the case's own rows
    read by their index on the case."""
    totals = _contact_totals(timezone.now())
    contacts = Contact.objects.filter(case=OuterRef("pk")).order_by().values("case")
    sections = section_annotations()
    row = (
        Case.objects.filter(pk=case.pk)
        .annotate(
            **{
                f"contacts_{name}": Subquery(contacts.annotate(value=total).values("value"))
                for name, total in totals.items()
            },
            note_count=_count_of(Note.objects.filter(case=OuterRef("pk"), addendum_to=None)),
            event_count=_count_of(CaseEvent.objects.filter(case=OuterRef("pk"))),
            **sections,
        )
        .values(*(f"contacts_{name}" for name in totals), "note_count", "event_count", *sections)
        .get()
    )
    contact = ContactTotals(
        count=row["contacts_count"] or 0,
        last_at=row["contacts_last_at"],
        next_at=row["contacts_next_at"],
        not_recorded=row["contacts_not_recorded"] or 0,
    )
    return contact, row["note_count"], row["event_count"], sections_of(row)


def _contacts_shown(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """Contacts with who planned, recorded, was invited and came: three queries a page."""
    people = Prefetch("invited", queryset=CasePerson.objects.order_by("pk"))
    came = Prefetch("came", queryset=CasePerson.objects.order_by("pk"))
    return contacts.select_related("clinician", "recorded_by").prefetch_related(people, came)


def case_contacts(case: Case, *, state: str = "") -> QuerySet[Contact]:
    """All the case's contacts, newest first (its page of all contacts), or only the past
    ones not recorded yet (`state="not_recorded"`)."""
    contacts = Contact.objects.filter(case=case)
    if state == "not_recorded":
        contacts = contacts.filter(outcome="", starts_at__lt=timezone.now())
    return _contacts_shown(contacts.order_by("-starts_at", "-pk"))


def _notes_with_addenda(notes: list[Note]) -> list[Note]:
    """The notes, and the addenda of each (one query), oldest first."""
    addenda = list(
        Note.objects.filter(addendum_to__in=[note.pk for note in notes])
        .select_related("author")
        .order_by("signed_at", "pk")
    )
    return sorted([*notes, *addenda], key=lambda note: (note.signed_at, note.pk))


def _audit_notes_read(case: Case, notes: list[Note], *, by: User) -> None:
    """The notes shown are audited as read, in one event naming each of them."""
    if notes:
        audit_record(
            by=by,
            action="note.viewed",
            target=case,
            team=case.team,
            detail={"notes": [str(note.code) for note in notes]},
        )


def _latest_notes_with_addenda(case: Case, latest: int) -> list[Note]:
    """The case's latest notes (not addenda) and the addenda of each, oldest first: one
    query, the same notes as `_notes_with_addenda` of `case_notes(case)[:latest]`."""
    shown = Note.objects.filter(case=case, addendum_to__isnull=True).order_by("-signed_at", "-pk")
    shown_pks = shown.values("pk")[:latest]
    # An addendum is signed on its note's case: the case narrows both halves to its own
    # notes, read by their index on the case (the "or" alone reads every note).
    return list(
        Note.objects.filter(case=case)
        .filter(Q(pk__in=shown_pks) | Q(addendum_to__in=shown_pks))
        .select_related("author")
        .order_by("signed_at", "pk")
    )


def case_notes(case: Case) -> QuerySet[Note]:
    """The case's notes (not their addenda), newest first: its page of all notes."""
    return (
        Note.objects.filter(case=case, addendum_to__isnull=True)
        .select_related("author")
        .order_by("-signed_at", "-pk")
    )


def case_notes_read(case: Case, notes: list[Note], *, by: User) -> list[Note]:
    """Some of the case's notes (one page of `case_notes`) with their addenda, oldest
    first, audited as read."""
    shown = _notes_with_addenda(notes)
    _audit_notes_read(case, shown, by=by)
    return shown


def case_events(case: Case) -> QuerySet[CaseEvent]:
    """The case's history, newest first: its page of the whole history."""
    return CaseEvent.objects.filter(case=case).select_related("by").order_by("-at", "-pk")


def case_page(case: Case, *, by: User, notes: list[Note] | None = None) -> CasePage:
    """Everything the case page shows, in a fixed number of queries however many contacts,
    notes and events the case has: the latest of each, and how many there are in all. The
    notes shown are audited as read, in one event naming each of them (the case's own read
    is audited by `case_for_team`), unless given, as `case_for_page` reads and audits
    them. Which of the page's other sections have rows is learnt
    with the totals (`CasePage.sections`): those without are not read, here or by the
    sections' own selectors given them."""
    if notes is None:
        notes = _latest_notes_with_addenda(case, CASE_PAGE_NOTES)
        _audit_notes_read(case, notes, by=by)
    totals, note_count, event_count, sections = _case_page_totals(case)
    return CasePage(
        case=case,
        babies=list(case.babies.all()),
        people=list(case.people.all()),
        allocations=list(case.allocations.select_related("clinician")),
        contacts=list(reversed(case_contacts(case)[:CASE_PAGE_CONTACTS])),
        contact_totals=totals,
        notes=notes,
        note_count=note_count,
        events=list(reversed(case_events(case)[:CASE_PAGE_EVENTS])),
        event_count=event_count,
        referrals=(
            list(case.referral_links.select_related("referral")) if sections.referrals else []
        ),
        sections=sections,
    )


def current_allocations(case: Case) -> list[Allocation]:
    return list(case.allocations.filter(end__isnull=True).select_related("clinician"))


def baby_for_case(*, case: Case, code: UUID) -> Baby:
    baby = case.babies.filter(code=code).first()
    if baby is None:
        raise Http404
    return baby


def note_for_case(*, by: User, case: Case, code: UUID) -> Note:
    """A note of a case already opened by `by` (audited as its own read)."""
    note = Note.objects.filter(case=case, code=code).select_related("author").first()
    if note is None:
        raise Http404
    audit_read(by=by, target=note, team=case.team)
    return note


def contact_for_case(*, case: Case, code: UUID) -> Contact:
    contact = case.contacts.filter(code=code).select_related("clinician").first()
    if contact is None:
        raise Http404
    return contact


def referral_to_open(*, by: User, reference: str) -> Referral:
    """An accepted referral of one of `by`'s teams, by its reference, to open or join a
    case from; 404 for anyone else's (audited as a read of the referral)."""
    teams = by.teams_with(Permission.CASES_EDIT)
    referral = (
        Referral.objects.filter(team__in=teams, reference=reference.strip().upper())
        .exclude(status=Status.DRAFT)
        .select_related("team")
        .first()
    )
    if referral is None:
        raise Http404
    audit_read(by=by, target=referral, team=referral.team)
    return referral


def case_of_referral(referral: Referral) -> Case | None:
    link = CaseReferral.objects.filter(referral=referral).select_related("case").first()
    return link.case if link else None


def matching_open_cases(referral: Referral) -> list[Case]:
    """The referral's team's open cases that look like the same baby's."""
    if referral.team_id is None:
        return []
    return matching_open_cases_for(
        team_id=referral.team_id,
        nhs_number=referral.nhs_number,
        postcode=referral.postcode,
        unborn=referral.unborn,
        date_of_birth=referral.child_date_of_birth,
        due_date=referral.expected_delivery_date,
    )


def matching_open_cases_for(
    *,
    team_id: int,
    nhs_number: str,
    postcode: str,
    unborn: bool,
    date_of_birth: date | None,
    due_date: date | None,
) -> list[Case]:
    """The team's open cases that look like this baby's, from a referral or from a family
    met without one: the same NHS number, or at the same postcode the same date of birth
    or a due date within 14 days, or a birth or due date that fits the other."""
    same = Q()
    if nhs_number:
        same |= Q(babies__nhs_number=nhs_number)
    if postcode:
        place = Q(postcode__iexact=postcode)
        if date_of_birth and not unborn:
            same |= place & Q(babies__date_of_birth=date_of_birth)
            # Due then, and not yet recorded as born.
            same |= place & Q(
                babies__due_date__gte=date_of_birth - DUE_DATE_WINDOW * 4,
                babies__due_date__lte=date_of_birth + DUE_DATE_WINDOW,
            )
        if due_date and unborn:
            same |= place & Q(
                babies__due_date__gte=due_date - DUE_DATE_WINDOW,
                babies__due_date__lte=due_date + DUE_DATE_WINDOW,
            )
            # Born since: a date of birth near the due date.
            same |= place & Q(
                babies__date_of_birth__gte=due_date - DUE_DATE_WINDOW * 4,
                babies__date_of_birth__lte=due_date + DUE_DATE_WINDOW,
            )
    if not same:
        return []
    found = (
        Case.objects.filter(same, team_id=team_id, status=Case.Status.OPEN)
        .distinct()
        .order_by("opened_on", "pk")
    )
    return list(with_summary(found)[:10])


def age_in_words_for(born: date | None, due: date | None, today: date) -> tuple[str, Any]:
    """("born", months) or ("due", date) or ("", None): the summary's age today."""
    if born is not None and born <= today:
        return "born", age_in_months(born, today)
    if due is not None:
        return "due", due
    return "", None
