from __future__ import annotations

from django.urls import path

from littleminds.casework import views_care

urlpatterns = [
    path(
        "care-lists/interventions/",
        views_care.care_list,
        {"kind": "interventions"},
        name="care-interventions",
    ),
    path(
        "care-lists/interventions/<uuid:code>/",
        views_care.care_list_entry,
        {"kind": "interventions"},
        name="care-intervention",
    ),
    path("care-lists/flags/", views_care.care_list, {"kind": "flags"}, name="care-flags"),
    path(
        "care-lists/flags/<uuid:code>/",
        views_care.care_list_entry,
        {"kind": "flags"},
        name="care-flag",
    ),
    path("<uuid:code>/interventions/new/", views_care.intervention_add, name="intervention-add"),
    path(
        "<uuid:code>/interventions/<uuid:intervention>/",
        views_care.intervention_edit,
        name="intervention-edit",
    ),
    path("<uuid:code>/goals/new/", views_care.goal_add, name="goal-add"),
    path("<uuid:code>/goals/<uuid:goal>/rate/", views_care.goal_rate, name="goal-rate"),
    path("<uuid:code>/flags/new/", views_care.flag_raise, name="flag-raise"),
    path("<uuid:code>/flags/<uuid:flag>/close/", views_care.flag_close, name="flag-close"),
    path("<uuid:code>/chronology/", views_care.case_chronology, name="case-chronology"),
    path("<uuid:code>/chronology/new/", views_care.chronology_add, name="chronology-add"),
    path(
        "<uuid:code>/chronology/<uuid:entry>/correct/",
        views_care.chronology_add,
        name="chronology-correct",
    ),
]
