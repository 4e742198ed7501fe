"""What every app's JSON API shares: refusals reported by field, how they are described,
and bodies taken as JSON only.

Raise `InvalidInput({field: message})` from a handler; the project's API answers it with
400 and `{"errors": {field: message}}` (the `FieldErrors` schema), the JSON form of the NHS
error summary. Every other refusal of the API (401, 404, 415, 429, …) has the same shape.

Each operation lists every status it can answer in its `response={…}` through
`described()`, so that `/api/openapi.json` tells a partner system all of them
(ADR 0021).

`JsonOnlyApi` refuses, with 415 in the same shape, a body sent as anything but JSON: a
form's body or `text/plain` is a "simple" request that any web page can make its visitors'
browsers send without asking the server first (no CORS preflight), so taking JSON only is
what keeps other sites from sending referrals in a family's name (ADR 0019)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.openapi.schema import BODY_CONTENT_TYPES, OpenAPISchema
from ninja.operation import Operation

JSON = "application/json"
_UTF8 = {"utf-8", "utf8"}

# What any operation may answer, whatever it does: a signed-in person who has not yet
# passed the second factor is refused every API call (401, by the second-factor gate),
# and the instance may be down for maintenance (503).
ANY_OPERATION = (401, 503)
# What any operation that reads a body may answer besides: the body is too large. (415, the
# body is not JSON, is described by `JsonOnlyApi` itself, which makes that answer.)
WITH_A_BODY = (413,)


class FieldErrors(Schema):
    errors: dict[str, str]


class InvalidInput(HttpError):
    def __init__(self, errors: dict[str, str], status_code: int = 400) -> None:
        super().__init__(status_code, "; ".join(errors.values()))
        self.errors = errors


def described(answers: dict[int, Any], *refusals: int, body: bool = False) -> dict[int, Any]:
    """An operation's `response={…}`: its answers, and `FieldErrors` for each refusal it
    makes itself and for those any operation (or any with a body) may meet."""
    common = ANY_OPERATION + (WITH_A_BODY if body else ())
    return {**dict.fromkeys((*refusals, *common), FieldErrors), **answers}


def body_media_types(operation: Operation) -> list[str]:
    """The media types an operation takes its body in, the one to name first: those its
    OpenAPI description declares (the FHIR endpoint's `application/fhir+json`), and always
    JSON; none for an operation that takes no body."""
    declared = (operation.openapi_extra or {}).get("requestBody", {}).get("content", {})
    has_body = any(m.__ninja_param_source__ in BODY_CONTENT_TYPES for m in operation.models)
    if not declared and not has_body:
        return []
    return [*(media for media in declared if media != JSON), JSON]


def _json_only(run: Callable[..., Any]) -> Callable[..., Any]:
    """Wraps an operation's `run` (before authentication and parsing, so nothing is read,
    counted or stored) to answer 415 to a body of any other type."""
    # Through any decorator the operation added itself with django-ninja's `decorate_view`
    # (each keeps `__wrapped__`) to the bound `Operation.run`.
    operation = getattr(inspect.unwrap(run), "__self__", None)
    assert isinstance(operation, Operation), "a view decorator of the API lost __wrapped__"
    media_types = body_media_types(operation)
    if not media_types:
        return run

    @wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        charset = (request.content_params or {}).get("charset", "utf-8")
        if (request.content_type or "").lower() not in media_types or charset.lower() not in _UTF8:
            message = _("Send the answers as JSON, with Content-Type: %(type)s") % {
                "type": media_types[0]
            }
            return operation.api.create_response(request, {"errors": {"body": message}}, status=415)
        response: HttpResponse = run(request, *args, **kwargs)
        return response

    return checked


def nothing_here() -> JsonResponse:
    """404 in the APIs' shape: an unknown record, or an address the API does not have."""
    message = _("There is nothing at this address, or you may not see it")
    return JsonResponse({"errors": {"__all__": message}}, status=404)


def method_refused(request: HttpRequest, allowed: str) -> JsonResponse:
    """405 in the APIs' shape, with the `Allow` header."""
    message = _("This address does not take %(method)s: use %(allowed)s") % {
        "method": request.method,
        "allowed": allowed,
    }
    response = JsonResponse({"errors": {"__all__": message}}, status=405)
    response["Allow"] = allowed
    return response


def reading_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A JSON view that only reads (an Open Referral list, an OpenAPI description): any
    method but GET and HEAD is a 405 in the APIs' shape. It changes nothing, so it needs no
    CSRF check, which would otherwise answer first with the site's HTML 403 page."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return method_refused(request, "GET, HEAD")
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)


def _method_refused_as_json(view: Callable[..., Any]) -> Callable[..., Any]:
    """django-ninja answers a method an address does not take with a plain-text 405; this
    gives the APIs' shape instead, keeping the `Allow` header."""

    @wraps(view)  # keeps `csrf_exempt`, which django-ninja sets on its views
    def view_or_refusal(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            return method_refused(request, response["Allow"])
        return response

    return view_or_refusal


@csrf_exempt  # nothing is done here, whatever the method
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """An address the APIs do not have: django-ninja's root, and (mounted after the APIs in
    `littleminds/urls.py`) anything else under `/api/` and `/openreferral/`, so that an id
    that is not a UUID is not answered with the site's HTML page."""
    return nothing_here()


class JsonOnlyApi(NinjaAPI):
    """The project's NinjaAPI: every operation taking a body takes it as JSON only (415
    otherwise), and its OpenAPI description says so; a method an address does not take is
    refused in the API's shape too (405)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_decorator(_json_only, mode="view")

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        """django-ninja's addresses, each answering in the APIs' shape whatever the method:
        its description and docs pages read only, its root (which it keeps so that it can
        name its paths) has nothing, and its operations refuse other methods with 405."""
        urls = super()._get_urls()
        for url in urls:
            if not isinstance(url, URLPattern):
                continue
            if url.name in ("openapi-json", "openapi-view"):
                url.callback = reading_only(url.callback)
            elif url.name == "api-root":
                url.callback = not_found
            else:
                url.callback = _method_refused_as_json(url.callback)
        return urls

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        description = _("The body was not sent as JSON: send it with Content-Type: %(type)s")
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "requestBody" not in operation:
                    continue
                media = next(iter(operation["requestBody"]["content"]))
                operation["responses"].setdefault(
                    415,
                    {
                        "description": description % {"type": media},
                        "content": {JSON: {"schema": {"$ref": "#/components/schemas/FieldErrors"}}},
                    },
                )
        return schema
