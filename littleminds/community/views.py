"""The staff's community pages: the community home, campaigns, events and their reach.
The team's community workers and managers change them (`community.manage`); other holders
of `community.view` read the published events still to come. Every page works without
JavaScript."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.community import selectors, services
from littleminds.community.forms import CampaignForm, EventFilterForm, EventForm, ReachForm
from littleminds.community.languages import Language
from littleminds.community.models import Campaign, Channel, Event, Reach
from littleminds.community.services_booking import BookingError


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _team(user: User) -> Team:
    teams = selectors.managed_teams(user)
    if not teams:
        raise Http404
    return teams[0]


# The community home ---------------------------------------------------------------------


@permission_required(Permission.COMMUNITY_VIEW)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    manages = bool(selectors.managed_teams(user))
    context: dict[str, Any] = {
        "manages": manages,
        "coming": selectors.coming_events(user),
    }
    if manages:
        context["waiting"] = list(selectors.waiting_for_reach(user)[:10])
        context["waiting_count"] = selectors.waiting_for_reach(user).count()
        context["campaigns"] = selectors.running_campaigns(user)
    return render(request, "community/manage/home.html", context)


# Campaigns -----------------------------------------------------------------------------


@permission_required(Permission.COMMUNITY_MANAGE)
@require_GET
def campaigns(request: HttpRequest) -> HttpResponse:
    found = selectors.team_campaigns(_user(request))
    return render(request, "community/manage/campaigns.html", {"campaigns": found})


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    team = _team(user)
    form = CampaignForm(_posted(request))
    if form.is_valid():
        created = services.campaign_create(by=user, team=team, **form.fields_for_service())
        messages.success(request, _("Campaign added: %(theme)s") % {"theme": created.theme})
        return redirect("community:campaign", code=created.code)
    return render(request, "community/manage/campaign_form.html", {"form": form, "campaign": None})


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.campaign_for(user, code)
    form = CampaignForm(_posted(request), initial=CampaignForm.initial_of(found))
    if form.is_valid():
        services.campaign_update(by=user, campaign=found, **form.fields_for_service())
        messages.success(request, _("Campaign changed: %(theme)s") % {"theme": found.theme})
        return redirect("community:campaign", code=found.code)
    return render(request, "community/manage/campaign_form.html", {"form": form, "campaign": found})


@permission_required(Permission.COMMUNITY_MANAGE)
@require_GET
def campaign(request: HttpRequest, code: UUID) -> HttpResponse:
    found = selectors.campaign_for(_user(request), code)
    summary = selectors.campaign_summary(found)
    return render(
        request,
        "community/manage/campaign.html",
        {
            "campaign": found,
            "summary": summary,
            "languages": [str(Language(c).label) for c in found.language_list],
            "channels": [str(Channel(c).label) for c in found.channel_list],
            "activity_materials": selectors.materials_by_language(summary.activities),
        },
    )


# Events --------------------------------------------------------------------------------


@permission_required(Permission.COMMUNITY_VIEW)
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    manages = bool(selectors.managed_teams(user))
    form = EventFilterForm(request.GET, campaigns=selectors.team_campaigns(user))
    page = None
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.EventFilters(
            when=data["when"] or "coming",
            kind=data["kind"],
            status=data["status"],
            campaign=data["campaign"],
        )
        page = selectors.events_for(user, filters, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "community/manage/events.html",
        {
            "form": form,
            "page": page,
            "manages": manages,
            "query": query.urlencode(),
            "now": timezone.now(),
        },
    )


def _event_form(request: HttpRequest, user: User, event: Event | None) -> EventForm:
    booked = 0
    if event is not None and event.cancelled_at is None:
        booked = sum(b.people for b in event.bookings.filter(cancelled_at__isnull=True))
    return EventForm(
        _posted(request),
        initial=EventForm.initial_of(event) if event else None,
        campaigns=selectors.team_campaigns(user),
        creating=event is None,
        booked=booked,
    )


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    team = _team(user)
    form = _event_form(request, user, None)
    if form.is_valid():
        created = services.event_create(by=user, team=team, **form.fields_for_service())
        messages.success(
            request,
            _("Event added as a draft: %(title)s. Publish it when families may see it.")
            % {"title": created.title},
        )
        return redirect("community:event-detail", code=created.code)
    return render(request, "community/manage/event_form.html", {"form": form, "event": None})


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.event_to_manage(user, code)
    form = _event_form(request, user, found)
    if form.is_valid():
        try:
            services.event_update(by=user, event=found, **form.fields_for_service())
        except BookingError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Event changed: %(title)s") % {"title": found.title})
            return redirect("community:event-detail", code=found.code)
    return render(request, "community/manage/event_form.html", {"form": form, "event": found})


@permission_required(Permission.COMMUNITY_VIEW)
@require_GET
def event_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.event_for(user, code)
    manages = selectors.can_manage(user, found)
    context: dict[str, Any] = {
        "event": found,
        "manages": manages,
        "happened": selectors.has_happened(found),
    }
    if manages:
        reach = selectors.event_reach(found)
        context["reach"] = reach
        context["reach_materials"] = selectors.materials_by_language(reach)
    return render(request, "community/manage/event.html", context)


@permission_required(Permission.COMMUNITY_MANAGE)
@require_POST
def event_publish(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.event_to_manage(user, code)
    if found.cancelled_at is not None:
        messages.error(request, _("A cancelled event cannot be published."))
    else:
        services.event_publish(by=user, event=found)
        messages.success(request, _("Published: families can now find this event."))
    return redirect("community:event-detail", code=found.code)


@permission_required(Permission.COMMUNITY_MANAGE)
@require_POST
def event_unpublish(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.event_to_manage(user, code)
    try:
        services.event_unpublish(by=user, event=found)
    except BookingError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Back to a draft: families no longer see this event."))
    return redirect("community:event-detail", code=found.code)


# Reach ---------------------------------------------------------------------------------


def _reach_page(
    request: HttpRequest,
    *,
    form: ReachForm,
    event: Event | None,
    campaign: Campaign | None,
    reach: Reach | None,
) -> HttpResponse:
    return render(
        request,
        "community/manage/reach_form.html",
        {"form": form, "event": event, "campaign": campaign, "reach": reach},
    )


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def event_reach(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.event_to_manage(user, code)
    if not selectors.has_happened(found):
        # Reach is of an event held: the page says so, with no form.
        return render(request, "community/manage/reach_too_soon.html", {"event": found})
    form = ReachForm(
        _posted(request),
        initial=ReachForm.initial_for_event(found),
        event=found,
        campaign=found.campaign,
    )
    if form.is_valid():
        services.reach_record(by=user, event=found, **form.fields_for_service())
        messages.success(request, _("Reach recorded for %(title)s") % {"title": found.title})
        return redirect("community:event-detail", code=found.code)
    return _reach_page(request, form=form, event=found, campaign=found.campaign, reach=None)


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def campaign_reach(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.campaign_for(user, code)
    form = ReachForm(_posted(request), event=None, campaign=found)
    if form.is_valid():
        services.reach_record(by=user, campaign=found, **form.fields_for_service())
        messages.success(request, _("Reach recorded for %(theme)s") % {"theme": found.theme})
        return redirect("community:campaign", code=found.code)
    return _reach_page(request, form=form, event=None, campaign=found, reach=None)


def _after_reach(reach: Reach) -> HttpResponse:
    if reach.event is not None:
        return redirect("community:event-detail", code=reach.event.code)
    assert reach.campaign is not None
    return redirect("community:campaign", code=reach.campaign.code)


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def reach_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.reach_to_manage(user, code)
    form = ReachForm(
        _posted(request),
        initial=ReachForm.initial_of(found),
        event=found.event,
        campaign=found.campaign,
    )
    if form.is_valid():
        services.reach_update(by=user, reach=found, **form.fields_for_service())
        messages.success(request, _("Reach changed."))
        return _after_reach(found)
    return _reach_page(request, form=form, event=found.event, campaign=found.campaign, reach=found)


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def reach_remove(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.reach_to_manage(user, code)
    if request.method == "POST":
        services.reach_remove(by=user, reach=found)
        messages.success(request, _("Reach removed."))
        return _after_reach(found)
    return render(request, "community/manage/reach_remove.html", {"reach": found})
