"""The participants part's pages: a study's participants (add, change, withdraw), the names
pseudonymisation looks for and the study's researchers (its leads only), and Table 1 (open
to the managers of the team the study evaluates too)."""

from __future__ import annotations

import csv
import io
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.models import User
from littleminds.core.spreadsheets import formula_safe
from littleminds.evaluation.forms_participants import (
    ListedNameForm,
    ParticipantForm,
    ResearcherForm,
    WithdrawForm,
)
from littleminds.evaluation.models import Study
from littleminds.evaluation.selectors import (
    is_lead,
    is_researcher,
    researchers_of,
    study_for_overview,
    study_for_researcher,
)
from littleminds.evaluation.selectors_participants import (
    Table1,
    listed_name_of,
    listed_names_of,
    organisation_names,
    participant_of,
    participants_of,
    researcher_of,
    table1,
    time_points_of,
)
from littleminds.evaluation.services_participants import (
    listed_name_add,
    listed_name_change,
    listed_name_remove,
    participant_add,
    participant_change,
    participant_withdraw,
    researcher_add,
    researcher_remove,
    researcher_set_lead,
    table1_downloaded,
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# The POST-only views check who asks before the method, so that an outsider learns nothing
# (404) and only the study's leads are told that the address wants a form (405).


def _lead_study(user: User, code: str) -> Study:
    """The study, for its lead researchers; 404 for everyone else, its other researchers
    included (they need not know what the lead's pages hold)."""
    study = study_for_researcher(user, code)
    if not is_lead(user, study):
        raise Http404
    return study


def _form_page(
    request: HttpRequest, template: str, form: Form, context: dict[str, object]
) -> HttpResponse:
    return render(
        request,
        template,
        {"form": form, **context},
        status=400 if form.is_bound and form.errors else 200,
    )


def _refused(form: Form, error: ValidationError) -> None:
    """A service's refusal, shown like the form's own messages."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# Participants ------------------------------------------------------------------------------


@login_required
@require_GET
def participants(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    study = study_for_researcher(user, code)
    return render(
        request,
        "evaluation/participants.html",
        {
            "study": study,
            "participants": participants_of(study),
            "time_points": time_points_of(study),
            "lead": is_lead(user, study),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_new(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    study = study_for_researcher(user, code)
    form = ParticipantForm(request.POST or None, study=study, time_points=time_points_of(study))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = participant_add(
                by=user,
                study=study,
                label=data["label"],
                group=data["group"],
                organisation=data["organisation"],
                consent_on=data["consent_on"],
                information_sheet_version=data["information_sheet_version"],
                takes=form.takes(),
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("%(label)s is added.") % {"label": added.label})
            return redirect("evaluation:participants", code=study.code)
    return _form_page(
        request,
        "evaluation/participant_form.html",
        form,
        {"study": study, "participant": None, "organisation_names": organisation_names()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, code: str, participant: str) -> HttpResponse:
    user = _user(request)
    study = study_for_researcher(user, code)
    found = participant_of(study, participant)
    form = ParticipantForm(
        request.POST or None, study=study, time_points=time_points_of(study), participant=found
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            participant_change(
                by=user,
                participant=found,
                label=data["label"],
                group=data["group"],
                organisation=data["organisation"],
                consent_on=data["consent_on"],
                information_sheet_version=data["information_sheet_version"],
                takes=form.takes(),
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The participant's details are saved."))
            return redirect("evaluation:participants", code=study.code)
    return _form_page(
        request,
        "evaluation/participant_form.html",
        form,
        {"study": study, "participant": found, "organisation_names": organisation_names()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_withdraw_page(request: HttpRequest, code: str, participant: str) -> HttpResponse:
    user = _user(request)
    study = study_for_researcher(user, code)
    found = participant_of(study, participant)
    if found.withdrawn:
        messages.info(request, _("%(label)s has already withdrawn.") % {"label": found.label})
        return redirect("evaluation:participants", code=study.code)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant_withdraw(by=user, participant=found, note=form.cleaned_data["note"])
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("%(label)s has withdrawn. What they said has left the analysis and exports.")
                % {"label": found.label},
            )
            return redirect("evaluation:participants", code=study.code)
    return _form_page(
        request,
        "evaluation/participant_withdraw.html",
        form,
        {"study": study, "participant": found},
    )


# Listed names (lead researchers only) -------------------------------------------------------


@login_required
@require_GET
def names(request: HttpRequest, code: str) -> HttpResponse:
    study = _lead_study(_user(request), code)
    return render(
        request, "evaluation/names.html", {"study": study, "names": listed_names_of(study)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def name_new(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    study = _lead_study(user, code)
    form = ListedNameForm(request.POST or None, study=study)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            listed_name_add(
                by=user,
                study=study,
                kind=data["kind"],
                text=data["text"],
                replacement=data["replacement"],
                participant=form.chosen_participant(),
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The name is listed."))
            return redirect("evaluation:participants-names", code=study.code)
    return _form_page(
        request, "evaluation/names_form.html", form, {"study": study, "listed_name": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def name_edit(request: HttpRequest, code: str, listed_name: str) -> HttpResponse:
    user = _user(request)
    study = _lead_study(user, code)
    found = listed_name_of(study, listed_name)
    form = ListedNameForm(request.POST or None, study=study, name=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            listed_name_change(
                by=user,
                name=found,
                kind=data["kind"],
                text=data["text"],
                replacement=data["replacement"],
                participant=form.chosen_participant(),
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The name is changed."))
            return redirect("evaluation:participants-names", code=study.code)
    return _form_page(
        request, "evaluation/names_form.html", form, {"study": study, "listed_name": found}
    )


@login_required
def name_remove(request: HttpRequest, code: str, listed_name: str) -> HttpResponse:
    user = _user(request)
    study = _lead_study(user, code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    listed_name_remove(by=user, name=listed_name_of(study, listed_name))
    messages.success(request, _("The name is no longer listed."))
    return redirect("evaluation:participants-names", code=study.code)


# The study's researchers (lead researchers only) --------------------------------------------


def _researchers_page(
    request: HttpRequest, study: Study, form: ResearcherForm, problem: str = ""
) -> HttpResponse:
    return render(
        request,
        "evaluation/researchers.html",
        {"study": study, "form": form, "members": researchers_of(study), "problem": problem},
        status=400 if (form.is_bound and form.errors) or problem else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def researchers(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    study = _lead_study(user, code)
    form = ResearcherForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = researcher_add(
                by=user,
                study=study,
                user=form.cleaned_data["email"],
                lead=form.cleaned_data["lead"],
            )
        except ValidationError as error:
            form.add_error("email", error.messages)
        else:
            messages.success(
                request,
                _("%(name)s is a researcher of the study.")
                % {"name": member.user.full_name or member.user.email},
            )
            return redirect("evaluation:participants-researchers", code=study.code)
    return _researchers_page(request, study, form)


@login_required
def researcher_lead(request: HttpRequest, code: str) -> HttpResponse:
    """Make a researcher lead, or not (`lead` is "yes" or "no"); the researcher is named by
    their account's code in the form, as the addresses carry no one's identity."""
    user = _user(request)
    study = _lead_study(user, code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member = researcher_of(study, _code_in(request))
    try:
        researcher_set_lead(by=user, member=member, lead=request.POST.get("lead") == "yes")
    except ValidationError as error:
        return _researchers_page(request, study, ResearcherForm(), " ".join(error.messages))
    messages.success(request, _("The study's researchers are saved."))
    if member.user == user and not is_lead(user, study):
        return redirect("evaluation:study", code=study.code)
    return redirect("evaluation:participants-researchers", code=study.code)


@login_required
def researcher_remove_view(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    study = _lead_study(user, code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member = researcher_of(study, _code_in(request))
    try:
        researcher_remove(by=user, member=member)
    except ValidationError as error:
        return _researchers_page(request, study, ResearcherForm(), " ".join(error.messages))
    messages.success(request, _("The researcher is taken off the study."))
    if member.user == user:
        return redirect("evaluation:home")
    return redirect("evaluation:participants-researchers", code=study.code)


def _code_in(request: HttpRequest) -> str:
    """The researcher's code from the form; anything that is not a code is no one (404)."""
    try:
        return str(uuid.UUID(request.POST.get("researcher", "")))
    except ValueError:
        raise Http404 from None


# Table 1 (researchers and the managers of the study's team) ---------------------------------


@login_required
@require_GET
def table(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    study = study_for_overview(user, code)
    return render(
        request,
        "evaluation/table1.html",
        {"study": study, "table": table1(study), "researcher": is_researcher(user, study)},
    )


def table1_rows(table: Table1) -> list[list[object]]:
    """Table 1 as the CSV's rows: the participants by group, then by method."""
    points = [point.label for point in table.time_points]
    rows: list[list[object]] = [
        [_("Group number"), _("Group"), *[_("Number at %(t)s") % {"t": p} for p in points]]
    ]
    for row in table.by_group:
        rows.append([row.number, row.label, *[_("n/a") if c is None else c for c in row.cells]])
    rows.append(["", _("Total"), *table.group_totals])
    rows.append([])
    rows.append(["", _("Method"), *[_("Number at %(t)s") % {"t": p} for p in points]])
    for row in table.by_method:
        rows.append(["", row.label, *row.cells])
    rows.append(["", _("Total"), *table.method_totals])
    rows.append([])
    rows.append(
        [
            "",
            _(
                "n/a: nobody from the group took part at that time point. Withdrawn "
                "participants are not counted: %(n)s withdrew."
            )
            % {"n": table.withdrawn},
        ]
    )
    return rows


@login_required
@require_GET
def table_csv(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    study = study_for_overview(user, code)
    built = table1(study)
    table1_downloaded(by=user, study=study)
    out = io.StringIO()
    writer = csv.writer(out)
    for row in table1_rows(built):
        writer.writerow([formula_safe(cell) for cell in row])
    # A byte-order mark, so that Excel reads the file as UTF-8 (as the insights' files do).
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="table-1-participants.csv"'
    return response
