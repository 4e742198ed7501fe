"""The pages of training questionnaires: setting a course's statements and reading its
summary (for the people who run it), and answering (a signed-in person from their place, a
public registrant through the link e-mailed to them). Every page works without JavaScript."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.core.decorators import public
from littleminds.core.ratelimit import rate_limited
from littleminds.training import selectors_questions as selectors
from littleminds.training import services_questions as services
from littleminds.training.forms_questions import (
    ActionForm,
    AnswersForm,
    ItemForm,
    NumberedItemForm,
)
from littleminds.training.models import Course, Registration
from littleminds.training.models_questions import QuestionnaireItem, When
from littleminds.training.selectors import own_registration

MOVES = {"up": True, "down": False}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# The people who run the course -----------------------------------------------------------


def _number(course: Course, item: QuestionnaireItem) -> int:
    """The statement's place among those still asked, counted from 1 (0: retired)."""
    active = selectors.course_items(course).active
    return next((n for n, i in enumerate(active, start=1) if i.pk == item.pk), 0)


@permission_required(Permission.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def course_questionnaire(request: HttpRequest, code: UUID) -> HttpResponse:
    """The course's statements: add, reword and order them until the first answer, then
    only retire them."""
    user = _user(request)
    course = selectors.run_course(user, code)
    add_form = ItemForm(prefix="new")
    shown_form: forms.Form = add_form
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                add_form = shown_form = ItemForm(request.POST, prefix="new")
                if add_form.is_valid():
                    services.item_add(by=user, course=course, text=add_form.cleaned_data["text"])
                    messages.success(request, _("Statement added"))
                    return redirect("training:course-questionnaire", code=course.code)
            else:
                item = selectors.course_item(course, request.POST.get("item", ""))
                if action == "reword":
                    shown_form = NumberedItemForm(
                        request.POST, prefix=item.code.hex, number=_number(course, item)
                    )
                    if shown_form.is_valid():
                        services.item_reword(
                            by=user, item=item, text=shown_form.cleaned_data["text"]
                        )
                        messages.success(request, _("Statement reworded"))
                        return redirect("training:course-questionnaire", code=course.code)
                elif action in MOVES:
                    moved = services.item_move(by=user, item=item, up=MOVES[action])
                    number = _number(course, moved)
                    messages.success(
                        request,
                        (
                            _("Statement moved up: it is now statement %(number)d")
                            if MOVES[action]
                            else _("Statement moved down: it is now statement %(number)d")
                        )
                        % {"number": number},
                    )
                    # Back at the moved statement, which the page focuses (its anchor).
                    return redirect(
                        reverse("training:course-questionnaire", kwargs={"code": course.code})
                        + f"#statement-{moved.code.hex}"
                    )
                elif action == "retire":
                    services.item_retire(by=user, item=item)
                    messages.success(request, _("Statement retired"))
                    return redirect("training:course-questionnaire", code=course.code)
                else:
                    error = _("Choose what to do with the statement")
        except services.QuestionsError as refused:
            error = refused.message
        if error:
            if not shown_form.is_bound:
                # A button's refusal (moving or retiring) has no box of its own to mark.
                shown_form = ActionForm({})
            shown_form.add_error(None, error)
    found = selectors.course_items(course)
    numbers = {item.pk: n for n, item in enumerate(found.active, start=1)}
    rows = [
        (
            item,
            numbers.get(item.pk),
            shown_form
            if shown_form.prefix == item.code.hex
            else NumberedItemForm(
                prefix=item.code.hex, initial={"text": item.text}, number=numbers.get(item.pk, 0)
            ),
        )
        for item in found.items
    ]
    return render(
        request,
        "training/questionnaire_items.html",
        {
            "course": course,
            "found": found,
            "rows": rows,
            "add_form": add_form,
            "shown_form": shown_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@permission_required(Permission.TRAINING_MANAGE)
@require_GET
def questionnaire_summary(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    course = selectors.run_course(user, code)
    return render(
        request,
        "training/questionnaire_summary.html",
        {"summary": selectors.course_summary(by=user, course=course)},
    )


# Answering -------------------------------------------------------------------------------


def _answer_context(registration: Registration, when: str, form: AnswersForm) -> dict[str, Any]:
    return {
        "registration": registration,
        "course": registration.session.course,
        "when": when,
        "when_label": When(when).label,
        "form": form,
    }


@login_required
@require_http_methods(["GET", "POST"])
def place_questionnaire(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    registration = own_registration(user, code)
    when = services.open_time(registration)
    answered = when is not None and registration.answer_sets.filter(when=when).exists()
    if when is None or answered:
        return render(
            request,
            "training/questionnaire_closed.html",
            {"registration": registration, "answered": answered},
        )
    items = services.active_items(registration.session.course)
    form = AnswersForm(
        request.POST if request.method == "POST" else None,
        items=items,
        feedback=when == When.AFTER,
    )
    if form.is_bound and form.is_valid():
        try:
            services.answers_record(by=user, registration=registration, given=form.given)
        except services.QuestionsError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Thank you: your answers are saved"))
            return redirect("training:mine")
    return render(
        request,
        "training/questionnaire_answer.html",
        _answer_context(registration, when, form),
        status=400 if request.method == "POST" else 200,
    )


@public
@rate_limited("training_registration", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def public_questionnaire(request: HttpRequest, key: str) -> HttpResponse:
    """The link in the e-mail. Opening it changes nothing; sending the answers uses it up."""
    try:
        invitation = services.invitation_for(key)
    except services.QuestionsError as refused:
        return render(
            request,
            "training/link_failed.html",
            {"message": refused.message},
            status=410,
        )
    registration = invitation.registration
    items = services.active_items(registration.session.course)
    form = AnswersForm(
        request.POST if request.method == "POST" else None,
        items=items,
        feedback=invitation.when == When.AFTER,
    )
    if form.is_bound and form.is_valid():
        try:
            services.link_answers_record(token=key, given=form.given)
        except services.LinkInvalid as refused:
            return render(
                request,
                "training/link_failed.html",
                {"message": refused.message},
                status=410,
            )
        except services.QuestionsError as refused:
            form.add_error(None, refused.message)
        else:
            return render(request, "training/questionnaire_thanks.html")
    return render(
        request,
        "training/questionnaire_answer.html",
        {**_answer_context(registration, invitation.when, form), "public": True},
        status=400 if request.method == "POST" else 200,
    )
