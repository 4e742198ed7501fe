"""The reach report's pages: the tables and the chart, and the same tables as CSV and as a
spreadsheet. A bad period shows the error summary and reads nothing. Community workers and
managers see their teams' figures exactly; the analyst sees every team's with small
numbers suppressed; anyone else gets 404 (`selectors_report.viewer`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.community import selectors_report as selectors
from littleminds.community.charts import reach_chart
from littleminds.community.forms_report import ReachFilterForm
from littleminds.community.spreadsheet import as_csv, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
View = Callable[..., HttpResponse]


def reach_allowed(view: View) -> View:
    """Signed-in people who run community messaging for a team, or who see reach across
    teams; 404 for everyone else, and sign-in for visitors."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (
            request.user.has_perm(Permission.COMMUNITY_MANAGE)
            or request.user.has_perm(Permission.COMMUNITY_REACH_VIEW)
        ):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


Period = tuple[date, date, Team | None]


def _filter(request: HttpRequest) -> tuple[ReachFilterForm, Period | None]:
    """The period and team asked for, or the last 12 months of every team when none is;
    None when the filter is bad."""
    teams = selectors.viewer(_user(request)).teams
    if not ReachFilterForm.asked(request.GET):
        start, end = selectors.default_period()
        form = ReachFilterForm(initial={"start": start, "end": end}, teams=teams)
        return form, (start, end, None)
    form = ReachFilterForm(request.GET, teams=teams)
    if not form.is_valid():
        return form, None
    return form, (form.cleaned_data["start"], form.cleaned_data["end"], form.chosen_team())


def _query(period: Period) -> str:
    start, end, team = period
    values = {"start": start.isoformat(), "end": end.isoformat()}
    if team is not None:
        values["team"] = str(team.code)
    return urlencode(values)


def _page(request: HttpRequest, form: ReachFilterForm, period: Period | None) -> HttpResponse:
    report = None
    downloads: dict[str, str] = {}
    chart = None
    if period is not None:
        start, end, team = period
        report = selectors.report(by=_user(request), start=start, end=end, team=team)
        chart = reach_chart(report)
        query = _query(period)
        downloads = {
            "csv": f"{reverse('community:reach-csv')}?{query}",
            "xlsx": f"{reverse('community:reach-xlsx')}?{query}",
        }
    return render(
        request,
        "community/reach/report.html",
        {"form": form, "report": report, "chart": chart, "downloads": downloads},
        status=200 if period is not None else 400,
    )


@reach_allowed
@require_GET
def reach(request: HttpRequest) -> HttpResponse:
    form, period = _filter(request)
    return _page(request, form, period)


def _file_name(period: Period, extension: str) -> str:
    start, end, _team = period
    return f"community-reach-{start.isoformat()}-to-{end.isoformat()}.{extension}"


@reach_allowed
@require_GET
def reach_csv(request: HttpRequest) -> HttpResponse:
    form, period = _filter(request)
    if period is None:
        return _page(request, form, None)
    start, end, team = period
    report = selectors.report(by=_user(request), start=start, end=end, team=team, downloaded="csv")
    response = HttpResponse(as_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(period, "csv")}"'
    return response


@reach_allowed
@require_GET
def reach_xlsx(request: HttpRequest) -> HttpResponse:
    form, period = _filter(request)
    if period is None:
        return _page(request, form, None)
    start, end, team = period
    report = selectors.report(by=_user(request), start=start, end=end, team=team, downloaded="xlsx")
    response = HttpResponse(workbook(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(period, "xlsx")}"'
    return response
