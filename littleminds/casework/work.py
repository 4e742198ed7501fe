"""Casework's part of "Your work" (`accounts.work`): a clinician's families to see today,
and those with a past contact of theirs not recorded yet, each number linked to "Your
cases" filtered to exactly those cases."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.accounts.work import FAMILIES, WorkItem, work_counter
from littleminds.casework import selectors


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
