"""The figures part's addresses, under /evaluation/<study code>/ (each view takes `code`)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
