"""The insights report: every page's figures for one period on one printable page
(`report`), and the same as a PDF (`report_pdf`), audited as an export. Who sees what is as
on the pages (`access.viewer`): exact for one's own teams, suppressed as soon as another
team is in it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from littleminds.insights import report as reports
from littleminds.insights.access import Viewer
from littleminds.insights.services import export_audited
from littleminds.insights.views import _user, about, insights_allowed, query_of, resolve


@insights_allowed
@require_GET
def report(request: HttpRequest, seen: Viewer) -> HttpResponse:
    form, filters = resolve(request, seen, compares=True)
    made: reports.Report | None = None
    pdf_url = ""
    if filters is not None:
        made = reports.build(filters, suppressed=seen.suppressed_for(list(filters.teams)))
        pdf_url = f"{reverse('insights:report-pdf')}?{query_of(filters)}"
    return render(
        request,
        "insights/report.html",
        {
            "form": form,
            "filters": filters,
            "report": made,
            "about": about(made.filters, suppressed=made.suppressed) if made else [],
            "suppressed": made.suppressed if made else seen.suppressed_for(seen.teams),
            "pdf_url": pdf_url,
        },
        status=200 if filters is not None else 400,
    )


@insights_allowed
@require_GET
def report_pdf(request: HttpRequest, seen: Viewer) -> HttpResponse:
    _form, filters = resolve(request, seen, compares=True)
    if filters is None:
        # A bad filter shows the report's page, with its error summary.
        return report(request)
    made = reports.build(filters, suppressed=seen.suppressed_for(list(filters.teams)))
    export_audited(
        by=_user(request), what="report", form="pdf", filters=filters, suppressed=made.suppressed
    )
    response = HttpResponse(
        reports.as_pdf(made, about(filters, suppressed=made.suppressed)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{reports.file_name(filters)}"'
    return response
