"""Middleware every request passes through."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

_request_id: ContextVar[str] = ContextVar("littleminds_request_id", default="")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    """The id of the request being served, or "" outside a request (a command, a test)."""
    return _request_id.get()


class RequestIdMiddleware:
    """Give each request an id, shown in the X-Request-ID header and kept on audit events.

    A well-formed id from an upstream proxy is kept, so one id follows a request end to end.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class MaintenanceModeMiddleware:
    """While LITTLEMINDS_MAINTENANCE is on, every page answers 503 except the health check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.MAINTENANCE_MODE and not request.path.startswith(
            ("/healthz", settings.STATIC_URL)
        ):
            response = TemplateResponse(request, "503.html", status=503)
            response["Retry-After"] = "600"
            return response.render()
        return self.get_response(request)


class NoStoreMiddleware:
    """Tell the browser to keep no copy of anything personal, so that nothing of it is left
    on a shared computer after sign-out or once a family has finished: every answer to a
    signed-in session (second factor passed or not), and every answer under
    `settings.NO_STORE_PATHS` (the API, and the public pages carrying a family's answers).
    Public pages for anyone else, and static files (which WhiteNoise answers before this
    runs), may be kept (ADR 0019)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith(
            tuple(settings.NO_STORE_PATHS)
        ):
            add_never_cache_headers(response)
        return response
