"""The figures part: the insights' embeddedness figures beside the qualitative work, as a
page and as a CSV file, for the study's researchers only (404 to anyone else). Every
download is audited."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from littleminds.core.spreadsheets import formula_safe
from littleminds.evaluation.models import Study
from littleminds.evaluation.selectors import study_for_researcher
from littleminds.evaluation.selectors_figures import StudyFigures, figures_of, period_words
from littleminds.evaluation.services_figures import figures_exported
from littleminds.evaluation.views import signed_in
from littleminds.insights.tables import Shown


@login_required
@require_GET
def figures(request: HttpRequest, code: str) -> HttpResponse:
    study = study_for_researcher(signed_in(request), code)
    return render(
        request, "evaluation/figures.html", {"study": study, "figures": figures_of(study)}
    )


def _cell(value: Shown) -> object:
    return "" if value is None else formula_safe(value)


def figures_csv_bytes(study: Study, found: StudyFigures) -> bytes:
    """Every table of the page as shown on it (suppressed), one after another, each with
    its caption, headings, rows and note."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Study"), _cell(study.title)])
    writer.writerow([_("Team"), _cell(study.team.name)])
    for point in found.points:
        writer.writerow([_cell(point.time_point.label), period_words(point.time_point)])
    writer.writerow(
        [
            _("Small numbers"),
            _(
                "Counts from 1 to 7 are shown as *, other counts are rounded to the nearest 5,"
                " and totals are added up from the figures shown."
            ),
        ]
    )
    for table in found.tables:
        writer.writerow([])
        writer.writerow([table.caption])
        writer.writerow(table.headings)
        for row in table.all_rows():
            writer.writerow([_cell(cell) for cell in row])
        if table.note:
            writer.writerow([table.note])
    # A byte-order mark, so that Excel reads the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@login_required
@require_GET
def figures_csv(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    found = figures_of(study)
    content = figures_csv_bytes(study, found)
    figures_exported(by=user, study=study, tables=len(found.tables))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="study-figures.csv"'
    return response
