"""Commissioning bodies, for system administrators (`commissioning.manage`): the list, and
setting one up, changing it and removing it. Everyone else gets 404."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.insights import services_commissioning as services
from littleminds.insights.forms_commissioning import CommissioningBodyForm
from littleminds.insights.models import CommissioningBody
from littleminds.insights.selectors_commissioning import commissioners


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@permission_required(Permission.COMMISSIONING_MANAGE)
@require_GET
def commissioning(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/commissioning.html", {"bodies": commissioners()})


@permission_required(Permission.COMMISSIONING_MANAGE)
@require_http_methods(["GET", "POST"])
def commissioning_new(request: HttpRequest) -> HttpResponse:
    form = CommissioningBodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.commissioner_create(
                by=_user(request),
                name=form.cleaned_data["name"],
                teams=form.cleaned_data["teams"],
                members=form.cleaned_data["members"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is set up.") % {"name": body.name})
            return redirect("insights:commissioning")
    return render(request, "insights/commissioning_form.html", {"form": form, "body": None})


@permission_required(Permission.COMMISSIONING_MANAGE)
@require_http_methods(["GET", "POST"])
def commissioning_change(request: HttpRequest, code: UUID) -> HttpResponse:
    body = get_object_or_404(CommissioningBody, code=code)
    form = CommissioningBodyForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.commissioner_change(
                by=_user(request),
                body=body,
                name=form.cleaned_data["name"],
                teams=form.cleaned_data["teams"],
                members=form.cleaned_data["members"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is changed.") % {"name": body.name})
            return redirect("insights:commissioning")
    return render(request, "insights/commissioning_form.html", {"form": form, "body": body})


@permission_required(Permission.COMMISSIONING_MANAGE)
@require_http_methods(["GET", "POST"])
def commissioning_remove(request: HttpRequest, code: UUID) -> HttpResponse:
    body = get_object_or_404(CommissioningBody, code=code)
    if request.method == "POST":
        name = body.name
        services.commissioner_remove(by=_user(request), body=body)
        messages.success(request, _("%(name)s is removed.") % {"name": name})
        return redirect("insights:commissioning")
    return render(request, "insights/commissioning_remove.html", {"body": body})
