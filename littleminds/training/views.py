"""The training pages: the public finder and course pages, and the team's pages for those
who hold `training.manage`. Every page works without JavaScript."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.core import caching
from littleminds.core.decorators import public
from littleminds.training import overlap, selectors, services, views_places
from littleminds.training.forms import CancelForm, CourseForm, FinderForm, SessionForm, team_of
from littleminds.training.forms_places import SessionChoiceForm
from littleminds.training.models import Course


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# A course's address, with this code in place of the course's: reversed once a page rather
# than once a card.
_ANY_CODE = UUID(int=0)


@public
@require_GET
def finder(request: HttpRequest) -> HttpResponse:
    """The course finder. A page asked for before, since the catalogue last changed, is
    answered from the cache: its form and its list as they were drawn, keyed by the
    generation, the language, the viewer's sight (who may see which bespoke courses) and
    the query as sent (ADR 0053), so it checks no form, reads no course and draws
    nothing."""
    sight = selectors.sight_of(request.user)
    version = selectors.finder_version()
    key = version and caching.cache_key(
        "training",
        "finder",
        version,
        language=translation.get_language(),
        sight=[sight.organisation, list(sight.teams)],
        query=request.GET.urlencode(),
    )
    form = None

    def draw() -> tuple[str, str] | None:
        nonlocal form
        form = FinderForm(request.GET)
        if not form.is_valid():
            return None
        data = form.cleaned_data
        filters = selectors.Filters(
            tier=data["tier"],
            audience=data["audience"],
            delivery=data["delivery"],
            start=data["start"],
            end=data["end"],
        )
        page = selectors.finder_page(sight, filters, request.GET.get("page"))
        courses = list(page.object_list)
        # The words of tiers and ways of giving, looked up once a page rather than once a
        # card (a model's `get_..._display` builds its choices anew each time).
        tiers = {value: str(label) for value, label in Course.Tier.choices}
        deliveries = {value: str(label) for value, label in Course.Delivery.choices}
        link = reverse("training:course", kwargs={"code": _ANY_CODE})
        for course in courses:
            course.facts = " · ".join(  # type: ignore[attr-defined]
                (tiers[course.tier], deliveries[course.delivery], course.length_in_words)
            )
            course.link = link.replace(str(_ANY_CODE), str(course.code))  # type: ignore[attr-defined]
        # The filters, kept by the pages' links.
        query = request.GET.copy()
        query.pop("page", None)
        drawn = render_to_string(
            "training/_finder_courses.html",
            {"courses": courses, "page": page, "query": query.urlencode()},
        )
        return str(form), drawn

    drawn = caching.cached(key or None, draw)
    context: dict[str, object] = {"form": form, "results": None}
    if drawn is not None:
        # Drawn by the form's and our own templates, which escape what they show; kept in
        # the cache as text.
        context["form_html"] = mark_safe(drawn[0])  # noqa: S308
        context["results"] = mark_safe(drawn[1])  # noqa: S308
    return render(request, "training/finder.html", context)


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
