"""The training pages: the public finder and course pages, and the team's pages for those
who hold `training.manage`. Every page works without JavaScript."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.core.decorators import public
from littleminds.training import overlap, selectors, services, views_places
from littleminds.training.forms import CancelForm, CourseForm, FinderForm, SessionForm, team_of
from littleminds.training.forms_places import SessionChoiceForm


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@public
@require_GET
def finder(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET)
    courses = page = None
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            tier=data["tier"],
            audience=data["audience"],
            delivery=data["delivery"],
            start=data["start"],
            end=data["end"],
        )
        page = selectors.finder_page(request.user, filters, request.GET.get("page"))
        courses = list(page.object_list)
    # The filters, kept by the pages' links.
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "training/finder.html",
        {"form": form, "courses": courses, "page": page, "query": query.urlencode()},
    )


@public
@require_GET
def course(request: HttpRequest, code: UUID) -> HttpResponse:
    found = selectors.course_for(request.user, code)
    sessions = selectors.coming_sessions(found)
    bookable = views_places.bookable(sessions)
    context: dict[str, Any] = {
        "course": found,
        "sessions": sessions,
        "bookable": bookable,
        "all_full": views_places.all_full(bookable),
    }
    if request.user.is_authenticated:
        context["form"] = SessionChoiceForm(sessions=bookable)
        context["yours"] = selectors.open_registrations(request.user, sessions)
    return render(request, "training/course.html", context)


@permission_required(Permission.TRAINING_MANAGE)
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    courses = selectors.team_courses(_user(request))
    return render(
        request,
        "training/manage.html",
        {"courses": courses, "overlaps": overlap.overlaps(courses)},
    )


@permission_required(Permission.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    team = team_of(user)
    if team is None:
        raise Http404
    form = CourseForm(_posted(request))
    if form.is_valid():
        created = services.course_create(by=user, team=team, **form.fields_for_service())
        messages.success(request, _("Course added: %(title)s") % {"title": created.title})
        return redirect("training:manage")
    return render(request, "training/course_form.html", {"form": form, "course": None})


@permission_required(Permission.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.team_course(user, code)
    form = CourseForm(_posted(request), initial=CourseForm.initial_of(found))
    if form.is_valid():
        services.course_edit(by=user, course=found, **form.fields_for_service())
        messages.success(request, _("Course changed: %(title)s") % {"title": found.title})
        return redirect("training:manage")
    return render(request, "training/course_form.html", {"form": form, "course": found})


@permission_required(Permission.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.team_course(user, code)
    form = SessionForm(_posted(request), course=found)
    if form.is_valid():
        data = form.cleaned_data
        services.session_add(
            by=user,
            course=found,
            capacity=data["capacity"],
            parts=data["parts"],
            place=data["place"],
            link=data["link"],
            trainers=list(data["trainers"]),
        )
        messages.success(request, _("Session added to %(title)s") % {"title": found.title})
        return redirect("training:manage")
    return render(request, "training/session_new.html", {"form": form, "course": found})


@permission_required(Permission.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    session = selectors.team_session(user, code)
    if session.cancelled_at is None and session.has_begun():
        # Held already: nothing to cancel, on GET or POST.
        return render(
            request,
            "training/session_cancel.html",
            {"form": None, "session": session, "begun": services.begun_message()},
            status=400 if request.method == "POST" else 200,
        )
    form = CancelForm(_posted(request))
    if form.is_valid():
        try:
            services.session_cancel(by=user, session=session, reason=form.cleaned_data["reason"])
        except services.SessionBegun as refused:
            return render(
                request,
                "training/session_cancel.html",
                {"form": None, "session": session, "begun": refused.message},
                status=400,
            )
        messages.success(request, _("Session cancelled"))
        return redirect("training:manage")
    return render(request, "training/session_cancel.html", {"form": form, "session": session})
