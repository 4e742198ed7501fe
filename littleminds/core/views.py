from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from littleminds.core.decorators import public


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What the service is and who it is for. Signed-in people land on their own work."""
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    return render(request, "core/home.html")


@public
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@public
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@public
@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html")


# How long, in seconds, a caller should wait after the database could not be reached.
OUTAGE_RETRY_AFTER = 60


@public
@cache_control(max_age=86400)
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links to: send them to the icon the
    base template links to. Not permanent, as the icon's address changes with its contents
    when static files carry a hash in their names."""
    return redirect(static("littleminds/favicon.svg"))


@public
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
        response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


# Where the callers are other systems, which are answered in the API's JSON shape.
JSON_PATHS = ("/api/", "/openreferral/")


def _is_outage(error: BaseException | None) -> bool:
    """Whether the error, or one it came from, is the database out of reach (a lost or
    refused connection, a timeout): not a fault in the request, and worth a retry. A broken
    constraint (IntegrityError) and other faults are not."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception, from any middleware or view (and
    # django-ninja passes the API's on), so the exception is at hand.
    if _is_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    # No context processors: whatever broke the page may break them too.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON for other systems, the service-unavailable page for people,
    drawn without the context processors (they read the database)."""
    response: HttpResponse
    if request.path.startswith(JSON_PATHS):
        message = _("The service cannot reach its records just now. Try again in a minute.")
        response = JsonResponse({"errors": {"__all__": message}}, status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
    return response
