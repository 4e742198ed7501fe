"""Community messaging's counters on "Your work": materials due for review."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.accounts.work import SERVICE, WorkItem, work_counter
from littleminds.community import selectors_materials


@work_counter(order=SERVICE)
def materials_work(user: User) -> list[WorkItem]:
    due = selectors_materials.due_for_review(user)
    if not due:
        return []
    return [
        WorkItem(
            "community_materials_due",
            _("Materials due for review"),
            due,
            reverse("community:materials") + "?due=on",
            _("Past their review date: check them, then set a new date."),
        )
    ]
