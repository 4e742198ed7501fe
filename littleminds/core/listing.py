"""Pages that list records under a search form: the form, one page of results, and the
search as a query string for the links to other pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


@dataclass(frozen=True)
class Listing:
    form: forms.Form
    # None when the search itself is wrong: the page shows the errors, not unfiltered rows.
    page: Page[Any] | None
    query: str

    def context(self, **more: Any) -> dict[str, Any]:
        return {"form": self.form, "page": self.page, "query": self.query, **more}


def filtered_listing(
    request: HttpRequest,
    form_class: type[forms.Form],
    find: Callable[..., Any],
    *,
    per_page: int = 50,
    form_kwargs: dict[str, Any] | None = None,
) -> Listing:
    """Read the search from the query string and list what `find(**filters)` returns.
    `form_kwargs` go to the form (a form whose choices depend on the person, say)."""
    form = form_class(request.GET or None, **(form_kwargs or {}))
    if form.is_bound and not form.is_valid():
        return Listing(form, None, "")
    filters = form.cleaned_data if form.is_bound else {}
    page = Paginator(find(**filters), per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return Listing(form, page, query.urlencode())
