"""Intakes, for service managers: which team takes referrals for which service, for
families living in which area, until what age, and which intake takes families with no
fixed address. Managers see and change the intakes of their own teams; anyone else gets
404. An intake that has received referrals is closed rather than removed (ADR 0016)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.directory.models import Service
from littleminds.referrals import selectors, services
from littleminds.referrals.intakes.forms import IntakeForm
from littleminds.referrals.models import Intake

MANAGE = Permission.INTAKES_MANAGE


def _manager(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def places_today(intake: Intake) -> str:
    """The postcode districts and sectors the intake's area covers today, in order."""
    covered = getattr(intake.area, "covered", None)
    if covered is None:
        return ""
    return ", ".join(sorted({cover.prefix for cover in covered}, key=selectors.postcode_order))


def overlap_sentences(intake: Intake, overlaps: list[selectors.IntakeOverlap]) -> list[str]:
    """Each shared stretch of postcodes in words, saying where its families go: to the
    intake set up first (`eligibility.intake_for`)."""
    sentences = []
    for overlap in overlaps:
        names = {
            "places": ", ".join(overlap.places),
            "team": overlap.other.team.name,
            "area": overlap.other.area.name,
        }
        if overlap.other.pk < intake.pk:
            sentence = _(
                "%(places)s: also in %(team)s's intake for %(area)s, which was set up first, "
                "so families living there go to %(team)s."
            )
        else:
            sentence = _(
                "%(places)s: also in %(team)s's intake for %(area)s. Families living there "
                "come to this intake, which was set up first."
            )
        sentences.append(sentence % names)
    return sentences


def _warn_of_overlaps(request: HttpRequest, intake: Intake) -> None:
    overlaps = selectors.intake_overlaps([intake]).get(intake.pk, [])
    if overlaps:
        messages.warning(
            request,
            " ".join(
                [
                    _("The area shares postcodes with another open intake."),
                    *overlap_sentences(intake, overlaps),
                ]
            ),
        )


def _service_is_listed(service: Service) -> bool:
    # A decommissioned service has no directory page to link to.
    return service.status != Service.Status.DECOMMISSIONED


@permission_required(MANAGE)
@require_GET
def intakes(request: HttpRequest) -> HttpResponse:
    manager = _manager(request)
    found = selectors.intakes_managed(manager)
    overlaps = selectors.intake_overlaps(found)
    rows = [
        {
            "intake": intake,
            "places": places_today(intake),
            "service_listed": _service_is_listed(intake.service),
            "overlaps": overlap_sentences(intake, overlaps.get(intake.pk, [])),
        }
        for intake in found
    ]
    return render(
        request,
        "referrals/intakes/list.html",
        {
            "rows": rows,
            "several_teams": len(selectors.intake_teams(manager)) > 1,
            "default": selectors.intake_default(),
        },
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def intake_new(request: HttpRequest) -> HttpResponse:
    manager = _manager(request)
    form = IntakeForm(
        request.POST or None,
        teams=selectors.intake_teams(manager),
        default=selectors.intake_default(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intake = services.intake_set_up(
                by=manager,
                team=form.chosen_team(),
                service=data["service"],
                area=data["area"],
                age_limit_months=data["age_limit_months"],
                is_default=data["is_default"],
                contact_phone=data["contact_phone"],
                decision_days=data["decision_days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(team)s now takes referrals for families living in %(area)s.")
                % {"team": intake.team.name, "area": intake.area.name},
            )
            _warn_of_overlaps(request, intake)
            return redirect("intakes:list")
    return render(request, "referrals/intakes/form.html", {"form": form, "intake": None})


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def intake_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    manager = _manager(request)
    intake = selectors.intake_for_manager(by=manager, code=code)
    form = IntakeForm(
        request.POST or None,
        teams=selectors.intake_teams(manager),
        default=selectors.intake_default(),
        intake=intake,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.intake_change(
                by=manager,
                intake=intake,
                service=data["service"],
                area=data["area"],
                age_limit_months=data["age_limit_months"],
                is_default=data["is_default"],
                contact_phone=data["contact_phone"],
                decision_days=data["decision_days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The intake for %(area)s is saved.") % {"area": changed.area.name}
            )
            _warn_of_overlaps(request, changed)
            return redirect("intakes:list")
    overlaps = selectors.intake_overlaps([intake]).get(intake.pk, [])
    return render(
        request,
        "referrals/intakes/form.html",
        {
            "form": form,
            "intake": intake,
            "places": places_today(intake),
            "overlaps": overlap_sentences(intake, overlaps),
        },
    )


def _refusal(error: ValidationError) -> list[tuple[str, str]]:
    """A refused close or removal, for the page's error summary (no field to link to)."""
    return [("", message) for message in error.messages]


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def intake_close(request: HttpRequest, code: UUID) -> HttpResponse:
    intake = selectors.intake_for_manager(by=_manager(request), code=code)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            services.intake_close(by=_manager(request), intake=intake)
        except ValidationError as error:
            errors = _refusal(error)
        else:
            messages.success(
                request,
                _("The intake for %(area)s is closed: it takes no new referrals.")
                % {"area": intake.area.name},
            )
            return redirect("intakes:list")
    return _page(request, "referrals/intakes/close.html", intake, errors)


@permission_required(MANAGE)
@require_POST
def intake_reopen(request: HttpRequest, code: UUID) -> HttpResponse:
    intake = selectors.intake_for_manager(by=_manager(request), code=code)
    try:
        services.intake_reopen(by=_manager(request), intake=intake)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("intakes:intake", code=intake.code)
    messages.success(
        request,
        _("The intake for %(area)s takes new referrals again.") % {"area": intake.area.name},
    )
    _warn_of_overlaps(request, intake)
    return redirect("intakes:list")


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def intake_remove(request: HttpRequest, code: UUID) -> HttpResponse:
    intake = selectors.intake_for_manager(by=_manager(request), code=code)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            services.intake_remove(by=_manager(request), intake=intake)
        except ValidationError as error:
            errors = _refusal(error)
        else:
            messages.success(
                request, _("The intake for %(area)s is removed.") % {"area": intake.area.name}
            )
            return redirect("intakes:list")
    return _page(request, "referrals/intakes/remove.html", intake, errors)


def _page(
    request: HttpRequest, template: str, intake: Intake, errors: list[tuple[str, str]]
) -> HttpResponse:
    context: dict[str, Any] = {
        "intake": intake,
        "places": places_today(intake),
        "error_list": errors,
    }
    return render(request, template, context)
