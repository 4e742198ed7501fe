"""The navigator's part of "Your work" (`accounts.work`): for those who change its rules,
a draft waiting to be published, linked to the rules' page that leads to it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.accounts.work import SERVICE, WorkItem, work_counter
from littleminds.pathway import selectors


@work_counter(order=SERVICE)
def drafts_waiting(user: User) -> list[WorkItem]:
    if not user.has_perm(Permission.PATHWAY_MANAGE):
        return []
    return [
        WorkItem(
            "pathway_drafts",
            _("Drafts of the navigator's rules waiting to be published"),
            selectors.drafts_waiting(),
            reverse("pathway:rules"),
            _("The navigator answers families with the rules in force until a draft is published."),
        )
    ]
