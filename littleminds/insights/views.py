"""The insights pages: the three questions (`home`), any registered page with its filter,
tables and charts (`page`), and its tables as CSV or XLSX (`download`). Anyone without a
team to see gets 404 (`access.viewer`); a bad filter shows the error summary and reads
nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.core import caching
from littleminds.directory.models import Ring
from littleminds.insights import exports
from littleminds.insights.access import Viewer, viewer
from littleminds.insights.charts import charts_of
from littleminds.insights.forms import InsightsFilterForm
from littleminds.insights.pages import PAGES, QUESTIONS, Filters, Page, ordered
from littleminds.insights.services import export_audited
from littleminds.insights.tables import Disclosed

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def insights_allowed(view: View) -> View:
    """Signed-in people with a team to see; 404 for everyone else."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seen = viewer(_user(request))
        if not seen.allowed:
            raise Http404
        return view(request, seen, *args, **kwargs)

    return login_required(wrapped)


def _may_see_insights(user: User) -> bool:
    return user.has_perm(Permission.INSIGHTS_VIEW) or user.has_perm(
        Permission.INSIGHTS_COMMISSIONED
    )


def default_period(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - relativedelta(years=1) + relativedelta(days=1), today


def resolve(
    request: HttpRequest, seen: Viewer, *, compares: bool = False
) -> tuple[InsightsFilterForm, Filters | None]:
    """The filter as asked (the last 12 months of every team the reader sees unless asked),
    and the filters it gives, or None when it is bad."""
    if not InsightsFilterForm.asked(request.GET):
        start, end = default_period()
        form = InsightsFilterForm(
            initial={"start": start, "end": end}, teams=seen.teams, compares=compares
        )
        return form, Filters(start=start, end=end, teams=tuple(seen.teams))
    form = InsightsFilterForm(request.GET, teams=seen.teams, compares=compares)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, Filters(
        start=data["start"],
        end=data["end"],
        teams=tuple(form.chosen_teams()),
        ring=data.get("ring") or "",
        organisation=form.chosen_organisation(),
        compare=form.chosen_compare() if compares else None,
    )


def query_of(filters: Filters) -> str:
    values = {"start": filters.start.isoformat(), "end": filters.end.isoformat()}
    if len(filters.teams) == 1:
        values["team"] = str(filters.teams[0].code)
    if filters.ring:
        values["ring"] = filters.ring
    if filters.organisation is not None:
        values["organisation"] = filters.organisation.name
    if filters.compare:
        values["first"], values["second"] = (str(s.code) for s in filters.compare)
    return urlencode(values)


def about(filters: Filters, *, suppressed: bool) -> list[tuple[str, str]]:
    """What a download's figures cover, in words, at its top."""
    rows = [
        (_("From"), date_format(filters.start, "j F Y")),
        (_("To"), date_format(filters.end, "j F Y")),
        (_("Teams"), ", ".join(team.name for team in filters.teams)),
    ]
    if filters.ring:
        rows.append((_("Ring of the system map"), str(Ring(filters.ring).label)))
    if filters.organisation is not None:
        rows.append((_("Organisation"), filters.organisation.name))
    if filters.compare:
        rows.append((_("Time points compared"), " – ".join(s.label for s in filters.compare)))
    rows.append(
        (
            _("Small numbers"),
            _(
                "Counts from 1 to 7 are shown as *, other counts are rounded to the nearest 5,"
                " and totals are added up from the figures shown."
            )
            if suppressed
            else _("Exact figures for your team: not for sharing outside it."),
        )
    )
    return rows


def built(page: Page, filters: Filters, seen: Viewer) -> tuple[list[Disclosed], bool]:
    """The page's tables as this reader may see them, and whether they are suppressed."""
    suppressed = seen.suppressed_for(list(filters.teams))
    return page.disclosed(filters, suppressed=suppressed), suppressed


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The three questions and their pages. An analyst whose account no commissioning body
    has taken on yet is told so (the menu leads here); anyone else without a team gets 404."""
    user = _user(request)
    if not _may_see_insights(user):
        raise Http404
    seen = viewer(user)
    questions = [
        (key, words, [page for page in ordered() if page.question == key])
        for key, words in QUESTIONS.items()
    ]
    return render(
        request,
        "insights/home.html",
        {"questions": questions, "seen": seen, "suppressed": seen.suppressed_for(seen.teams)},
    )


def _page(slug: str) -> Page:
    page = PAGES.get(slug)
    if page is None:
        raise Http404
    return page


@insights_allowed
@require_GET
def page(request: HttpRequest, seen: Viewer, slug: str) -> HttpResponse:
    shown = _page(slug)
    form, filters = resolve(request, seen, compares=shown.compares)
    figures = ""
    if filters is not None:
        suppressed = seen.suppressed_for(list(filters.teams))
        # Drawn once for everyone who would see them the same (ADR 0060).
        figures = caching.cached(
            shown.cache_key(filters, suppressed=suppressed, kind="drawn"),
            lambda: drawn(shown, filters, suppressed=suppressed),
        )
    else:
        suppressed = seen.suppressed_for(seen.teams)
    return render(
        request,
        "insights/page.html",
        {
            "page": shown,
            "question": QUESTIONS[shown.question],
            "form": form,
            "filters": filters,
            "figures": figures,
            "suppressed": suppressed,
        },
        status=200 if filters is not None else 400,
    )


def drawn(shown: Page, filters: Filters, *, suppressed: bool) -> str:
    """A page's figures as drawn: its drawing, and each table with its chart and download."""
    tables = shown.disclosed(filters, suppressed=suppressed)
    query = query_of(filters)
    downloads = {
        table.key: f"{reverse('insights:csv', args=[shown.slug, table.key])}?{query}"
        for table in tables
    }
    downloads["xlsx"] = f"{reverse('insights:xlsx', args=[shown.slug])}?{query}"
    return render_to_string(
        "insights/_figures.html",
        {
            "tables": tables,
            "charts": charts_of(shown.charts, tables),
            "figure": shown.figure(filters, tables) if shown.figure is not None else None,
            "downloads": downloads,
        },
    )


def _file_name(slug: str, filters: Filters, extension: str) -> str:
    return f"insights-{slug}-{filters.start.isoformat()}-to-{filters.end.isoformat()}.{extension}"


@insights_allowed
@require_GET
def download_csv(request: HttpRequest, seen: Viewer, slug: str, table: str) -> HttpResponse:
    shown = _page(slug)
    _form, filters = resolve(request, seen, compares=shown.compares)
    if filters is None:
        return page(request, slug)
    tables, suppressed = built(shown, filters, seen)
    chosen = next((t for t in tables if t.key == table), None)
    if chosen is None:
        raise Http404
    export_audited(
        by=_user(request),
        what=f"{slug}/{table}",
        form="csv",
        filters=filters,
        suppressed=suppressed,
    )
    response = HttpResponse(
        exports.as_csv(chosen, about(filters, suppressed=suppressed)),
        content_type="text/csv; charset=utf-8",
    )
    name = _file_name(f"{slug}-{table}", filters, "csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@insights_allowed
@require_GET
def download_xlsx(request: HttpRequest, seen: Viewer, slug: str) -> HttpResponse:
    shown = _page(slug)
    _form, filters = resolve(request, seen, compares=shown.compares)
    if filters is None:
        return page(request, slug)
    tables, suppressed = built(shown, filters, seen)
    export_audited(
        by=_user(request), what=slug, form="xlsx", filters=filters, suppressed=suppressed
    )
    response = HttpResponse(
        exports.as_xlsx(tables, about(filters, suppressed=suppressed)), content_type=exports.XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(slug, filters, "xlsx")}"'
    return response
