"""Casework's part of "Your work" (`accounts.work`, ADR 0022): a clinician's families to
see today, those with a past contact not recorded yet, those with a task of theirs due and
those with a measure due (each number linked to "Your cases" filtered to exactly those
cases); for a team's managers, the families with a risk task open 2 working days."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.accounts.work import FAMILIES, WorkItem, work_counter
from littleminds.casework import selectors
from littleminds.casework import selectors_records as records


@work_counter(order=FAMILIES)
def contact_work(user: User) -> list[WorkItem]:
    if not user.teams_with(Permission.CASES_EDIT):
        return []
    mine = reverse("casework:mine")
    counts = selectors.my_contact_counts(user)
    return [
        WorkItem(
            "cases_contacts_today",
            _("Families you see today"),
            counts["today"],
            f"{mine}?contact=today",
            _("Your open cases with a contact of yours planned for today."),
        ),
        WorkItem(
            "cases_not_recorded",
            _("Families with contacts not recorded"),
            counts["not_recorded"],
            f"{mine}?contact=not_recorded",
            _("Your open cases with a contact of yours whose time has passed, not recorded yet."),
        ),
    ]


@work_counter(order=FAMILIES)
def casework_work(user: User) -> list[WorkItem]:
    items = []
    if records.is_clinician(user):
        mine = reverse("casework:mine")
        # Each number is the length of the list it links to: the same selector, the same
        # filter (ADR 0022).
        items += [
            WorkItem(
                "tasks_due",
                _("Families with tasks of yours due"),
                selectors.my_cases(user, tasks="due").count(),
                f"{mine}?tasks=due",
                _("Open cases with a task given to you that is due today or overdue."),
            ),
            WorkItem(
                "measures_due",
                _("Your families with measures due"),
                selectors.my_cases(user, measures="due").count(),
                f"{mine}?measures=due",
                _("A measure is due again 12 weeks after it was last recorded."),
            ),
        ]
    if records.manages_a_team(user):
        items.append(
            WorkItem(
                "risks_escalated",
                _("Families with a risk task open 2 working days"),
                selectors.team_cases(user, risk="escalated").count(),
                reverse("casework:team") + "?risk=escalated",
                _("Risks your team's clinicians have not yet followed up."),
            )
        )
    return items
