from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.accounts.selectors import audit_scope_for
from littleminds.audit.forms import AuditSearchForm
from littleminds.audit.selectors import audit_events_search


@permission_required(Permission.AUDIT_VIEW)
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = AuditSearchForm(request.GET or None)
    valid = form.is_valid() or not form.is_bound
    filters = form.cleaned_data if form.is_bound and valid else {}
    events = audit_events_search(scope=audit_scope_for(by=user), **filters)
    page = None if not valid else Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/search.html", {"form": form, "page": page, "query": query.urlencode()}
    )
