from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.accounts.selectors import audit_scope_for
from littleminds.audit.forms import AuditSearchForm
from littleminds.audit.selectors import audit_events_search
from littleminds.core.listing import filtered_listing


@permission_required(Permission.AUDIT_VIEW)
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    scope = audit_scope_for(by=user)
    listing = filtered_listing(
        request, AuditSearchForm, lambda **filters: audit_events_search(scope=scope, **filters)
    )
    return render(request, "audit/search.html", listing.context())
