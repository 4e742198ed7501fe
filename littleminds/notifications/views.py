from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.notifications import selectors, services
from littleminds.notifications.models import Notification

FAILED = Notification.Status.FAILED.value


def _manager(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@permission_required(Permission.NOTIFICATIONS_VIEW)
@require_GET
def unsent(request: HttpRequest) -> HttpResponse:
    """The unsent notifications; `?status=failed` lists only those that could not be sent
    (the list behind "Your work"'s count). Any other status lists them all."""
    failed_only = request.GET.get("status") == FAILED
    found = selectors.notifications_unsent(_manager(request), failed_only=failed_only)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    accounts_too = _manager(request).has_perm(Permission.ACCOUNT_EMAILS_VIEW)
    return render(
        request,
        "notifications/unsent.html",
        {
            "page": page,
            "accounts_too": accounts_too,
            "failed_only": failed_only,
            "query": f"status={FAILED}" if failed_only else "",
        },
    )


@permission_required(Permission.NOTIFICATIONS_VIEW)
@require_POST
def retry(request: HttpRequest, code: UUID) -> HttpResponse:
    notification = selectors.notification_for_manager(by=_manager(request), code=code)
    notification = services.notification_retry(by=_manager(request), notification=notification)
    reference = notification.about
    if notification.status == Notification.Status.SENT:
        messages.success(
            request, _("The notification about %(reference)s is sent.") % {"reference": reference}
        )
    elif notification.status == Notification.Status.QUEUED:
        messages.info(
            request,
            _("The notification about %(reference)s will be sent in the next few minutes.")
            % {"reference": reference},
        )
    else:
        messages.error(
            request,
            _("The notification about %(reference)s could not be sent: %(error)s")
            % {"reference": reference, "error": notification.last_error},
        )
    return redirect("notifications:list")
