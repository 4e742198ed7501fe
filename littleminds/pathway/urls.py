from __future__ import annotations

from django.urls import path

from littleminds.pathway import rules_views, views

app_name = "pathway"

urlpatterns = [
    # The navigator's questions, one per page, for anyone (views.py).
    path("", views.start, name="start"),
    path("questions/<slug:slug>/", views.question, name="question"),
    path("check-your-answers/", views.check_answers, name="check"),
    path("answer/", views.answer, name="answer"),
    path("start-again/", views.start_again, name="start-again"),
]

# The rule editor and its test bench, for service managers (rules_views.py).
urlpatterns += [
    path("rules/", rules_views.versions, name="rules"),
    path("rules/bench/", rules_views.bench, name="rules-bench"),
    path("rules/scenarios/new/", rules_views.scenario_new, name="rules-scenario-new"),
    path("rules/scenarios/<uuid:code>/", rules_views.scenario_edit, name="rules-scenario-edit"),
    path(
        "rules/scenarios/<uuid:code>/active/",
        rules_views.scenario_active,
        name="rules-scenario-active",
    ),
    path("rules/<uuid:code>/", rules_views.version, name="rules-version"),
    path("rules/<uuid:code>/rules.json", rules_views.version_export, name="rules-export"),
    path("rules/<uuid:code>/draft/", rules_views.draft_new, name="rules-draft-new"),
    path("rules/<uuid:code>/discard/", rules_views.draft_discard, name="rules-draft-discard"),
    path("rules/<uuid:code>/publish/", rules_views.publish, name="rules-publish"),
    path("rules/<uuid:code>/republish/", rules_views.republish, name="rules-republish"),
    path("rules/<uuid:code>/rules/new/", rules_views.rule_new, name="rules-rule-new"),
    path("rules/<uuid:code>/rules/<int:position>/", rules_views.rule_edit, name="rules-rule-edit"),
    path(
        "rules/<uuid:code>/rules/<int:position>/move/",
        rules_views.rule_move,
        name="rules-rule-move",
    ),
    path(
        "rules/<uuid:code>/rules/<int:position>/remove/",
        rules_views.rule_remove,
        name="rules-rule-remove",
    ),
    path("rules/<uuid:code>/secondary/new/", rules_views.secondary_new, name="rules-secondary-new"),
    path(
        "rules/<uuid:code>/secondary/<int:position>/",
        rules_views.secondary_edit,
        name="rules-secondary-edit",
    ),
    path(
        "rules/<uuid:code>/secondary/<int:position>/remove/",
        rules_views.secondary_remove,
        name="rules-secondary-remove",
    ),
]
