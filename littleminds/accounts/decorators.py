"""View decorators: who may open a page. Outsiders get 404, never 403 (DOMAIN.md §4)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from littleminds.accounts.roles import Permission

View = Callable[..., HttpResponse]


def permission_required(permission: Permission) -> Callable[[View], View]:
    """Anonymous visitors are sent to sign in; signed-in people without `permission` get 404."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(permission):
                raise Http404
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
