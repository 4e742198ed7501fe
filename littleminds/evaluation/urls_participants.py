"""The participants part's addresses, under /evaluation/<study code>/ (each view takes `code`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from littleminds.evaluation import views_participants as views

urlpatterns: list[URLPattern] = [
    path("participants/", views.participants, name="participants"),
    path("participants/new/", views.participant_new, name="participant-new"),
    path("participants/<uuid:participant>/", views.participant_edit, name="participant-edit"),
    path(
        "participants/<uuid:participant>/withdraw/",
        views.participant_withdraw_page,
        name="participant-withdraw",
    ),
    path("names/", views.names, name="participants-names"),
    path("names/new/", views.name_new, name="participants-name-new"),
    path("names/<uuid:listed_name>/", views.name_edit, name="participants-name-edit"),
    path("names/<uuid:listed_name>/remove/", views.name_remove, name="participants-name-remove"),
    path("researchers/", views.researchers, name="participants-researchers"),
    path("researchers/lead/", views.researcher_lead, name="participants-researcher-lead"),
    path(
        "researchers/remove/", views.researcher_remove_view, name="participants-researcher-remove"
    ),
    path("table-1/", views.table, name="participants-table1"),
    path("table-1.csv", views.table_csv, name="participants-table1-csv"),
]
