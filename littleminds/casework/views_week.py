"""A clinician's week: their contacts Monday to Sunday, and their private calendar feed
behind a secret link they can reset. The feed is fetched by calendar apps, with no session:
the secret is the only key, and a wrong or reset one gets 404."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.casework import calendar, selectors_week, services_week
from littleminds.core.decorators import public
from littleminds.core.ratelimit import rate_limited


def _person(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _monday(request: HttpRequest) -> date:
    """The Monday of the week asked for (`?week=2026-12-07`, any day of it), else this one."""
    asked = request.GET.get("week", "")
    try:
        day = date.fromisoformat(asked) if asked else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return selectors_week.monday_of(day)


@permission_required(Permission.CASES_VIEW)
@require_GET
def week(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    shown = selectors_week.week_of(by=user, monday=_monday(request))
    # The secret is shown once, just after it is made (it is kept nowhere else).
    secret = request.session.pop("calendar_feed_secret", "")
    feed_url = (
        request.build_absolute_uri(reverse("casework:week-feed", kwargs={"secret": secret}))
        if secret
        else ""
    )
    return render(
        request,
        "casework/week.html",
        {
            "week": shown,
            "today": timezone.localdate(),
            "this_monday": selectors_week.monday_of(timezone.localdate()),
            "feed_url": feed_url,
        },
    )


@permission_required(Permission.CASES_VIEW)
@require_http_methods(["GET", "POST"])
def feed_reset(request: HttpRequest) -> HttpResponse:
    """Make the calendar link, or a new one in place of the old (asks first)."""
    user = _person(request)
    if request.method == "POST":
        secret = services_week.calendar_feed_reset(by=user)
        request.session["calendar_feed_secret"] = secret
        messages.success(request, _("Your calendar link is ready. Copy it now: it is shown once."))
        return redirect(reverse("casework:week") + "#calendar")
    return render(
        request,
        "casework/week_feed_reset.html",
        {"feed_made": selectors_week.feed_made(user)},
    )


@public
@rate_limited("calendar_feed", methods=("GET", "HEAD"))
@never_cache
@require_GET
def feed(request: HttpRequest, secret: str) -> HttpResponse:
    contacts = selectors_week.feed_contacts(secret=secret)
    body = calendar.feed(contacts, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="little-minds.ics"'
    return response
