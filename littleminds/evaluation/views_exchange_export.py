"""The exchange part's downloads, for a study's researchers only (404 to anyone else): the
codebook as a REFI-QDA `.qdc` file and the whole project as a `.qdpx`, to open in NVivo,
ATLAS.ti, MAXQDA or QualCoder. Every download is audited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from littleminds.evaluation import exchange_export
from littleminds.evaluation.models import Study
from littleminds.evaluation.selectors import study_for_researcher
from littleminds.evaluation.services_exchange_export import codebook_exported, project_exported
from littleminds.evaluation.views import signed_in


def _file_stem(study: Study) -> str:
    return slugify(study.title)[:60].strip("-") or "study"


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def codebook_qdc(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    if not exchange_export.has_codes(study):
        messages.info(request, _("The codebook has no codes yet, so there is nothing to download."))
        return redirect("evaluation:study", code=study.code)
    content = exchange_export.codebook_qdc(study)
    name = f"{_file_stem(study)}-codebook.qdc"
    codebook_exported(by=user, study=study, file_name=name, codes=study.codes.count())
    return _attachment(content, "application/xml", name)


@login_required
@require_GET
def project_qdpx(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    export = exchange_export.project_export(study)
    content = exchange_export.project_qdpx(export)
    name = f"{_file_stem(study)}.qdpx"
    project_exported(
        by=user,
        study=study,
        file_name=name,
        sources=len(export.sources),
        codings=export.codings,
        memos=len(export.memos),
        cases=len(export.participants),
    )
    return _attachment(content, "application/zip", name)
