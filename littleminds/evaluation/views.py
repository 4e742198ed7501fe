"""The workbench's front: the studies one may see, starting a study, and a study's page,
from which each part of the work (participants, transcripts, coding, analysis, exchange,
figures) is reached."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.evaluation.forms import StudyForm
from littleminds.evaluation.selectors import (
    is_lead,
    is_researcher,
    researchers_of,
    studies_for,
    study_for_overview,
)
from littleminds.evaluation.services import study_create


def signed_in(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _may_see_workbench(user: User) -> bool:
    return user.has_perm(Permission.EVALUATION_WORK) or user.has_perm(
        Permission.EVALUATION_OVERVIEW
    )


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not _may_see_workbench(user):
        raise Http404
    return render(
        request,
        "evaluation/home.html",
        {
            "studies": studies_for(user).order_by("-created_at"),
            "may_start": user.has_perm(Permission.EVALUATION_WORK),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def study_new(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not user.has_perm(Permission.EVALUATION_WORK):
        raise Http404
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        study = study_create(
            by=user,
            title=data["title"],
            research_questions=data["research_questions"],
            team=data["team"],
            keep_originals=data["keep_originals"],
            time_points=form.time_points(),
        )
        messages.success(request, _("The study is started. You are its lead researcher."))
        return redirect("evaluation:study", code=study.code)
    return render(
        request,
        "evaluation/study_new.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def study(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in(request)
    found = study_for_overview(user, code)
    researcher = is_researcher(user, found)
    return render(
        request,
        "evaluation/study.html",
        {
            "study": found,
            "researcher": researcher,
            "lead": researcher and is_lead(user, found),
            "researchers": researchers_of(found) if researcher else [],
            "time_points": found.time_points.select_related("snapshot"),
        },
    )
