from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from littleminds.accounts import services as accounts
from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.core.decorators import public
from littleminds.core.listing import filtered_listing
from littleminds.directory import cards, mapcsv, selectors, selectors_map, services, systemmap
from littleminds.directory.forms import (
    AreaForm,
    CompareForm,
    CoverageForm,
    EndCoverageForm,
    LinkForm,
    ManageSearchForm,
    MapAreaForm,
    NeedForm,
    OrganisationKindForm,
    OverlapFilterForm,
    OverlapReviewForm,
    SearchForm,
    ServiceForm,
    SnapshotForm,
    StatusForm,
)
from littleminds.directory.models import LANGUAGE_NAMES, AreaCoverage, Ring, ServiceLink


def _manager(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _can_manage(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.has_perm(Permission.DIRECTORY_MANAGE)


@public
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Anyone can search the directory; each result says why it matches. A search made
    before, since the directory last changed, is answered from the cache: its form and its
    results as they were drawn, keyed by the directory's generation, the language, the day
    and the query as sent, so it checks no form, reads no service and draws nothing
    (ADR 0046)."""
    query_string = request.GET.copy()
    query_string.pop("page", None)
    generation = selectors.search_generation() if request.GET else None
    key = generation and selectors.search_cache_key(
        "page",
        generation,
        language=get_language(),
        day=timezone.localdate().isoformat(),
        query=request.GET.urlencode(),
    )
    form = None

    def draw() -> tuple[str, str] | None:
        nonlocal form
        form = SearchForm(request.GET or None, needs=selectors.need_names(generation))
        if not (form.is_bound and form.is_valid()):
            return None
        data = form.cleaned_data
        query = selectors.SearchQuery(
            words=data["words"],
            age_months=data["age_months"],
            pregnant=data["pregnant"],
            postcode=data["postcode"],
            need=data["need"],
        )
        page = request.GET.get("page") or 1
        results = selectors.services_search(query, page=page, generation=generation)
        drawn = render_to_string(
            "directory/_search_results.html",
            {
                "results": results,
                # Drawn in Python, as the card's template would (ADR 0052).
                "cards": [cards.card(match) for match in results.matches],
                "query": query_string.urlencode(),
            },
        )
        return str(form), drawn

    drawn = selectors.search_cached(key or None, draw)
    context: dict[str, object] = {"form": form, "results": None, "query": query_string.urlencode()}
    if drawn is not None:
        # Drawn by the form's and our own templates, which escape what they show; kept in
        # the cache as text.
        context["form_html"] = mark_safe(drawn[0])  # noqa: S308
        context["results"] = mark_safe(drawn[1])  # noqa: S308
    return render(request, "directory/search.html", context)


@public
@require_GET
def service_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    manager = _can_manage(request)
    service = selectors.service_get(code=code, include_retired=manager)
    return render(
        request,
        "directory/service.html",
        {
            "service": service,
            "ages": selectors.describe_ages(service),
            "can_manage": manager,
            "languages": [LANGUAGE_NAMES.get(code, code) for code in service.languages],
            "stale": selectors.is_stale(service),
        },
    )


@public
@require_GET
def system_map(request: HttpRequest) -> HttpResponse:
    drawing, filters = _map_drawing(request)
    areas = selectors_map.areas_for_choice()
    return render(
        request,
        "directory/map.html",
        {
            "drawing": drawing,
            "filters": filters,
            "filters_needs": selectors.needs_for_choice(),
            "filters_areas": areas,
            "area_form": None if areas is not None else _map_area_form(request, filters),
            "filters_rings": Ring.choices,
            "filters_kinds": systemmap.kind_choices(),
            "query": request.GET.urlencode(),
            "unselected_query": _without(request, "service"),
            "page_query": _without(request, "page"),
            # The way back from a ring or kind of organisation to every group (ADR 0047).
            "every_group_query": _without(request, "ring", "kind", "service", "page"),
        },
    )


@public
@require_GET
def system_map_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every service the map's filters choose, at any size: written as it is read."""
    filters = systemmap.MapFilters.from_query(request.GET)
    response = StreamingHttpResponse(
        mapcsv.rows(filters.scope, base_url=request.build_absolute_uri("/")[:-1]),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="system-map-{timezone.localdate().isoformat()}.csv"'
    )
    return response


@public
@require_GET
def system_map_svg(request: HttpRequest) -> HttpResponse:
    drawing, _filters = _map_drawing(request)
    svg = render_to_string(
        "directory/map_svg.html",
        {"drawing": drawing, "standalone": True, "base_url": request.build_absolute_uri("/")[:-1]},
        request=request,
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="system-map-{timezone.localdate().isoformat()}.svg"'
    )
    return response


def _map_area_form(request: HttpRequest, filters: systemmap.MapFilters) -> MapAreaForm:
    """The area typed, when there are too many to list: the area chosen shown by its name
    (the map's links choose it by its key), or what was typed and not found, with why."""
    if "area" not in request.GET:
        return MapAreaForm(auto_id="map-%s")
    shown = filters.area.name if filters.area else request.GET["area"]
    form = MapAreaForm({"area": shown}, auto_id="map-%s")
    form.is_valid()
    return form


def _without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _map_drawing(
    request: HttpRequest,
) -> tuple[systemmap.Drawing | systemmap.GroupDrawing, systemmap.MapFilters]:
    filters = systemmap.MapFilters.from_query(request.GET)
    drawing = systemmap.build(filters, request.GET, with_conflicts=_can_manage(request))
    return drawing, filters


@permission_required(Permission.DIRECTORY_MANAGE)
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    listing = filtered_listing(request, ManageSearchForm, selectors.services_for_managers)
    stale = selectors.services_for_managers(stale=True).count()
    return render(request, "directory/manage.html", listing.context(stale_count=stale))


@permission_required(Permission.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def service_new(request: HttpRequest) -> HttpResponse:
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(by=_manager(request), fields=form.to_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is in the directory.") % {"name": service.name})
            return redirect("directory:service", code=service.code)
    return render(request, "directory/service_form.html", {"form": form, "service": None})


@permission_required(Permission.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    service = selectors.service_get(code=code, include_retired=True)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.service_update(
                by=_manager(request), service=service, fields=form.to_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(request, _("Your changes are saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("directory:service", code=service.code)
    return render(request, "directory/service_form.html", {"form": form, "service": service})


@permission_required(Permission.DIRECTORY_MANAGE)
@require_POST
def service_status(request: HttpRequest, code: UUID) -> HttpResponse:
    service = selectors.service_get(code=code, include_retired=True)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
    else:
        services.service_set_status(
            by=_manager(request), service=service, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("%(name)s is now %(status)s.")
            % {"name": service.name, "status": service.get_status_display().lower()},
        )
    return redirect("directory:service", code=service.code)


@permission_required(Permission.DIRECTORY_MANAGE)
@require_POST
def service_confirm(request: HttpRequest, code: UUID) -> HttpResponse:
    service = selectors.service_get(code=code, include_retired=False)
    services.service_confirm(by=_manager(request), service=service)
    messages.success(request, _("Thank you: the details are confirmed as correct today."))
    return redirect(request.POST.get("next") or "directory:manage")


@permission_required(Permission.DIRECTORY_MANAGE)
@require_GET
def service_history(request: HttpRequest, code: UUID) -> HttpResponse:
    service = selectors.service_get(code=code, include_retired=True)
    return render(
        request,
        "directory/service_history.html",
        {"service": service, "revisions": selectors.service_revisions(service)},
    )


@permission_required(Permission.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def service_links(request: HttpRequest, code: UUID) -> HttpResponse:
    service = selectors.service_get(code=code, include_retired=False)
    form = LinkForm(request.POST or None, service=service)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_add(
                by=_manager(request),
                source=service,
                target=form.cleaned_data["target"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The link is saved."))
            return redirect("directory:service-links", code=service.code)
    return render(request, "directory/service_links.html", {"form": form, "service": service})


@permission_required(Permission.DIRECTORY_MANAGE)
@require_POST
def link_remove(request: HttpRequest, code: UUID) -> HttpResponse:
    link = ServiceLink.objects.select_related("source", "target").filter(code=code).first()
    if link is None:
        raise Http404
    services.link_remove(by=_manager(request), link=link)
    messages.success(request, _("The link is removed."))
    return redirect("directory:service-links", code=link.source.code)


@permission_required(Permission.DIRECTORY_MANAGE)
@require_GET
def needs(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/needs.html", {"needs": selectors.needs_with_counts()})


@permission_required(Permission.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def need_new(request: HttpRequest) -> HttpResponse:
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_save(
                by=_manager(request), taxonomy=selectors.needs_taxonomy(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The need is added."))
            return redirect("directory:needs")
    return render(request, "directory/need_form.html", {"form": form, "need": None})


@permission_required(Permission.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    need = selectors.need_get(code=code)
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.need_save(
            by=_manager(request),
            need=need,
            term=need.term,
            name=data["name"],
            description=data["description"],
            group=data["group"],
        )
        messages.success(request, _("The need is saved."))
        return redirect("directory:needs")
    return render(request, "directory/need_form.html", {"form": form, "need": need})


@permission_required(Permission.DIRECTORY_MANAGE)
@require_GET
def areas(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/areas.html",
        {"areas": selectors.areas_all(), "today": timezone.localdate()},
    )


@permission_required(Permission.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def area_new(request: HttpRequest) -> HttpResponse:
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.area_create(by=_manager(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The area is added. Now add the postcodes it covers."))
            return redirect("directory:area", code=area.code)
    return render(request, "directory/area_new.html", {"form": form})


@permission_required(Permission.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def area_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    area = selectors.area_get(code=code)
    form = CoverageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.coverage_add(
                by=_manager(request),
                area=area,
                prefix=data["place"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                ons_code=data["ons_code"],
            )
        except ValidationError as error:
            form.add_error("place", error)
        else:
            messages.success(request, _("The postcodes are added to the area."))
            return redirect("directory:area", code=area.code)
    return render(
        request,
        "directory/area.html",
        {
            "area": area,
            "form": form,
            "end_form": EndCoverageForm(),
            "today": timezone.localdate(),
        },
    )


@permission_required(Permission.DIRECTORY_MANAGE)
@require_POST
def coverage_end(request: HttpRequest, code: UUID) -> HttpResponse:
    cover = AreaCoverage.objects.select_related("area").filter(code=code).first()
    if cover is None:
        raise Http404
    form = EndCoverageForm(request.POST)
    if form.is_valid():
        try:
            services.coverage_end(
                by=_manager(request), cover=cover, valid_to=form.cleaned_data["valid_to"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("%(prefix)s is no longer covered after that date.") % {"prefix": cover.prefix},
            )
    else:
        messages.error(request, str(form.errors["valid_to"][0]))
    return redirect("directory:area", code=cover.area.code)


@permission_required(Permission.DIRECTORY_MANAGE)
@require_GET
def organisations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/organisations.html",
        {"organisations": selectors.organisations_with_counts()},
    )


@permission_required(Permission.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    organisation = selectors.organisation_get(code=code)
    # An empty answer is still an answer: the form is bound on every POST.
    form = OrganisationKindForm(
        request.POST if request.method == "POST" else None,
        initial={"kind": organisation.kind} if organisation.kind else None,
    )
    if request.method == "POST" and form.is_valid():
        changed = accounts.organisation_set_kind(
            by=_manager(request), organisation=organisation, kind=form.cleaned_data["kind"]
        )
        if changed:
            messages.success(
                request,
                _("%(name)s is saved as: %(kind)s.")
                % {
                    "name": organisation.name,
                    "kind": organisation.Kind(form.cleaned_data["kind"]).label,
                },
            )
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("directory:organisations")
    return render(
        request, "directory/organisation_form.html", {"form": form, "organisation": organisation}
    )


OVERLAPS_PER_PAGE = 10


@permission_required(Permission.DIRECTORY_MANAGE)
@require_GET
def overlaps(request: HttpRequest) -> HttpResponse:
    form = OverlapFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "directory/overlaps.html", {"form": form, "page": None})
    show = form.cleaned_data["show"] if form.is_bound else ""
    across = form.cleaned_data["across"] if form.is_bound else False
    return _overlaps_page(
        request, form, show=show, across=across, page_number=request.GET.get("page")
    )


def _overlaps_page(
    request: HttpRequest,
    form: OverlapFilterForm,
    *,
    show: str,
    across: bool,
    page_number: Any,
    refused: OverlapReviewForm | None = None,
) -> HttpResponse:
    """The overlaps page; with `refused`, the pair's form sent with errors, shown at its
    pair with what was entered and summed up at the top."""
    found = selectors.overlaps_find(across_rings=across)
    page = Paginator(selectors.overlaps_shown(found, show=show), OVERLAPS_PER_PAGE).get_page(
        page_number
    )
    query = urlencode({key: value for key, value in _where(show, across).items() if value})
    errors: list[tuple[str, str]] = []
    key = ""
    if refused is not None:
        key = f"{refused.cleaned_data['first']}-{refused.cleaned_data['second']}"
        targets = {"verdict": f"#v-{key}-c", "note": f"#note-{key}"}
        errors = [
            (targets.get(name, ""), str(message))
            for name, messages_of in refused.errors.items()
            for message in messages_of
        ]
    return render(
        request,
        "directory/overlaps.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "show": show,
            "across": across,
            "unreviewed": sum(1 for overlap in found if overlap.review is None),
            # Each pair with the key its card and fields are named by.
            "cards": [(overlap, f"{overlap.first.code}-{overlap.second.code}") for overlap in page],
            "refused": refused,
            "refused_key": key,
            "refused_errors": errors,
        },
        status=400 if refused is not None else 200,
    )


def _where(show: str, across: bool) -> dict[str, str]:
    return {"show": show, "across": "on" if across else ""}


def _still_to_record_after(found: list[Any], pair: tuple[Any, Any]) -> list[tuple[Any, Any]]:
    """The pairs not yet recorded that follow `pair` in the list, then those before it (the
    list goes round), in order: where a manager goes on to after recording `pair`. Read
    before recording, as a recorded pair moves down the list."""
    codes = [(overlap.first.code, overlap.second.code) for overlap in found]
    at = codes.index(pair) if pair in codes else -1
    ordered = [*found[at + 1 :], *found[: max(at, 0)]]
    return [(o.first.code, o.second.code) for o in ordered if o.review is None]


def _overlaps_at(
    *, show: str, across: bool, pairs: list[tuple[Any, Any]], page: int | None = None
) -> str:
    """The address of the overlaps page, with the same filter, opened on the first of
    `pairs` still in the list (its page, and the pair as the fragment, which takes the
    focus); else on the page the manager was on."""
    found = selectors.overlaps_shown(selectors.overlaps_find(across_rings=across), show=show)
    shown = [(overlap.first.code, overlap.second.code) for overlap in found]
    params = _where(show, across)
    where = ""
    pair = next((pair for pair in pairs if pair in shown), None)
    if pair is not None:
        params["page"] = str(shown.index(pair) // OVERLAPS_PER_PAGE + 1)
        where = f"#pair-{pair[0]}-{pair[1]}"
    elif page and page > 1:
        last = max(1, (len(shown) - 1) // OVERLAPS_PER_PAGE + 1)
        params["page"] = str(min(page, last)) if last > 1 else ""
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{reverse('directory:overlaps')}{'?' if query else ''}{query}{where}"


@permission_required(Permission.DIRECTORY_MANAGE)
@require_POST
def overlap_review(request: HttpRequest) -> HttpResponse:
    form = OverlapReviewForm(request.POST)
    if not form.is_valid():
        data = form.cleaned_data
        show, across = data.get("show") or "", bool(data.get("across"))
        if "first" in form.errors or "second" in form.errors:
            raise Http404
        selectors.overlap_pair(first=data["first"], second=data["second"])
        return _overlaps_page(
            request,
            OverlapFilterForm(_where(show, across)),
            show=show,
            across=across,
            page_number=data.get("page"),
            refused=form,
        )
    data = form.cleaned_data
    show, across = data["show"] or "", bool(data["across"])
    first, second = selectors.overlap_pair(first=data["first"], second=data["second"])
    recorded = (first.code, second.code)
    following = _still_to_record_after(selectors.overlaps_find(across_rings=across), recorded)
    services.overlap_review_record(
        by=_manager(request), first=first, second=second, verdict=data["verdict"], note=data["note"]
    )
    messages.success(
        request,
        _("Recorded: %(first)s and %(second)s.") % {"first": first.name, "second": second.name},
    )
    # On to the next pair still to record; when none is left, back to the one just recorded.
    return redirect(
        _overlaps_at(show=show, across=across, pairs=[*following, recorded], page=data["page"])
    )


@permission_required(Permission.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def snapshots(request: HttpRequest) -> HttpResponse:
    form = SnapshotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.snapshot_take(by=_manager(request), **form.cleaned_data)
        messages.success(request, _("The map is saved as a time point."))
        return redirect("directory:snapshots")
    return render(
        request,
        "directory/snapshots.html",
        {"form": form, "snapshots": selectors.snapshots_all(), "compare_form": CompareForm()},
    )


@permission_required(Permission.DIRECTORY_MANAGE)
@require_GET
def snapshot_compare(request: HttpRequest) -> HttpResponse:
    form = CompareForm(request.GET or None)
    comparison = None
    before_label = after_label = ""
    if form.is_bound and form.is_valid():
        before = form.cleaned_data["before"]
        after_code = form.cleaned_data["after"]
        if after_code == "now":
            after_state, after_label = selectors.map_state(), _("the map today")
        else:
            after = selectors.snapshot_get(code=UUID(after_code))
            after_state, after_label = after.data, after.label
        comparison = selectors.snapshots_compare(before.data, after_state)
        before_label = before.label
    return render(
        request,
        "directory/snapshot_compare.html",
        {
            "form": form,
            "comparison": comparison,
            "before_label": before_label,
            "after_label": after_label,
        },
    )
