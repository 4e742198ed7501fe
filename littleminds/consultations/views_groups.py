"""The pages of reflective practice groups (the team's series, their dates, attendance and
themes; a practitioner's joining and leaving) and of call-back requests (asking, and the
team's queue). Every page works without JavaScript."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.consultations import selectors_groups as selectors
from littleminds.consultations import services_groups as services
from littleminds.consultations.forms_groups import CallbackForm, DoneForm, RecordForm, SeriesForm


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@permission_required(Permission.CONSULTATIONS_VIEW)
@require_GET
def groups(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "consultations/groups.html",
        {
            "series_list": selectors.series_list(by=user),
            "team": user.has_perm(Permission.CONSULTATIONS_OFFER),
        },
    )


@permission_required(Permission.CONSULTATIONS_OFFER)
@require_http_methods(["GET", "POST"])
def series_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SeriesForm(_posted(request), by=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.series_create(
                by=user,
                team=form.chosen_team(),
                title=data["title"],
                about=data["about"],
                capacity=data["capacity"],
                dates=form.dates(),
                organisations=list(data["organisations"]),
                rings=data["rings"],
            )
        except services.NotAllowed:
            form.add_error(None, _("The group could not be created: check the dates"))
        else:
            messages.success(request, _("The group is created."))
            return redirect("consultations:group", code=series.code)
    return render(request, "consultations/group_new.html", {"form": form})


@permission_required(Permission.CONSULTATIONS_VIEW)
@require_GET
def series(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.series_for(by=user, code=code)
    team = found.team in user.teams_with(Permission.CONSULTATIONS_OFFER)
    return render(
        request,
        "consultations/group.html",
        {
            "series": found,
            "sessions": selectors.sessions_of(found),
            "now": timezone.now(),
            "team": team,
            "mine": set() if team else selectors.places_of(by=user),
            "practitioner": user.has_perm(Permission.CONSULTATIONS_BOOK) and not team,
        },
    )


@require_POST
@permission_required(Permission.CONSULTATIONS_BOOK)
def series_join(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.series_for(by=user, code=code)
    try:
        joined, full = services.series_join(by=user, series=found)
    except services.NotAllowed:
        messages.error(request, _("You cannot join this group."))
    else:
        is_full = ngettext("%(full)s session is full.", "%(full)s sessions are full.", full) % {
            "full": full
        }
        if joined:
            text = ngettext(
                "You have joined %(joined)s session.",
                "You have joined %(joined)s sessions.",
                joined,
            ) % {"joined": joined}
            messages.success(request, f"{text} {is_full}" if full else text)
        elif full:
            messages.error(request, _("You have joined no sessions: %(full)s") % {"full": is_full})
        else:
            messages.info(
                request, _("You have joined no sessions: you have a place at each coming one.")
            )
    return redirect("consultations:group", code=found.code)


@require_POST
@permission_required(Permission.CONSULTATIONS_BOOK)
def session_join(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    session = selectors.session_for(by=user, code=code)
    try:
        services.group_join(by=user, session=session)
    except services.GroupFull:
        messages.error(request, _("This session is full; choose another date."))
    except services.SessionBegun:
        messages.error(request, _("You cannot join this session: it has begun."))
    except services.HasPlace:
        messages.error(request, _("You cannot join this session: you already have a place."))
    except services.NotAllowed:
        messages.error(request, _("You cannot join this session."))
    else:
        messages.success(request, _("You have a place at the session."))
    return redirect("consultations:group", code=session.series.code)


@require_POST
@permission_required(Permission.CONSULTATIONS_BOOK)
def session_leave(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    session = selectors.session_for(by=user, code=code)
    try:
        services.group_leave(by=user, session=session)
    except services.SessionBegun:
        messages.error(request, _("You cannot leave this session: it has begun."))
    except services.NoPlace:
        messages.error(request, _("You cannot leave this session: you had no place at it."))
    except services.NotAllowed:
        messages.error(request, _("You cannot leave this session."))
    else:
        messages.success(request, _("You have left the session; your place is free for another."))
    return redirect("consultations:group", code=session.series.code)


@permission_required(Permission.CONSULTATIONS_OFFER)
@require_http_methods(["GET", "POST"])
def session_record(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    session = selectors.session_for(by=user, code=code, team=True)
    if session.starts_at > timezone.now():
        # Nothing to record before the session begins: a plain page says so, with no form.
        return render(
            request, "consultations/group_record.html", {"session": session, "form": None}
        )
    places = selectors.attendees(session)
    choices = [
        (
            str(p.pk),
            f"{p.practitioner.full_name}" + (f" ({p.organisation.name})" if p.organisation else ""),
        )
        for p in places
    ]
    initial = {
        "attended": [str(p.pk) for p in places if p.attended],
        "themes": session.themes,
    }
    form = RecordForm(_posted(request), choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_record(
                by=user,
                session=session,
                attended={int(pk) for pk in form.cleaned_data["attended"]},
                themes=form.cleaned_data["themes"],
            )
        except services.NotAllowed:
            form.add_error(None, _("A session is recorded once it has begun."))
        else:
            messages.success(request, _("The session is recorded."))
            return redirect("consultations:group", code=session.series.code)
    return render(
        request,
        "consultations/group_record.html",
        {"session": session, "form": form, "places": places},
    )


# Call-back requests ----------------------------------------------------------------------


@permission_required(Permission.CONSULTATIONS_BOOK)
@require_http_methods(["GET", "POST"])
def callback_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = CallbackForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.callback_request(
                by=user,
                team=form.chosen_team(),
                phone=data["phone"],
                earliest=data["earliest"],
                latest=data["latest"],
                weekdays=[int(day) for day in data["weekdays"]],
                parts_of_day=data["parts_of_day"],
                about=data["about"],
            )
        except services.NotAllowed:
            form.add_error(None, _("The request could not be sent: check the days"))
        else:
            messages.success(request, _("Your request is sent. The team will call you back."))
            return redirect("consultations:home")
    return render(
        request,
        "consultations/callback_new.html",
        {"form": form, "mine": selectors.callbacks_of(by=user)},
    )


@permission_required(Permission.CONSULTATIONS_OFFER)
@require_GET
def callbacks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "consultations/callbacks.html",
        {"queue": selectors.callback_queue(by=_user(request))},
    )


@permission_required(Permission.CONSULTATIONS_OFFER)
@require_http_methods(["GET", "POST"])
def callback_done(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.callback_for_team(by=user, code=code)
    form = DoneForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.callback_done(by=user, request=found, outcome=form.cleaned_data["outcome"])
        except services.NotAllowed:
            messages.error(request, _("This request is done already."))
        else:
            messages.success(request, _("The request is marked done."))
        return redirect("consultations:callbacks")
    return render(request, "consultations/callback_done.html", {"request_": found, "form": form})
