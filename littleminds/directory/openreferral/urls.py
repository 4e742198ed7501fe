"""The Open Referral UK API, mounted at /openreferral/. Paths follow openapi.json: no
trailing slashes, and the id in the path is called `id`. Ids are taken as text and checked
in the view, so that an id that is not a UUID gets the API's JSON 404 rather than the
site's HTML one."""

from __future__ import annotations

from django.urls import path

from littleminds.directory.openreferral import views

app_name = "openreferral"

urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", views.openapi, name="openapi"),
    path("services", views.services, name="services"),
    path("services/<str:id>", views.service, name="service"),
    path("service_at_locations", views.service_at_locations, name="service-at-locations"),
    path("service_at_locations/<str:id>", views.service_at_location, name="service-at-location"),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:id>", views.taxonomy, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy-terms"),
    path("taxonomy_terms/<str:id>", views.taxonomy_term, name="taxonomy-term"),
]
