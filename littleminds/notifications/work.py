"""The notifications' part of "Your work" (`accounts.work`): for those who look after them,
the notifications that could not be sent, linked to the list of exactly those."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.accounts.work import SERVICE, WorkItem, work_counter
from littleminds.notifications import selectors


@work_counter(order=SERVICE)
def failed_notifications(user: User) -> list[WorkItem]:
    if not user.has_perm(Permission.NOTIFICATIONS_VIEW):
        return []
    return [
        WorkItem(
            "notifications_failed",
            _("Notifications that could not be sent"),
            selectors.notifications_unsent(user, failed_only=True).count(),
            f"{reverse('notifications:list')}?status=failed",
            _(
                "Emails and text messages that failed: try them again, or tell the person "
                "another way."
            ),
        )
    ]
