from __future__ import annotations

from django.urls import path

from littleminds.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("session/extend/", views.session_extend, name="session-extend"),
    path("password/forgotten/", views.password_forgotten, name="password-forgotten"),
    path("password/set/<uuid:code>/<str:token>/", views.set_password, name="set-password"),
    path("work/", views.dashboard, name="dashboard"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password-change"),
    path("account/two-factor/", views.two_factor_enrol, name="two-factor-enrol"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("teams/", views.teams, name="teams"),
    path("teams/new/", views.team_new, name="team-new"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.person_invite, name="person-invite"),
    path("people/<uuid:code>/", views.person, name="person"),
    path("people/<uuid:code>/roles/", views.person_roles, name="person-roles"),
    path("people/<uuid:code>/deactivate/", views.person_deactivate, name="person-deactivate"),
    path("people/<uuid:code>/reactivate/", views.person_reactivate, name="person-reactivate"),
    path(
        "people/<uuid:code>/two-factor/reset/",
        views.person_second_factor_reset,
        name="person-two-factor-reset",
    ),
]
