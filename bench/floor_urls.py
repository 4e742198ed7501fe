"""The floor: a bare Django page doing three indexed queries, beside the whole project.

`/bench-floor/<n>/` reads a person, an organisation and a directory service by primary key
(three queries, each one index lookup) and renders a tiny page with Django's template
engine. It goes through every middleware the project's pages go through (sessions, CSRF,
security headers, the Content-Security-Policy, the audit's request id), so what a page
costs above it is the page's own work. Every other address is the project's (`littleminds.urls`).

Served only by the benches (`bench.floor_settings`); no floor page ships in production.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import Context, Engine
from django.urls import include, path

from littleminds.accounts.models import Organisation, User
from littleminds.directory.models import Service
from littleminds.urls import handler400, handler403, handler404, handler500

PAGE = Engine.get_default().from_string(
    '<!doctype html><html lang="en"><title>Floor</title>'
    "<p>{{ person|default:'nobody' }}, {{ organisation|default:'none' }}, "
    "{{ service|default:'none' }}</p></html>"
)


def floor(request: HttpRequest, n: int) -> HttpResponse:
    person = User.objects.filter(pk=n).values_list("full_name", flat=True).first()
    organisation = Organisation.objects.filter(pk=n).values_list("name", flat=True).first()
    service = Service.objects.filter(pk=n).values_list("name", flat=True).first()
    return HttpResponse(
        PAGE.render(Context({"person": person, "organisation": organisation, "service": service}))
    )


urlpatterns = [
    path("bench-floor/<int:n>/", floor),
    path("", include("littleminds.urls")),
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
