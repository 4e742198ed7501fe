"""The directory's part of "Your work" (`accounts.work`): for its managers, the services
whose details nobody has confirmed for six months, linked to the list of exactly those."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.accounts.work import SERVICE, WorkItem, work_counter
from littleminds.directory import selectors


@work_counter(order=SERVICE)
def services_to_confirm(user: User) -> list[WorkItem]:
    if not user.has_perm(Permission.DIRECTORY_MANAGE):
        return []
    return [
        WorkItem(
            "directory_stale",
            _("Services not confirmed for 6 months"),
            selectors.services_for_managers(stale=True).count(),
            f"{reverse('directory:manage')}?stale=on",
            _("Check each one's details with the service, then confirm them or change them."),
        )
    ]
