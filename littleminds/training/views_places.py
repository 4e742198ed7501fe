"""The pages of places on training sessions: booking in two clicks when signed in, the
public registration form and its confirmation link, a person's own place (accepting or
declining an offer, cancelling, the calendar invitation), "Your training", and a
session's register for the team that runs it. Every page works without JavaScript."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.core.decorators import public
from littleminds.core.ratelimit import rate_limited
from littleminds.training import calendar, selectors
from littleminds.training import selectors_questions as questionnaires
from littleminds.training import services_places as places
from littleminds.training.forms_places import (
    PlaceCancelForm,
    PublicRegistrationForm,
    SessionChoiceForm,
)
from littleminds.training.models import CourseSession, Registration
from littleminds.training.selectors_attendance import active_certificate


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def bookable(sessions: list[CourseSession]) -> list[CourseSession]:
    now = timezone.now()
    return [s for s in sessions if places.session_starts(s) > now]


def all_full(sessions: list[CourseSession]) -> bool:
    """Every session on offer is full, so a request joins a waiting list."""
    return bool(sessions) and all(s.is_full() for s in sessions)


def _invite_response(request: HttpRequest, registration: Registration) -> HttpResponse:
    body = calendar.invitation(
        registration,
        host=request.get_host().split(":")[0],
        page_url=places.page_url(registration),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    day = registration.session.first_day.isoformat()
    response["Content-Disposition"] = f'attachment; filename="training-{day}.ics"'
    return response


# Signed in -------------------------------------------------------------------------------


@login_required
@require_POST
def book(request: HttpRequest, code: UUID) -> HttpResponse:
    """The second click: book a place on the session chosen on the course page."""
    user = _user(request)
    course = selectors.course_for(user, code)
    sessions = bookable(selectors.coming_sessions(course))
    form = SessionChoiceForm(request.POST, sessions=sessions)
    error = ""
    if form.is_valid():
        try:
            registration = places.register_user(by=user, session=form.chosen)
        except places.PlacesError as refused:
            error = refused.message
        else:
            if registration.status == Registration.Status.HELD:
                messages.success(request, _("Your place is booked"))
            else:
                messages.success(request, _("The session is full: you are on its waiting list"))
            return redirect("training:place", code=registration.code)
    if error:
        form.add_error("session", error)
    return render(
        request,
        "training/course.html",
        {
            "course": course,
            "sessions": sessions,
            "form": form,
            "bookable": sessions,
            "all_full": all_full(sessions),
        },
        status=400,
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "training/mine.html",
        {
            "registrations": selectors.coming_registrations(user),
            "past": selectors.past_training(user),
            "questionnaires": questionnaires.due_for(user),
            "trainer_sessions": selectors.trainer_sessions(user),
            "manages": user.has_perm(Permission.TRAINING_MANAGE),
        },
    )


@login_required
@require_GET
def place(request: HttpRequest, code: UUID) -> HttpResponse:
    registration = selectors.own_registration(_user(request), code)
    return render(request, "training/place.html", _place_context(registration, public=False))


@login_required
@require_GET
def place_invite(request: HttpRequest, code: UUID) -> HttpResponse:
    return _invite_response(request, selectors.own_registration(_user(request), code))


@login_required
@require_POST
def place_answer(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    registration = selectors.own_registration(user, code)
    return _answer(request, registration, by=user, back=reverse("training:place", args=[code]))


@login_required
@require_http_methods(["GET", "POST"])
def place_cancel(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    registration = selectors.own_registration(user, code)
    return _cancel(request, registration, by=user, back=reverse("training:place", args=[code]))


# Shared by the signed-in and the public pages ---------------------------------------------


def _place_context(registration: Registration, *, public: bool) -> dict[str, Any]:
    place_key = places.page_key(registration) if public else ""
    if public:
        urls = {
            "answer": reverse("training:public-place-answer", args=[place_key]),
            "cancel": reverse("training:public-place-cancel", args=[place_key]),
            "invite": reverse("training:public-place-invite", args=[place_key]),
            "certificate": reverse("training:public-certificate-pdf", args=[place_key]),
        }
    else:
        code = registration.code
        urls = {
            "answer": reverse("training:place-answer", args=[code]),
            "cancel": reverse("training:place-cancel", args=[code]),
            "invite": reverse("training:place-invite", args=[code]),
        }
    certificate = active_certificate(registration)
    if certificate is not None and not public:
        urls["certificate"] = reverse("training:certificate-pdf", args=[certificate.code])
    status = Registration.Status
    return {
        "registration": registration,
        "session": registration.session,
        "course": registration.session.course,
        "urls": urls,
        "public": public,
        "certificate": certificate,
        # With an offer out, accepting or declining it is the only choice.
        "may_cancel": registration.status in (status.HELD, status.WAITING),
    }


def _answer(
    request: HttpRequest, registration: Registration, *, by: User | None, back: str
) -> HttpResponse:
    answer = request.POST.get("answer")
    try:
        if answer == "accept":
            places.offer_accept(by=by, registration=registration)
            messages.success(request, _("The place is yours"))
        elif answer == "decline":
            places.offer_decline(by=by, registration=registration)
            messages.success(request, _("You have turned the place down"))
        else:
            messages.error(request, _("Choose whether to accept or decline the place"))
    except places.PlacesError as refused:
        messages.error(request, refused.message)
    return redirect(back)


def _cancel(
    request: HttpRequest, registration: Registration, *, by: User | None, back: str
) -> HttpResponse:
    form = PlaceCancelForm(_posted(request))
    error = ""
    if form.is_valid():
        try:
            places.place_cancel(
                by=by,
                registration=registration,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except places.PlacesError as refused:
            error = refused.message
        else:
            messages.success(request, _("Your place is cancelled"))
            return redirect(back)
    if error:
        form.add_error(None, error)
    return render(
        request,
        "training/place_cancel.html",
        {"form": form, "registration": registration, "back": back},
        status=400 if request.method == "POST" else 200,
    )


# Public ----------------------------------------------------------------------------------


@public
@rate_limited("training_registration")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, code: UUID) -> HttpResponse:
    """A volunteer, student or parents' group leader asks for a place; it is held once they
    confirm their email address by the link we send."""
    course = selectors.course_for(request.user, code)
    sessions = bookable(selectors.coming_sessions(course))
    initial = {}
    if request.GET.get("session") in {str(s.code) for s in sessions}:
        initial["session"] = request.GET["session"]
    form = PublicRegistrationForm(_posted(request), sessions=sessions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            places.register_public(
                session=form.chosen,
                registrant=places.Registrant(
                    name=data["name"],
                    email=data["email"],
                    organisation=form.organisation_chosen,
                    student_at=data["student_at"],
                    student_course=data["student_course"],
                    language=translation.get_language() or "en",
                ),
            )
        except places.PlacesError as refused:
            form.add_error("session", refused.message)
        else:
            return redirect("training:public-sent")
    return render(
        request,
        "training/register.html",
        {"course": course, "sessions": sessions, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@public
@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "training/register_sent.html")


@public
@rate_limited("training_registration", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, confirmation: str) -> HttpResponse:
    """The link in the email. Opening it changes nothing (a mail scanner may open it); the
    button confirms."""
    try:
        registration = places.unconfirmed_for(confirmation)
        if request.method == "POST":
            registration = places.register_confirm(token=confirmation)
            return redirect("training:public-place", place_key=places.page_key(registration))
    except places.PlacesError as refused:
        return render(
            request, "training/link_failed.html", {"message": refused.message}, status=410
        )
    return render(
        request,
        "training/confirm.html",
        {"registration": registration, "session": registration.session},
    )


@public
@require_GET
def public_place(request: HttpRequest, place_key: str) -> HttpResponse:
    registration = selectors.public_registration(place_key)
    return render(request, "training/place.html", _place_context(registration, public=True))


@public
@require_GET
def public_place_invite(request: HttpRequest, place_key: str) -> HttpResponse:
    return _invite_response(request, selectors.public_registration(place_key))


@public
@require_POST
def public_place_answer(request: HttpRequest, place_key: str) -> HttpResponse:
    registration = selectors.public_registration(place_key)
    return _answer(
        request, registration, by=None, back=reverse("training:public-place", args=[place_key])
    )


@public
@require_http_methods(["GET", "POST"])
def public_place_cancel(request: HttpRequest, place_key: str) -> HttpResponse:
    registration = selectors.public_registration(place_key)
    return _cancel(
        request, registration, by=None, back=reverse("training:public-place", args=[place_key])
    )


# The team's register ---------------------------------------------------------------------


@permission_required(Permission.TRAINING_MANAGE)
@require_GET
def session_register(request: HttpRequest, code: UUID) -> HttpResponse:
    found = selectors.session_register(_user(request), code)
    return render(request, "training/register_list.html", {"register": found})
