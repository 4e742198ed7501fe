"""Reads of notifications, for the service managers of the teams whose referrals they are
about. Anyone else gets 404."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.notifications.models import Notification


def notifications_unsent(by: User) -> QuerySet[Notification]:
    """The notifications of `by`'s teams' referrals that are not sent: failed ones (whether
    or not another try is due) and ones waiting to go, oldest first."""
    return (
        Notification.objects.filter(referral__team__in=by.teams_with(Permission.NOTIFICATIONS_VIEW))
        .exclude(status=Notification.Status.SENT)
        .select_related("referral")
        .order_by("created_at", "pk")
    )


def notification_for_manager(*, by: User, code: UUID) -> Notification:
    """One unsent notification of `by`'s teams' referrals; 404 for anything else."""
    notification = (
        notifications_unsent(by).filter(code=code).select_related("referral__team").first()
    )
    if notification is None:
        raise Http404
    return notification
