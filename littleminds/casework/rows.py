"""What the casework pages say about a case and its contacts, in words: the baby's age
today, the days since the last contact, the next planned contact, and a past planned
contact that nobody recorded (never shown as the next one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from uuid import UUID

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from littleminds.casework.models import Baby, Case, CaseEvent, Contact, Note
from littleminds.casework.selectors import CasePage
from littleminds.casework.selectors_records import RECORDS_EVENT_LABELS
from littleminds.core.dates import age_in_months
from littleminds.pathway.labels import CONCERN_LABELS


def day_in_words(on: date) -> str:
    return formats.date_format(on, "j F Y")


def moment_in_words(at: datetime) -> str:
    local = timezone.localtime(at)
    return _("%(day)s at %(time)s") % {
        "day": day_in_words(local.date()),
        "time": formats.time_format(local.time(), "H:i"),
    }


def age_in_words(born: date | None, due: date | None, today: date) -> str:
    """The baby's age today in whole months, or when they are due."""
    if born is not None and born <= today:
        months = age_in_months(born, today)
        if months == 0:
            return _("Under 1 month")
        return ngettext("%(months)d month", "%(months)d months", months) % {"months": months}
    if due is not None:
        return _("Not born yet, due %(day)s") % {"day": day_in_words(due)}
    return _("Not known")


def baby_age(baby: Baby, today: date) -> str:
    return age_in_words(None if baby.unborn else baby.date_of_birth, baby.due_date, today)


def age_at_closing_in_words(baby: Baby, closed_on: date) -> str:
    """A closed case's baby as they were when it closed: age today means nothing there."""
    born = None if baby.unborn else baby.date_of_birth
    if born is not None and born <= closed_on:
        return _("Age at closing: %(age)s") % {"age": age_in_words(born, None, closed_on)}
    return age_in_words(born, baby.due_date, closed_on)


# Past this, a last contact is a day on the calendar rather than a count of days.
DAYS_IN_WORDS = 90


def days_since_in_words(at: datetime | None, today: date, not_recorded: int = 0) -> str:
    if at is None:
        # Contacts that took place but are not recorded are not "no contact": the page
        # shows how many beside this.
        return _("None recorded yet") if not_recorded else _("No contact yet")
    days = (today - timezone.localtime(at).date()).days
    if days <= 0:
        return _("Today")
    return ngettext("%(days)d day ago", "%(days)d days ago", days) % {"days": days}


@dataclass(frozen=True)
class CaseRow:
    case: Case
    baby: str
    parent: str
    age: str
    lead: str
    last_contact: str
    last_contact_day: str
    days_since: int | None
    next_contact: str
    not_recorded: int

    @classmethod
    def of(cls, case: Case, today: date, now: datetime) -> CaseRow:
        last = case.last_contact_at
        upcoming = getattr(case, "next_contact", None)
        not_recorded = getattr(case, "not_recorded", 0) or 0
        return cls(
            case=case,
            baby=getattr(case, "baby_name", "") or _("Baby not named yet"),
            parent=getattr(case, "parent_name", "") or "",
            age=age_in_words(
                getattr(case, "baby_born", None), getattr(case, "baby_due", None), today
            ),
            lead=getattr(case, "lead_name", "") or _("No lead clinician"),
            last_contact=days_since_in_words(last, today, not_recorded),
            last_contact_day=day_in_words(timezone.localtime(last).date()) if last else "",
            days_since=(today - timezone.localtime(last).date()).days if last else None,
            next_contact=moment_in_words(upcoming) if upcoming else _("None planned"),
            not_recorded=not_recorded,
        )


@dataclass(frozen=True)
class ContactRow:
    contact: Contact
    when: str
    state: str  # "planned", "not_recorded" or "recorded"
    state_label: str
    invited: list[str]
    came: list[str]
    # Not recorded yet, and its day has come.
    recordable: bool
    # "60 minutes", worked out here rather than by a tag in each of the page's rows.
    length: str = ""
    # "At home", looked up once for the page.
    place: str = ""


def contact_rows(contacts: list[Contact], now: datetime) -> list[ContactRow]:
    """The case's contacts, newest first, each with its state in words."""
    rows = []
    # Each word looked up once, not once a row: a case may have hundreds of contacts.
    outcomes = {value: str(label) for value, label in Contact.Outcome.choices}
    places = {value: str(label) for value, label in Contact.Place.choices}
    not_recorded, planned = _("Not recorded"), _("Planned")
    lengths: dict[int, str] = {}
    today = timezone.localdate(now)
    for contact in reversed(contacts):
        if contact.minutes not in lengths:
            lengths[contact.minutes] = ngettext(
                "%(minutes)d minute", "%(minutes)d minutes", contact.minutes
            ) % {"minutes": contact.minutes}
        if contact.is_recorded:
            state, label = "recorded", outcomes.get(contact.outcome, contact.outcome)
        elif contact.starts_at < now:
            state, label = "not_recorded", not_recorded
        else:
            state, label = "planned", planned
        rows.append(
            ContactRow(
                contact,
                moment_in_words(contact.starts_at),
                state,
                label,
                [p.name for p in contact.invited.all()],
                [p.name for p in contact.came.all()],
                not contact.is_recorded and timezone.localtime(contact.starts_at).date() <= today,
                lengths[contact.minutes],
                places.get(contact.place, contact.place),
            )
        )
    return rows


