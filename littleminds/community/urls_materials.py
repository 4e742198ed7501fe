"""The team's materials, under /community/materials/ (`views_materials`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from littleminds.community import views_materials as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.materials, name="materials"),
    path("new/", views.material_new, name="material-new"),
    path("<uuid:code>/", views.material, name="material"),
    path("<uuid:code>/change/", views.material_edit, name="material-edit"),
    path("<uuid:code>/approve/", views.material_approve, name="material-approve"),
    path("<uuid:code>/publish/", views.material_publish, name="material-publish"),
    path("<uuid:code>/unpublish/", views.material_unpublish, name="material-unpublish"),
    path("<uuid:code>/<slug:language>/", views.material_file, name="material-file"),
    path("<uuid:code>/<slug:language>/remove/", views.version_remove, name="version-remove"),
]
