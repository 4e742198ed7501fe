"""Consultations' part of "Your work" (`accounts.work`): for a practitioner, the feedback
asked on their recorded consultations, linked to the list of exactly those (ADR 0022)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.accounts.work import SERVICE, WorkItem, work_counter
from littleminds.consultations import selectors_records


@work_counter(order=SERVICE)
def feedback_waiting(user: User) -> list[WorkItem]:
    if not user.has_perm(Permission.CONSULTATIONS_BOOK):
        return []
    return [
        WorkItem(
            "consultation_feedback",
            _("Consultations and groups waiting for your feedback"),
            selectors_records.feedback_due_count(by=user),
            reverse("consultations:feedback-due"),
            _("Consultations and group sessions of the last 90 days: four short questions each."),
        )
    ]
