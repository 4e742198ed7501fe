"""The exchange part's pages: importing a REFI-QDA project or codebook made by another tool,
and what the import took. Only a study's lead researchers import (ADR 0045)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.evaluation.forms_exchange import ImportForm
from littleminds.evaluation.models import Study
from littleminds.evaluation.selectors import is_lead, study_for_researcher
from littleminds.evaluation.services_exchange import import_plan
from littleminds.evaluation.views import signed_in

# Where the last import's result waits for its page (counts and names of codes, sources and
# the other tool's users; no transcript's words).
RESULT_KEY = "evaluation_import_result"


def _study_for_import(request: HttpRequest, code: UUID) -> Study:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    if not is_lead(user, study):
        raise Http404
    return study


@login_required
@require_http_methods(["GET", "POST"])
def exchange_import(request: HttpRequest, code: UUID) -> HttpResponse:
    study = _study_for_import(request, code)
    posted = request.method == "POST"
    form = ImportForm(
        request.POST if posted else None, request.FILES if posted else None, study=study
    )
    if posted and form.is_valid():
        assert form.plan is not None
        try:
            result = import_plan(
                by=signed_in(request),
                study=study,
                plan=form.plan,
                time_point=form.cleaned_data["time_point"],
                method=form.cleaned_data["method"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[RESULT_KEY] = {"study": str(study.code), **result.as_session()}
            messages.success(request, _("The file is imported."))
            return redirect("evaluation:exchange-import-done", code=study.code)
    return render(
        request,
        "evaluation/exchange_import.html",
        {"study": study, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def exchange_import_done(request: HttpRequest, code: UUID) -> HttpResponse:
    study = _study_for_import(request, code)
    result = request.session.get(RESULT_KEY)
    if not result or result.get("study") != str(study.code):
        return redirect("evaluation:exchange-import", code=study.code)
    return render(
        request, "evaluation/exchange_import_done.html", {"study": study, "result": result}
    )
