from __future__ import annotations

from django.urls import path

from littleminds.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("services/<uuid:code>/", views.service_detail, name="service"),
    path("map/", views.system_map, name="map"),
    path("map.svg", views.system_map_svg, name="map-svg"),
    path("map.csv", views.system_map_csv, name="map-csv"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.service_new, name="service-new"),
    path("services/<uuid:code>/edit/", views.service_edit, name="service-edit"),
    path("services/<uuid:code>/status/", views.service_status, name="service-status"),
    path("services/<uuid:code>/confirm/", views.service_confirm, name="service-confirm"),
    path("services/<uuid:code>/history/", views.service_history, name="service-history"),
    path("services/<uuid:code>/links/", views.service_links, name="service-links"),
    path("links/<uuid:code>/remove/", views.link_remove, name="link-remove"),
    path("needs/", views.needs, name="needs"),
    path("needs/new/", views.need_new, name="need-new"),
    path("needs/<uuid:code>/", views.need_edit, name="need-edit"),
    path("areas/", views.areas, name="areas"),
    path("areas/new/", views.area_new, name="area-new"),
    path("areas/<uuid:code>/", views.area_detail, name="area"),
    path("coverage/<uuid:code>/end/", views.coverage_end, name="coverage-end"),
    path("overlaps/", views.overlaps, name="overlaps"),
    path("overlaps/review/", views.overlap_review, name="overlap-review"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<uuid:code>/", views.organisation_edit, name="organisation"),
    path("snapshots/", views.snapshots, name="snapshots"),
    path("snapshots/compare/", views.snapshot_compare, name="snapshot-compare"),
]
