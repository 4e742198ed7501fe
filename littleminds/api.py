"""The JSON API at /api/: one NinjaAPI, each app adding its router."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import HttpError, ValidationError

from littleminds.accounts.api import router as accounts_router
from littleminds.consultations.api import router as consultations_router
from littleminds.core.api import InvalidInput, JsonOnlyApi, nothing_here
from littleminds.core.api_docs import ApiDocsPage
from littleminds.core.json_input import CheckedParser
from littleminds.core.ratelimit import RateLimited
from littleminds.measures.api import router as measures_router
from littleminds.pathway.api import router as pathway_router
from littleminds.referrals.api import router as referrals_router

api = JsonOnlyApi(
    title="Little Minds API",
    version="1",
    description="The JSON API of Little Minds. Signed-in calls use the browser session.",
    urls_namespace="api",
    # Bodies nested too deeply, and text with a NUL or a lone surrogate, are refused by
    # field before any router sees them (ADR 0020).
    parser=CheckedParser(),
    # The description drawn on the server as a page of the site (core/api_docs.py).
    docs=ApiDocsPage(),
)
api.add_router("/accounts", accounts_router)
api.add_router("/pathway", pathway_router)
api.add_router("/measures", measures_router)
# /api/consultations/slots and /api/consultations/bookings.
api.add_router("", consultations_router)
# Referrals (/api/referrals, /api/self-referrals) and FHIR (/api/fhir/ServiceRequest).
api.add_router("", referrals_router)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """Bad input is a 400 with one message per field, the same shape everywhere in the API
    (django-ninja's own default is 422 with its own shape)."""
    errors: dict[str, str] = {}
    for problem in error.errors:
        location = [str(part) for part in problem.get("loc", ()) if part not in ("body", "payload")]
        errors.setdefault(".".join(location) or "body", str(problem.get("msg", "")))
    return api.create_response(request, {"errors": errors}, status=400)


@api.exception_handler(HttpError)
def refused_by_ninja(request: HttpRequest, error: HttpError) -> HttpResponse:
    """django-ninja's own refusals in the API's one shape (its own is `{"detail": …}`): a
    body that is not JSON at all, and a call without a working token or session."""
    if isinstance(error.__cause__, InvalidInput):
        # Our parser's refusal, which django-ninja wraps in its own (CheckedParser).
        errors = error.__cause__.errors
    elif error.status_code == 400:
        errors = {"body": _('Send the answers as a JSON object, such as {"postcode": "BD7 1DP"}')}
    elif error.status_code == 401:
        errors = {
            "__all__": _("Send your organisation's API token (Authorization: Bearer …), or sign in")
        }
    else:
        errors = {"__all__": str(error)}
    return api.create_response(request, {"errors": errors}, status=error.status_code)


@api.exception_handler(InvalidInput)
def invalid_answers(request: HttpRequest, error: InvalidInput) -> HttpResponse:
    return api.create_response(request, {"errors": error.errors}, status=400)


@api.exception_handler(RateLimited)
def too_many_requests(request: HttpRequest, error: RateLimited) -> HttpResponse:
    """Over a rate limit: 429 in the same shape as bad input, saying how long to wait."""
    response = api.create_response(request, {"errors": {"__all__": error.message}}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413 saying the limit (Django's own answer is
    its 400 page, or a 500 when django-ninja's debug handler sees it first)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    message = _("The request is too large: send no more than %(limit)s") % {
        "limit": f"{limit / 2**20:.3g} MB"
    }
    return api.create_response(request, {"errors": {"body": message}}, status=413)


# An unknown record (the selectors' `Http404`); an unknown address is `core.api.not_found`.
@api.exception_handler(Http404)
def unknown_record(request: HttpRequest, error: Http404) -> HttpResponse:
    return nothing_here()
