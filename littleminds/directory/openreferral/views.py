"""The Open Referral UK API (openapi.json): read-only JSON, open to everyone, GET only.

The directory is public information about public services, so the API asks for no
sign-in, like the directory's own search. Errors are JSON too: a bad parameter is a 400
naming it, an unknown id a 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from littleminds.core.api import reading_only
from littleminds.core.decorators import public
from littleminds.directory.openreferral import selectors, serialise, standard
from littleminds.directory.openreferral.forms import (
    PageForm,
    ServiceAtLocationFilterForm,
    ServiceFilterForm,
    errors_of,
)

HSDS_VERSION = "3.0"
PROFILE = "https://github.com/openreferral/uk-profile"

M = TypeVar("M", bound=Model)


def _bad(errors: dict[str, str]) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=400)


def _not_found(message: str) -> JsonResponse:
    return JsonResponse({"errors": {"id": message}}, status=404)


def _code(text: str) -> uuid.UUID | None:
    """The id in the path, which is any text (see urls.py), as a UUID if it is one."""
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _page_of(
    rows: QuerySet[M],
    serialise_row: Callable[[M], dict[str, Any]],
    extras: Sequence[dict[str, Any]],
    form: PageForm,
) -> dict[str, Any]:
    """A page over stored rows followed by `extras` (objects that are not stored, like
    the eligibility taxonomy), as if they were one list."""
    page, per_page = form.page_number, form.page_size
    stored = rows.count()
    offset = (page - 1) * per_page
    items = [serialise_row(row) for row in rows[offset : offset + per_page]]
    room = per_page - len(items)
    start = max(0, offset - stored)
    if room > 0:
        items.extend(extras[start : start + room])
    return serialise.page(items, stored + len(extras), page, per_page)


@public
@reading_only
def root(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "version": HSDS_VERSION,
            "profile": PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("openreferral:openapi")),
        }
    )


@public
@reading_only
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(standard.api_description())


@public
@reading_only
def services(request: HttpRequest) -> JsonResponse:
    form = ServiceFilterForm(request.GET)
    if not form.is_valid():
        return _bad(errors_of(form))
    page, per_page = form.page_number, form.page_size
    return JsonResponse(selectors.services_listed(form.filters(), page=page, per_page=per_page))


@public
@reading_only
def service(request: HttpRequest, id: str) -> JsonResponse:
    key = _code(id)
    found = selectors.service_full_get(code=key) if key else None
    if found is None:
        return _not_found(_("No service has this id."))
    return JsonResponse(serialise.service_full(found))


@public
@reading_only
def service_at_locations(request: HttpRequest) -> JsonResponse:
    form = ServiceAtLocationFilterForm(request.GET)
    if not form.is_valid():
        return _bad(errors_of(form))
    filters = form.filters()
    page, per_page = form.page_number, form.page_size
    try:
        found, total = selectors.service_at_locations_page(filters, page=page, per_page=per_page)
    except selectors.NoCentre:
        return _bad(
            {
                "proximity": _(
                    "We know of no place in %(district)s to measure distances from, so "
                    "search by postcode without proximity."
                )
                % {"district": filters.postcode.district if filters.postcode else ""}
            }
        )
    items = [serialise.service_at_location_item(place) for place in found]
    return JsonResponse(serialise.page(items, total, page, per_page))


@public
@reading_only
def service_at_location(request: HttpRequest, id: str) -> JsonResponse:
    key = _code(id)
    found = selectors.service_at_location_get(code=key) if key else None
    if found is None:
        return _not_found(_("No service at a location has this id."))
    return JsonResponse(serialise.service_at_location_full(*found))


@public
@reading_only
def taxonomies(request: HttpRequest) -> JsonResponse:
    form = PageForm(request.GET)
    if not form.is_valid():
        return _bad(errors_of(form))
    extras = [serialise.eligibility_taxonomy()]
    return JsonResponse(_page_of(selectors.taxonomies_all(), serialise.taxonomy, extras, form))


@public
@reading_only
def taxonomy(request: HttpRequest, id: str) -> JsonResponse:
    key = _code(id)
    if key == serialise.ELIGIBILITY_TAXONOMY_ID:
        return JsonResponse(serialise.eligibility_taxonomy(with_terms=True))
    found = selectors.taxonomy_get(code=key) if key else None
    if found is None:
        return _not_found(_("No taxonomy has this id."))
    stored, terms = found
    return JsonResponse(serialise.taxonomy(stored, terms=terms))


@public
@reading_only
def taxonomy_terms(request: HttpRequest) -> JsonResponse:
    form = PageForm(request.GET)
    if not form.is_valid():
        return _bad(errors_of(form))
    extras = [serialise.eligibility_term(term) for term in serialise.ELIGIBILITY_TERMS]
    return JsonResponse(_page_of(selectors.terms_all(), serialise.taxonomy_term, extras, form))


@public
@reading_only
def taxonomy_term(request: HttpRequest, id: str) -> JsonResponse:
    key = _code(id)
    eligibility = serialise.ELIGIBILITY_BY_CODE.get(key) if key else None
    if eligibility is not None:
        return JsonResponse(serialise.eligibility_term(eligibility))
    found = selectors.term_get(code=key) if key else None
    if found is None:
        return _not_found(_("No taxonomy term has this id."))
    return JsonResponse(serialise.taxonomy_term(found))
