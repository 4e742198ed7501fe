"""Community messaging's counters on "Your work": materials due for review, and those
waiting for the person's approval."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.accounts.work import SERVICE, WorkItem, work_counter
from littleminds.community import selectors_materials


@work_counter(order=SERVICE)
def materials_work(user: User) -> list[WorkItem]:
    items = []
    due = selectors_materials.due_for_review(user)
    if due:
        items.append(
            WorkItem(
                "community_materials_due",
                _("Materials due for review"),
                due,
                reverse("community:materials") + "?due=on",
                _("Past their review date: check them, then set a new date."),
            )
        )
    waiting = selectors_materials.waiting_for_approval(user)
    if waiting:
        items.append(
            WorkItem(
                "community_materials_waiting",
                _("Materials waiting for approval"),
                waiting,
                reverse("community:materials") + "?waiting=on",
                _("Made by someone else in your team, with files nobody has approved yet."),
            )
        )
    return items
