"""Care pages: interventions, goals and safeguarding on a case, for the team's clinicians
and managers; and the lists service managers keep (the interventions catalogue and the
kinds of safeguarding flag). Everyone else gets 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.roles import Permission
from littleminds.casework import selectors_care, services_care
from littleminds.casework.forms_care import (
    CatalogueNameForm,
    ChronologyForm,
    FlagCloseForm,
    FlagRaiseForm,
    GoalForm,
    GoalRatingForm,
    InterventionForm,
)
from littleminds.casework.models import Case
from littleminds.casework.services import NotAllowed
from littleminds.casework.views import _case_list_context, _case_to_edit, _closed, _posted

LIST_TITLES = {
    "interventions": gettext_lazy("Interventions"),
    "flags": gettext_lazy("Safeguarding flags"),
}


def _back(found: Case, anchor: str) -> HttpResponse:
    return redirect(reverse("casework:case", kwargs={"code": found.code}) + f"#{anchor}")


def _form_page(
    request: HttpRequest, found: Case, form: Any, title: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "casework/care_form.html",
        {"case": found, "form": form, "title": title, "button": _("Save"), **extra},
    )


def _apply(form: Any, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def intervention_add(request: HttpRequest, code: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    if not found.is_open:
        return _closed(request, found)
    form = InterventionForm(
        _posted(request), offered=selectors_care.offered_interventions(), case=found
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_care.intervention_add(
                by=user,
                case=found,
                intervention=form.chosen(),
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                sessions=form.cleaned_data["sessions"],
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The intervention is added."))
            return _back(found, "interventions")
    return _form_page(request, found, form, _("Add an intervention"))


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def intervention_edit(request: HttpRequest, code: UUID, intervention: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    item = selectors_care.intervention_for_case(case=found, code=intervention)
    initial = {"start": item.start, "end": item.end, "sessions": item.sessions}
    form = InterventionForm(_posted(request), offered=None, initial=initial, case=found)
    if request.method == "POST" and form.is_valid():
        try:
            services_care.intervention_update(
                by=user,
                item=item,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                sessions=form.cleaned_data["sessions"],
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The intervention is saved."))
            return _back(found, "interventions")
    return _form_page(
        request, found, form, _("Change the intervention"), lead=item.intervention.name
    )


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, code: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    if not found.is_open:
        return _closed(request, found)
    form = GoalForm(_posted(request), case=found)
    if request.method == "POST" and form.is_valid():
        try:
            services_care.goal_add(
                by=user,
                case=found,
                text=form.cleaned_data["text"],
                agreed_on=form.cleaned_data["agreed_on"],
                rating=form.cleaned_data["rating"],
            )
        except services_care.TooManyGoals:
            form.add_error(
                None, _("The family already has three goals. Finish one before adding another.")
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The goal is added."))
            return _back(found, "goals")
    return _form_page(request, found, form, _("Add a goal"))


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def goal_rate(request: HttpRequest, code: UUID, goal: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    chosen = selectors_care.goal_for_case(case=found, code=goal)
    if not chosen.is_open:
        messages.error(request, _("This goal is finished."))
        return _back(found, "goals")
    form = GoalRatingForm(_posted(request), agreed_on=chosen.agreed_on)
    if request.method == "POST" and form.is_valid():
        try:
            services_care.goal_rate(
                by=user,
                goal=chosen,
                rated_on=form.cleaned_data["rated_on"],
                rating=form.cleaned_data["rating"],
                close=form.cleaned_data["close"],
            )
        except ValidationError as error:
            _apply(form, error)
        except NotAllowed:
            messages.error(request, _("Nothing was saved: the goal was finished meanwhile."))
            return _back(found, "goals")
        else:
            messages.success(request, _("The rating is saved."))
            return _back(found, "goals")
    return _form_page(request, found, form, _("Rate the goal"), lead=chosen.text)


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def flag_raise(request: HttpRequest, code: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    if not found.is_open:
        return _closed(request, found)
    form = FlagRaiseForm(_posted(request), kinds=selectors_care.open_flag_kinds(found), case=found)
    if request.method == "POST" and form.is_valid():
        try:
            services_care.flag_raise(
                by=user, case=found, kind=form.chosen(), raised_on=form.cleaned_data["raised_on"]
            )
        except ValidationError as error:
            _apply(form, error)
        except NotAllowed:
            form.add_error("kind", _("That flag is already open on the case"))
        else:
            messages.success(request, _("The safeguarding flag is raised."))
            return _back(found, "safeguarding")
    return _form_page(request, found, form, _("Raise a safeguarding flag"))


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def flag_close(request: HttpRequest, code: UUID, flag: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    chosen = selectors_care.flag_for_case(case=found, code=flag)
    if not chosen.is_open:
        messages.error(request, _("This flag is already closed."))
        return _back(found, "safeguarding")
    form = FlagCloseForm(_posted(request), raised_on=chosen.raised_on)
    if request.method == "POST" and form.is_valid():
        try:
            services_care.flag_close(by=user, flag=chosen, closed_on=form.cleaned_data["closed_on"])
        except ValidationError as error:
            _apply(form, error)
        except NotAllowed:
            messages.error(request, _("This flag is already closed."))
            return _back(found, "safeguarding")
        else:
            messages.success(request, _("The safeguarding flag is closed."))
            return _back(found, "safeguarding")
    return _form_page(request, found, form, _("Close the flag"), lead=chosen.kind.name)


@permission_required(Permission.CASES_VIEW)
@require_GET
def case_chronology(request: HttpRequest, code: UUID) -> HttpResponse:
    """The case's whole safeguarding chronology, newest first, 50 a page (each page's
    entries audited as read)."""
    user, found, page, context = _case_list_context(
        request, code, selectors_care.case_chronology, selectors_care.ALL_CHRONOLOGY_PER_PAGE
    )
    shown = list(page.object_list)
    selectors_care.chronology_read(found, shown, by=user)
    return render(request, "casework/case_chronology.html", {**context, "entries": shown})


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def chronology_add(request: HttpRequest, code: UUID, entry: UUID | None = None) -> HttpResponse:
    """A significant event for the chronology, or a correction to an entry (a new entry)."""
    user, found = _case_to_edit(request, code)
    corrects = selectors_care.chronology_for_case(case=found, code=entry) if entry else None
    form = ChronologyForm(_posted(request), case=found)
    if request.method == "POST" and form.is_valid():
        try:
            services_care.chronology_add(
                by=user,
                case=found,
                happened_on=form.cleaned_data["happened_on"],
                text=form.cleaned_data["text"],
                corrects=corrects,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The entry is saved and signed."))
            return _back(found, "safeguarding")
    return _form_page(
        request,
        found,
        form,
        _("Correct a chronology entry") if corrects else _("Add to the chronology"),
        corrects=corrects,
        button=_("Save and sign"),
    )


# The lists managers keep ----------------------------------------------------------------------


@permission_required(Permission.CARE_LISTS_MANAGE)
@require_http_methods(["GET", "POST"])
def care_list(request: HttpRequest, kind: str) -> HttpResponse:
    user = request.user
    entries = selectors_care.catalogue(kind)
    form = CatalogueNameForm(_posted(request), taken={e.name for e in entries})
    if request.method == "POST" and form.is_valid():
        services_care.catalogue_add(by=user, kind=kind, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        messages.success(request, _("It is added to the list."))
        return redirect(f"casework:care-{kind}")
    return render(
        request,
        "casework/care_list.html",
        {"kind": kind, "title": LIST_TITLES[kind], "entries": entries, "form": form},
    )


@permission_required(Permission.CARE_LISTS_MANAGE)
@require_http_methods(["GET", "POST"])
def care_list_entry(request: HttpRequest, kind: str, code: UUID) -> HttpResponse:
    user = request.user
    entry = selectors_care.catalogue_entry(kind, code)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    others = {e.name for e in selectors_care.catalogue(kind) if e.pk != entry.pk}
    form = CatalogueNameForm(
        request.POST if action == "rename" else None, taken=others, initial={"name": entry.name}
    )
    if action == "rename" and form.is_valid():
        services_care.catalogue_rename(by=user, entry=entry, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        messages.success(request, _("The name is changed."))
        return redirect(f"casework:care-{kind}")
    if action in {"retire", "restore"}:
        services_care.catalogue_retire(by=user, entry=entry, retired=action == "retire")  # type: ignore[arg-type]
        messages.success(
            request,
            _("It is retired: it is no longer offered.")
            if action == "retire"
            else _("It is offered again."),
        )
        return redirect(f"casework:care-{kind}")
    return render(
        request,
        "casework/care_list_entry.html",
        {"kind": kind, "title": LIST_TITLES[kind], "entry": entry, "form": form},
    )
