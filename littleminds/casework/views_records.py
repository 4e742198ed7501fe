"""Pages to record a measure on a case (or correct one by replacing it) and to add and
complete its tasks. The team's clinicians and managers only; everyone else gets 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.roles import Permission
from littleminds.casework import selectors_records as records
from littleminds.casework import services, services_records
from littleminds.casework.forms_records import AdministrationForm, TaskDoneForm, TaskForm
from littleminds.casework.models_records import Administration
from littleminds.casework.views import _case_to_edit, _closed, _posted
from littleminds.measures.definitions import UnknownMeasure, measure_of
from littleminds.measures.scoring import InvalidAnswers


def _case_url(code: Any, part: str) -> str:
    return reverse("casework:case", kwargs={"code": code}) + part


def _recorded_message(administration: Administration) -> str:
    """What the clinician is told once a measure is recorded: when a risk item opened a
    risk task, which task, for whom, and a link to it on the case page."""
    task = records.risk_task_of(administration)
    if task is None:
        return _("The measure is recorded.")
    return format_html(
        _(
            "The measure is recorded. A risk item was answered above 0, so a risk task is "
            "open for {who}, due {day}: {task}"
        ),
        who=task.assigned_to.full_name,
        day=date_format(task.due_on, "j F Y"),
        task=format_html('<a href="{}">{}</a>', records.task_url(task), task.description),
    )


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def administration_add(
    request: HttpRequest, code: UUID, measure: str, replaces: UUID | None = None
) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    try:
        definition = measure_of(measure)
    except UnknownMeasure:
        raise Http404 from None
    if not found.is_open:
        return _closed(request, found)
    earlier: Administration | None = None
    if replaces is not None:
        earlier = records.administration_for_case(case=found, code=replaces)
        if earlier.measure != measure or hasattr(earlier, "replaced_by"):
            raise Http404
    form = AdministrationForm(
        _posted(request),
        measure=definition,
        people=list(found.people.all()),
        opened_on=found.opened_on,
        replacing=earlier is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            administration = services_records.administration_record(
                by=user,
                case=found,
                measure=measure,
                on=form.cleaned_data["on"],
                items=form.items,
                answered_by=form.chosen_person(),
                replaces=earlier,
                reason=form.cleaned_data.get("reason", ""),
            )
        except InvalidAnswers as invalid:
            form.add_error(None, "; ".join(invalid.errors.values()))
        except services.NotAllowed:
            messages.error(request, _("Nothing was saved: the case changed meanwhile."))
            return redirect(_case_url(found.code, "#measures"))
        else:
            messages.success(request, _recorded_message(administration))
            return redirect(_case_url(found.code, "#measures"))
    return render(
        request,
        "casework/administration.html",
        {"case": found, "form": form, "measure": definition, "earlier": earlier},
    )


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def task_add(request: HttpRequest, code: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    if not found.is_open:
        return _closed(request, found)
    form = TaskForm(_posted(request), case=found)
    if request.method == "POST" and form.is_valid():
        services_records.task_add(
            by=user,
            case=found,
            assigned_to=form.chosen(),
            due_on=form.cleaned_data["due_on"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("The task is added."))
        return redirect(_case_url(found.code, "#tasks"))
    return render(request, "casework/task.html", {"case": found, "form": form, "task": None})


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def task_done(request: HttpRequest, code: UUID, task: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    chosen = records.task_for_case(case=found, code=task)
    if chosen.is_done:
        messages.error(request, _("This task is done already."))
        return redirect(_case_url(found.code, "#tasks"))
    form = TaskDoneForm(_posted(request), risk=chosen.kind == chosen.Kind.RISK)
    if request.method == "POST" and form.is_valid():
        try:
            services_records.task_complete(by=user, task=chosen, note=form.cleaned_data["note"])
        except (services.NotAllowed, ValidationError):
            messages.error(request, _("Nothing was saved: the task was done meanwhile."))
        else:
            messages.success(request, _("The task is done."))
        return redirect(_case_url(found.code, "#tasks"))
    return render(request, "casework/task.html", {"case": found, "form": form, "task": chosen})
