"""Reads of notifications, for the service managers of the teams whose referrals they are
about or whose staff they were sent to, and for system administrators those about accounts
(which belong to no team).
Anyone else gets 404."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.notifications.models import Notification


def notifications_unsent(by: User, *, failed_only: bool = False) -> QuerySet[Notification]:
    """The notifications of `by`'s teams' referrals that are not sent, and those about
    accounts for whoever may see them: failed ones (whether or not another try is due) and
    ones waiting to go, oldest first; only the failed ones with `failed_only` (what "Your
    work" counts)."""
    teams = by.teams_with(Permission.NOTIFICATIONS_VIEW)
    reach = Q(referral__team__in=teams)
    if teams:
        # E-mails to the teams' own staff about their work (a risk task to follow up):
        # a subquery, so a person with two roles in the teams is not counted twice.
        reach |= Q(
            recipient=Notification.Recipient.STAFF,
            user__in=User.objects.filter(roles__team__in=teams).values("pk"),
        )
    if by.has_perm(Permission.ACCOUNT_EMAILS_VIEW):
        reach |= Q(recipient=Notification.Recipient.ACCOUNT)
    found = Notification.objects.filter(reach).exclude(status=Notification.Status.SENT)
    if failed_only:
        found = found.filter(status=Notification.Status.FAILED)
    return found.select_related("referral", "user").order_by("created_at", "pk")


def notification_for_manager(*, by: User, code: UUID) -> Notification:
    """One unsent notification that `by` may see (`notifications_unsent`); 404 for anything
    else."""
    notification = (
        notifications_unsent(by).filter(code=code).select_related("referral__team").first()
    )
    if notification is None:
        raise Http404
    return notification