@dataclass(frozen=True)
class Summary:
    babies: list[tuple[Baby, str]]
    parents: list[str]
    worries: list[str]
    lead: str
    last_contact: str
    next_contact: str
    not_recorded: int


def case_summary(page: CasePage, today: date, now: datetime) -> Summary:
    lead = page.lead
    totals = page.contact_totals
    last, upcoming = totals.last_at, totals.next_at
    closed_on = page.case.closed_on
    return Summary(
        babies=[
            (
                baby,
                age_at_closing_in_words(baby, closed_on)
                if closed_on is not None
                else baby_age(baby, today),
            )
            for baby in page.babies
        ],
        parents=[p.name for p in page.people if p.is_parent_or_carer],
        worries=[str(CONCERN_LABELS.get(code, code)) for code in page.case.worries or ()],
        lead=lead.clinician.full_name if lead else _("No lead clinician"),
        last_contact=_last_contact_in_words(page, last, today, totals.not_recorded),
        next_contact=moment_in_words(upcoming) if upcoming else _("None planned"),
        not_recorded=totals.not_recorded,
    )


def _last_contact_in_words(
    page: CasePage, last: datetime | None, today: date, not_recorded: int
) -> str:
    """The day of the last contact, with how long ago it was while that helps: always on an
    open case, and on a closed one while it is recent."""
    if last is None:
        return days_since_in_words(None, today, not_recorded)
    day = timezone.localtime(last).date()
    if not page.case.is_open and (today - day).days > DAYS_IN_WORDS:
        return day_in_words(day)
    return _("%(day)s (%(ago)s)") % {
        "day": day_in_words(day),
        "ago": days_since_in_words(last, today),
    }


# What each kind of event is called in a case's history.
EVENT_LABELS = {
    "opened": gettext_lazy("Case opened from referral"),
    "referral_joined": gettext_lazy("Referral added to the case"),
    "lead_allocated": gettext_lazy("Lead clinician"),
    "allocated": gettext_lazy("Clinician allocated"),
    "allocation_ended": gettext_lazy("Allocation ended"),
    "baby_born": gettext_lazy("Baby born"),
    "contact_planned": gettext_lazy("Contact planned"),
    "contact_recorded": gettext_lazy("Contact recorded"),
    "closed": gettext_lazy("Case closed"),
    "contacts_cancelled": gettext_lazy("Planned contacts cancelled by the service on closing"),
    "reopened": gettext_lazy("Case reopened"),
    "opened_without_referral": gettext_lazy("Case opened without a referral"),
    "person_added": gettext_lazy("Person added"),
    "person_changed": gettext_lazy("Person's details changed"),
    "baby_added": gettext_lazy("Baby added"),
    "intervention_added": gettext_lazy("Intervention added"),
    "intervention_updated": gettext_lazy("Intervention changed"),
    "goal_agreed": gettext_lazy("Goal agreed"),
    "goal_rated": gettext_lazy("Goal rated"),
    "goal_closed": gettext_lazy("Goal rated and closed"),
    "flag_raised": gettext_lazy("Safeguarding flag raised"),
    "flag_closed": gettext_lazy("Safeguarding flag closed"),
    **RECORDS_EVENT_LABELS,
}


# Who did what the history shows with no person: the family, through a questionnaire link,
# and what followed from their answers.
BY_THE_FAMILY = {"measure_by_family", "risk_task_opened"}


def event_rows(events: list[CaseEvent]) -> list[tuple[CaseEvent, str, str]]:
    """The history, newest first, each event and who did it in words."""
    return [
        (
            event,
            str(EVENT_LABELS.get(event.action, _("Other change"))),
            event.by.full_name
            if event.by is not None
            else (_("The family") if event.action in BY_THE_FAMILY else "–"),
        )
        for event in reversed(events)
    ]


