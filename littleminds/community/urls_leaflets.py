"""The families' leaflets, under /leaflets/ (`views_materials`): published materials in
their languages, and each file."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from littleminds.community import views_materials as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.leaflets, name="leaflets"),
    path("<uuid:code>/", views.leaflet, name="leaflet"),
    path("<uuid:code>/<slug:language>/", views.leaflet_file, name="leaflet-file"),
]
