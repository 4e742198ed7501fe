"""The training reports for the team's training managers: a period, the tables, and the
same tables as a spreadsheet. A bad period shows the error summary and reads nothing."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.core.periods import PeriodForm
from littleminds.training import selectors_reports as selectors
from littleminds.training.spreadsheet import workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _period(request: HttpRequest) -> tuple[PeriodForm, tuple[date, date] | None]:
    """The period asked for, or the last 12 months when none is; None when it is bad."""
    if not PeriodForm.asked(request.GET):
        start, end = selectors.default_period()
        return PeriodForm(initial={"start": start, "end": end}), (start, end)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, (form.cleaned_data["start"], form.cleaned_data["end"])


def _page(request: HttpRequest, form: PeriodForm, period: tuple[date, date] | None) -> HttpResponse:
    report = None
    download = ""
    if period is not None:
        report = selectors.report(by=_user(request), start=period[0], end=period[1])
        query = f"start={period[0].isoformat()}&end={period[1].isoformat()}"
        download = f"{reverse('training:report-download')}?{query}"
    return render(
        request,
        "training/reports.html",
        {"form": form, "report": report, "download": download},
    )


@permission_required(Permission.TRAINING_MANAGE)
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    return _page(request, form, period)


@permission_required(Permission.TRAINING_MANAGE)
@require_GET
def report_download(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    if period is None:
        return _page(request, form, None)
    start, end = period
    report = selectors.report(by=_user(request), start=start, end=end, downloaded=True)
    response = HttpResponse(workbook(report), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="training-report-{start.isoformat()}-to-{end.isoformat()}.xlsx"'
    )
    return response