def notes_with_addenda(notes: list[Note]) -> list[Note]:
    """The notes, newest first, each with its addenda (oldest first) as `shown_addenda`."""
    addenda: dict[int, list[Note]] = {}
    for note in notes:
        if note.addendum_to_id is not None:
            addenda.setdefault(note.addendum_to_id, []).append(note)
    top = [note for note in notes if note.addendum_to_id is None]
    for note in top:
        note.shown_addenda = addenda.get(note.pk, [])  # type: ignore[attr-defined]
    return list(reversed(top))


# The caseloads' rows, drawn here rather than by the template: 50 rows of a dozen tags each
# took most of a caseload's drawing (ADR 0056). The HTML is the template's, byte for byte
# (`test_caseload_rows_are_drawn_as_the_template_drew_them`); every value is escaped as
# the template escaped it (`html.escape`, which Django's `escape` calls).
_CELL = '<td role="cell" class="nhsuk-table__cell">'
_HEADING = '<span class="nhsuk-table-responsive__heading" aria-hidden="true">'


def _counted(singular: str, plural: str, counter: int) -> str:
    """What `{% blocktranslate count counter=... %}` draws: the same words to translate."""
    return ngettext(singular, plural, counter) % {"counter": counter}


def caseload_rows_html(rows: list[CaseRow], *, mine: bool) -> list[SafeString]:
    """Each row of a caseload's table, as the template drew it (its line breaks included);
    the words are translated once for the page, and the case's address made once."""
    headings = [
        f"{_HEADING}{escape(words)} </span>"
        for words in (
            _("Baby"),
            _("Age today"),
            _("Lead clinician"),
            _("Last contact"),
            _("Next contact"),
            _("Risks, tasks and measures"),
        )
    ]
    baby_h, age_h, lead_h, last_h, next_h, records_h = headings
    closed = f'<br><strong class="nhsuk-tag nhsuk-tag--grey">{escape(_("Closed"))}</strong>'
    flagged = (
        '<br><strong class="nhsuk-tag nhsuk-tag--red">'
        f"{escape(_('Safeguarding flag open'))}</strong>"
    )
    escalated = f'<br><span class="nhsuk-body-s">{escape(_("Open 2 working days or more"))}</span>'
    # The case's address with a stand-in code, replaced by each row's.
    stand_in = UUID(int=0)
    address = escape(reverse("casework:case", kwargs={"code": stand_in}))
    drawn = []
    for row in rows:
        case = row.case
        first = [
            f'<a href="{address.replace(str(stand_in), str(case.code))}">{escape(row.baby)}</a>'
        ]
        if row.parent:
            first.append(f'<br><span class="nhsuk-body-s">{escape(row.parent)}</span>')
        if case.status == "closed":
            first.append(closed)
        if getattr(case, "safeguarding_flagged", False):
            first.append(flagged)
        last = [escape(row.last_contact)]
        if row.last_contact_day:
            last.append(f'<br><span class="nhsuk-body-s">{escape(row.last_contact_day)}</span>')
        if row.not_recorded:
            words = _counted(
                "%(counter)s contact not recorded",
                "%(counter)s contacts not recorded",
                row.not_recorded,
            )
            last.append(f'<br><strong class="nhsuk-tag nhsuk-tag--orange">{words}</strong>')
        records = []
        risks = getattr(case, "risk_tasks", 0)
        overdue = getattr(case, "overdue_tasks", 0)
        due = getattr(case, "measures_due", 0)
        if risks:
            words = _counted(
                "%(counter)s risk to follow up", "%(counter)s risks to follow up", risks
            )
            records.append(f'<strong class="nhsuk-tag nhsuk-tag--red">{words}</strong>')
            if getattr(case, "risk_escalated", 0):
                records.append(escalated)
            records.append("<br>")
        if overdue:
            words = _counted("%(counter)s task overdue", "%(counter)s tasks overdue", overdue)
            records.append(f'<strong class="nhsuk-tag nhsuk-tag--orange">{words}</strong><br>')
        if due:
            records.append(_counted("%(counter)s measure due", "%(counter)s measures due", due))
        if not risks and not overdue and not due:
            records.append("–")
        lead = "" if mine else f"{_CELL}{lead_h}{escape(row.lead)}</td>"
        drawn.append(
            SafeString(
                '\n    <tr role="row" class="nhsuk-table__row">\n'
                f'      {_CELL}{baby_h}<span class="lm-table-value">{"".join(first)}</span></td>\n'
                f"      {_CELL}{age_h}{escape(row.age)}</td>\n"
                f"      {lead}\n"
                f'      {_CELL}{last_h}<span class="lm-table-value">{"".join(last)}</span></td>\n'
                f'      {_CELL}{next_h}<span class="lm-table-value">{escape(row.next_contact)}'
                "</span></td>\n"
                f'      {_CELL}{records_h}<span class="lm-table-value">{"".join(records)}'
                "</span></td>\n"
                "    </tr>\n    "
            )
        )
    return drawn
