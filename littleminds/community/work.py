"""Community messaging's counters on "Your work": events waiting for their reach."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.accounts.work import SERVICE, WorkItem, work_counter
from littleminds.community import selectors


@work_counter(order=SERVICE)
def community_work(user: User) -> list[WorkItem]:
    """Past published events of the person's teams with no reach recorded yet, linked to
    the events list filtered to exactly those."""
    if not selectors.managed_teams(user):
        return []
    waiting = selectors.waiting_for_reach(user).count()
    if not waiting:
        return []
    return [
        WorkItem(
            "community_reach",
            _("Events waiting for their reach"),
            waiting,
            reverse("community:events") + "?when=past&status=no_reach",
            _("Events that have been held, with no one reached recorded yet."),
        )
    ]
