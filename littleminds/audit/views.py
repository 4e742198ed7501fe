from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.accounts.selectors import audit_scope_for
from littleminds.audit.forms import AuditSearchForm
from littleminds.audit.models import AuditEvent
from littleminds.audit.records import describe, record_codes
from littleminds.audit.selectors import audit_events_search
from littleminds.core.listing import filtered_listing


@permission_required(Permission.AUDIT_VIEW)
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    scope = audit_scope_for(by=user)

    def find(record: str = "", **filters: Any) -> QuerySet[AuditEvent]:
        # The reference people know the record by, turned into the codes events keep.
        return audit_events_search(scope=scope, records=record_codes(record), **filters)

    listing = filtered_listing(request, AuditSearchForm, find)
    if listing.page is not None:
        describe(listing.page.object_list)
    return render(request, "audit/search.html", listing.context())
