"""The analysis part's pages, for a study's researchers only: retrieval of a code's
passages (and their CSV and Word files), the matrix (and its CSV and spreadsheet), and the
agreement between two coders with a side-by-side view of a transcript."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from littleminds.directory.models import Ring
from littleminds.evaluation.exports_analysis import (
    CSV,
    DOCX,
    XLSX,
    matrix_csv,
    matrix_export_audited,
    matrix_xlsx,
    passages_csv,
    passages_docx,
)
from littleminds.evaluation.forms_analysis import (
    CoderPairForm,
    MatrixForm,
    PassageFilterForm,
    SideBySideForm,
)
from littleminds.evaluation.models import Code, Participant, Study
from littleminds.evaluation.retrieval import PassageFilters
from littleminds.evaluation.selectors import study_for_researcher
from littleminds.evaluation.selectors_analysis import (
    agreement,
    code_of,
    codebook_rows,
    coders_of,
    default_pair,
    matrix,
    retrieve,
    side_by_side,
    transcript_for_agreement,
)
from littleminds.evaluation.views import signed_in


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _filters_about(study: Study, node: Code, subcodes: bool, filters: PassageFilters) -> list:
    groups = dict(Participant.Group.choices)
    return [
        (_("Study"), study.title),
        (_("Code"), node.name),
        (_("Sub-codes"), _("included") if subcodes else _("not included")),
        (_("Group"), str(groups.get(filters.group, _("Any group")))),
        (_("Time point"), filters.time_point.label if filters.time_point else _("Any time point")),
        (_("Organisation's ring"), str(dict(Ring.choices).get(filters.ring, _("Any ring")))),
        (
            _("Coded by"),
            (filters.coder.full_name or filters.coder.email) if filters.coder else _("Every coder"),
        ),
        (_("Not for sharing"), _("Research data for the study's researchers only")),
    ]


@login_required
@require_GET
def retrieval_codes(request: HttpRequest, code: str) -> HttpResponse:
    study = study_for_researcher(signed_in(request), code)
    return render(
        request,
        "evaluation/retrieval_codes.html",
        {"study": study, "rows": codebook_rows(study)},
    )


def _retrieval(request: HttpRequest, code: str, node: str, export: str = "") -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    chosen = code_of(study, node)
    form = PassageFilterForm(request.GET, study=study, coders=coders_of(study))
    found = None
    if form.is_valid():
        subcodes = form.cleaned_data["subcodes"]
        filters = form.filters()
        found = retrieve(
            by=user, study=study, node=chosen, subcodes=subcodes, filters=filters, export=export
        )
        about = _filters_about(study, chosen, subcodes, filters)
        if export == "csv":
            return _attachment(passages_csv(found, about), CSV, "passages.csv")
        if export == "docx":
            title = _("Passages coded “%(code)s”") % {"code": chosen.name}
            return _attachment(
                passages_docx(found, title=title, about=about), DOCX, "passages.docx"
            )
    query = request.GET.urlencode()
    return render(
        request,
        "evaluation/retrieval.html",
        {"study": study, "node": chosen, "form": form, "found": found, "query": query},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def retrieval(request: HttpRequest, code: str, node: str) -> HttpResponse:
    return _retrieval(request, code, node)


@login_required
@require_GET
def retrieval_csv(request: HttpRequest, code: str, node: str) -> HttpResponse:
    return _retrieval(request, code, node, export="csv")


@login_required
@require_GET
def retrieval_docx(request: HttpRequest, code: str, node: str) -> HttpResponse:
    return _retrieval(request, code, node, export="docx")


def _matrix(request: HttpRequest, code: str, export: str = "") -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    form = MatrixForm(request.GET, coders=coders_of(study))
    table = None
    if form.is_valid():
        coder = form.chosen_coder()
        table = matrix(study, coder=coder)
        about = [
            (_("Study"), study.title),
            (
                _("Coded by"),
                (coder.full_name or coder.email) if coder else _("Every coder"),
            ),
            (_("Not for sharing"), _("Research data for the study's researchers only")),
        ]
        if export:
            matrix_export_audited(by=user, study=study, coder=coder, form=export)
        if export == "csv":
            return _attachment(matrix_csv(table, about), CSV, "matrix.csv")
        if export == "xlsx":
            return _attachment(matrix_xlsx(table, about), XLSX, "matrix.xlsx")
    return render(
        request,
        "evaluation/matrix.html",
        {"study": study, "form": form, "table": table, "query": request.GET.urlencode()},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def matrix_page(request: HttpRequest, code: str) -> HttpResponse:
    return _matrix(request, code)


@login_required
@require_GET
def matrix_download_csv(request: HttpRequest, code: str) -> HttpResponse:
    return _matrix(request, code, export="csv")


@login_required
@require_GET
def matrix_download_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    return _matrix(request, code, export="xlsx")


def _pair_form(
    request: HttpRequest, study: Study, form_class: type[CoderPairForm]
) -> CoderPairForm:
    """The form bound to the address's choice, or to the default pair when none is made."""
    coders = coders_of(study)
    if "a" in request.GET or "b" in request.GET:
        return form_class(request.GET, coders=coders)
    a, b = default_pair(study)
    if a is None or b is None:
        # No pair to offer (a study with one researcher): nothing was asked, so nothing is
        # in error, and the page's title does not say "Error:".
        return form_class(coders=coders)
    return form_class({"a": str(a.code), "b": str(b.code)}, coders=coders)


@login_required
@require_GET
def agreement_page(request: HttpRequest, code: str) -> HttpResponse:
    study = study_for_researcher(signed_in(request), code)
    enough = len(coders_of(study)) >= 2
    form = _pair_form(request, study, CoderPairForm)
    report = agreement(study, *form.pair()) if enough and form.is_valid() else None
    chosen = "a" in request.GET or "b" in request.GET
    return render(
        request,
        "evaluation/agreement.html",
        {
            "study": study,
            "form": form,
            "enough": enough,
            "report": report,
            "pair_query": (
                f"a={form.cleaned_data['a']}&b={form.cleaned_data['b']}" if report else ""
            ),
        },
        status=400 if enough and chosen and form.errors else 200,
    )


@login_required
@require_GET
def agreement_transcript(request: HttpRequest, code: str, transcript: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    found = transcript_for_agreement(study, transcript)
    enough = len(coders_of(study)) >= 2
    form = _pair_form(request, study, SideBySideForm)
    rows = None
    differences = False
    if enough and form.is_valid():
        a, b = form.pair()
        rows = side_by_side(by=user, study=study, transcript=found, a=a, b=b)
        differences = form.cleaned_data["differences"]
        if differences:
            rows = [row for row in rows if row.differs]
    chosen = "a" in request.GET or "b" in request.GET
    return render(
        request,
        "evaluation/agreement_transcript.html",
        {
            "study": study,
            "transcript": found,
            "form": form,
            "enough": enough,
            "rows": rows,
            "differences": differences,
            "coder_a": form.coders.get(form.cleaned_data.get("a", ""))
            if rows is not None
            else None,
            "coder_b": form.coders.get(form.cleaned_data.get("b", ""))
            if rows is not None
            else None,
        },
        status=400 if enough and chosen and form.errors else 200,
    )
